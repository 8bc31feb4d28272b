# issue 12, class 1: a worker reports, then blocks on a lock main never releases (it is not
# the worker's to release); main ends, which ended the blocked worker in Python 2.
import thread
import time

gate = thread.allocate_lock()
gate.acquire()
seen = []


def worker(n):
    seen.append(n)
    print "worker", n, "waits at the gate"
    gate.acquire()
    print "worker", n, "never passes"


for n in range(2):
    thread.start_new_thread(worker, (n,))
time.sleep(0.05)
print "main leaves with", sorted(seen)
