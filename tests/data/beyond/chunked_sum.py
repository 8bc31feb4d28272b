# Work split into chunks with integer division; a log written with file(), read back with mode rU, removed (os.errno).
import os
import tempfile
import threading

items = range(1, 101)
nthreads = 4
size = len(items) / nthreads
partial = [0] * nthreads


def add(index):
    start = index * size
    partial[index] = sum(items[start:start + size])


threads = [threading.Thread(target=add, args=(i,)) for i in range(nthreads)]
for t in threads:
    t.start()
for t in threads:
    t.join()

log = os.path.join(tempfile.mkdtemp(), "sums.log")
out = file(log, "w")
for i in range(nthreads):
    out.write("%d %d\n" % (i, partial[i]))
out.close()
print "chunk size:", size
print "middle item:", items[len(items) / 2]
for line in file(log, "rU"):
    print line.rstrip()
print "total:", sum(partial), "of", len(items) / size, "chunks"
os.remove(log)
try:
    os.remove(log)
except OSError, e:
    print "already removed:", e.errno == os.errno.ENOENT
