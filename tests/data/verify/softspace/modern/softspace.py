# TEST DATA (threadmod verify): the Python 3 version of softspace/legacy/softspace.py.
import threading
import time


def other():
    print("other line")


def main():
    print("left", end=" ")
    t = threading.Thread(target=other)
    t.start()
    time.sleep(0.1)
    print("right")
    print("trail", end=" ")
    print()


main()
time.sleep(0.5)
