# TEST DATA (threadmod verify): TM202's form of an endless `while 1: pass` that has code after
# it: a wait that does not spin (compared with legacy/threading1.py's recorded trace).
import threading
import time


def myfunction(string, sleeptime, max_count, *args):
    counter = 0
    time.sleep(0.2)
    while counter < max_count:
        print("{}. {}".format(counter, string))
        counter += 1
        time.sleep(sleeptime)


if __name__ == "__main__":
    t1 = threading.Thread(target=myfunction, args=("Thread No:1", 2, 10))
    t1.start()
    print("thread Started : {}".format(t1.ident))
    threading.Event().wait()
    print("never")
