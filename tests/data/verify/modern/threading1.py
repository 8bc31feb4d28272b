#!/usr/bin/env python
# TEST DATA for tests/test_verify_engine.py: a hand-written Python 3 version of
# legacy/threading1.py, shaped like threadmod's intended output (not produced by it).

import threading
import time


def myfunction(string, sleeptime, max_count, *args):

    counter = 0
    ## To manage I/O
    time.sleep(0.2)
    while counter < max_count:
        print("{}. {}".format(counter, string))
        counter += 1
        time.sleep(sleeptime)
        #sleep for a specified amount of time.


if __name__=="__main__":

    t1 = threading.Thread(target=myfunction, args=("Thread No:1", 2, 10))
    t1.start()
    print("thread Started : {}".format(t1.ident))
##    thread.exit_thread
##
    ## this can be omitted
    t1.join()
