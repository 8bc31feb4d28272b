# issue 12, class 1: the worker's endless loop is in a helper it calls; main gives it time
# with a last sleep and ends, which ended the worker in Python 2 (a join here never returns).
import Queue
import thread
import time

inbox = Queue.Queue()
handled = []


def pump():
    while 1:
        job = inbox.get()
        handled.append(job)


def worker(name):
    print name, "starting"
    pump()


thread.start_new_thread(worker, ("pump",))
for job in range(3):
    inbox.put(job)
time.sleep(0.1)
print "main saw", handled
