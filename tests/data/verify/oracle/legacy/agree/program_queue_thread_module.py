# producer/consumer over Queue.Queue with thread.start_new_thread consumers that never return
import thread
import Queue
import time

work = Queue.Queue()
printed = thread.allocate_lock()

def consumer(name):
    while True:
        job = work.get()
        time.sleep(0.01)
        printed.acquire()
        print "job %s handled" % job
        printed.release()
        work.task_done()

def producer(count):
    for n in range(count):
        work.put("j%02d" % n)
        time.sleep(0.001)

for name in ("c1", "c2"):
    thread.start_new_thread(consumer, (name,))
thread.start_new_thread(producer, (8,))
time.sleep(0.2)
work.join()
print "all jobs handled"
