# tabs and spaces mixed the way Python 2 allowed (a tab counts to the next multiple of 8)
import thread, time

class Counter:
    def __init__(self):
        self.lock = thread.allocate_lock()
	self.value = 0
    def add(self, n):
	self.lock.acquire()
        self.value = self.value + n
	self.lock.release()

counter = Counter()
finished = [False, False]

def adder(i, amounts):
        for a in amounts:
	    time.sleep(0.05)
            counter.add(a)
	print "adder %d added %d" % (i, sum(amounts))
        finished[i] = True

thread.start_new_thread(adder, (0, [1, 2, 3]))
thread.start_new_thread(adder, (1, [30]))
while False in finished:
	pass
print "value:", counter.value
