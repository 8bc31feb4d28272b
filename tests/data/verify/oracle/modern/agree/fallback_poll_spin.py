import _thread, threading, time
state = {"left": 3}
lock = _thread.allocate_lock()
def worker(n):
    time.sleep(0.1 * n + 0.055)
    with lock:
        state["left"] -= 1
    print("worker", n, "done")
for n in range(3):
    threading.Thread(target=worker, args=(n,)).start()
while state["left"] > 0:
    time.sleep(0.01)
print("main sees all done")
print("bye")
