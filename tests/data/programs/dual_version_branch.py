# Dual-version code: branches on sys.version_info and on flags set from it, and a
# conditional expression on the version; the branch for the other Python stays as written.
# (issue 12, class 10)
from __future__ import print_function

import sys
import threading

PY2 = sys.version_info[0] == 2
PY3 = not PY2

if PY2:
    import thread as _thread_mod
    text_type = unicode  # noqa: F821

    def make_daemon(t):
        t.setDaemon(True)

    def alive(t):
        return t.isAlive()
else:
    import _thread as _thread_mod
    text_type = str

    def make_daemon(t):
        t.daemon = True

    def alive(t):
        return t.is_alive()

get_ident = _thread_mod.get_ident
current = threading.currentThread if PY2 else threading.current_thread
lock = _thread_mod.allocate_lock()
seen = {}


def work(label):
    lock.acquire()
    seen[label] = get_ident() != main_ident
    lock.release()
    print("worker", label, "as", text_type(label), "in", current().name != "MainThread")


main_ident = get_ident()
workers = []
for label in ("a", "b"):
    t = threading.Thread(target=work, args=(label,))
    make_daemon(t)
    workers.append(t)
    t.start()
for t in workers:
    t.join()
    print("joined; alive:", alive(t))
if sys.version_info >= (3,):
    kind = "new"
else:
    kind = "old"
print("own idents:", sorted(seen.items()), kind in ("old", "new"))
