# A worker reports an intermediate state, then waits for a lock main holds until it has seen
# that state: the first poll must not become a join (the worker cannot end while main holds
# the lock); the second, on the worker's last assignment, may. (issue 12, class 2)
import thread
import time

gate = thread.allocate_lock()
state = 0


def worker(name):
    global state
    print name, "ready"
    state = 1
    gate.acquire()
    print name, "through the gate"
    gate.release()
    state = 2


gate.acquire()
thread.start_new_thread(worker, ("w1",))
while state != 1:
    pass
print "main saw the worker ready"
gate.release()
while state != 2:
    pass
print "main saw the worker done"
