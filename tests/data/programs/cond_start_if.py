# issue 12, class 7: a start in an if that does not run (verbose is off) and one in an if that does
import thread

verbose = False
count = 0
started = 0
lock = thread.allocate_lock()


def work(name, steps):
    global count
    for i in range(steps):
        print name, "step", i
    lock.acquire()
    count += 1
    lock.release()


if verbose:
    thread.start_new_thread(work, ("logger", 1))
    started += 1
if started < 1:
    thread.start_new_thread(work, ("worker", 3))
    started += 1

while count < started: pass
print "started", started, "finished", count
