# issue 12, class 1: main polls a counter that a worker raises for ever, then ends, which
# ended the worker in Python 2: the poll must stay a poll (a join of it never returns).
# (Run for real: verify's engine would follow the cut-off worker for a minute.)
import thread
import time

counter = 0


def background():
    global counter
    while True:
        for i in range(10):
            counter += 1
        time.sleep(0.001)


thread.start_new_thread(background, ())
while counter < 100:
    time.sleep(0.01)
print "counter passed 100"
