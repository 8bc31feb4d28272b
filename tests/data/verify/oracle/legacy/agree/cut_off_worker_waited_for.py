import thread, time
def worker():
    for i in range(3):
        print "tick", i
        time.sleep(0.1)
thread.start_new_thread(worker, ())
print "main exits"
