# TEST DATA (threadmod verify): the Python 3 version of leaked/legacy/leaked.py (TM204 turns
# acquire/release into `with lock:`, so the exception releases the lock).
import threading
import time

lock = threading.Lock()


def bad():
    with lock:
        print("bad has the lock")
        raise ValueError("oops")


def good():
    time.sleep(0.1)
    with lock:
        print("good has the lock")


bad_thread = threading.Thread(target=bad)
bad_thread.start()
good_thread = threading.Thread(target=good)
good_thread.start()
bad_thread.join()
good_thread.join()
