import os, thread, time
def w():
    time.sleep(0.2)
    os._exit(0)
thread.start_new_thread(w, ())
time.sleep(5)
