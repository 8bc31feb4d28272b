import threading, time
done = []
def worker(wave, n):
    time.sleep(0.3 * (n + 1))
    print("wave", wave, "worker", n)
    done.append(1)
for wave in range(3):
    del done[:]
    threads = []
    for n in range(3):
        t = threading.Thread(target=worker, args=(wave, n))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    print("wave", wave, "finished")
print("all waves done")
