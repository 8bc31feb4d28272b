#Fibonacci threader
# TEST DATA for tests/test_verify_engine.py: a hand-written Python 3 version of
# legacy/fib_threading.py, shaped like threadmod's intended output (not produced by it).

import sys
import threading
import time


def fib(n):
    a, b = 0, 1
    while a<n:
        yield a
        a, b = b, a+b


def get_fibs(n):
    for i in fib(n):
        print("Number generated {}".format(i))
        time.sleep(0.1)
    sys.exit()

if __name__ == '__main__':

    t1 = threading.Thread(target=get_fibs, args=(100,))
    t1.start()
    n = t1.ident

    ## Won't work since the thread is still
    ## running and is still not in the dict
    ## containing all the running thread names
    for i in threading.enumerate():
        print(i.ident, n)
        if i.ident == n:
            print(i.name, i.is_alive())
