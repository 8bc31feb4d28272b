# thread identifiers: thread.get_ident() and get_ident(), the value start_new_thread returns, from-imports
from thread import start_new_thread, allocate_lock, get_ident
import thread
import time

names = {}
seen = {}
lock = allocate_lock()

def worker(label):
    time.sleep(0.2)
    me = get_ident()
    lock.acquire()
    print "%s runs in thread %d (known as %s)" % (label, me, names.get(me))
    seen[label] = me
    lock.release()

main_ident = thread.get_ident()
print "main thread ident:", main_ident
for label in ("red", "green", "blue"):
    tid = start_new_thread(worker, (label,))
    names[tid] = label
    print "started", label, "as", tid
while len(seen) < 3:
    pass
print "idents distinct:", len(set(seen.values())) == 3
print "main ident differs:", main_ident not in seen.values()
print "ident matches:", all(names[seen[k]] == k for k in seen)
