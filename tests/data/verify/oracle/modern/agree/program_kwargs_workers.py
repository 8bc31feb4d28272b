# kwargs passed to start_new_thread; the main block spins at its end
import threading
import time

out = threading.Lock()

def fetch(url, retries=1, delay=0.05, verbose=False):
    for attempt in range(retries):
        time.sleep(delay)
        if verbose:
            with out:
                print("fetching %s (attempt %d)" % (url, attempt + 1))
    with out:
        print("fetched %s after %d attempts" % (url, retries))

if __name__ == '__main__':
    jobs = [('http://a.example/', 2), ('http://b.example/', 1), ('http://c.example/', 3)]
    fetch_threads = []
    for url, n in jobs:
        fetch_thread = threading.Thread(target=fetch, args=(url,), kwargs={'retries': n, 'verbose': True, 'delay': 0.03})
        fetch_thread.start()
        fetch_threads.append(fetch_thread)
    fetch_thread2 = threading.Thread(target=fetch, args=('http://d.example/',), kwargs=dict(delay=0.01))
    fetch_thread2.start()
    print("started", len(jobs) + 1, "fetchers")
    for fetch_thread in fetch_threads:
        fetch_thread.join()
    fetch_thread2.join()
