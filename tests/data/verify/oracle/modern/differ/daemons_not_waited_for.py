import threading, time
done = []
def worker(n):
    time.sleep(0.1 * (n + 1))
    print("worker", n, "start")
    print("worker", n, "end")
    done.append(n)
threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(3)]
for t in threads:
    t.start()
print("finished", sorted(done))
