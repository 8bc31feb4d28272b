# issue 12, class 3: a server object's method keeps its thread alive with `while 1: pass`;
# it starts no thread itself, and main ends after the handler threads have answered.
import thread
import time

lock = thread.allocate_lock()
answered = []


class Server:
    def __init__(self, name):
        self.name = name

    def handle(self, request):
        lock.acquire()
        answered.append(request)
        print self.name, "answered", request
        lock.release()

    def serve_forever(self):
        while 1:
            pass


server = Server("srv")
thread.start_new_thread(server.serve_forever, ())
for request in range(3):
    thread.start_new_thread(server.handle, (request,))
    time.sleep(0.01)
while len(answered) < 3:
    time.sleep(0.01)
print "main done:", sorted(answered)
