# threading's camelCase API from Python 2: currentThread, getName, setName, isAlive,
# setDaemon, isDaemon, activeCount
import threading
import time

def worker(delay):
    me = threading.current_thread()
    time.sleep(delay)
    print("%s slept %.2f (daemon=%s)" % (me.name, delay, me.daemon))

print("main is", threading.current_thread().name)
print("active before:", threading.active_count())
threads = []
for i in range(3):
    t = threading.Thread(target=worker, args=(0.1 * (i + 1),))
    t.name = "worker-%d" % i
    t.daemon = i == 2
    threads.append(t)
t_threads = []
for t in threads:
    t.start()
    t_threads.append(t)
print("active after start:", threading.active_count())
for t in t_threads:
    t.join()
for t in threads:
    print(t.name, "alive:", t.is_alive())
print("active at end:", threading.active_count())
