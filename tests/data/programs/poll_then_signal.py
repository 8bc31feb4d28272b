# Main polls a counter the worker raises, then tells the worker to stop: the worker ends
# only after main's `done = 1`, so the poll cannot become a join (issue 12, class 2).
import thread
import time

counter = 0
done = 0


def worker():
    global counter
    while True:
        counter += 1
        if done:
            counter = 0
            break
        time.sleep(0.001)
    print "worker stopped"


thread.start_new_thread(worker, ())
while counter < 100:
    time.sleep(0.01)
done = 1
time.sleep(0.1)
print "main saw", counter
