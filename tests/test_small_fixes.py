"""Tables for TM106's number-keyword space, TM180 identity-literal, TM182 socket-text and
TM183 check-interval: (source, expected), read as Python 2, then converted again unchanged."""

from __future__ import annotations

import ast
import subprocess
import warnings
from pathlib import Path

import pytest

from tests.interpreters import python2_or_none, require_python

from threadmod.pipeline import convert_text

CASES = [
    # TM106: a number run into a keyword
    ("y = 1if x else 0\n", "y = 1 if x else 0\n"),
    ("y = [0for i in l]\n", "y = [0 for i in l]\n"),
    ("y = 0x1for x\n", "y = 0x1f or x\n"),  # Python 2 read 0x1f, then or
    ("y = 1 if x else 0\n", "y = 1 if x else 0\n"),
    # TM180: is against a literal
    ("if a is 'x' or b is not 2: pass\n", "if a == 'x' or b != 2: pass\n"),
    ("ok = x is -1\n", "ok = x == -1\n"),
    ("ok = x is 'a' 'b'\n", "ok = x == 'a' 'b'\n"),
    ("ok = [x is 1, 2 is y]\n", "ok = [x == 1, 2 == y]\n"),
    ("ok = x is None\n", "ok = x is None\n"),
    ("ok = x is 'a'.upper()\n", "ok = x is 'a'.upper()\n"),
    ("ok = x is 'a' % y\n", "ok = x is 'a' % y\n"),
    ("ok = a + 2 is x\n", "ok = a + 2 is x\n"),
    # TM183: the check interval
    ("import sys\nsys.setcheckinterval(0)\n", "import sys\nsys.setswitchinterval(5e-05)\n"),
    ("import sys\nsys.setcheckinterval(1000)\n", "import sys\nsys.setswitchinterval(0.05)\n"),
    ("import sys\nsys.setcheckinterval(a + b)\n", "import sys\nsys.setswitchinterval(max(a + b, 1) * 5e-05)\n"),
    ("import sys\nsys.setcheckinterval(*args)\n", "import sys\nsys.setcheckinterval(*args)\n"),
    ("x.setcheckinterval(10)\n", "x.setcheckinterval(10)\n"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_small_fix(source, expected):
    assert convert_text(source, assume_python2=True)[0] == expected
    assert convert_text(expected)[0] == expected


@pytest.mark.parametrize("source", [expected for _, expected in CASES if "checkinterval" not in expected])
def test_no_syntax_warning_left(source):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(source, "<case>", "exec")


SOCKETS = """\
import socket
from socket import *
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t = socket(AF_INET, SOCK_STREAM)
conn, addr = s.accept()
class Client:
    def __init__(self):
        self.sock = socket.create_connection(('localhost', 1))
    def ping(self):
        self.sock.sendall('ping')
s.send('a')
data = conn.recv(1024)
f = t.makefile('r')
other.send('x')
def serve(c):
    c.send(c.recv(10))
"""


def test_socket_calls_are_diagnosed_and_kept():
    output, diagnostics, _ = convert_text(SOCKETS, assume_python2=True)
    assert output == SOCKETS
    assert [(d.line, d.col) for d in diagnostics if d.code == "TM182"] == [(10, 9), (11, 1), (12, 8), (13, 5)]


# TM206: a `thread` import no codemod rewrote still cannot be imported by Python 3.
THREAD_IMPORTS = [
    ("import thread\n", "import _thread\n"),
    ("import os, thread\nx.thread\n", "import os, _thread\nx.thread\n"),
    ("from thread import get_ident as g\n", "from _thread import get_ident as g\n"),
    ("from thread import *\n", "from _thread import *\n"),
    ("def f():\n    import thread\n", "def f():\n    import _thread\n"),
    # dual-version fallbacks stay as they are
    ("try:\n    import thread\nexcept ImportError:\n    import _thread as thread\n",
     "try:\n    import thread\nexcept ImportError:\n    import _thread as thread\n"),
]


@pytest.mark.parametrize(("source", "expected"), THREAD_IMPORTS)
def test_thread_import_left_by_the_codemods_is_spelled_for_python3(source, expected):
    output, _, applied = convert_text(source, assume_python2=True)
    assert output == expected
    assert convert_text(output)[0] == output
    assert bool(applied["TM206"]) == (output != source)


def test_poll_on_a_thread_that_waits_for_main_after_the_poll_stays_a_poll():
    # A real program (a thread test) hung: its worker ran until main set `done`, after the poll.
    source = open(__file__.replace("test_small_fixes.py", "data/programs/poll_then_signal.py")).read()
    output = convert_text(source)[0]
    assert "while counter < 100:\n    time.sleep(0.01)\n" in output
    # The worker loops until main sets `done`: not proven to end, so a daemon, never joined,
    # and main's last sleep (the time it gave the worker) stays.
    assert "threading.Thread(target=worker, daemon=True)" in output
    assert ".join()" not in output and output.endswith("done = 1\ntime.sleep(0.1)\nprint(\"main saw\", counter)\n")


def test_sleep_put_in_a_thread_has_its_import_before_the_thread_starts():
    source = (
        "import thread\nready = 0\ndef worker():\n    while not ready: pass\n    print 'go'\n"
        "thread.start_new_thread(worker, ())\nimport time\ntime.sleep(0.1)\nready = 1\n"
    )
    output = convert_text(source)[0]
    assert output.startswith("import threading\nimport time\n")
    assert "        time.sleep(0.01)\n" in output


@pytest.mark.parametrize("flag", ["0", "False", "blocking=False"])
def test_spin_on_a_nonblocking_acquire_becomes_the_blocking_acquire(flag):
    # Issue 12, class 6: a join here dropped the acquire, and the later release raised.
    source = (
        "import thread\ndone = thread.allocate_lock()\ndone.acquire()\n"
        "def worker():\n    done.release()\n"
        f"thread.start_new_thread(worker, ())\nwhile not done.acquire({flag}): pass\nprint 'done'\ndone.release()\n"
    )
    output = convert_text(source)[0]
    assert "\ndone.acquire()\nprint('done')\ndone.release()\n" in output
    assert "while" not in output and "with done" not in output
    assert convert_text(output)[0] == output  # the worker releases `done`: no `with` pairs it later


ALIVE_POLLS = [
    # a poll of a started thread's is_alive() ends exactly when it has ended: a join
    (
        "import threading\nt = threading.Thread(target=f)\nt.start()\nwhile t.isAlive():\n    pass\nprint('done')\n",
        "import threading\nt = threading.Thread(target=f)\nt.start()\nt.join()\nprint('done')\n",
    ),
    (
        "import threading, time\nts = []\nfor i in range(2):\n    t = threading.Thread(target=f)\n    t.start()\n"
        "    ts.append(t)\nfor t in ts:\n    while t.is_alive(): time.sleep(1)\n",
        "import threading, time\nts = []\nfor i in range(2):\n    t = threading.Thread(target=f)\n    t.start()\n"
        "    ts.append(t)\nfor t in ts:\n    t.join()\n",
    ),
    # a subclass of threading.Thread alone lets TM202 in
    (
        "import threading\nclass W(threading.Thread):\n    pass\nw = W()\nw.start()\nwhile w.isAlive(): pass\n",
        "import threading\nclass W(threading.Thread):\n    pass\nw = W()\nw.start()\nw.join()\n",
    ),
]
# Not a thread started here: the poll keeps its condition (`me` is main itself).
ALIVE_POLLS_KEPT = [
    "import threading, time\nme = threading.currentThread()\nt = threading.Thread(target=f)\nt.start()\n"
    "while me.isAlive():\n    time.sleep(1)\n",
]


# Left as they are: a loop that drains something is no wait; a thread joined with a timeout
# (and then asked is_alive()) gets no join of threadmod's at the end.
NOT_WAITS = [
    "import threading\nt = threading.Thread(target=serve)\nt.start()\nwhile result.read():\n    pass\n"
    "t.join()\n",
    "import threading\nclass W(threading.Thread):\n    pass\nt = W()\nt.start()\nt.join(10)\n"
    "if t.is_alive():\n    print('hung')\n",
]


@pytest.mark.parametrize("source", NOT_WAITS)
def test_what_is_no_wait_for_a_thread_stays(source):
    assert convert_text(source)[0] == source


@pytest.mark.parametrize(("source", "expected"), ALIVE_POLLS)
def test_a_poll_of_is_alive_is_a_join(source, expected):
    output = convert_text(source)[0]
    assert output == expected
    assert convert_text(output)[0] == output


@pytest.mark.parametrize("source", ALIVE_POLLS_KEPT)
def test_a_poll_of_another_thread_is_alive_stays(source):
    output = convert_text(source)[0]
    assert "while me.is_alive():\n    time.sleep(1)\n" in output
    assert "me.join()" not in output


WAITS = sorted((Path(__file__).parent / "data" / "thread_waits").glob("*.py"))
# What Python 2.7 printed, for machines without it; record again after changing a program:
#   python -m tests.test_small_fixes --record-waits
RECORDED_STDOUT = ".stdout"


@pytest.mark.slow
@pytest.mark.parametrize("program", WAITS, ids=lambda p: p.stem)
def test_wait_programs_print_what_python2_printed(program, tmp_path):
    # Lock events differ (a blocking acquire where 2.7 spun): verify's traces would differ by
    # design, so these run for real and compare what they print.
    python3 = require_python("3.13")
    converted = tmp_path / program.name
    output = convert_text(program.read_text())[0]
    converted.write_text(output)
    assert convert_text(output)[0] == output  # converts to itself again
    loops = [n for n in ast.walk(ast.parse(output)) if isinstance(n, ast.While)]
    spins = [n.lineno for n in loops if all(isinstance(b, ast.Pass) for b in n.body)]
    assert not spins, f"busy-waits left on lines {spins}"
    modern = subprocess.run([python3, "-W", "error", str(converted)], capture_output=True, text=True, timeout=60)
    assert modern.returncode == 0, modern.stderr
    recorded = program.with_name(program.name + RECORDED_STDOUT).read_text()
    python2 = python2_or_none()
    if python2 is not None:
        legacy = subprocess.run([python2, str(program)], capture_output=True, text=True, timeout=60)
        assert legacy.returncode == 0, legacy.stderr
        assert legacy.stdout == recorded, "record again: python -m tests.test_small_fixes --record-waits"
    assert modern.stdout == recorded


def _record_waits() -> None:
    python2 = python2_or_none()
    assert python2 is not None, "recording needs Python 2.7"
    for program in WAITS:
        done = subprocess.run([python2, str(program)], capture_output=True, text=True, timeout=60, check=True)
        program.with_name(program.name + RECORDED_STDOUT).write_text(done.stdout)
        print(f"{program} -> {program.name}{RECORDED_STDOUT}")


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--record-waits"]:
        _record_waits()
