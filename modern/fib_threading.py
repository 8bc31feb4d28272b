#Fibonacci threader

import time, threading

def fib(n):
    a, b = 0, 1
    while a<n:
        yield a
        a, b = b, a+b

		
def get_fibs(n):
    for i in fib(n):
        print("Number generated {}".format(i))
        time.sleep(0.1)

if __name__ == '__main__':

    get_fibs_thread = threading.Thread(target=get_fibs, args=(100,))
    get_fibs_thread.start()
    n = get_fibs_thread.ident

    ## Won't work since the thread is still
    ## running and is still not in the dict
    ## containing all the running thread names
    for i in threading.enumerate():
        print(i.ident, n)
        if i.ident == n:
            print(i.name, i.is_alive())
    get_fibs_thread.join()
