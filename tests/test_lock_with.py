"""TM204 (lock-with): which acquire ... release pairs become `with`, and that every comment and
blank line of a rewrite stays (issue 12, class 9: signal locks as critical sections)."""

from __future__ import annotations

import re

import pytest

from threadmod.pipeline import convert_text

TM204 = frozenset({"TM204"})


def lock_with(source: str) -> tuple[str, list[str]]:
    """TM204 alone: the output (checked to convert to itself again) and TM204's diagnostics."""
    output, diagnostics, _applied = convert_text(source, codes=TM204)
    assert convert_text(output, codes=TM204)[0] == output
    return output, [f"{d.line}:{d.col} {d.message}" for d in diagnostics if d.code == "TM204"]


def comments(text: str) -> list[str]:
    return re.findall(r"#.*", text)


def whitespace_only(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.strip()]


# -- comments and blank lines ----------------------------------------------------------------

STRAIGHT = """\
import threading
lock = threading.Lock()

# before the acquire
lock.acquire()  # enter

# between, first
count += 1
if count:
    count += 2

    # inside the if
    count += 3
# before the release
lock.release()  # leave
# after the release
done = True
"""

STRAIGHT_CONVERTED = """\
import threading
lock = threading.Lock()

# before the acquire
with lock:  # enter

    # between, first
    count += 1
    if count:
        count += 2

        # inside the if
        count += 3
    # before the release
    # leave
# after the release
done = True
"""

TRY_FINALLY = """\
import threading
lock = threading.Lock()
lock.acquire()  # enter
# before try

try:  # on try
    count += 1
    # end of the try body

# before finally
finally:  # on finally
    # before the release
    lock.release()  # leave
    # after the release
# after all
done = True
"""

TRY_FINALLY_CONVERTED = """\
import threading
lock = threading.Lock()
with lock:  # enter
    # before try

    # on try
    count += 1
    # end of the try body

    # before finally
    # on finally
    # before the release
    # leave
    # after the release
# after all
done = True
"""

TRY_EXCEPT_FINALLY = """\
import threading
lock = threading.Lock()
def f():
    lock.acquire()  # enter
    # before try
    try:  # on try
        work()
    except IOError:  # on except
        pass
    # before finally
    finally:  # on finally
        lock.release()  # leave
    return 1
"""

TRY_EXCEPT_FINALLY_CONVERTED = """\
import threading
lock = threading.Lock()
def f():
    with lock:  # enter
        # before try
        try:  # on try
            work()
        except IOError:  # on except
            pass
        # before finally
        # on finally
        # leave
    return 1
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [(STRAIGHT, STRAIGHT_CONVERTED), (TRY_FINALLY, TRY_FINALLY_CONVERTED), (TRY_EXCEPT_FINALLY, TRY_EXCEPT_FINALLY_CONVERTED)],
    ids=["straight", "try-finally", "try-except-finally"],
)
def test_every_comment_and_blank_line_of_a_rewrite_stays(source, expected):
    output, diagnostics = lock_with(source)
    assert output == expected
    assert not diagnostics
    assert comments(output) == comments(source)  # none dropped, in their order
    assert output.count("\n\n") == source.count("\n\n")  # every blank line, no more
    assert not whitespace_only(output)


def test_the_release_comment_follows_the_code_in_a_function():
    source = (
        "import threading\nlock = threading.Lock()\n"
        "def f():\n    lock.acquire()\n    x = 1\n    lock.release()  # once\n    return x\n"
    )
    output, _ = lock_with(source)
    assert output.endswith("def f():\n    with lock:\n        x = 1\n        # once\n    return x\n")


def test_whitespace_only_lines_keep_their_bytes():
    # A blank line at module level and a line of spaces in a function body: libcst writes
    # them at the indentation of their block, which the move deepens.
    source = (
        "import threading\nlock = threading.Lock()\nlock.acquire()\na = 1\n\nb = 2\nlock.release()\n"
        "def f():\n    lock.acquire()\n    for x in xs:\n        a = 1\n        \n        b = 2\n    lock.release()\n"
    )
    output, _ = lock_with(source)
    assert "with lock:\n    a = 1\n\n    b = 2\n" in output
    assert "    with lock:\n        for x in xs:\n            a = 1\n        \n            b = 2\n" in output


def test_a_try_body_keeps_its_own_indentation():
    source = "import threading\nlock = threading.Lock()\nlock.acquire()\ntry:\n\tx = 1\n\t\n\ty = 2\nfinally:\n\tlock.release()\n"
    output, _ = lock_with(source)
    assert output == "import threading\nlock = threading.Lock()\nwith lock:\n\tx = 1\n\t\n\ty = 2\n"


# -- what is left: signal locks -------------------------------------------------------------

GO_GATE = """\
import thread, time

gate = thread.allocate_lock()
gate.acquire()  # hold the gate until main says go

# the worker waits for the gate
def worker(n):
    gate.acquire()
    gate.release()
    print "worker", n


