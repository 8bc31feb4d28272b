# Dual-version code as six writes it: six.PY2/six.PY3 (a vendored six, as django.utils.six),
# an exec_ that hides Python 2's exec statement in a string, a flag taken from six, and an
# import fallback with Python 3's module first. (issue 12, class 10)
from __future__ import print_function

import sys
import threading

try:
    import _thread as thread
except ImportError:
    import thread


class six(object):
    PY2 = sys.version_info[0] == 2
    PY3 = sys.version_info[0] == 3


if six.PY3:
    exec_ = getattr(__import__("builtins"), "exec")
else:
    def exec_(code, globs):
        exec("""exec code in globs""")

PY2 = six.PY2
counter = {"n": 0}
guard = threading.Lock()
source = "counter['n'] += 1\n"


def work(i):
    with guard:
        exec_(source, {"counter": counter})
    if not PY2:
        ident = thread.get_ident()
    else:
        ident = thread.get_ident()
    print("worker", i, "ran its code in its own thread:", ident != main_ident)


main_ident = thread.get_ident()
threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if six.PY2:
    print("alive:", [t.isAlive() for t in threads], "count:", counter["n"])
else:
    print("alive:", [t.is_alive() for t in threads], "count:", counter["n"])
