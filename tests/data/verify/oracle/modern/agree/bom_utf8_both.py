import threading
def w():
    print("naïve")
t = threading.Thread(target=w); t.start(); t.join()
