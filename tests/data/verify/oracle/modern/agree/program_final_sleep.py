# the tutorial ending: start the workers and sleep long enough for them to finish
import threading
import time

# Define a function for the thread
def print_time(threadName, delay, count):
    while count:
        time.sleep(delay)
        count -= 1
        print("%s: step %d" % (threadName, count))

# Create two threads as follows
try:
    print_time_thread = threading.Thread(target=print_time, args=("Thread-1", 0.04, 3))
    print_time_thread.start()
    print_time_thread2 = threading.Thread(target=print_time, args=("Thread-2", 0.1, 2))
    print_time_thread2.start()
except:
    print("Error: unable to start thread")

print("main thread waiting")
time.sleep(1)
