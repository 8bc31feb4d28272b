import threading
def w():
    print u"naïve".encode("utf-8")
t = threading.Thread(target=w); t.start(); t.join()
