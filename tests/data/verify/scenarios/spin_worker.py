# TEST DATA (threadmod verify): a worker spins forever on a flag nobody sets while main
# joins it; the harness must end the run as a spin of the worker.
from __future__ import print_function

import threading
import time

flag = []


def poller():
    print("polling")
    while not flag:
        pass


t = threading.Thread(target=poller)
t.start()
time.sleep(1)
print("main joins")
t.join()
