# issue 12, class 1: a queue consumer loops for ever (a statement after its loop changes
# nothing); main waits with q.join() and ends, and Python 2 ended the worker with it.
import Queue
import thread

jobs = Queue.Queue()


def consumer():
    while True:
        item = jobs.get()
        print "consumed", item
        jobs.task_done()
    print "consumer never gets here"


thread.start_new_thread(consumer, ())
for item in ["a", "b", "c"]:
    jobs.put(item)
jobs.join()
print "all consumed"
