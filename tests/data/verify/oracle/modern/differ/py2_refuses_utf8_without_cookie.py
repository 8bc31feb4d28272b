import threading
def w():
    print("naïve")
threading.Thread(target=w).start()
