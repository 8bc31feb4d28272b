# issue 12, class 5: main spins in `while True: pass` under a try that handles
# KeyboardInterrupt; the last of two workers interrupts it, and main goes on after the loop.
import thread
import time

lock = thread.allocate_lock()
finished = []


def worker(name, steps):
    for step in range(steps):
        time.sleep(0.01)
        lock.acquire()
        print name, "step", step
        lock.release()
    lock.acquire()
    finished.append(name)
    last = len(finished) == 2
    lock.release()
    if last:
        thread.interrupt_main()


thread.start_new_thread(worker, ("a", 2))
thread.start_new_thread(worker, ("b", 3))
try:
    while True:
        pass
except KeyboardInterrupt:
    print "both finished:", sorted(finished)
