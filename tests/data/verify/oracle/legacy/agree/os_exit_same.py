import os, thread, time
def w():
    time.sleep(0.2)
    print "worker ends the process"
    os._exit(4)
thread.start_new_thread(w, ())
time.sleep(5)
print "never"
