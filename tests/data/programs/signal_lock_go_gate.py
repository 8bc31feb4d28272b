# issue 12, class 9: a module-level go-signal gate held across a def, the starts and a sleep
import thread
import time

gate = thread.allocate_lock()
gate.acquire()  # closed until main says go
finished = []

# each worker waits at the gate, then reports
def worker(n):
    gate.acquire()
    gate.release()
    # past the gate
    time.sleep(0.01 * n)
    print "worker", n, "passed the gate"
    finished.append(n)


for n in range(3):
    thread.start_new_thread(worker, (n,))
time.sleep(0.05)
print "main opens the gate after", len(finished), "workers"
# go
gate.release()  # every worker passes now

while len(finished) < 3:
    time.sleep(0.01)
print "main done:", sorted(finished)
