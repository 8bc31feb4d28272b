# issue 12, class 2: a worker sets status['ready'], waits for main, then sets status['done']; only the poll on 'done' is a join
import thread
import time

status = {'ready': False, 'done': False}
gate = thread.allocate_lock()
out = thread.allocate_lock()


def worker(name):
    out.acquire()
    print name, "starting"
    out.release()
    status['ready'] = True
    gate.acquire()  # main holds the gate until it has seen 'ready'
    gate.release()
    out.acquire()
    print name, "through the gate"
    out.release()
    status['done'] = True


gate.acquire()
thread.start_new_thread(worker, ("w1",))
while not status['ready']:
    pass
print "main saw ready, done is", status['done']
gate.release()
while not status['done']:
    pass
print "main saw done", sorted(status.items())
