# issue 12, class 6: one lock per worker in a list, each waited for with `while not l.acquire(0): pass`, then released by main
import thread
import time

N = 3
locks = [thread.allocate_lock() for i in range(N)]
for l in locks:
    l.acquire()


def worker(i):
    time.sleep(0.01 * (N - i))
    print "worker", i, "done"
    locks[i].release()


for i in range(N):
    thread.start_new_thread(worker, (i,))
for l in locks:
    while not l.acquire(0):
        pass
print "main holds every lock:", [l.locked() for l in locks]
for l in locks:
    l.release()
print "released:", [l.locked() for l in locks]
