# A Queue program that Python 3 compiles as it is; its prints are Python 2 statements
# printing tuples (issue 12, class 11).
import Queue
import threading

q = Queue.Queue()


def producer():
    for i in range(3):
        q.put(i)
    q.put(None)


t = threading.Thread(target=producer)
t.start()
while True:
    item = q.get()
    if item is None:
        break
    print ("got", item)
t.join()
print ("left", q.qsize())
