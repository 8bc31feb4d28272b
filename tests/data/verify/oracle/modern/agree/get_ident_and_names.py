import _thread, threading, time
def w(i):
    print("worker", i, _thread.get_ident() != 0)
    print(threading.current_thread().name.startswith("Thread") or "dummy")
for i in range(2):
    threading.Thread(target=w, args=(i,)).start()
time.sleep(0.5)
print(threading.current_thread().name)
