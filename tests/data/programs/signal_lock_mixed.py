# issue 12, class 9: a go-signal gate stays as written while the counter lock's critical sections become with
import thread
import time

counter_lock = thread.allocate_lock()  # guards total and finished
gate = thread.allocate_lock()  # main's go signal
total = [0]
finished = []

def add(index, n):
    gate.acquire()  # wait for go
    gate.release()
    for i in range(3):
        # one adder at a time
        counter_lock.acquire()  # enter
        total[0] += n

        counter_lock.release()  # leave
        time.sleep(0.01)
    time.sleep(0.01 * index)
    print "adder", n, "done"
    counter_lock.acquire()
    finished.append(n)
    counter_lock.release()

gate.acquire()
for index, n in enumerate((1, 10, 100)):
    thread.start_new_thread(add, (index, n))
time.sleep(0.02)
print "before go:", total[0]
gate.release()

while True:
    counter_lock.acquire()
    count = len(finished)  # read under the lock
    counter_lock.release()
    if count == 3:
        break
    time.sleep(0.01)

counter_lock.acquire()
# the last reader
try:  # nothing can change total now
    print "total:", total[0]
finally:
    counter_lock.release()  # all done
