# TEST DATA (threadmod verify): runs unchanged under Python 2.7 and 3; two threads take two
# locks in opposite orders and block forever.
from __future__ import print_function

import threading
import time

a = threading.Lock()
b = threading.Lock()


def one():
    with a:
        time.sleep(0.1)
        with b:
            print("one got both")


def two():
    with b:
        time.sleep(0.1)
        with a:
            print("two got both")


t1 = threading.Thread(target=one)
t2 = threading.Thread(target=two)
t1.start()
t2.start()
print("joining")
t1.join()
t2.join()
print("never printed")
