# the tutorial ending: start the workers and sleep long enough for them to finish
import thread
import time

# Define a function for the thread
def print_time(threadName, delay, count):
    while count:
        time.sleep(delay)
        count -= 1
        print "%s: step %d" % (threadName, count)

# Create two threads as follows
try:
    thread.start_new_thread(print_time, ("Thread-1", 0.04, 3))
    thread.start_new_thread(print_time, ("Thread-2", 0.1, 2))
except:
    print "Error: unable to start thread"

print "main thread waiting"
time.sleep(1)
