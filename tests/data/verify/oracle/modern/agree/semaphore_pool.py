import threading, time
sem = threading.Semaphore(2)
def w(i):
    with sem:
        print("in", i)
        time.sleep(0.3)
        print("out", i)
ts = [threading.Thread(target=w, args=(i,)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("pool done")
