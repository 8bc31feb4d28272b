# A variable and a parameter named `thread` next to the thread module: the module's uses
# convert, the variable's (a Thread, a local of its function) stay `thread.start()`.
# (issue 12, class 8)
import thread
import threading

lock = thread.allocate_lock()
log = []


class MyThread(threading.Thread):
    def __init__(self, n):
        threading.Thread.__init__(self)
        self.n = n

    def run(self):
        lock.acquire()
        log.append(self.n)
        lock.release()
        print "MyThread", self.n, "ran"


def report(thread):
    print "report: alive", thread.isAlive()


def run_classes():
    for n in (1, 2):
        thread = MyThread(n)
        thread.start()
        thread.join()
        report(thread)


def helper(n):
    lock.acquire()
    log.append(10 + n)
    lock.release()
    print "helper", n, "ran"


def last():
    helper(3)
    done.release()


run_classes()
done = thread.allocate_lock()
done.acquire()
thread.start_new_thread(last, ())
done.acquire()
print "log", sorted(log)
