import thread
lk = thread.allocate_lock()
print type(lk)
