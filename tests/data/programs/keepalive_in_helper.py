# issue 12, class 3: a keep-alive loop in a helper that a worker runs, in a function that
# starts no thread: it must stay a loop (joining every other thread from there joins main).
import thread
import time

log = []


def keep_alive():
    while True:
        time.sleep(0.05)


def worker():
    log.append("worker up")
    print "worker up"
    keep_alive()


thread.start_new_thread(worker, ())
time.sleep(0.1)
print "main ends with", log
