# issue 12, class 5: main waits in `while 1: pass` until a timer signal's handler raises;
# the wait must stay one a signal can end (a join would outlive it), and the code after runs.
import signal
import thread
import time

lock = thread.allocate_lock()
done = []


class TimeUp(Exception):
    pass


def on_alarm(signum, frame):
    raise TimeUp()


def worker(n):
    time.sleep(0.01 * n)
    lock.acquire()
    done.append(n)
    lock.release()


signal.signal(signal.SIGALRM, on_alarm)
for n in range(3):
    thread.start_new_thread(worker, (n,))
signal.setitimer(signal.ITIMER_REAL, 0.3)
try:
    while 1:
        pass
except TimeUp:
    print "time up; workers done:", sorted(done)
print "main goes on"
