import thread, time, socket
a, b = socket.socketpair()
def waiter():
    print "waiting for data"
    data = a.recv(10)
    print "got", data
thread.start_new_thread(waiter, ())
time.sleep(0.1)
print "main exits"
