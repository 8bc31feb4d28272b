# old syntax inside thread workers: except Exception, e / raise E, V / backticks / <> / 0777 / 10L
import thread
import time

results = {}
lock = thread.allocate_lock()

def parse(tag, text):
    try:
        if text <> text.strip():
            raise ValueError, "whitespace around " + `text`
        value = int(text, 0)
    except Exception, e:
        lock.acquire()
        print "parse", `tag`, "failed:", e
        results[tag] = None
        lock.release()
        return
    lock.acquire()
    print "parse %s -> %s (%s, %d)" % (`tag`, `value`, `[value, 0777]`, value * 10L)
    results[tag] = value
    lock.release()

jobs = [("a", "42"), ("b", " 7"), ("c", "0x1f"), ("d", "zz")]
for tag, text in jobs:
    thread.start_new_thread(parse, (tag, text))
    time.sleep(0.03)
while len(results) <> len(jobs):
    pass
print "parsed:", sorted(results.items())
