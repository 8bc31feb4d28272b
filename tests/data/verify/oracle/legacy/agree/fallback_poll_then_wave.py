import thread, time
box = {"n": 0}
def producer(k):
    time.sleep(0.333)
    box["n"] += k
def reporter(k):
    time.sleep(0.5)
    print "report", k, box["n"]
for k in (1, 2):
    thread.start_new_thread(producer, (k,))
while box["n"] != 3:
    pass
print "total", box["n"]
for k in (1, 2):
    thread.start_new_thread(reporter, (k,))
while True:
    time.sleep(2)
    break
print "end"
