"""TM202 joins only threads that were started (issue 12, class 7): a start that may not have
run where the joins go (in a branch, a loop, a `try` with handlers, a `with` whose manager is
not a lock) is appended to a list made before its outermost such statement and joined from
it; a start that ran on every path there is joined by name.  (source, expected), then the
output converted again unchanged."""

from __future__ import annotations

import pytest

from threadmod.pipeline import convert_text

WORK = "def work(name):\n    print name\n"
WORK3 = "def work(name):\n    print(name)\n"

CASES = [
    pytest.param(
        # An `if` that does not run: its thread is not joined; the start after it is, by name.
        "import thread\nimport time\n" + WORK
        + "if False:\n    thread.start_new_thread(work, ('never',))\n"
        "thread.start_new_thread(work, ('always',))\ntime.sleep(1)\n",
        "import threading\nimport time\n" + WORK3
        + "work_threads = []\nif False:\n    work_thread = threading.Thread(target=work, args=('never',))\n"
        "    work_thread.start()\n    work_threads.append(work_thread)\n"
        "work_thread2 = threading.Thread(target=work, args=('always',))\nwork_thread2.start()\n"
        "for work_thread in work_threads:\n    work_thread.join()\nwork_thread2.join()\n",
        id="if-then-unconditional",
    ),
    pytest.param(
        # Different targets in the branches of one if/else share one list.
        "import thread\ncount = 0\ndef reader():\n    global count\n    count += 1\n"
        "def writer():\n    global count\n    count += 1\n"
        "if reading:\n    thread.start_new_thread(reader, ())\nelse:\n    thread.start_new_thread(writer, ())\n"
        "while count < 1: pass\nprint 'done'\n",
        "import threading\ncount = 0\ndef reader():\n    global count\n    count += 1\n"
        "def writer():\n    global count\n    count += 1\n"
        "started_threads = []\nif reading:\n    reader_thread = threading.Thread(target=reader)\n    reader_thread.start()\n"
        "    started_threads.append(reader_thread)\n"
        "else:\n    writer_thread = threading.Thread(target=writer)\n    writer_thread.start()\n"
        "    started_threads.append(writer_thread)\n"
        "for started_thread in started_threads:\n    started_thread.join()\nprint('done')\n",
        id="if-else-different-targets",
    ),
    pytest.param(
        # Each branch of an if/elif/else names its thread anew (TM201): one list, `started_threads`.
        "import thread\nimport time\n" + WORK
        + "if a:\n    thread.start_new_thread(work, (1,))\nelif b:\n    thread.start_new_thread(work, (2,))\n"
        "else:\n    thread.start_new_thread(work, (3,))\ntime.sleep(1)\n",
        "import threading\nimport time\n" + WORK3
        + "started_threads = []\nif a:\n    work_thread = threading.Thread(target=work, args=(1,))\n    work_thread.start()\n"
        "    started_threads.append(work_thread)\nelif b:\n    work_thread2 = threading.Thread(target=work, args=(2,))\n"
        "    work_thread2.start()\n    started_threads.append(work_thread2)\n"
        "else:\n    work_thread3 = threading.Thread(target=work, args=(3,))\n    work_thread3.start()\n"
        "    started_threads.append(work_thread3)\n"
        "for started_thread in started_threads:\n    started_thread.join()\n",
        id="if-elif-else",
    ),
    pytest.param(
        # A thread of the same name joined by name after the list: the loop must not rebind it.
        "import threading\ndef work():\n    pass\nif x:\n    t = threading.Thread(target=work)\n    t.start()\n"
        "t = threading.Thread(target=work)\nt.start()\n",
        "import threading\ndef work():\n    pass\nt_threads = []\nif x:\n    t = threading.Thread(target=work)\n    t.start()\n"
        "    t_threads.append(t)\nt = threading.Thread(target=work)\nt.start()\nfor t2 in t_threads:\n    t2.join()\nt.join()\n",
        id="same-name-joined-by-name-after",
    ),
    pytest.param(
        # A handler may have caught what was raised before the start (a failed int()): the
        # thread is joined from a list, no longer left out of the joins.
        "import thread\nimport time\n" + WORK
        + "try:\n    n = int(text)\n    thread.start_new_thread(work, (n,))\nexcept ValueError, e:\n"
        "    print 'not started:', e\ntime.sleep(1)\n",
        "import threading\nimport time\n" + WORK3
        + "work_threads = []\ntry:\n    n = int(text)\n    work_thread = threading.Thread(target=work, args=(n,))\n"
        "    work_thread.start()\n    work_threads.append(work_thread)\nexcept ValueError as e:\n"
        "    print('not started:', e)\nfor work_thread in work_threads:\n    work_thread.join()\n",
        id="try-except",
    ),
    pytest.param(
        # A start in a handler.
        "import threading\ndef work():\n    pass\ntry:\n    prepare()\nexcept OSError:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n",
        "import threading\ndef work():\n    pass\nt_threads = []\ntry:\n    prepare()\nexcept OSError:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n    t_threads.append(t)\n"
        "for t in t_threads:\n    t.join()\n",
        id="try-handler",
    ),
    pytest.param(
        # try/finally: when the code after it runs, the body ran whole.
        "import threading\ndef work():\n    pass\ntry:\n    t = threading.Thread(target=work)\n    t.start()\n"
        "finally:\n    print('started')\n",
        "import threading\ndef work():\n    pass\ntry:\n    t = threading.Thread(target=work)\n    t.start()\n"
        "finally:\n    print('started')\nt.join()\n",
        id="try-finally",
    ),
    pytest.param(
        # ...unless the finally jumps: a `continue` there swallows the exception.
        "import threading\ndef work():\n    pass\ndef main():\n    for i in range(2):\n        try:\n"
        "            t = threading.Thread(target=work)\n            t.start()\n        finally:\n            continue\n",
        "import threading\ndef work():\n    pass\ndef main():\n    t_threads = []\n    for i in range(2):\n        try:\n"
        "            t = threading.Thread(target=work)\n            t.start()\n            t_threads.append(t)\n"
        "        finally:\n            continue\n    for t in t_threads:\n        t.join()\n",
        id="try-finally-that-jumps-in-a-loop",
    ),
    pytest.param(
        # A lock's exit swallows no exception: after the with, its start ran.
        "import threading\ndef work():\n    pass\nlock = threading.Lock()\nwith lock:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n",
        "import threading\ndef work():\n    pass\nlock = threading.Lock()\nwith lock:\n"
        "    t = threading.Thread(target=work)\n    t.start()\nt.join()\n",
        id="with-lock",
    ),
    pytest.param(
        # Any other manager may swallow what was raised before the start.
        "import threading\ndef work():\n    pass\nwith quiet():\n    t = threading.Thread(target=work)\n    t.start()\n",
        "import threading\ndef work():\n    pass\nt_threads = []\nwith quiet():\n    t = threading.Thread(target=work)\n"
        "    t.start()\n    t_threads.append(t)\nfor t in t_threads:\n    t.join()\n",
        id="with-other-manager",
    ),
    pytest.param(
        # A loop with a condition inside: the list before the loop, as for any loop.
        "import thread\nimport time\n" + WORK
        + "for i in range(4):\n    if i % 2:\n        thread.start_new_thread(work, (i,))\ntime.sleep(1)\n",
        "import threading\nimport time\n" + WORK3
        + "work_threads = []\nfor i in range(4):\n    if i % 2:\n"
        "        work_thread = threading.Thread(target=work, args=(i,))\n        work_thread.start()\n"
        "        work_threads.append(work_thread)\nfor work_thread in work_threads:\n    work_thread.join()\n",
        id="loop-with-if",
    ),
    pytest.param(
        # A loop inside an if: the list before the if (before the loop, it was unbound
        # where the joins ran when the if did not).
        "import threading\ndef work():\n    pass\nif many:\n    for i in range(3):\n"
        "        w = threading.Thread(target=work)\n        w.start()\n",
        "import threading\ndef work():\n    pass\nw_threads = []\nif many:\n    for i in range(3):\n"
        "        w = threading.Thread(target=work)\n        w.start()\n        w_threads.append(w)\n"
        "for w in w_threads:\n    w.join()\n",
        id="loop-in-if",
    ),
    pytest.param(
        # The program's own list, bound before the if: joined from it.
        "import threading\ndef work():\n    pass\nthreads = []\nif many:\n    for i in range(3):\n"
        "        t = threading.Thread(target=work)\n        t.start()\n        threads.append(t)\n",
        "import threading\ndef work():\n    pass\nthreads = []\nif many:\n    for i in range(3):\n"
        "        t = threading.Thread(target=work)\n        t.start()\n        threads.append(t)\n"
        "for t in threads:\n    t.join()\n",
        id="own-list-before",
    ),
    pytest.param(
        # Bound inside the if, the program's list may not exist at the joins: a list of our own.
        "import threading\ndef work():\n    pass\nif many:\n    threads = []\n    for i in range(3):\n"
        "        t = threading.Thread(target=work)\n        t.start()\n        threads.append(t)\n",
        "import threading\ndef work():\n    pass\nt_threads = []\nif many:\n    threads = []\n    for i in range(3):\n"
        "        t = threading.Thread(target=work)\n        t.start()\n        t_threads.append(t)\n        threads.append(t)\n"
        "for t in t_threads:\n    t.join()\n",
        id="own-list-inside",
    ),
    pytest.param(
        # The main block's joins: the list inside it, before the if; start order kept.
        "import threading\ndef work():\n    pass\nif __name__ == '__main__':\n    if verbose:\n"
        "        t = threading.Thread(target=work)\n        t.start()\n    u = threading.Thread(target=work)\n    u.start()\n",
        "import threading\ndef work():\n    pass\nif __name__ == '__main__':\n    t_threads = []\n    if verbose:\n"
        "        t = threading.Thread(target=work)\n        t.start()\n        t_threads.append(t)\n"
        "    u = threading.Thread(target=work)\n    u.start()\n    for t in t_threads:\n        t.join()\n    u.join()\n",
        id="main-block",
    ),
    pytest.param(
        # A start below the main block comes after its joins: not joined there.
        "import threading\ndef work():\n    pass\nif __name__ == '__main__':\n    u = threading.Thread(target=work)\n"
        "    u.start()\nif late:\n    t = threading.Thread(target=work)\n    t.start()\n",
        "import threading\ndef work():\n    pass\nif __name__ == '__main__':\n    u = threading.Thread(target=work)\n"
        "    u.start()\n    u.join()\nif late:\n    t = threading.Thread(target=work)\n    t.start()\n",
        id="start-after-main-block",
    ),
    pytest.param(
        # The wait in the same branch as the start: by name, in the branch.
        "import threading\ncount = 0\ndef work():\n    global count\n    count += 1\nif go:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n    while count < 1: pass\n",
        "import threading\ncount = 0\ndef work():\n    global count\n    count += 1\nif go:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n    t.join()\n",
        id="wait-in-the-same-branch",
    ),
    pytest.param(
        # Started in an elif, waited for in the else: where the wait runs, the start did
        # not; the list goes before the `if` (nothing can stand before an elif).
        "import threading\ncount = 0\ndef work():\n    global count\n    count += 1\nif a:\n    pass\nelif b:\n"
        "    t = threading.Thread(target=work)\n    t.start()\nelse:\n    while count < 1: pass\n",
        "import threading\ncount = 0\ndef work():\n    global count\n    count += 1\nt_threads = []\nif a:\n    pass\nelif b:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n    t_threads.append(t)\nelse:\n"
        "    for t in t_threads:\n        t.join()\n",
        id="elif-start-else-wait",
    ),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_conditional_start(source, expected):
    assert convert_text(source, assume_python2=True)[0] == expected
    assert convert_text(expected)[0] == expected


def test_a_comment_before_the_statement_stays_above_the_list():
    source = (
        "import threading\ndef work():\n    pass\n\n# only when asked\nif asked:\n"
        "    t = threading.Thread(target=work)\n    t.start()\n"
    )
    output = convert_text(source)[0]
    assert "\n\n# only when asked\nt_threads = []\nif asked:\n" in output


def test_the_binding_of_a_programs_list_is_never_hidden(monkeypatch):
    """Masking hides top-level statements TM202 has no word in; `workers = []` binds the list
    a conditional start is appended to, so it decides which list joins: it must be seen."""
    import threadmod.codemods.stage as thread_stage

    source = (
        "import threading\ndef work():\n    pass\nworkers = []\nif many:\n    for i in range(3):\n"
        "        t = threading.Thread(target=work)\n        t.start()\n\n        # kept\n        workers.append(t)\n"
    )
    expected = source + "for t in workers:\n    t.join()\n"
    assert convert_text(source)[0] == expected
    monkeypatch.setattr(thread_stage, "mask", lambda text, words, names: None)
    assert convert_text(source)[0] == expected
