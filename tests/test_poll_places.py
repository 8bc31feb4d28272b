"""TM202 matches a poll with the threads' last statements by place (issue 12, class 2).

A poll becomes a join only when each thread's function, on every path, ends with a
statement that sets what the poll reads: the same variable, dict key, list index or
attribute, with the thread's parameters standing for what the start passed them.
Otherwise it keeps its condition and sleeps between checks.  (source, expected) tables,
TM202 alone (its input is what TM201 and TM204 write), each converted again unchanged.
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from threadmod.pipeline import convert_text

TM202 = frozenset({"TM202"})
HEAD = "import threading\nimport time\n"


def _case(source: str, expected: str) -> tuple[str, str]:
    return HEAD + dedent(source), HEAD + dedent(expected)


# A worker that reports `ready`, waits for main's gate, then reports `done`; main answers
# between its two polls.  {ready} and {done} are the two places, {arg} what the start passes.
def _handshake(ready: str, done: str, prologue: str = "", param: str = "", arg: str = "") -> tuple[str, str]:
    source = f"""\
        {prologue}gate = threading.Lock()
        def work({param}):
            {ready.format(s=param)} = True
            gate.acquire()
            gate.release()
            {done.format(s=param)} = True
        gate.acquire()
        t = threading.Thread(target=work{arg})
        t.start()
        while not {ready.format(s="state")}: pass
        gate.release()
        while not {done.format(s="state")}: pass
        print('done')
        """
    expected = f"""\
        {prologue}gate = threading.Lock()
        def work({param}):
            {ready.format(s=param)} = True
            gate.acquire()
            gate.release()
            {done.format(s=param)} = True
        gate.acquire()
        t = threading.Thread(target=work{arg})
        t.start()
        while not {ready.format(s="state")}:
            time.sleep(0.01)
        gate.release()
        t.join()
        print('done')
        """
    return _case(source, expected)


JOINS = [
    # dict keys: the poll on 'ready' stays, the poll on 'done' (the last statement) joins
    _handshake("state['ready']", "state['done']", prologue="state = {}\n        "),
    _handshake('{s}["ready"]', "{s}['done']", prologue="state = {}\n        ", param="s", arg=", args=(state,)"),
    # attributes, of an object passed to the thread
    _handshake("{s}.ready", "{s}.done", prologue="class State: pass\n        state = State()\n        ",
               param="s", arg=", args=(state,)"),
    # list indexes: a constant, or the parameter the start binds to one
    _handshake("state[0]", "state[1]", prologue="state = [0, 0]\n        "),
    _handshake("state[{s}]", "state[1]", prologue="state = [0, 0]\n        ", param="s", arg=", args=(0,)"),
    # the list of flags, one per thread: flags[i] with i what each start passed
    _case(
        """\
        flags = [False] * 3
        def work(i):
            print(i)
            flags[i] = True
        for i in range(3):
            t = threading.Thread(target=work, args=(i,))
            t.start()
        while False in flags: pass
        print('done')
        """,
        """\
        flags = [False] * 3
        def work(i):
            print(i)
            flags[i] = True
        t_threads = []
        for i in range(3):
            t = threading.Thread(target=work, args=(i,))
            t.start()
            t_threads.append(t)
        for t in t_threads:
            t.join()
        print('done')
        """,
    ),
    # ... polled one flag at a time, in main's own loop
    _case(
        """\
        flags = [False] * 3
        def work(i):
            flags[i] = True
        for i in range(3):
            t = threading.Thread(target=work, args=(i,))
            t.start()
        for i in range(3):
            while not flags[i]: pass
        """,
        """\
        flags = [False] * 3
        def work(i):
            flags[i] = True
        t_threads = []
        for i in range(3):
            t = threading.Thread(target=work, args=(i,))
            t.start()
            t_threads.append(t)
        for t in t_threads:
            t.join()
        """,
    ),
    # one lock per thread, acquired through a local alias as the last statement
    _case(
        """\
        locks = [threading.Lock() for i in range(2)]
        def work(i):
            lock = locks[i]
            lock.acquire()
        for i in range(2):
            t = threading.Thread(target=work, args=(i,))
            t.start()
        for lock in locks:
            while not lock.locked(): pass
        """,
        """\
        locks = [threading.Lock() for i in range(2)]
        def work(i):
            lock = locks[i]
            lock.acquire()
        t_threads = []
        for i in range(2):
            t = threading.Thread(target=work, args=(i,))
            t.start()
            t_threads.append(t)
        for t in t_threads:
            t.join()
        """,
    ),
    # d.get('done') reads d['done']; a last statement under `with` and before a bare return
    _case(
        """\
        status = {}
        lock = threading.Lock()
        def work():
            print('working')
            with lock:
                status['done'] = True
            return
        t = threading.Thread(target=work)
        t.start()
        while not status.get('done'): pass
        """,
        """\
        status = {}
        lock = threading.Lock()
        def work():
            print('working')
            with lock:
                status['done'] = True
            return
        t = threading.Thread(target=work)
        t.start()
        t.join()
        """,
    ),
    # a return inside a try still runs the finally that sets the flag
    _case(
        """\
        done = []
        def work(i):
            try:
                if i:
                    return
                print(i)
            finally:
                done.append(i)
        for i in range(2):
            t = threading.Thread(target=work, args=(i,))
            t.start()
        while len(done) < 2: pass
        """,
        """\
        done = []
        def work(i):
            try:
                if i:
                    return
                print(i)
            finally:
                done.append(i)
        t_threads = []
        for i in range(2):
            t = threading.Thread(target=work, args=(i,))
            t.start()
            t_threads.append(t)
        for t in t_threads:
            t.join()
        """,
    ),
    # states the poll waits through: `state = 1` does not end `while state != 2`
    _case(
        """\
        state = 0
        def work():
            global state
            state = 1
            time.sleep(0.01)
            state = 2
        t = threading.Thread(target=work)
        t.start()
        while state != 2: pass
        """,
        """\
        state = 0
        def work():
            global state
            state = 1
            time.sleep(0.01)
            state = 2
        t = threading.Thread(target=work)
        t.start()
        t.join()
        """,
    ),
    # self.ready and self.done of the class whose method starts the thread
    _case(
        """\
        class App:
            def work(self):
                self.ready = True
                time.sleep(0.01)
                self.done = True
            def main(self):
                self.ready = self.done = False
                t = threading.Thread(target=self.work)
                t.start()
                while not self.ready: pass
                print('ready')
                while not self.done: pass
                print('done')
        """,
        """\
        class App:
            def work(self):
                self.ready = True
                time.sleep(0.01)
                self.done = True
            def main(self):
                self.ready = self.done = False
                t = threading.Thread(target=self.work)
                t.start()
                while not self.ready:
                    time.sleep(0.01)
                print('ready')
                t.join()
                print('done')
        """,
    ),
    # a Thread subclass's own run(): self is the started object
    _case(
        """\
        class Worker(threading.Thread):
            def run(self):
                self.ready = True
                time.sleep(0.01)
                self.finished = True
        w = Worker()
        w.start()
        while not w.ready: pass
        while not w.finished: pass
        threading.Thread(target=print).start()
        """,
        """\
        class Worker(threading.Thread):
            def run(self):
                self.ready = True
                time.sleep(0.01)
                self.finished = True
        w = Worker()
        w.start()
        while not w.ready:
            time.sleep(0.01)
        w.join()
        threading.Thread(target=print).start()
        """,
    ),
]

# Polls that stay polls (with a sleep): `work` ends with ... on some path only, or sets
# what the poll reads earlier, or what it sets is another place.
KEPT_BODIES = [
    pytest.param("def work(n):\n    global done\n    print(n)\n    if n > 0:\n        done = True\n", id="set-in-an-if"),
    pytest.param("def work(n):\n    global done\n    if n < 0:\n        return\n    done = True\n", id="early-return"),
    pytest.param("def work(n):\n    global done\n    if n < 0:\n        raise ValueError(n)\n    done = True\n", id="raise"),
    pytest.param("import sys\ndef work(n):\n    global done\n    if n < 0:\n        sys.exit()\n    done = True\n", id="exit"),
    pytest.param("def work(n):\n    global done\n    for i in range(n):\n        done = True\n", id="set-in-a-loop"),
    pytest.param("def work(n):\n    global done\n    try:\n        done = True\n    except ValueError:\n        pass\n",
                 id="set-in-a-try"),
    pytest.param("def work(n):\n    done = True\n", id="a-local-done"),
    pytest.param("def work(n):\n    global ready\n    ready = True\n", id="another-variable"),
    pytest.param("def work(n):\n    global done\n    done = True\n    time.sleep(0.01)\n    done = True\n", id="set-earlier-too"),
    pytest.param("def work(n):\n    global done\n    done = False\n", id="a-value-that-does-not-end-it"),
]


@pytest.mark.parametrize(("source", "expected"), JOINS)
def test_poll_matched_by_place(source, expected):
    output = convert_text(source, codes=TM202)[0]
    assert output == expected
    assert convert_text(output, codes=TM202)[0] == output


@pytest.mark.parametrize("body", KEPT_BODIES)
def test_poll_kept_when_the_last_effect_is_not_proven(body):
    start = "done = False\n" + body + "t = threading.Thread(target=work, args=(1,))\nt.start()\n"
    source = HEAD + start + "while not done: pass\nprint('done')\n"
    expected = HEAD + start + "while not done:\n    time.sleep(0.01)\nprint('done')\nt.join()\n"
    output, diagnostics, _ = convert_text(source, codes=TM202)
    assert output == expected
    assert [d.code for d in diagnostics] == ["TM202"]
    assert convert_text(output, codes=TM202)[0] == output


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # keys and indexes that differ from what the poll reads
        _case(
            """\
            status = {}
            def work():
                status['done'] = True
            t = threading.Thread(target=work)
            t.start()
            while not status['ready']: pass
            """,
            """\
            status = {}
            def work():
                status['done'] = True
            t = threading.Thread(target=work)
            t.start()
            while not status['ready']:
                time.sleep(0.01)
            t.join()
            """,
        ),
        _case(
            """\
            flags = [0, 0]
            def work(i):
                flags[i] = 1
            t = threading.Thread(target=work, args=(0,))
            t.start()
            while not flags[1]: pass
            """,
            """\
            flags = [0, 0]
            def work(i):
                flags[i] = 1
            t = threading.Thread(target=work, args=(0,))
            t.start()
            while not flags[1]:
                time.sleep(0.01)
            t.join()
            """,
        ),
        # an attribute of another object
        _case(
            """\
            class State: pass
            a, b = State(), State()
            def work(s):
                s.done = True
            t = threading.Thread(target=work, args=(b,))
            t.start()
            while not a.done: pass
            """,
            """\
            class State: pass
            a, b = State(), State()
            def work(s):
                s.done = True
            t = threading.Thread(target=work, args=(b,))
            t.start()
            while not a.done:
                time.sleep(0.01)
            t.join()
            """,
        ),
    ],
)
def test_other_places_keep_the_poll(source, expected):
    output = convert_text(source, codes=TM202)[0]
    assert output == expected
    assert convert_text(output, codes=TM202)[0] == output


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("def work():\n    status['ready'] = True\n    status['done'] = True\n",
         "the last statement of `work` does not set `status['ready']`"),
        ("work = lambda: status.update(ready=True)\n",
         "the thread runs `work`, code threadmod does not read"),
        ("def work():\n    if status:\n        status['ready'] = True\n",
         "`work` may end without setting `status['ready']`: its last statement is not run on every path"),
        ("def work():\n    if not status:\n        return\n    status['ready'] = True\n",
         "`work` may return, raise or exit before its last statement sets `status['ready']`"),
        ("def work():\n    status['ready'] = 1\n    time.sleep(0.01)\n    status['ready'] = 2\n",
         "`work` also sets `status['ready']` before its last statement, so the poll may end while the thread still runs"),
        ("def work():\n    status['ready'] = 0\n",
         "the last statement of `work` sets `status['ready']` to `0`, which does not end the poll"),
    ],
)
def test_the_diagnostic_says_why_the_poll_stays(body, why):
    source = HEAD + "status = {}\n" + body + "t = threading.Thread(target=work)\nt.start()\nwhile not status['ready']: pass\n"
    diagnostics = convert_text(source, codes=TM202)[1]
    assert len(diagnostics) == 1
    assert f"when this poll ends ({why}); it now sleeps between checks" in diagnostics[0].message


def test_python2_handshake_on_dict_keys():
    # The whole pipeline on the legacy form: the worker sets one key, waits for main, sets another.
    source = (
        "import thread\nimport time\nstatus = {'ready': False, 'done': False}\ngate = thread.allocate_lock()\n"
        "def worker():\n    status['ready'] = True\n    gate.acquire()\n    gate.release()\n    status['done'] = True\n"
        "gate.acquire()\nthread.start_new_thread(worker, ())\nwhile not status['ready']: pass\n"
        "gate.release()\nwhile not status['done']: pass\nprint 'done'\n"
    )
    output = convert_text(source)[0]
    # main's gate.acquire() ... gate.release() is a go signal around the start: no `with` (TM204)
    assert "\nwhile not status['ready']:\n    time.sleep(0.01)\ngate.release()\n" in output
    assert output.endswith("worker_thread.join()\nprint('done')\n")


def test_lock_per_worker_waited_for_by_acquiring_it():
    # Issue 12, class 6 in a loop: a join dropped the acquires, and main's later releases raised.
    source = HEAD + dedent("""\
        locks = [threading.Lock() for i in range(2)]
        for l in locks:
            l.acquire()
        def work(i):
            locks[i].release()
        for i in range(2):
            t = threading.Thread(target=work, args=(i,))
            t.start()
        for l in locks:
            while not l.acquire(0): pass
        for l in locks:
            l.release()
        """)
    output = convert_text(source, codes=TM202)[0]
    assert "\nfor l in locks:\n    l.acquire()\nfor l in locks:\n    l.release()\n" in output
    assert output.endswith("for t in t_threads:\n    t.join()\n")  # joined at the end, after main's releases
    assert convert_text(output, codes=TM202)[0] == output


def test_a_poll_that_acquires_in_its_test_is_no_join():
    source = HEAD + dedent("""\
        lock = threading.Lock()
        lock.acquire()
        stop = False
        def work():
            lock.release()
        t = threading.Thread(target=work)
        t.start()
        while not lock.acquire(0) and not stop: pass
        lock.release()
        """)
    output, diagnostics, _ = convert_text(source, codes=TM202)
    assert "while not lock.acquire(0) and not stop:\n    time.sleep(0.01)\nlock.release()\n" in output
    assert "its test acquires `lock`, which main then holds: a join would not" in diagnostics[0].message
