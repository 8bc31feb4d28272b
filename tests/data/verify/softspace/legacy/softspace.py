# TEST DATA (threadmod verify): Python 2 print statements whose softspace crosses threads.
# A real Python 2 run prints "left other line" and "right": the other thread's print lands
# between main's "left", and its newline and starts with a space.
import thread
import time


def other():
    print "other line"


def main():
    print "left",
    thread.start_new_thread(other, ())
    time.sleep(0.1)
    print "right"
    print "trail",
    print


main()
time.sleep(0.5)
