# issue 12, class 2: polls on self.ready and self.done of an object whose worker sets ready, waits for main, then sets done
import thread
import time


class Job:
    def __init__(self, name):
        self.name = name
        self.ready = False
        self.done = False
        self.gate = thread.allocate_lock()
        self.result = None

    def work(self):
        self.ready = True
        self.gate.acquire()  # main holds it until it has seen ready
        self.result = len(self.name) * 10
        self.gate.release()
        self.done = True

    def run(self):
        self.gate.acquire()
        thread.start_new_thread(self.work, ())
        while not self.ready:
            pass
        print self.name, "ready:", self.ready, "done:", self.done
        self.gate.release()
        while not self.done:
            pass
        print self.name, "result:", self.result


Job("alpha").run()
