import thread, time
num_threads = 0
lock = thread.allocate_lock()
def worker(n, delay=0.1):
    global num_threads
    time.sleep(delay)
    print "worker", n
    lock.acquire()
    num_threads -= 1
    lock.release()
for i in range(3):
    lock.acquire()
    num_threads += 1
    lock.release()
    thread.start_new_thread(worker, (i,), {'delay': 0.05 * i})
while num_threads > 0:
    pass
print "all done"
