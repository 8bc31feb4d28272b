import threading

# -*- coding: latin-1 -*-
def w():
    print "café"
threading.Thread(target=w).start()
