import threading, time
count = [0]
lock = threading.Lock()
def job(w, k):
    time.sleep(0.25 + 0.1 * k)
    lock.acquire()
    count[0] += 1
    print "job", w, k, count[0]
    lock.release()
for w in range(2):
    count[0] = 0
    for k in range(4):
        threading.Thread(target=job, args=(w, k)).start()
    while count[0] < 4:
        time.sleep(1)
    print "batch", w, "ok"
