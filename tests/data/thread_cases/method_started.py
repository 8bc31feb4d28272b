import thread, time

class Ticker:
    def __init__(self, name, count):
        self.name = name
        self.count = count
        self.done = False
        thread.start_new_thread(self.tick, ())

    def tick(self):
        for i in range(self.count):
            print self.name, i
            time.sleep(0.01)
        self.done = True

t1 = Ticker("a", 2)
t2 = Ticker("b", 3)
while not (t1.done and t2.done):
    pass
print "both done"
