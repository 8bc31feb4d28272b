# issue 12, class 1: a server thread accepts work for ever, an ordinary worker ends; main's
# `while 1: pass` waited for ever, and a worker ends the whole program with os._exit().
import os
import sys
import thread
import time

requests = []
lock = thread.allocate_lock()


def server():
    served = 0
    while True:
        lock.acquire()
        if requests:
            print "served", requests.pop(0)
            served += 1
        lock.release()
        time.sleep(0.01)


def client(count):
    for i in range(count):
        lock.acquire()
        requests.append(i)
        lock.release()
        time.sleep(0.02)
    time.sleep(0.05)
    print "client done"
    sys.stdout.flush()
    os._exit(0)


thread.start_new_thread(server, ())
thread.start_new_thread(client, (3,))
while 1:
    pass
