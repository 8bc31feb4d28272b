# python-course style: a global thread counter guarded by a lock, busy-wait until zero
import thread
import time

num_threads = 0
lock = thread.allocate_lock()
print_lock = thread.allocate_lock()

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
    print_lock.acquire()
    print "sqrt(%d) = %.6f" % (a, new)
    print_lock.release()
    lock.acquire()
    num_threads -= 1
    lock.release()

for x in (99, 999, 1733, 17334):
    lock.acquire()
    num_threads += 1
    lock.release()
    thread.start_new_thread(heron, (x,))

while num_threads > 0:
    pass
print "all square roots computed"
