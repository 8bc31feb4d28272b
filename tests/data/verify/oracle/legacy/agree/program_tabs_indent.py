# a tab-indented script, as many editors of the time saved them
import thread
import time

lock = thread.allocate_lock()
count = 0

def tick(name, n):
	global count
	for i in range(n):
		time.sleep(0.02)
		lock.acquire()
		try:
			count += 1
			print "%s tick %d" % (name, i)
		finally:
			lock.release()
	lock.acquire()
	print "%s done" % name
	lock.release()

for name in ("tic", "tac", "toe"):
	thread.start_new_thread(tick, (name, 3))

while count < 9:
	pass
time.sleep(0.1)
print "ticks:", count
