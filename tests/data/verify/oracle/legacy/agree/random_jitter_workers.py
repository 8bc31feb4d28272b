import threading, time, random
lock = threading.Lock()
def work(name):
    for k in range(3):
        time.sleep(random.uniform(0.1, 0.9))
        with lock:
            print name, "step", k
ts = [threading.Thread(target=work, args=(n,)) for n in "abc"]
for t in ts: t.start()
for t in ts: t.join()
print "end"
