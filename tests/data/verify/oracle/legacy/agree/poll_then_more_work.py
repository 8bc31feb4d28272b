import thread, time
flags = [False] * 2
def stage1(i):
    time.sleep(0.7)
    print "stage1", i
    flags[i] = True
def stage2(i):
    for k in range(2):
        time.sleep(0.2)
        print "stage2", i, k
for i in range(2):
    thread.start_new_thread(stage1, (i,))
while not all(flags):
    time.sleep(0.5)
print "stage1 complete"
t2 = []
for i in range(2):
    thread.start_new_thread(stage2, (i,))
time.sleep(2)
print "end"
