import threading
cond = threading.Condition()
box = []
def producer():
    with cond:
        box.append(1)
def consumer():
    with cond:
        while not box:
            cond.wait()
        print("got", box)
c = threading.Thread(target=consumer); c.start()
p = threading.Thread(target=producer); p.start()
c.join(); p.join()
