import threading, queue, time
q = queue.Queue()
cond = threading.Condition()
items = []
def producer():
    for i in range(4):
        time.sleep(0.1)
        q.put(i)
    q.put(None)
def consumer():
    while True:
        x = q.get()
        if x is None:
            break
        with cond:
            items.append(x)
            cond.notify()
        print("consumed", x)
threading.Thread(target=producer).start()
threading.Thread(target=consumer).start()
with cond:
    while len(items) < 4:
        cond.wait()
print("items", items)
