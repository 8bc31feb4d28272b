# thread identifiers: thread.get_ident() and get_ident(), the value start_new_thread returns, from-imports
import threading
import time

names = {}
seen = {}
lock = threading.Lock()

def worker(label):
    time.sleep(0.2)
    me = threading.get_ident()
    with lock:
        print("%s runs in thread %d (known as %s)" % (label, me, names.get(me)))
        seen[label] = me

main_ident = threading.get_ident()
print("main thread ident:", main_ident)
worker_threads = []
for label in ("red", "green", "blue"):
    worker_thread = threading.Thread(target=worker, args=(label,))
    worker_thread.start()
    worker_threads.append(worker_thread)
    tid = worker_thread.ident
    names[tid] = label
    print("started", label, "as", tid)
for worker_thread in worker_threads:
    worker_thread.join()
print("idents distinct:", len(set(seen.values())) == 3)
print("main ident differs:", main_ident not in seen.values())
print("ident matches:", all(names[seen[k]] == k for k in seen))
