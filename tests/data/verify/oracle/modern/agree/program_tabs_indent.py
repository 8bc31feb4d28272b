# a tab-indented script, as many editors of the time saved them
import threading
import time

lock = threading.Lock()
count = 0

def tick(name, n):
	global count
	for i in range(n):
		time.sleep(0.02)
		with lock:
			count += 1
			print("%s tick %d" % (name, i))
	with lock:
		print("%s done" % name)

tick_threads = []
for name in ("tic", "tac", "toe"):
	tick_thread = threading.Thread(target=tick, args=(name, 3))
	tick_thread.start()
	tick_threads.append(tick_thread)

while count < 9:
	time.sleep(0.01)
time.sleep(0.1)
print("ticks:", count)
for tick_thread in tick_threads:
	tick_thread.join()
