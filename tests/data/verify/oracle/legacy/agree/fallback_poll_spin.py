import thread, time
state = {"left": 3}
lock = thread.allocate_lock()
def worker(n):
    time.sleep(0.1 * n + 0.055)
    lock.acquire()
    state["left"] -= 1
    lock.release()
    print "worker", n, "done"
for n in range(3):
    thread.start_new_thread(worker, (n,))
while state["left"] > 0:
    pass
print "main sees all done"
print "bye"
