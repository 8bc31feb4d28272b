# issue 12, class 9: main holds a lock across a thread start, so the reader sees the state only once main has set it
import thread
import time

state = {"phase": "setup"}
lock = thread.allocate_lock()
done = []

def reader(name, delay):
    time.sleep(delay)
    lock.acquire()  # blocks while main holds it
    # main released the lock: the state is final
    print name, "reads", state["phase"]
    lock.release()
    done.append(name)

lock.acquire()  # hold the readers back
thread.start_new_thread(reader, ("first", 0))
thread.start_new_thread(reader, ("second", 0.05))
time.sleep(0.02)
state["phase"] = "ready"
print "main set the state"
lock.release()  # let them read

while len(done) < 2:
    time.sleep(0.01)
print "main done:", done
