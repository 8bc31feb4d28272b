# issue 12, class 7: an if/else that starts different targets (a reader or a writer), then a counter poll
import thread

mode = "write"
done = 0
mutex = thread.allocate_lock()


def reader(n):
    global done
    for i in range(n):
        mutex.acquire()
        print "reader got", i
        mutex.release()
    mutex.acquire()
    done += 1
    mutex.release()


def writer(n):
    global done
    for i in range(n):
        mutex.acquire()
        print "writer put", i * 10
        mutex.release()
    mutex.acquire()
    done += 1
    mutex.release()


if mode == "read":
    thread.start_new_thread(reader, (3,))
else:
    thread.start_new_thread(writer, (2,))
thread.start_new_thread(reader, (1,))

while done < 2:
    pass
print "both done:", done
