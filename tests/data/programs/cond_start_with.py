# issue 12, class 7: a with whose manager swallows the error raised before its start, then one that starts
import thread
import time


class Quiet:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            print "quiet:", kind.__name__
        return True


def work(name):
    print name, "running"
    print name, "finished"


with Quiet():
    size = int("many")
    thread.start_new_thread(work, ("sized",))

with Quiet():
    thread.start_new_thread(work, ("plain",))

time.sleep(0.2)
