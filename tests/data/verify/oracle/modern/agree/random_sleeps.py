import threading, time, random
done = []
def worker(n):
    d = random.randint(1, 5)
    time.sleep(d)
    print("worker", n, "slept", d)
    done.append(n)
threads = []
for i in range(4):
    t = threading.Thread(target=worker, args=(i,))
    t.start()
    threads.append(t)
for t in threads:
    t.join()
print("all done", sorted(done))
