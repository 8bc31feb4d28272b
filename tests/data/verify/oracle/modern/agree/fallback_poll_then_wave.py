import threading, time
box = {"n": 0}
def producer(k):
    time.sleep(0.333)
    box["n"] += k
def reporter(k):
    time.sleep(0.5)
    print("report", k, box["n"])
for k in (1, 2):
    threading.Thread(target=producer, args=(k,)).start()
while box["n"] != 3:
    time.sleep(0.01)
print("total", box["n"])
for k in (1, 2):
    threading.Thread(target=reporter, args=(k,)).start()
while True:
    time.sleep(2)
    break
print("end")
