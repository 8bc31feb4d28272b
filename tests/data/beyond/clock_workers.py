# Workers timed with time.clock(), their reports built with the string module (Python 2 only).
import string
import threading
import time
from time import clock

results = {}
lock = threading.Lock()


def worker(name, count):
    start = time.clock()
    total = 0
    for i in range(count):
        total = total + i * i
    elapsed = time.clock() - start
    lock.acquire()
    try:
        results[name] = (total, elapsed >= 0)
    finally:
        lock.release()


begin = clock()
threads = []
for name in string.split("alpha beta gamma"):
    t = threading.Thread(target=worker, args=(name, 1000 * (len(name))))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
names = results.keys()
for name in sorted(names):
    total, ok = results[name]
    print string.join([string.upper(name), str(total), str(ok)], " | ")
print "all timed:", clock() - begin >= 0
