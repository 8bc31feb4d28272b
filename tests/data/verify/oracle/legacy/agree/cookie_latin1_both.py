# -*- coding: latin-1 -*-
import threading
def w():
    print u"caf\xe9 été".encode("utf-8")
t = threading.Thread(target=w); t.start(); t.join()
