# Thread imports inside functions are dropped when nothing uses them any more (a block
# left empty keeps a `pass`), like the module's own.
import thread
import time


def work(n):
    print "working", n


def start_one():
    import thread
    thread.start_new_thread(work, (1,))


def only_import():
    import thread


def main_thread_id():
    return thread.get_ident()


if __name__ == '__main__':
    start_one()
    print main_thread_id() is not None
    time.sleep(1)
