# The same wait with a sleep between tries and False as the flag (issue 12, class 6).
import thread
import time

gate = thread.allocate_lock()
gate.acquire()


def opener(n):
    for i in range(n):
        print "step", i
    gate.release()


thread.start_new_thread(opener, (3,))
while not gate.acquire(False):
    time.sleep(0.01)
print "through the gate"
gate.release()
