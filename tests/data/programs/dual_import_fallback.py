# Dual-version code: the thread and queue modules through import fallbacks, in either order.
# Every thread codemod leaves them, and the names they bind, as they are: this runs on both.
# (issue 12, class 10)
from __future__ import print_function

try:
    import thread
except ImportError:
    import _thread as thread
try:
    import queue
except ImportError:
    import Queue as queue
import time

results = queue.Queue()
screen = thread.allocate_lock()
done = thread.allocate_lock()
remaining = [3]


def work(n):
    time.sleep(0.01 * n)
    screen.acquire()
    print("worker", n, "squares to", n * n)
    screen.release()
    results.put(n * n)
    screen.acquire()
    remaining[0] -= 1
    if not remaining[0]:
        done.release()
    screen.release()


done.acquire()
for n in (1, 2, 3):
    thread.start_new_thread(work, (n,))
done.acquire()
total = sum(results.get() for _ in range(3))
print("total", total, "from thread", thread.get_ident() != 0)
