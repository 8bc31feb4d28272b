# bound methods as thread targets, started from inside a class
import threading
import time

class Pinger:
    output = threading.Lock()

    def __init__(self, name, times, delay):
        self.name = name
        self.times = times
        self.delay = delay
        self.sent = 0

    def start(self):
        run_thread = threading.Thread(target=self.run)
        run_thread.start()

    def run(self):
        for i in range(self.times):
            time.sleep(self.delay)
            self.sent += 1
            with self.output:
                print("%s ping %d" % (self.name, self.sent))

class Power:
    def __init__(self, i):
        self.i = i
    def action(self):
        time.sleep(0.2)
        print("power", self.i ** 32)

pingers = [Pinger("p1", 3, 0.02), Pinger("p2", 2, 0.05)]
for p in pingers:
    p.start()
obj = Power(2)
action_thread = threading.Thread(target=obj.action)
action_thread.start()
time.sleep(0.5)
print("sent:", [p.sent for p in pingers])
action_thread.join()
