# the Python 2 Queue docs recipe: daemon workers, q.get()/q.task_done(), q.join()
import Queue
import threading
import time

q = Queue.Queue()
results = Queue.Queue()
num_worker_threads = 3

def do_work(item):
    time.sleep(0.01)
    return item * item

def worker():
    while True:
        item = q.get()
        results.put((item, do_work(item)))
        q.task_done()

for i in range(num_worker_threads):
    t = threading.Thread(target=worker)
    t.setDaemon(True)
    t.start()

for item in range(10):
    q.put(item)

q.join()       # block until all tasks are done
pairs = []
while not results.empty():
    pairs.append(results.get())
for item, square in sorted(pairs):
    print "%d squared is %d" % (item, square)
print "queue empty:", q.empty()
