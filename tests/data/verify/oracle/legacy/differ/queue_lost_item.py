import threading, Queue
q = Queue.Queue()
def producer():
    for i in range(3):
        q.put(i)
def consumer():
    for _ in range(3):
        print "got", q.get()
threading.Thread(target=consumer).start()
threading.Thread(target=producer).start()
