# issue 12, class 2: one flag per worker, flags[i] with i passed at the start, polled index by index: the polls become joins
import thread
import time

N = 3
flags = [False] * N
results = [None] * N
out = thread.allocate_lock()


def worker(i, word):
    time.sleep(0.01 * (N - i))
    results[i] = word.upper()
    out.acquire()
    print "worker", i, "made", results[i]
    out.release()
    flags[i] = True


for i, word in enumerate(["red", "green", "blue"]):
    thread.start_new_thread(worker, (i, word))
for i in range(N):
    while not flags[i]:
        pass
print "all flags seen:", flags
print "results:", results
