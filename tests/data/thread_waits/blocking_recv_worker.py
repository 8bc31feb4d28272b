# issue 12, class 1: a worker answers one message on a socket pair and then blocks in recv()
# for ever; main reads the answer and ends, which ended the blocked worker in Python 2.
import socket
import thread

main_end, worker_end = socket.socketpair()


def echo():
    while True:
        data = worker_end.recv(64)
        if not data:
            break
        worker_end.sendall(data.upper())


thread.start_new_thread(echo, ())
main_end.sendall(b"hello")  # bytes in both: the socket question is TM182's
print "answer:", main_end.recv(64).decode("ascii")
print "main done"
