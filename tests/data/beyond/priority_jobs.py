# Jobs ordered by a comparison function (cmp, sort(cmp=...), sorted(x, f)), run by threads.
import thread
import time


def by_priority(a, b):
    return cmp(a[1], b[1]) or cmp(a[0], b[0])


jobs = [("backup", 3), ("mail", 1), ("index", 2), ("audit", 1)]
jobs.sort(cmp=by_priority)
print "order:", [name for name, prio in jobs]

done = []
lock = thread.allocate_lock()


def run(name, prio):
    time.sleep(0.01 * prio)
    lock.acquire()
    done.append((name, prio))
    lock.release()


for name, prio in jobs:
    thread.start_new_thread(run, (name, prio))
while len(done) < len(jobs):
    time.sleep(0.01)
print "done:", sorted(done, by_priority)
print "reversed:", sorted(done, lambda a, b: cmp(b[0], a[0]))
print "signs:", cmp(1, 2), cmp(2, 2), cmp(3, 2)
