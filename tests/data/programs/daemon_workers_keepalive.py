# issue 12, class 3: threading workers marked daemon, main's keep-alive `while True: sleep`:
# a join skipping daemons ended at once; the last worker ends the program with os._exit().
import os
import sys
import threading
import time

lock = threading.Lock()
done = []


def work(n):
    time.sleep(0.02 * n)
    lock.acquire()
    print "worker", n, "done"
    done.append(n)
    last = len(done) == 3
    lock.release()
    if last:
        print "all done"
        sys.stdout.flush()
        os._exit(0)


for n in range(1, 4):
    t = threading.Thread(target=work, args=(n,))
    t.setDaemon(True)
    t.start()

while True:
    time.sleep(1)
