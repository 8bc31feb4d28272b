# workers started in a loop, then the classic endless sleep loop to keep the process alive
import thread
import time

stdout_lock = thread.allocate_lock()

def countdown(name, start):
    n = start
    while n > 0:
        stdout_lock.acquire()
        print "%s: %d" % (name, n)
        stdout_lock.release()
        n -= 1
        time.sleep(0.03)
    stdout_lock.acquire()
    print "%s: liftoff" % name
    stdout_lock.release()

def main():
    for i, name in enumerate(["apollo", "gemini", "mercury"]):
        thread.start_new_thread(countdown, (name, i + 2))
    while True:
        time.sleep(1)

if __name__ == "__main__":
    main()
