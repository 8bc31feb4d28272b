import threading, time
done = []
def worker(n):
    time.sleep(0.1 * (n + 1))
    print("worker", n, "start")
    print("worker", n, "end", file=__import__("sys").stderr)
    done.append(n)
threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("finished", sorted(done))
