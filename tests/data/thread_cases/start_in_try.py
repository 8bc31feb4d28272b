import thread
import time
try:
    thread.start_new_thread(time.sleep, (0.1,))
except thread.error, e:
    print "could not start", e
time.sleep(0.5)
