# every print statement form, from a worker thread and from main
import sys
import threading
import time

done = []
log = sys.stdout

def report(name, values):
    time.sleep(0.05)
    print("report for", name)
    print()
    for v in values:
        print(v, end=' ')
    print()
    print("sum:", sum(values), end=' ')
    print("(%d values)" % len(values))
    print("warning:", name, "has", len(values), "values", file=sys.stderr)
    print(file=sys.stderr)
    print("logged", name, end=' ', file=log)
    print(file=log)
    print(("tuple", name))
    print(("formatted %s") % name)
    print("a", end=' ') ; print("b")
    print("trailing comma then newline", end=' ')
    print("")
    print("progress:", end=' ')
    sys.stdout.write("50%\n")
    print("dir\t", end='')
    print("tab-ended")
    print("newline-ended\n", end='')
    print("next line")
    done.append(name)

report_thread = threading.Thread(target=report, args=("first", [1, 2, 3]))
report_thread.start()
report_thread.join()
print("main done", file=sys.stderr)
print("main", end=' ')
print("exits")
