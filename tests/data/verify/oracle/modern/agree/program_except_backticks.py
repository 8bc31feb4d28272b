# old syntax inside thread workers: except Exception, e / raise E, V / backticks / <> / 0777 / 10L
import threading
import time

results = {}
lock = threading.Lock()

def parse(tag, text):
    try:
        if text != text.strip():
            raise ValueError("whitespace around " + repr(text))
        value = int(text, 0)
    except Exception as e:
        with lock:
            print("parse", repr(tag), "failed:", e)
            results[tag] = None
        return
    with lock:
        print("parse %s -> %s (%s, %d)" % (repr(tag), repr(value), repr([value, 0o777]), value * 10))
        results[tag] = value

jobs = [("a", "42"), ("b", " 7"), ("c", "0x1f"), ("d", "zz")]
parse_threads = []
for tag, text in jobs:
    parse_thread = threading.Thread(target=parse, args=(tag, text))
    parse_thread.start()
    parse_threads.append(parse_thread)
    time.sleep(0.03)
for parse_thread in parse_threads:
    parse_thread.join()
print("parsed:", sorted(results.items()))
