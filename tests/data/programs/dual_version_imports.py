# issue 12, class 10: `if sys.version_info[0] < 3:` imports thread and Queue, its else branch their Python 3 names; a PY3 flag
from __future__ import print_function

import sys

if sys.version_info[0] < 3:
    import thread
    import Queue as queue
    range_ = xrange  # noqa: F821
else:
    import _thread as thread
    import queue
    range_ = range

PY3 = sys.version_info >= (3,)
string_types = (str,) if PY3 else (basestring,)  # noqa: F821

results = queue.Queue()
lock = thread.allocate_lock()
finished = thread.allocate_lock()
finished.acquire()
count = [0]


def worker(n):
    total = sum(range_(n))
    results.put((n, total))
    lock.acquire()
    count[0] += 1
    last = count[0] == 3
    lock.release()
    if last:
        finished.release()


for n in (10, 20, 30):
    thread.start_new_thread(worker, (n,))
finished.acquire()
print("totals:", sorted(results.get() for _ in range_(3)))
print("text is a string type:", isinstance("x", string_types), "flag agrees:", PY3 == (sys.version_info[0] == 3))
