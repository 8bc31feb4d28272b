# issue 12, class 4: `while threading.activeCount() > 1: pass` counted daemon threads too;
# a join of only the non-daemon ones lost the daemons' output.
import threading
import time

lock = threading.Lock()


def work(name, delay):
    time.sleep(delay)
    lock.acquire()
    print name, "finished"
    lock.release()


for name, delay in [("daemon-a", 0.05), ("daemon-b", 0.08)]:
    t = threading.Thread(target=work, args=(name, delay))
    t.setDaemon(True)
    t.start()
plain = threading.Thread(target=work, args=("plain", 0.01))
plain.start()

while threading.activeCount() > 1:
    pass
print "main: every thread finished"
