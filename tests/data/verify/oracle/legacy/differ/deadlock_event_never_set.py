import thread, time
done = []
def worker(n):
    time.sleep(0.1 * (n + 1))
    print "worker", n, "start"
    print "worker", n, "end"
    done.append(n)
for n in range(3):
    thread.start_new_thread(worker, (n,))
while len(done) < 3:
    time.sleep(0.5)
print "finished", sorted(done)
