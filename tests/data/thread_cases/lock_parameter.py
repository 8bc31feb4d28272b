import thread, time

def worker(n, l):
    time.sleep(0.01 * n)
    l.acquire()
    print "worker", n
    l.release()

def main():
    lock = thread.allocate_lock()
    for i in range(3):
        thread.start_new_thread(worker, (i, lock))
    while 1:
        pass

if __name__ == "__main__":
    main()
