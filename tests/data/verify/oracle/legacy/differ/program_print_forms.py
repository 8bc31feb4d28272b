# every print statement form, from a worker thread and from main
import sys
import thread
import time

done = []
log = sys.stdout

def report(name, values):
    time.sleep(0.05)
    print "report for", name
    print
    for v in values:
        print v,
    print
    print "sum:", sum(values),
    print "(%d values)" % len(values)
    print >>sys.stderr, "warning:", name, "has", len(values), "values"
    print >>sys.stderr
    print >> log, "logged", name,
    print >> log
    print ("tuple", name)
    print ("formatted %s") % name
    print "a", ; print "b"
    print "trailing comma then newline",
    print ""
    print "progress:",
    sys.stdout.write("50%\n")
    print "dir\t",
    print "tab-ended"
    print "newline-ended\n",
    print "next line"
    done.append(name)

thread.start_new_thread(report, ("first", [1, 2, 3]))
while not done: pass
print >>sys.stderr, "main done"
print "main",
print "exits"
