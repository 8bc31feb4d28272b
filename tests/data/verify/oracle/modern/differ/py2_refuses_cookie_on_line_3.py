# -*- coding: latin-1 -*-
import threading

def w():
    print("café")
threading.Thread(target=w).start()
