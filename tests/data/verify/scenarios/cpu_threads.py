# TEST DATA (threadmod verify): CPU-bound threads that never block (for measuring the cost of
# the line trace and of the preemption quantum); runs under Python 2.7 and 3.
from __future__ import print_function

import threading

total = [0]


def crunch(k):
    s = 0
    for i in range(300000):
        s += i % (k + 2)
    total[0] += s
    print("crunch", k, s)


ts = [threading.Thread(target=crunch, args=(k,)) for k in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("total", total[0])
