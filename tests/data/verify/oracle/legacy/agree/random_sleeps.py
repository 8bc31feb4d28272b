import thread, time, random
done = []
def worker(n):
    d = random.randint(1, 5)
    time.sleep(d)
    print "worker", n, "slept", d
    done.append(n)
for i in range(4):
    thread.start_new_thread(worker, (i,))
while len(done) < 4:
    time.sleep(0.5)
print "all done", sorted(done)
