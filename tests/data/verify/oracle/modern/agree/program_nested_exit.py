# thread.exit() called from nested helpers, and from a worker's own body
import threading
import time
import sys

lock = threading.Lock()
finished = []

def say(msg):
    with lock:
        print(msg)

def check_limit(name, value, limit):
    if value > limit:
        say("%s: %d over limit %d, exiting" % (name, value, limit))
        finished.append(name)
        sys.exit()

def step(name, value, limit):
    check_limit(name, value, limit)
    say("%s: step %d" % (name, value))

def worker(name, limit):
    for value in range(5):
        time.sleep(0.02)
        step(name, value, limit)
    say("%s: completed all steps" % name)
    finished.append(name)

def quitter(name):
    time.sleep(0.05)
    say("%s: quitting early" % name)
    finished.append(name)
    return
    say("never printed")

worker_thread = threading.Thread(target=worker, args=("alpha", 10))
worker_thread.start()
worker_thread2 = threading.Thread(target=worker, args=("beta", 2))
worker_thread2.start()
quitter_thread = threading.Thread(target=quitter, args=("gamma",))
quitter_thread.start()

while len(finished) < 3:
    time.sleep(0.01)
print("finished:", sorted(finished))
worker_thread.join()
worker_thread2.join()
quitter_thread.join()
