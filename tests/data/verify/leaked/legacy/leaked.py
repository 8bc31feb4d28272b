# TEST DATA (threadmod verify): a Python 2 thread raises between acquire_lock() and
# release_lock(), so the lock stays held and the other thread blocks for ever; main spins.
import thread
import time

lock = thread.allocate_lock()


def bad():
    lock.acquire_lock()
    print "bad has the lock"
    raise ValueError("oops")
    lock.release_lock()


def good():
    time.sleep(0.1)
    lock.acquire_lock()
    print "good has the lock"
    lock.release_lock()


thread.start_new_thread(bad, ())
thread.start_new_thread(good, ())
while 1:
    pass
