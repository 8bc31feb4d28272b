import thread, time
def describe(x):
    if isinstance(x, thread.LockType):
        return "lock (%s)" % ("held" if x.locked() else "free")
    return "other"
locks = [thread.allocate_lock() for _ in range(3)]
locks[1].acquire()
def worker(i):
    print i, describe(locks[i]), describe(i)
for i in range(3):
    thread.start_new_thread(worker, (i,))
time.sleep(1)
