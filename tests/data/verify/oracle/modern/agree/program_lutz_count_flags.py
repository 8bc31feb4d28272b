# Programming Python style: shared list of exit flags, main spins until no 0 is left
import threading, time

stdoutmutex = threading.Lock()
exitmutexes = [0] * 4

def counter(myId, count):
    for i in range(count):
        time.sleep(0.02)
        with stdoutmutex:
            print('[%s] => %s' % (myId, i))
    exitmutexes[myId] = 1                # signal main thread

# start the counters; start_new is the old alias of start_new_thread
counter_threads = []
for i in range(4):
    counter_thread = threading.Thread(target=counter, args=(i, 3))
    counter_thread.start()
    counter_threads.append(counter_thread)

# wait for all of them to set their flag
for counter_thread in counter_threads:
    counter_thread.join()
print('Main thread exiting.')
