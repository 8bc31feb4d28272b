# TEST DATA (threadmod verify): a Python 2 main that polls a list its threads append to as
# their last statement, sleeping between checks (TM202 turns the poll into joins), then prints.
import thread
import time

done = []


def work(k):
    time.sleep(0.3 * (k + 1))
    print "work", k, "done"
    done.append(k)


for k in range(3):
    thread.start_new_thread(work, (k,))
while len(done) < 3:
    time.sleep(0.25)
print "all done"
