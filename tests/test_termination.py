"""Whether a thread ends (codemods/termination.py), and what TM201 and TM202 do with it
(issue 12, classes 1, 3, 4 and 5): tables of (source, expected)."""

from __future__ import annotations

import libcst as cst
import pytest

from threadmod.codemods.termination import ENDS, FOREVER, UNKNOWN, Termination
from threadmod.pipeline import convert_text

# (the module, the function asked about, its termination)
FUNCTIONS = [
    ("def f(n):\n    for i in range(n):\n        print(i)\n", "f", ENDS),
    ("def f(n):\n    i = 0\n    while i < n:\n        i += 1\n", "f", ENDS),
    ("def f():\n    while True:\n        x = step()\n        if x > 3:\n            break\n", "f", ENDS),
    # a statement after the loop changes nothing
    ("def f():\n    while True:\n        serve()\n    print('never')\n", "f", FOREVER),
    ("def f():\n    while 1:\n        try:\n            serve()\n        except IOError:\n            pass\n", "f", FOREVER),
    # the endless loop is in a function it calls
    ("def pump():\n    while 1:\n        tick()\ndef f(name):\n    print(name)\n    pump()\n", "f", FOREVER),
    # its exit reads another thread's state
    ("def f():\n    while True:\n        if stop():\n            return\n", "f", UNKNOWN),
    ("def f():\n    while not done:\n        step()\n", "f", UNKNOWN),
    ("def f(self):\n    while self.running:\n        step()\n", "f", UNKNOWN),
    ("def f(flags, i):\n    while not flags[i]:\n        pass\n", "f", UNKNOWN),
    ("def f(sock):\n    data = sock.recv(1024)\n    print(data)\n", "f", UNKNOWN),
    ("def f(q):\n    item = q.get()\n", "f", UNKNOWN),
    ("def f(q):\n    item = q.get(timeout=1)\n", "f", ENDS),
    ("def f(d):\n    item = d.get('key')\n", "f", ENDS),
    ("def f(event):\n    event.wait()\n", "f", UNKNOWN),
    ("def f(event):\n    event.wait(0.5)\n", "f", ENDS),
    ("def f():\n    line = raw_input()\n", "f", UNKNOWN),
    ("def f(parts):\n    return ', '.join(parts)\n", "f", ENDS),
    ("def f(t):\n    t.join()\n", "f", UNKNOWN),
    # an acquire it releases is a critical section; one it does not is a signal
    ("def f(lock):\n    lock.acquire()\n    work()\n    lock.release()\n", "f", ENDS),
    ("def f(lock):\n    with lock:\n        work()\n", "f", ENDS),
    ("def f(gate):\n    gate.acquire()\n    work()\n", "f", UNKNOWN),
    ("def f(sock):\n    for chunk in iter(sock.recv, ''):\n        print(chunk)\n", "f", UNKNOWN),
    ("def gen():\n    while True:\n        yield 1\ndef f():\n    for x in gen():\n        print(x)\n", "f", UNKNOWN),
    ("def gen(n):\n    a = 0\n    while a < n:\n        yield a\n        a += 1\n"
     "def f():\n    for x in gen(3):\n        print(x)\n", "f", ENDS),
    ("def f(n):\n    if n:\n        f(n - 1)\n", "f", ENDS),  # recursion is taken to end
    ("def f():\n    while True:\n        time.sleep(1)\n        if check():\n            sys.exit(0)\n", "f", UNKNOWN),
]


@pytest.mark.parametrize(("source", "name", "expected"), FUNCTIONS)
def test_termination_of_a_function(source, name, expected):
    termination = Termination(cst.parse_module(source))
    assert termination.of_target(cst.Name(name)) == expected


def test_unresolved_targets_are_unknown():
    termination = Termination(cst.parse_module("import time\nclass A:\n    def run(self):\n        pass\n"))
    assert termination.of_target(cst.parse_expression("time.sleep")) == UNKNOWN
    assert termination.of_target(cst.parse_expression("imported")) == UNKNOWN
    assert termination.of_target(cst.parse_expression("self.run")) == ENDS
    assert termination.of_class("A") == ENDS
    assert termination.of_class("Missing") == UNKNOWN


