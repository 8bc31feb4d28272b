# workers started in a loop, then the classic endless sleep loop to keep the process alive
import threading
import time

stdout_lock = threading.Lock()

def countdown(name, start):
    n = start
    while n > 0:
        with stdout_lock:
            print("%s: %d" % (name, n))
        n -= 1
        time.sleep(0.03)
    with stdout_lock:
        print("%s: liftoff" % name)

def main():
    countdown_threads = []
    for i, name in enumerate(["apollo", "gemini", "mercury"]):
        countdown_thread = threading.Thread(target=countdown, args=(name, i + 2))
        countdown_thread.start()
        countdown_threads.append(countdown_thread)
    for countdown_thread in countdown_threads:
        countdown_thread.join()

if __name__ == "__main__":
    main()
