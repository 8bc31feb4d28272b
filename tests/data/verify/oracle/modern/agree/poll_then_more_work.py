import threading, time
flags = [False] * 2
def stage1(i):
    time.sleep(0.7)
    print("stage1", i)
    flags[i] = True
def stage2(i):
    for k in range(2):
        time.sleep(0.2)
        print("stage2", i, k)
ts = [threading.Thread(target=stage1, args=(i,)) for i in range(2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("stage1 complete")
t2 = []
for i in range(2):
    threading.Thread(target=stage2, args=(i,)).start()
time.sleep(2)
print("end")
