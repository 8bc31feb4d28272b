import _thread, threading, time
def describe(x):
    if isinstance(x, _thread.LockType):
        return "lock (%s)" % ("held" if x.locked() else "free")
    return "other"
locks = [_thread.allocate_lock() for _ in range(3)]
locks[1].acquire()
def worker(i):
    print(i, describe(locks[i]), describe(i))
threads = []
for i in range(3):
    t = threading.Thread(target=worker, args=(i,))
    t.start()
    threads.append(t)
for t in threads:
    t.join()
