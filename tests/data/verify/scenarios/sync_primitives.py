# TEST DATA (threadmod verify): runs unchanged under Python 2.7 and 3; exercises Queue with
# timeouts, Condition, Event, Semaphore, RLock, Timer, join(timeout) and ties between sleeps.
from __future__ import print_function

import threading
import time

try:
    import Queue as queue
except ImportError:
    import queue

T0 = time.time()
q = queue.Queue(maxsize=2)
cond = threading.Condition()
ready = []
ev = threading.Event()
sem = threading.Semaphore(1)
rl = threading.RLock()


def now():
    return round(time.time() - T0, 3)


def producer(n):
    for i in range(n):
        q.put(i)
        print("put", i, "at", now())
    q.put(None)


def consumer():
    while True:
        try:
            item = q.get(timeout=0.25)
        except queue.Empty:
            print("empty at", now())
            continue
        if item is None:
            break
        print("got", item, "at", now())
        time.sleep(0.1 * (item + 2))


def waiter(k):
    with cond:
        while not ready:
            cond.wait(0.3)
            print("waiter", k, "woke at", now())
        print("waiter", k, "sees", ready[0])


def notifier():
    time.sleep(0.5)
    with cond:
        ready.append("go")
        cond.notify_all()


def timed():
    print("event set?", ev.wait(0.2), "at", now())
    print("event set?", ev.wait(1.0), "at", now())


def reentrant(k):
    with rl:
        with rl:
            print("rlock", k, threading.current_thread().name)
            time.sleep(0.05)
    with sem:
        print("sem", k, "at", now())
        time.sleep(0.1)


def hello():
    print("timer fired at", now())


threads = [threading.Thread(target=producer, args=(4,)), threading.Thread(target=consumer)]
threads += [threading.Thread(target=waiter, args=(k,)) for k in range(2)]
threads += [threading.Thread(target=notifier), threading.Thread(target=timed)]
threads += [threading.Thread(target=reentrant, args=(k,)) for k in range(3)]
for t in threads:
    t.start()
tm = threading.Timer(0.7, hello)
tm.start()
time.sleep(0.6)
ev.set()
print("active", threading.active_count())
threads[0].join(0.1)
print("producer alive?", threads[0].is_alive(), "at", now())
for t in threads:
    t.join()
tm.join()
print("done at", now(), time.ctime())
