# a list of done flags, polled with `while False in done: pass`
import thread
import time

N = 4
done = [False] * N
results = [None] * N
mutex = thread.allocate_lock()

def square(i, x):
    time.sleep(0.02 * (N - i))
    results[i] = x * x
    mutex.acquire()
    print "worker", i, "squared", x, "->", results[i]
    mutex.release()
    done[i] = True

for i in range(N):
    thread.start_new_thread(square, (i, i + 10))

while False in done: pass

print "results:", results
print "total:", sum(results)