thread.start_new_thread(worker, (1,))
time.sleep(0.1)
# open the gate
gate.release()
time.sleep(0.1)
print "main done"
"""


def test_the_go_signal_of_the_issue_stays_as_written():
    output = convert_text(GO_GATE)[0]
    assert "\ngate.acquire()  # hold the gate until main says go\n\n# the worker waits for the gate\ndef worker(n):\n" in output
    assert "    gate.acquire()\n    gate.release()\n" in output
    assert "# open the gate\ngate.release()\n" in output
    assert "with gate" not in output and not whitespace_only(output)
    assert comments(output) == comments(GO_GATE)
    assert convert_text(output)[0] == output


def with_lock_between(*statements: str, before: str = "") -> str:
    return "import threading\nimport thread\nlock = threading.Lock()\n" + before + "lock.acquire()\n" + "".join(
        s + "\n" for s in statements
    ) + "lock.release()\n"


LEFT = {
    "def-between": with_lock_between("def f():", "    return 1", "x = f()"),
    "class-between": with_lock_between("class C:", "    pass"),
    "def-in-an-if-between": with_lock_between("if x:", "    def f():", "        pass"),
    "start_new_thread-between": with_lock_between("thread.start_new_thread(run, ())", "ready = True"),
    "start_new-between": with_lock_between("thread.start_new(run, ())", "ready = True"),
    "Thread-start-between": with_lock_between("threading.Thread(target=run).start()", "ready = True"),
    # As TM201 writes a start, on a name the model proves a Thread: a second pass leaves it too.
    "proven-thread-start-between": with_lock_between(
        "run_thread.start()", "ready = True", before="run_thread = threading.Thread(target=run)\n"
    ),
    "start-in-a-loop-between": with_lock_between("for i in range(3):", "    thread.start_new_thread(run, (i,))"),
    "a-function-that-starts-a-thread-between": with_lock_between(
        "spawn()", "ready = True", before="def spawn():\n    threading.Thread(target=run).start()\n"
    ),
    "a-function-that-calls-one-that-starts-between": with_lock_between(
        "pool.launch()",
        before="def spawn():\n    thread.start_new_thread(run, ())\ndef launch(self):\n    spawn()\n",
    ),
    "a-wait-on-the-lock": with_lock_between(),
    # A thread started earlier waits on the lock (its pair would be `with lock: pass`):
    # main's pair is a go signal, the worker's a wait.
    "a-worker-waits-on-it": with_lock_between(
        "ready = True",
        before="def run():\n    lock.acquire()\n    lock.release()\n    work()\nthread.start_new_thread(run, ())\n",
    ),
    # A worker takes the lock and keeps it: main's release lets it go on.
    "a-worker-acquires-it-and-keeps-it": with_lock_between(
        "ready = True",
        before="def run():\n    lock.acquire()\n    work()\nthreading.Thread(target=run).start()\n",
    ),
    "a-thread-subclass-waits-on-it": with_lock_between(
        "ready = True",
        before="class Worker(threading.Thread):\n    def run(self):\n        lock.acquire()\n        lock.release()\n",
    ),
    # Released by a function that never acquires it: the lock main waits on.
    "a-function-releases-it": with_lock_between("print('waiting')", before="def run():\n    lock.release()\n"),
}


@pytest.mark.parametrize("source", LEFT.values(), ids=LEFT.keys())
def test_a_lock_used_as_a_signal_is_left_silently(source):
    output, diagnostics = lock_with(source)
    assert output == source
    assert not diagnostics  # the legacy code is right as it is: nothing to tell


def test_a_per_worker_done_lock_is_followed_through_the_start_a_list_and_a_loop():
    source = (
        "import thread\n"
        "def work(n, done):\n    print(n)\n    done.release()\n"
        "locks = []\n"
        "for n in range(3):\n"
        "    lock = thread.allocate_lock()\n    lock.acquire()\n    locks.append(lock)\n"
        "    thread.start_new_thread(work, (n, lock))\n"
        "for n in range(3):\n    locks[n].acquire()\n    print(n)\n    locks[n].release()\n"
        "for each in locks:\n    each.acquire()\n    print(n)\n    each.release()\n"
    )
    assert lock_with(source)[0] == source


def test_a_worker_releasing_a_parameter_leaves_the_argument_lock_alone_and_no_other():
    source = (
        "import thread\n"
        "def work(done):\n    done.release()\n"
        "mutex = thread.allocate_lock()\nsignal = thread.allocate_lock()\n"
        "signal.acquire()\nthread.start_new_thread(work, (signal,))\n"
        "signal.acquire()\nx = 1\nsignal.release()\n"
        "mutex.acquire()\ny = 2\nmutex.release()\n"
    )
    output, _ = lock_with(source)
    assert "signal.acquire()\nx = 1\nsignal.release()\n" in output
    assert output.endswith("with mutex:\n    y = 2\n")


def test_a_critical_section_in_a_worker_still_becomes_with():
    # The worker's own pair is a section; main's pair, across the start, is not.
    source = (
        "import threading\nlock = threading.Lock()\n"
        "def run():\n    lock.acquire()\n    total.append(1)\n    lock.release()\n"
        "lock.acquire()\nt = threading.Thread(target=run)\nt.start()\nready = True\nlock.release()\n"
    )
    output, _ = lock_with(source)
    assert "def run():\n    with lock:\n        total.append(1)\n" in output
    assert "lock.acquire()\nt = threading.Thread(target=run)\nt.start()\nready = True\nlock.release()\n" in output


def test_a_start_not_proven_a_thread_start_is_no_reason_to_leave_a_pair():
    # `m.start()` of a regex match starts no thread.
    source = (
        "import re, threading\nlock = threading.Lock()\n"
        "lock.acquire()\nm = re.match('a', s)\nfirst = m.start()\nlock.release()\n"
    )
    output, _ = lock_with(source)
    assert output.endswith("with lock:\n    m = re.match('a', s)\n    first = m.start()\n")


def test_a_lock_hidden_by_masking_decides_as_the_whole_module():
    # The Thread and the statement proving it mention none of TM204's words: masking keeps
    # them (a started name's statements), so the masked run also sees the start.
    source = (
        "import threading\nlock = threading.Lock()\n"
        "class Runner(threading.Thread):\n    pass\n"
        "r = Runner()\n"
        "def go():\n    lock.acquire()\n    r.start()\n    lock.release()\n"
    )
    assert lock_with(source)[0] == source
