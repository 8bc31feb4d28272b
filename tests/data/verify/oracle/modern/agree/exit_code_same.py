import sys, threading
def w():
    print("worker")
t = threading.Thread(target=w)
t.start(); t.join()
sys.exit(3)
