# Event.isSet() and Condition.notifyAll() with thread-module workers
import threading
import time

go = threading.Event()
cond = threading.Condition()
ready = []
out = threading.Lock()
finished = [0]

def waiter(n):
    go.wait()
    with out:
        print("waiter %d saw go (isSet=%s)" % (n, go.is_set()))
    with cond:
        while not ready:
            cond.wait()
        item = ready[0]
    time.sleep(0.02 * n)
    with out:
        print("waiter %d got %s" % (n, item))
        finished[0] += 1

waiter_threads = []
for n in range(3):
    waiter_thread = threading.Thread(target=waiter, args=(n,))
    waiter_thread.start()
    waiter_threads.append(waiter_thread)

print("before set: isSet=%s" % go.is_set())
time.sleep(0.05)
go.set()
time.sleep(0.1)
with cond:
    ready.append("payload")
    cond.notify_all()
for waiter_thread in waiter_threads:
    waiter_thread.join()
print("all waiters finished")
