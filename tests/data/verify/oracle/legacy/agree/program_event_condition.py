# Event.isSet() and Condition.notifyAll() with thread-module workers
import thread
import threading
import time

go = threading.Event()
cond = threading.Condition()
ready = []
out = thread.allocate_lock()
finished = [0]

def waiter(n):
    go.wait()
    out.acquire()
    print "waiter %d saw go (isSet=%s)" % (n, go.isSet())
    out.release()
    cond.acquire()
    while not ready:
        cond.wait()
    item = ready[0]
    cond.release()
    time.sleep(0.02 * n)
    out.acquire()
    print "waiter %d got %s" % (n, item)
    finished[0] += 1
    out.release()

for n in range(3):
    thread.start_new_thread(waiter, (n,))

print "before set: isSet=%s" % go.isSet()
time.sleep(0.05)
go.set()
time.sleep(0.1)
cond.acquire()
ready.append("payload")
cond.notifyAll()
cond.release()
while finished[0] < 3:
    pass
print "all waiters finished"
