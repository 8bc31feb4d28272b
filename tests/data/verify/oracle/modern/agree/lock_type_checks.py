import _thread, threading
lk = _thread.allocate_lock()
print(isinstance(lk, _thread.LockType), type(lk).__name__)
print(isinstance(threading.Lock(), _thread.LockType), type(threading.Lock()) is _thread.LockType)
print(type(lk) is type(threading.Lock()))
lk.acquire()
print(lk.locked(), lk.acquire(0))
lk.release()
print(lk.locked())
