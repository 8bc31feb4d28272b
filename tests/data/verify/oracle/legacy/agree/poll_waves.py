import thread, time
done = []
def worker(wave, n):
    time.sleep(0.3 * (n + 1))
    print "wave", wave, "worker", n
    done.append(1)
for wave in range(3):
    del done[:]
    for n in range(3):
        thread.start_new_thread(worker, (wave, n))
    while len(done) < 3:
        time.sleep(0.5)
    print "wave", wave, "finished"
print "all waves done"
