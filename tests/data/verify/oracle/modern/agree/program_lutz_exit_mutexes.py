# Programming Python style: one exit lock per thread, main spins on locked()
import threading, time

stdoutmutex = threading.Lock()
exitmutexes = []
numthreads = 5

def counter(myId, count):
    for i in range(count):
        time.sleep(0.01 * (myId + 1))
        with stdoutmutex:
            print('[%s] => %s' % (myId, i))
    exitmutexes[myId].acquire()          # signal main thread

counter_threads = []
for i in range(numthreads):
    exitmutexes.append(threading.Lock())
    counter_thread = threading.Thread(target=counter, args=(i, 4))
    counter_thread.start()
    counter_threads.append(counter_thread)

for counter_thread in counter_threads:
    counter_thread.join()
print('Main thread exiting.')
