# Programming Python style: one exit lock per thread, main spins on locked()
import thread, time

stdoutmutex = thread.allocate_lock()
exitmutexes = []
numthreads = 5

def counter(myId, count):
    for i in range(count):
        time.sleep(0.01 * (myId + 1))
        stdoutmutex.acquire()
        print '[%s] => %s' % (myId, i)
        stdoutmutex.release()
    exitmutexes[myId].acquire()          # signal main thread

for i in range(numthreads):
    exitmutexes.append(thread.allocate_lock())
    thread.start_new_thread(counter, (i, 4))

for mutex in exitmutexes:
    while not mutex.locked(): pass
print 'Main thread exiting.'
