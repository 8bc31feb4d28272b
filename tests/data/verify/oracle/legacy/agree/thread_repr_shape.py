import threading, time
def w():
    time.sleep(0.1)
t = threading.Thread(target=w, name="worker-a")
print repr(t).split(",")[0]
t.start()
print repr(t).split(",")[1].split()[0]
t.join()
print repr(t).split(",")[1].split()[0]
print type(threading.RLock()).__name__.lstrip("_")
