# threading's camelCase API from Python 2: currentThread, getName, setName, isAlive,
# setDaemon, isDaemon, activeCount
import threading
import time

def worker(delay):
    me = threading.currentThread()
    time.sleep(delay)
    print "%s slept %.2f (daemon=%s)" % (me.getName(), delay, me.isDaemon())

print "main is", threading.currentThread().getName()
print "active before:", threading.activeCount()
threads = []
for i in range(3):
    t = threading.Thread(target=worker, args=(0.1 * (i + 1),))
    t.setName("worker-%d" % i)
    t.setDaemon(i == 2)
    threads.append(t)
for t in threads:
    t.start()
print "active after start:", threading.activeCount()
while threading.activeCount() > 1:
    time.sleep(0.01)
for t in threads:
    print t.getName(), "alive:", t.isAlive()
print "active at end:", threading.activeCount()
