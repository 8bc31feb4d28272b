#!/usr/bin/env python

import time
import threading

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

    myfunction_thread = threading.Thread(target=myfunction, args=("Thread No:1", 2, 10))
    myfunction_thread.start()
    print("thread Started : {}".format(myfunction_thread.ident))
##    thread.exit_thread
##
    ## this can be omitted
    myfunction_thread.join()
