# TEST DATA (threadmod verify): the Python 3 version of waits/legacy/sleep_forever.py.
import threading
import time


def work(n):
    for i in range(n):
        print("work", n, i)
        time.sleep(0.5)


work_threads = []
work_thread = threading.Thread(target=work, args=(2,))
work_thread.start()
work_threads.append(work_thread)
work_thread = threading.Thread(target=work, args=(3,))
work_thread.start()
work_threads.append(work_thread)
for work_thread in work_threads:
    work_thread.join()
