import os, threading, time
def w():
    time.sleep(0.2)
    os._exit(1)
threading.Thread(target=w, daemon=True).start()
time.sleep(5)
