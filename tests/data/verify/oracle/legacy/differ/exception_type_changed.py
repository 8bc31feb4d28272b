import threading
def bad():
    raise ValueError("x")
t = threading.Thread(target=bad); t.start(); t.join()
print "main done"
