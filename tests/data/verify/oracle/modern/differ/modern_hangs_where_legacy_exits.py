import threading, time, socket
a, b = socket.socketpair()
def waiter():
    print("waiting for data")
    data = a.recv(10)
    print("got", data)
threading.Thread(target=waiter).start()
time.sleep(0.1)
print("main exits")
