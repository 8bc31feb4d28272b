# the thread module's old aliases: start_new, allocate, exit_thread, and the *_lock methods
import thread
import time

screen = thread.allocate()
running = thread.allocate_lock()
pending = [3]

def job(n):
    time.sleep(0.03 * n)
    screen.acquire_lock()
    print "job %d running, screen locked: %s" % (n, screen.locked_lock())
    screen.release_lock()
    running.acquire_lock()
    pending[0] = pending[0] - 1
    running.release_lock()
    thread.exit_thread()

for n in (1, 2, 3):
    thread.start_new(job, (n,))

while pending[0]:
    pass
print "screen locked at end:", screen.locked_lock()
