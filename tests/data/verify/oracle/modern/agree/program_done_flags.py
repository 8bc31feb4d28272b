# a list of done flags, polled with `while False in done: pass`
import threading
import time

N = 4
done = [False] * N
results = [None] * N
mutex = threading.Lock()

def square(i, x):
    time.sleep(0.02 * (N - i))
    results[i] = x * x
    with mutex:
        print("worker", i, "squared", x, "->", results[i])
    done[i] = True

square_threads = []
for i in range(N):
    square_thread = threading.Thread(target=square, args=(i, i + 10))
    square_thread.start()
    square_threads.append(square_thread)

for square_thread in square_threads:
    square_thread.join()

print("results:", results)
print("total:", sum(results))
