# Main polls isAlive() of a Thread subclass, and of each thread of a list: each poll ends
# exactly when its thread has ended, so it is a join (a file with only a subclass of
# threading.Thread gets TM202 too).
import threading
import time

lock = threading.Lock()


class Worker(threading.Thread):
    def __init__(self, n):
        threading.Thread.__init__(self)
        self.n = n

    def run(self):
        time.sleep(0.01 * self.n)
        lock.acquire()
        print "worker", self.n, "done"
        lock.release()


first = Worker(3)
first.start()
while first.isAlive():
    pass
print "first done"
workers = []
for n in range(3):
    w = Worker(n)
    w.start()
    workers.append(w)
for w in workers:
    while w.isAlive():
        time.sleep(0.001)
print "all done"
