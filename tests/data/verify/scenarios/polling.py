# TEST DATA (threadmod verify): runs unchanged under Python 2.7 and 3; busy loops that poll
# a counter, lock.locked() and the clock, with thread-module threads.
from __future__ import print_function

import threading
import time

try:
    import thread as _thread
except ImportError:
    import _thread

T0 = time.time()
counter = [0]
lock = _thread.allocate_lock()
lock2 = threading.Lock()


def worker(k):
    time.sleep(0.1 * (3 - k))
    with lock:
        counter[0] += 1
        print("worker", k, "counted", counter[0])


def holder():
    lock2.acquire()
    time.sleep(0.3)
    print("holder releases at", round(time.time() - T0, 3))
    lock2.release()


for k in range(3):
    _thread.start_new_thread(worker, (k,))
while counter[0] < 3:
    pass
print("all counted at", round(time.time() - T0, 3))
_thread.start_new_thread(holder, ())
time.sleep(0.01)
while lock2.locked():
    pass
print("lock free at", round(time.time() - T0, 3))
end = time.time() + 0.25
while time.time() < end:
    pass
print("clock poll done at", round(time.time() - T0, 2))
