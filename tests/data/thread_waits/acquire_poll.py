# Main waits for a worker by spinning on a lock's non-blocking acquire, then still holds
# the lock and releases it: the wait is the blocking acquire, not a join (issue 12, class 6).
import thread
import time

done = thread.allocate_lock()
done.acquire()
results = []


def worker():
    time.sleep(0.01)
    results.append("work")
    print "working"
    done.release()


thread.start_new_thread(worker, ())
while not done.acquire(0):
    pass
print "done", results
done.release()
print "released"
