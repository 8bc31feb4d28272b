import thread, threading
lk = thread.allocate_lock()
print isinstance(lk, thread.LockType), type(lk).__name__
print isinstance(threading.Lock(), thread.LockType), type(threading.Lock()) is thread.LockType
print type(lk) is type(threading.Lock())
lk.acquire()
print lk.locked(), lk.acquire(0)
lk.release()
print lk.locked()
