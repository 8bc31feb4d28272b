import threading
def bad():
    raise KeyError("x")
t = threading.Thread(target=bad); t.start(); t.join()
print("main done")
