# thread.exit() called from nested helpers, and from a worker's own body
import thread
import time

lock = thread.allocate_lock()
finished = []

def say(msg):
    lock.acquire()
    print msg
    lock.release()

def check_limit(name, value, limit):
    if value > limit:
        say("%s: %d over limit %d, exiting" % (name, value, limit))
        finished.append(name)
        thread.exit()

def step(name, value, limit):
    check_limit(name, value, limit)
    say("%s: step %d" % (name, value))

def worker(name, limit):
    for value in range(5):
        time.sleep(0.02)
        step(name, value, limit)
    say("%s: completed all steps" % name)
    finished.append(name)
    thread.exit()

def quitter(name):
    time.sleep(0.05)
    say("%s: quitting early" % name)
    finished.append(name)
    thread.exit_thread()
    say("never printed")

thread.start_new_thread(worker, ("alpha", 10))
thread.start_new_thread(worker, ("beta", 2))
thread.start_new_thread(quitter, ("gamma",))

while len(finished) < 3:
    time.sleep(0.01)
print "finished:", sorted(finished)
