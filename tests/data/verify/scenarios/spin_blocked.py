# TEST DATA (threadmod verify): main spins forever while its worker is blocked forever on a
# lock main holds; the harness must end the run as a spin.
from __future__ import print_function

import threading

lock = threading.Lock()


def worker():
    print("worker waits")
    with lock:
        print("never")


lock.acquire()
threading.Thread(target=worker).start()
while 1:
    pass
