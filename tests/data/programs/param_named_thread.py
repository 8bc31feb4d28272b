# issue 12, class 8: a parameter named `thread` that is a Thread, and a class attribute `lock` that is a usage counter, not a lock
import thread
import threading

out = thread.allocate_lock()


class Users:
    """Counts the users of a printer; acquire and release are its own methods."""

    def __init__(self):
        self.count = 0

    def acquire(self):
        self.count += 1

    def release(self):
        self.count -= 1


class Printer:
    lock = Users()

    def show(self, text):
        self.lock.acquire()
        out.acquire()
        print text, "(users: %d)" % self.lock.count
        out.release()
        self.lock.release()


def watch(thread, printer):
    thread.join()
    printer.show("%s finished, alive: %s" % (thread.getName(), thread.isAlive()))


def work(printer, n):
    printer.show("work %d in %s" % (n, threading.currentThread().getName()))


printer = Printer()
for n in range(2):
    t = threading.Thread(target=work, args=(printer, n), name="w%d" % n)
    t.start()
    watch(t, printer)
done = thread.allocate_lock()
done.acquire()


def last():
    printer.show("from the thread module")
    done.release()


thread.start_new_thread(last, ())
done.acquire()
print "users left:", Printer.lock.count
