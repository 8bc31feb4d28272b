# bound methods as thread targets, started from inside a class
import thread
import time

class Pinger:
    output = thread.allocate_lock()

    def __init__(self, name, times, delay):
        self.name = name
        self.times = times
        self.delay = delay
        self.sent = 0

    def start(self):
        thread.start_new_thread(self.run, ())

    def run(self):
        for i in range(self.times):
            time.sleep(self.delay)
            self.sent += 1
            self.output.acquire()
            print "%s ping %d" % (self.name, self.sent)
            self.output.release()

class Power:
    def __init__(self, i):
        self.i = i
    def action(self):
        time.sleep(0.2)
        print "power", self.i ** 32

pingers = [Pinger("p1", 3, 0.02), Pinger("p2", 2, 0.05)]
for p in pingers:
    p.start()
obj = Power(2)
thread.start_new_thread(obj.action, ())
time.sleep(0.5)
print "sent:", [p.sent for p in pingers]
