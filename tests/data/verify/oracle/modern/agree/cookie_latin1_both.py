# -*- coding: latin-1 -*-
import threading
def w():
    print("caf\xe9 été")
t = threading.Thread(target=w); t.start(); t.join()
