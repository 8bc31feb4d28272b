# issue 12, class 11: imports thread yet compiles as Python 3: print ("%s" % x) prints a string, print ("a", b) a tuple, print () brackets
import thread

out = thread.allocate_lock()


def worker(name, steps, done):
    for step in range(steps):
        out.acquire()
        print ("step", step, "of", name)
        out.release()
    print ()
    done.release()


def run(name, steps):
    done = thread.allocate_lock()
    done.acquire()
    thread.start_new_thread(worker, (name, steps, done))
    done.acquire()
    print ("%s finished after %d steps" % (name, steps))


run("a", 2)
run("b", 1)
print ("all", "done")
