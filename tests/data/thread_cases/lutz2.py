import thread
stdoutmutex = thread.allocate_lock()
numthreads  = 5
exitmutexes = [False] * numthreads

def counter(myId, count):
    for i in range(count):
        stdoutmutex.acquire()
        print '[%s] => %s' % (myId, i)
        stdoutmutex.release()
    exitmutexes[myId] = True  # signal main thread

for i in range(numthreads):
    thread.start_new_thread(counter, (i, 3))
while False in exitmutexes: pass
print 'Main thread exiting.'
