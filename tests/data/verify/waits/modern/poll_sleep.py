# TEST DATA (threadmod verify): the Python 3 version of waits/legacy/poll_sleep.py.
import threading
import time

done = []


def work(k):
    time.sleep(0.3 * (k + 1))
    print("work", k, "done")
    done.append(k)


work_threads = []
for k in range(3):
    work_thread = threading.Thread(target=work, args=(k,))
    work_thread.start()
    work_threads.append(work_thread)
for work_thread in work_threads:
    work_thread.join()
print("all done")
