import threading, time
def worker():
    for i in range(3):
        print("tick", i)
        time.sleep(0.1)
threading.Thread(target=worker).start()
print("main exits")
