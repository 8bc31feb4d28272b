# python-course style: a global thread counter guarded by a lock, busy-wait until zero
import threading
import time

num_threads = 0
lock = threading.Lock()
print_lock = threading.Lock()

def heron(a):
    """Calculates the square root of a"""
    global num_threads
    eps = 0.0000001
    old = 1
    new = 1
    while True:
        old, new = new, (new + a / new) / 2.0
        if abs(new - old) < eps:
            break
    time.sleep(0.05)
    with print_lock:
        print("sqrt(%d) = %.6f" % (a, new))
    with lock:
        num_threads -= 1

heron_threads = []
for x in (99, 999, 1733, 17334):
    with lock:
        num_threads += 1
    heron_thread = threading.Thread(target=heron, args=(x,))
    heron_thread.start()
    heron_threads.append(heron_thread)

for heron_thread in heron_threads:
    heron_thread.join()
print("all square roots computed")
