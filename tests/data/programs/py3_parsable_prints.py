# Compiles as Python 3 as it stands, yet imports thread: Python 2 code, whose
# print ("worker", n) printed a tuple (issue 12, class 11).
import thread
import time

lock = thread.allocate_lock()
done = []


def worker(n):
    lock.acquire()
    print ("worker", n)
    done.append(n)
    lock.release()


for i in range(3):
    thread.start_new_thread(worker, (i,))
while len(done) < 3:
    time.sleep(0.01)
print ("done", sorted(done))
print ("%d workers") % len(done)
