# issue 12, class 4: main polls len(threading.enumerate()) until it is alone; the workers
# are started in a helper function, so the wait joins every other thread, daemons too.
import threading
import time

out = threading.Lock()


def say(text):
    out.acquire()
    print text
    out.release()


def crunch(n):
    total = 0
    for i in range(n):
        total += i
        time.sleep(0.001)
    say("crunch(%d) = %d" % (n, total))


def start_all():
    threading.Thread(target=crunch, args=(5,)).start()
    background = threading.Thread(target=crunch, args=(10,))
    background.setDaemon(True)
    background.start()


start_all()
while len(threading.enumerate()) > 1:
    pass
say("main alone")
