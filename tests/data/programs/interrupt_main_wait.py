# issue 12, class 5: main sleeps in a loop until a worker calls thread.interrupt_main(); the
# KeyboardInterrupt handler runs, so the loop must stay one that interrupt_main can stop.
import thread
import time

results = []


def worker(count):
    for i in range(count):
        results.append(i * i)
        time.sleep(0.01)
    print "worker done:", results
    thread.interrupt_main()


thread.start_new_thread(worker, (4,))
try:
    while 1:
        time.sleep(0.1)
except KeyboardInterrupt:
    print "main interrupted after", len(results), "results"
print "bye"
