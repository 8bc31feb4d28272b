# producer/consumer over Queue.Queue with thread.start_new_thread consumers that never return
import threading
import queue
import time

work = queue.Queue()
printed = threading.Lock()

def consumer(name):
    while True:
        job = work.get()
        time.sleep(0.01)
        with printed:
            print("job %s handled" % job)
        work.task_done()

def producer(count):
    for n in range(count):
        work.put("j%02d" % n)
        time.sleep(0.001)

for name in ("c1", "c2"):
    consumer_thread = threading.Thread(target=consumer, args=(name,), daemon=True)
    consumer_thread.start()
producer_thread = threading.Thread(target=producer, args=(8,))
producer_thread.start()
time.sleep(0.2)
work.join()
print("all jobs handled")
producer_thread.join()
