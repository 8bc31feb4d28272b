import threading, time
count = [0]
lock = threading.Lock()
def job(w, k):
    time.sleep(0.25 + 0.1 * k)
    with lock:
        count[0] += 1
        print("job", w, k, count[0])
for w in range(2):
    count[0] = 0
    threads = [threading.Thread(target=job, args=(w, k)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("batch", w, "ok")
