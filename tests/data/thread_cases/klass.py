import thread, threading, time
class Pump:
    def __init__(self, n):
        self.n = n
    def run(self):
        print "pump", self.n, threading.currentThread().getName() != None
    def go(self):
        thread.start_new_thread(self.run, ())
p = Pump(1)
p.go()
time.sleep(0.5)
print threading.activeCount()
while 1:
    pass
