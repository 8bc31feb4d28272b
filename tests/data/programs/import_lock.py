# imp.acquire_lock() ... imp.release_lock() is the import lock, the imp module's functions,
# not a thread lock: it stays as it is, while a real lock's acquire_lock() converts.
# (issue 12, class 8)
try:
    import imp
except ImportError:  # Python 3.12 removed imp; _imp keeps the import lock
    import _imp as imp
import thread

counter_lock = thread.allocate_lock()
finished = thread.allocate_lock()
counts = {"worker": 0}


def load(names):
    imp.acquire_lock()
    try:
        loaded = [__import__(name) for name in names]
    finally:
        imp.release_lock()
    return [module.__name__ for module in loaded]


def worker(n):
    for i in range(n):
        counter_lock.acquire_lock()
        counts["worker"] += 1
        counter_lock.release_lock()
    print "worker counted", counts["worker"], "import lock held:", imp.lock_held()
    finished.release()


imp.acquire_lock()
print "main holds the import lock:", imp.lock_held()
imp.release_lock()
print "loaded", load(["string", "os"])
finished.acquire()
thread.start_new_thread(worker, (3,))
finished.acquire()
print "counts", counts, "counter lock held:", counter_lock.locked_lock()
