import os, threading, time
def w():
    time.sleep(0.2)
    print("worker ends the process")
    os._exit(4)
threading.Thread(target=w, daemon=True).start()
time.sleep(5)
print("never")
