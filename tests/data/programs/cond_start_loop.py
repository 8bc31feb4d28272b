# issue 12, class 7: starts under a loop with a condition inside, the loops themselves in ifs (one skipped)
import thread

N = 6
use_threads = True
use_helpers = False
done = [False] * N
stdout_lock = thread.allocate_lock()


def work(i):
    stdout_lock.acquire()
    print "worker", i, "squares to", i * i
    stdout_lock.release()
    done[i] = True


def helper(i):
    stdout_lock.acquire()
    print "helper", i
    stdout_lock.release()
    done[i] = True


if use_threads:
    for i in range(N):
        if i % 2 == 0:
            thread.start_new_thread(work, (i,))
        else:
            stdout_lock.acquire()
            print "main does", i, "itself"
            stdout_lock.release()
            done[i] = True

if use_helpers:
    for i in range(N):
        thread.start_new_thread(helper, (i,))

while False in done: pass
print "all", N, "done"
