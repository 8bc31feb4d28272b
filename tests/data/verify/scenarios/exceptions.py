# TEST DATA (threadmod verify): runs unchanged under Python 2.7 and 3; an exception in a
# thread, stderr output, an exit status.
from __future__ import print_function

import sys
import threading
import time


def bad(k):
    time.sleep(0.1)
    print("bad", k, "about to fail", file=sys.stderr)
    raise ValueError("boom %d" % k)


t = threading.Thread(target=bad, args=(1,))
t.start()
t.join()
print("after the thread")
sys.exit(3)
