import thread, time
stdoutmutex = thread.allocate_lock()
exitmutexes = [thread.allocate_lock() for i in range(5)]

def counter(myId, count):
    for i in range(count):
        stdoutmutex.acquire()
        print '[%s] => %s' % (myId, i)
        stdoutmutex.release()
    exitmutexes[myId].acquire()    # signal main thread

for i in range(5):
    thread.start_new_thread(counter, (i, 3))

for mutex in exitmutexes:
    while not mutex.locked(): pass
print 'Main thread exiting.'
