import thread, threading, time
def w(i):
    print "worker", i, thread.get_ident() != 0
    print threading.currentThread().getName().startswith("Thread") or "dummy"
for i in range(2):
    threading.Thread(target=w, args=(i,)).start()
time.sleep(0.5)
print threading.currentThread().getName()
