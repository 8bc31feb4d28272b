import threading, time
r = threading.RLock()
ev = threading.Event()
def f():
    with r:
        with r:
            print "nested ok"
    ev.set()
threading.Timer(0.5, f).start()
print "waiting", ev.wait(2)
print "is set", ev.isSet()
