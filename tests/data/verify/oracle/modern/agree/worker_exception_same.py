import threading
def bad():
    print("about to fail")
    raise ValueError("bad value")
t = threading.Thread(target=bad)
t.start()
t.join()
print("main goes on")
