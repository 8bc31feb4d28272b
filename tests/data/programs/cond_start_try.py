# issue 12, class 7: starts in try/except: a failed int('x') and a failed open skip theirs, one succeeds
import thread
import time

stdout_lock = thread.allocate_lock()


def work(name, n):
    for i in range(n):
        stdout_lock.acquire()
        print name, "line", i
        stdout_lock.release()


try:
    n = int("x")
    thread.start_new_thread(work, ("parsed", n))
except ValueError, e:
    print "parsed not started:", e

try:
    f = open("/nonexistent/threadmod/config")
    thread.start_new_thread(work, ("configured", 2))
    f.close()
except IOError:
    print "configured not started: no config file"

try:
    n = int("3")
    thread.start_new_thread(work, ("counted", n))
except ValueError, e:
    print "counted not started:", e

stdout_lock.acquire()
print "main waiting"
stdout_lock.release()
time.sleep(0.2)
