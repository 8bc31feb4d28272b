# Python 2 source kept in strings and run with exec inside threads
import thread
import time

TEMPLATE = """
total = 0
for x in values:
    total += x
print 'exec block for', name, 'total', total
"""

done = []

def run_script(name, values, delay):
    time.sleep(delay)
    ns = {'name': name, 'values': values}
    exec TEMPLATE in ns
    exec "print 'inline exec for %s' % name" in ns
    exec compile("print 'compiled exec result', total * 2", "<script>", "exec") in ns
    done.append(name)

thread.start_new_thread(run_script, ("first", [1, 2, 3], 0.02))
thread.start_new_thread(run_script, ("second", range(5), 0.08))
while len(done) < 2: pass
print "scripts run:", sorted(done)