# Whole conversions: (legacy source, what the output must contain, what it must not)
CONVERSIONS = [
    # class 1: a worker that runs for ever is a daemon and not joined at main's end
    (
        "import thread\ndef serve():\n    while True:\n        handle()\n    print 'never'\n"
        "thread.start_new_thread(serve, ())\nprint 'main done'\n",
        ["threading.Thread(target=serve, daemon=True)"],
        [".join()"],
    ),
    # class 1: one not proven to end keeps main's last sleep
    (
        "import thread, time\ndef wait_for(q):\n    print q.get()\nthread.start_new_thread(wait_for, (q,))\ntime.sleep(1)\n",
        ["daemon=True", "time.sleep(1)"],
        [".join()"],
    ),
    # ... and one that ends is joined for it
    (
        "import thread, time\ndef count(n):\n    for i in range(n):\n        print i\n"
        "thread.start_new_thread(count, (3,))\ntime.sleep(1)\n",
        ["count_thread.join()"],
        ["daemon", "time.sleep(1)"],
    ),
    # an endless wait with a thread that runs for ever waits for ever, without spinning
    (
        "import thread\ndef serve():\n    while 1:\n        handle()\ndef once():\n    print 1\n"
        "thread.start_new_thread(serve, ())\nthread.start_new_thread(once, ())\nwhile 1:\n    pass\n",
        ["threading.Event().wait()"],
        [".join()", "while 1:\n    pass"],
    ),
    # an endless wait for threads not proven to end joins them, daemons too
    (
        "import thread\ndef wait_for(q):\n    print q.get()\nthread.start_new_thread(wait_for, (q,))\nwhile 1:\n    pass\n",
        ["daemon=True", "wait_for_thread.join()"],
        ["while"],
    ),
    # a poll of a counter a thread that runs for ever raises is no join (it would never return)
    (
        "import thread, time\ncounter = 0\ndef spin():\n    global counter\n    while True:\n        counter += 1\n"
        "        time.sleep(0)\nthread.start_new_thread(spin, ())\nwhile counter < 100:\n    time.sleep(0.01)\nprint 'exiting'\n",
        ["daemon=True", "while counter < 100:\n    time.sleep(0.01)\n"],
        [".join()"],
    ),
    # class 3: a keep-alive in a function that starts no thread stays (sleep) or waits (spin)
    (
        "import thread, time\ndef idle():\n    while True:\n        time.sleep(1)\n"
        "def work():\n    print 'up'\n    idle()\nthread.start_new_thread(work, ())\ntime.sleep(0.1)\n",
        ["    while True:\n        time.sleep(1)\n", "time.sleep(0.1)"],
        ["enumerate", ".join()"],
    ),
    (
        "import thread\nclass Server:\n    def serve_forever(self):\n        while 1:\n            pass\n"
        "thread.start_new_thread(Server().serve_forever, ())\n",
        ["        threading.Event().wait()\n", "daemon=True"],
        ["enumerate", ".join()"],
    ),
    # class 3: daemon workers and a keep-alive: joins of them (never the end at once)
    (
        "import threading, time\nt = threading.Thread(target=work)\nt.setDaemon(True)\nt.start()\n"
        "while True:\n    time.sleep(1)\n",
        ["t.daemon = True\nt.start()\nt.join()\n"],
        ["while"],
    ),
    # class 3: a module that makes no thread keeps its keep-alive
    ("import time\nimport signals_elsewhere\nwhile True:\n    time.sleep(1)\n", ["while True:\n    time.sleep(1)\n"], ["join"]),
    # class 4: active_count() > 1 counted daemons too
    (
        "import threading\nd = threading.Thread(target=work)\nd.setDaemon(True)\nd.start()\n"
        "while threading.activeCount() > 1:\n    pass\n",
        ["d.start()\nd.join()\n"],
        ["while"],
    ),
    (
        "import threading\ndef go():\n    threading.Thread(target=work).start()\ngo()\n"
        "while len(threading.enumerate()) > 1:\n    pass\n",
        ["if thread is not threading.current_thread():\n        thread.join()"],
        ["daemon", "while len"],
    ),
    # class 4: another count keeps its poll
    (
        "import threading\nt = threading.Thread(target=work)\nt.start()\nwhile threading.activeCount() > 2:\n    pass\n",
        # (t is no daemon: threading waits for it at exit, so it is joined at the end)
        ["while threading.active_count() > 2:\n    time.sleep(0.01)\nt.join()\n"],
        ["enumerate"],
    ),
    # class 5: an interruptible wait stays a loop
    (
        "import thread, time\ndef work():\n    print 1\nthread.start_new_thread(work, ())\n"
        "try:\n    while 1:\n        time.sleep(.1)\nexcept KeyboardInterrupt:\n    print 'stopped'\nprint 'bye'\n",
        ["try:\n    while 1:\n        time.sleep(.1)\nexcept KeyboardInterrupt:\n"],
        ["Event", ".join()"],
    ),
    (
        "import thread\ndef work():\n    thread.interrupt_main()\nthread.start_new_thread(work, ())\n"
        "try:\n    while True: pass\nexcept:\n    print 'interrupted'\n",
        ["    while True:\n        time.sleep(0.01)\n", "_thread.interrupt_main()"],
        ["Event", ".join()"],
    ),
]


@pytest.mark.parametrize(("source", "present", "absent"), CONVERSIONS)
def test_conversion_keeps_what_python2_did(source, present, absent):
    output = convert_text(source)[0]
    for text in present:
        assert text in output, output
    for text in absent:
        assert text not in output, output
    assert convert_text(output)[0] == output
