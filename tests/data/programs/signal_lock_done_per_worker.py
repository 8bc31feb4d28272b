# issue 12, class 9: one "done" lock per worker, taken by main and released by the worker as it ends
import thread
import time

def worker(n, done):
    time.sleep(0.01 * (3 - n))
    print "worker", n, "finished"
    done.release()  # tell main

locks = []
for n in range(3):
    lock = thread.allocate_lock()
    lock.acquire()  # held until worker n ends
    locks.append(lock)
    thread.start_new_thread(worker, (n, lock))

for n in range(3):
    locks[n].acquire()  # wait for worker n
    print "main saw worker", n, "end"
    locks[n].release()
print "all done"
