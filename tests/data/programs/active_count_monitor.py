# issue 12, class 4: a monitor thread runs for ever; main waits until only itself and the
# monitor are left (`activeCount() > 2`): that count stays a poll, it is no join of all.
import threading
import time

events = []
lock = threading.Lock()


def monitor():
    while True:
        time.sleep(0.02)


def job(n):
    time.sleep(0.01 * n)
    lock.acquire()
    events.append(n)
    print "job", n, "done"
    lock.release()


watcher = threading.Thread(target=monitor)
watcher.setDaemon(True)
watcher.start()
for n in range(3):
    threading.Thread(target=job, args=(n,)).start()
while threading.activeCount() > 2:
    time.sleep(0.005)
print "jobs done:", sorted(events)
