# kwargs passed to start_new_thread; the main block spins at its end
import thread
import time

out = thread.allocate_lock()

def fetch(url, retries=1, delay=0.05, verbose=False):
    for attempt in range(retries):
        time.sleep(delay)
        if verbose:
            out.acquire()
            print "fetching %s (attempt %d)" % (url, attempt + 1)
            out.release()
    out.acquire()
    print "fetched %s after %d attempts" % (url, retries)
    out.release()

if __name__ == '__main__':
    jobs = [('http://a.example/', 2), ('http://b.example/', 1), ('http://c.example/', 3)]
    for url, n in jobs:
        thread.start_new_thread(fetch, (url,), {'retries': n, 'verbose': True, 'delay': 0.03})
    thread.start_new_thread(fetch, ('http://d.example/',), dict(delay=0.01))
    print "started", len(jobs) + 1, "fetchers"
    while 1:
        pass
