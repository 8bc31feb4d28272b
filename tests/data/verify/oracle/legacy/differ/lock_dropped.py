import threading, time
lock = threading.Lock()
total = [0]
def add(k):
    lock.acquire()
    total[0] += k
    lock.release()
    print "added", k
ts = [threading.Thread(target=add, args=(k,)) for k in (1, 2)]
for t in ts: t.start()
for t in ts: t.join()
print total[0]
