import _thread
lk = _thread.allocate_lock()
print(type(lk))
