# Python 2 source kept in strings and run with exec inside threads
import threading
import time

TEMPLATE = """
total = 0
for x in values:
    total += x
print('exec block for', name, 'total', total)
"""

done = []

def run_script(name, values, delay):
    time.sleep(delay)
    ns = {'name': name, 'values': values}
    exec(TEMPLATE, ns)
    exec("print('inline exec for %s' % name)", ns)
    exec(compile("print('compiled exec result', total * 2)", "<script>", "exec"), ns)
    done.append(name)

run_script_thread = threading.Thread(target=run_script, args=("first", [1, 2, 3], 0.02))
run_script_thread.start()
run_script_thread2 = threading.Thread(target=run_script, args=("second", range(5), 0.08))
run_script_thread2.start()
run_script_thread.join()
run_script_thread2.join()
print("scripts run:", sorted(done))
