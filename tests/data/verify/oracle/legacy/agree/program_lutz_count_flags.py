# Programming Python style: shared list of exit flags, main spins until no 0 is left
import thread, time

stdoutmutex = thread.allocate_lock()
exitmutexes = [0] * 4

def counter(myId, count):
    for i in range(count):
        time.sleep(0.02)
        stdoutmutex.acquire()
        print '[%s] => %s' % (myId, i)
        stdoutmutex.release()
    exitmutexes[myId] = 1                # signal main thread

# start the counters; start_new is the old alias of start_new_thread
for i in range(4):
    thread.start_new(counter, (i, 3))

# wait for all of them to set their flag
while 0 in exitmutexes: pass
print 'Main thread exiting.'
