# TEST DATA (threadmod verify): a Python 2 main that keeps the process alive by sleeping in
# an endless loop (TM202 turns it into joins).
import thread
import time


def work(n):
    for i in range(n):
        print "work", n, i
        time.sleep(0.5)


thread.start_new_thread(work, (2,))
thread.start_new_thread(work, (3,))
while True:
    time.sleep(1)
