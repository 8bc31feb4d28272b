# issue 12, class 2: a flag set inside an `if` at a worker's end, and after an early return: not the last effect on every path
import thread
import time

done = {'sum': False, 'max': False}
out = thread.allocate_lock()


def summer(numbers):
    total = 0
    for n in numbers:
        total += n
    out.acquire()
    print "sum", total
    out.release()
    if total > 0:
        done['sum'] = True


def checker(numbers):
    if not numbers:
        return  # nothing to check (not taken here)
    out.acquire()
    print "max", max(numbers)
    out.release()
    done['max'] = True


def first():
    thread.start_new_thread(summer, ([1, 2, 3],))
    while not done['sum']:
        pass
    print "main saw the sum"


def second():
    thread.start_new_thread(checker, ([4, 5],))
    while not done['max']:
        pass
    print "main saw the max"


first()
second()
print "both:", sorted(done.items())
