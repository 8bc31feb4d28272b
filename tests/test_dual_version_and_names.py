"""Issue 12, classes 8 and 10, at the level of the thread codemods: tables of before and after.

Class 10, dual-version code: version branches (`sys.version_info`, `sys.version`,
`sys.hexversion`, `six.PY2`/`PY3`, flags set from them), conditional expressions on the
version and import fallbacks between a Python 2-only module and a Python 3 one come out of
every thread codemod exactly as they went in (codemods/dual_version.py); fallbacks that are
not about the version (`dummy_threading`, `dummy_thread`, `thread = None`) still convert.

Class 8, names mistaken for the thread module or for thread objects: a rewrite of a call,
method or name acts only on what the module model proves (codemods/model.py); anything else
stays, with a diagnostic where one helps.

Each case runs `--select TM2` (the thread codemods and what reading Python 2 needs) and
checks the output, the thread codemods' diagnostics (line:col CODE), and that converting
the output again changes nothing.
"""

from __future__ import annotations

import pytest

from threadmod.codemods import dual_version
from threadmod.pipeline import convert_text
from threadmod.registry import select_codes

TM2 = select_codes(["TM2"])

# (id, before, after (None: unchanged), diagnostics of the thread codemods)
CASES = [
    (
        'dual_branch_imports',
        (
            'import sys\n'
            'PY2 = sys.version_info[0] == 2\n'
            'if PY2:\n'
            '    import thread\n'
            'else:\n'
            '    import _thread as thread\n'
            'lock = thread.allocate_lock()\n'
            'thread.start_new_thread(work, (lock,))\n'
        ),
        None,
        (),
    ),
    (
        'dual_fallback_py2_first',
        (
            'try:\n'
            '    import thread\n'
            'except ImportError:\n'
            '    import _thread as thread\n'
            'me = thread.get_ident()\n'
            'thread.start_new_thread(work, ())\n'
        ),
        None,
        (),
    ),
    (
        'dual_fallback_py3_first',
        (
            'try:\n'
            '    from _thread import get_ident, allocate_lock\n'
            'except ImportError:\n'
            '    from thread import get_ident, allocate_lock\n'
            'lock = allocate_lock()\n'
            'me = get_ident()\n'
        ),
        None,
        (),
    ),
    (
        'dual_queue_fallback',
        (
            'try:\n'
            '    import queue\n'
            'except ImportError:\n'
            '    import Queue as queue\n'
            'q = queue.Queue()\n'
        ),
        None,
        (),
    ),
    (
        'dual_version_info_daemon',
        (
            'import sys\n'
            'import threading\n'
            't = threading.Thread(target=work)\n'
            'if sys.version_info[0] == 2:\n'
            '    t.setDaemon(True)\n'
            '    alive = t.isAlive\n'
            'else:\n'
            '    t.daemon = True\n'
            '    alive = t.is_alive\n'
            't.start()\n'
        ),
        None,
        (),
    ),
    (
        'dual_six_exec',
        (
            'from django.utils import six\n'
            'if six.PY3:\n'
            '    exec_ = getattr(six.moves.builtins, "exec")\n'
            'else:\n'
            '    def exec_(code, globs=None):\n'
            '        exec("""exec code in globs""")\n'
        ),
        None,
        (),
    ),
    (
        'dual_six_flag_import',
        (
            'import threading\n'
            'from six import PY3\n'
            'def name_of(t):\n'
            '    if PY3:\n'
            '        return t.name\n'
            '    return t.getName()\n'
        ),
        None,
        ('6:12 TM207',),
    ),
    (
        'dual_ifexp',
        (
            'import sys\n'
            'import threading\n'
            'PY2 = sys.version_info < (3,)\n'
            'current = threading.currentThread if PY2 else threading.current_thread\n'
        ),
        None,
        (),
    ),
    (
        'dual_flag_chain',
        (
            'import sys\n'
            'import threading\n'
            '_ver = sys.version_info\n'
            'is_py2 = (_ver[0] == 2)\n'
            'lock = threading.Lock()\n'
            'if is_py2:\n'
            '    lock.acquire()\n'
            '    work()\n'
            '    lock.release()\n'
        ),
        None,
        (),
    ),
    (
        'dual_sys_version_string',
        (
            'import sys\n'
            'import threading\n'
            'if sys.version >= "3":\n'
            '    ident = threading.get_ident()\n'
            'else:\n'
            '    ident = threading.currentThread().ident\n'
        ),
        None,
        (),
    ),
    (
        'dual_hexversion',
        (
            'import sys as _sys\n'
            'import threading\n'
            'if _sys.hexversion < 0x03000000:\n'
            '    done = threading.Event()\n'
            '    ok = done.isSet()\n'
        ),
        None,
        (),
    ),
    (
        'dual_bootstrap_style',
        (
            'import sys\n'
            'import threading\n'
            'PY2 = sys.version_info[0] == 2\n'
            'if PY2:\n'
            '    import thread as _thread_mod\n'
            '    import Queue as _queue_mod\n'
            'else:\n'
            '    import _thread as _thread_mod\n'
            '    import queue as _queue_mod\n'
            '_real_allocate_lock = _thread_mod.allocate_lock\n'
            '_real_start_new_thread = _thread_mod.start_new_thread\n'
            '_real_get_ident = _thread_mod.get_ident\n'
            '_ThreadError = _thread_mod.error\n'
        ),
        None,
        (),
    ),
    (
        'conv_dummy_threading_fallback',
        (
            'try:\n'
            '    import threading\n'
            'except ImportError:\n'
            '    import dummy_threading as threading\n'
            'me = threading.currentThread()\n'
        ),
        (
            'try:\n'
            '    import threading\n'
            'except ImportError:\n'
            '    import dummy_threading as threading\n'
            'me = threading.current_thread()\n'
        ),
        (),
    ),
    (
        'conv_dummy_thread_fallback',
        (
            'try:\n'
            '    import thread as _thread\n'
            'except ImportError:\n'
            '    import dummy_thread as _thread\n'
            '_allocate_lock = _thread.allocate_lock\n'
            'me = _thread.get_ident()\n'
        ),
        (
            'import threading\n'
            '\n'
            'try:\n'
            '    import _thread\n'
            'except ImportError:\n'
            '    import dummy_thread as _thread\n'
            '_allocate_lock = threading.Lock\n'
            'me = threading.get_ident()\n'
        ),
        (),
    ),
    (
        'conv_platform_branch',
        (
            'import os\n'
            'import threading\n'
            'if os.name == "nt":\n'
            '    t = threading.Thread(target=work)\n'
            '    t.setDaemon(True)\n'
        ),
        (
            'import os\n'
            'import threading\n'
            'if os.name == "nt":\n'
            '    t = threading.Thread(target=work)\n'
            '    t.daemon = True\n'
        ),
        (),
    ),
    (
        'conv_optional_thread',
        (
            'try:\n'
            '    import thread\n'
            'except ImportError:\n'
            '    thread = None\n'
            'if thread:\n'
            '    lock = thread.allocate_lock()\n'
        ),
        (
            'import threading\n'
            '\n'
            'try:\n'
            '    import _thread as thread\n'
            'except ImportError:\n'
            '    thread = None\n'
            'if thread:\n'
            '    lock = threading.Lock()\n'
        ),
        (),
    ),
    (
        'name_local_thread_variable',
        (
            'import thread\n'
            'import threading\n'
            'class MyThread(threading.Thread):\n'
            '    pass\n'
            'lock = thread.allocate_lock()\n'
            'def main():\n'
            '    thread = MyThread()\n'
            '    thread.start()\n'
            '    thread.join()\n'
            '    return thread.getName()\n'
        ),
        (
            'import threading\n'
            'class MyThread(threading.Thread):\n'
            '    pass\n'
            'lock = threading.Lock()\n'
            'def main():\n'
            '    thread = MyThread()\n'
            '    thread.start()\n'
            '    thread.join()\n'
            '    return thread.name\n'
        ),
        (),
    ),
    (
        'name_module_level_rebinding',
        (
            'import thread\n'
            'thread.start_new_thread(work, ())\n'
            'thread = MyThread()\n'
            'thread.start()\n'
        ),
        # The uses stay (the name is rebound), the import is one Python 3 has.
        'import _thread as thread\nthread.start_new_thread(work, ())\nthread = MyThread()\nthread.start()\n',
        ('2:1 TM206',),
    ),
    (
        'name_parameter_thread',
        (
            'import thread\n'
            'import threading\n'
            'def report(thread):\n'
            '    return thread.isAlive()\n'
            'def main():\n'
            '    t = threading.Thread(target=work)\n'
            '    t.start()\n'
            '    report(t)\n'
            'me = thread.get_ident()\n'
        ),
        (
            'import threading\n'
            'def report(thread):\n'
            '    return thread.is_alive()\n'
            'def main():\n'
            '    t = threading.Thread(target=work)\n'
            '    t.start()\n'
            '    report(t)\n'
            '    t.join()\n'
            'me = threading.get_ident()\n'
        ),
        (),
    ),
    (
        'name_parameter_not_always_thread',
        (
            'import threading\n'
            'def report(thread):\n'
            '    return thread.isAlive()\n'
            't = threading.Thread(target=work)\n'
            'report(t)\n'
            'report(other)\n'
        ),
        None,
        ('3:12 TM207',),
    ),
    (
        'name_import_lock',
        (
            'import imp\n'
            'import thread\n'
            'lock = thread.allocate_lock()\n'
            'imp.acquire_lock()\n'
            'try:\n'
            '    load()\n'
            'finally:\n'
            '    imp.release_lock()\n'
            'lock.acquire_lock()\n'
            'count = 1\n'
            'lock.release_lock()\n'
        ),
        (
            'import imp\n'
            'import threading\n'
            'lock = threading.Lock()\n'
            'imp.acquire_lock()\n'
            'try:\n'
            '    load()\n'
            'finally:\n'
            '    imp.release_lock()\n'
            'with lock:\n'
            '    count = 1\n'
        ),
        (),
    ),
    (
        'name_unknown_lock_param',
        (
            'def put(lock, item):\n'
            '    lock.acquire_lock()\n'
            '    items.append(item)\n'
            '    lock.release_lock()\n'
        ),
        None,
        ('2:5 TM203', '2:5 TM204', '4:5 TM203'),
    ),
    (
        'name_setname_parser',
        (
            'import threading\n'
            'from pyparsing import Word, alphas\n'
            'ident = Word(alphas)\n'
            'ident.setName("identifier")\n'
            't = threading.Thread(target=work)\n'
            't.setName("worker")\n'
        ),
        (
            'import threading\n'
            'from pyparsing import Word, alphas\n'
            'ident = Word(alphas)\n'
            'ident.setName("identifier")\n'
            't = threading.Thread(target=work)\n'
            't.name = "worker"\n'
        ),
        ('4:1 TM207',),
    ),
    (
        'name_thread_subclass_self',
        (
            'import threading\n'
            'class Worker(threading.Thread):\n'
            '    def __init__(self):\n'
            '        threading.Thread.__init__(self)\n'
            '        self.setDaemon(True)\n'
            '        self.stopped = threading.Event()\n'
            '    def run(self):\n'
            '        while not self.stopped.isSet():\n'
            '            print(self.getName())\n'
        ),
        (
            'import threading\n'
            'class Worker(threading.Thread):\n'
            '    def __init__(self):\n'
            '        threading.Thread.__init__(self)\n'
            '        self.daemon = True\n'
            '        self.stopped = threading.Event()\n'
            '    def run(self):\n'
            '        while not self.stopped.is_set():\n'
            '            print(self.name)\n'
        ),
        (),
    ),
    (
        'name_enumerate_loop',
        (
            'import threading\n'
            'for t in threading.enumerate():\n'
            '    if t.isAlive() and not t.isDaemon():\n'
            '        print(t.getName())\n'
        ),
        (
            'import threading\n'
            'for t in threading.enumerate():\n'
            '    if t.is_alive() and not t.daemon:\n'
            '        print(t.name)\n'
        ),
        (),
    ),
    (
        'name_event_condition',
        (
            'import threading\n'
            'done = threading.Event()\n'
            'cond = threading.Condition()\n'
            'if done.isSet():\n'
            '    cond.notifyAll()\n'
            'if flag.isSet():\n'
            '    other.notifyAll()\n'
        ),
        (
            'import threading\n'
            'done = threading.Event()\n'
            'cond = threading.Condition()\n'
            'if done.is_set():\n'
            '    cond.notify_all()\n'
            'if flag.isSet():\n'
            '    other.notifyAll()\n'
        ),
        ('6:4 TM207', '7:5 TM207'),
    ),
    (
        'name_threads_list',
        (
            'import threading\n'
            'threads = []\n'
            'for i in range(3):\n'
            '    t = threading.Thread(target=work)\n'
            '    threads.append(t)\n'
            'for t in threads:\n'
            '    t.start()\n'
            'print([t.isAlive() for t in threads])\n'
            'print(threads[0].getName())\n'
        ),
        (
            'import threading\n'
            'threads = []\n'
            'for i in range(3):\n'
            '    t = threading.Thread(target=work)\n'
            '    threads.append(t)\n'
            't_threads = []\n'
            'for t in threads:\n'
            '    t.start()\n'
            '    t_threads.append(t)\n'
            'print([t.is_alive() for t in threads])\n'
            'print(threads[0].name)\n'
            'for t in t_threads:\n'
            '    t.join()\n'
        ),
        (),
    ),
    (
        'name_from_import_shadowed_in_function',
        (
            'from thread import get_ident\n'
            'def local():\n'
            '    get_ident = lambda: 0\n'
            '    return get_ident()\n'
            'me = get_ident()\n'
        ),
        (
            'import threading\n'
            'def local():\n'
            '    get_ident = lambda: 0\n'
            '    return get_ident()\n'
            'me = threading.get_ident()\n'
        ),
        (),
    ),
]


@pytest.mark.parametrize(("before", "after", "diagnostics"), [pytest.param(*c[1:], id=c[0]) for c in CASES])
def test_thread_codemods(before, after, diagnostics):
    output, found, _applied = convert_text(before, codes=TM2)
    assert output == (before if after is None else after)
    assert tuple(f"{d.line}:{d.col} {d.code}" for d in found if d.code.startswith("TM2")) == diagnostics
    assert convert_text(output, codes=TM2)[0] == output


def test_dual_version_cases_are_all_left_alone():
    dual = [c for c in CASES if c[0].startswith("dual_")]
    assert len(dual) >= 10 and all(c[2] is None for c in dual)


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        pytest.param("import sys\nif sys.version_info[0] == 2:\n    a = 1\nelse:\n    a = 2\nb = 3\n", [(2, 5)], id="if-else"),
        pytest.param("import six\ndef f():\n    if six.PY3:\n        return 1\n    return 2\n", [(3, 4)], id="in-function"),
        pytest.param("PY3 = True\nx = 1 if PY3 else 2; y = 3\n", [(2, 2)], id="conditional-expression"),
        pytest.param(
            "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n", [(1, 4)], id="fallback"
        ),
        pytest.param("try:\n    import threading\nexcept ImportError:\n    import dummy_threading as threading\n", [],
                     id="not-a-version-fallback"),
        pytest.param("try:\n    import thread\nexcept ImportError:\n    thread = None\n", [], id="optional-import"),
        pytest.param("import os\nif os.name == 'nt':\n    pass\n", [], id="platform"),
        pytest.param("import sys\nprint('%d.%d' % sys.version_info[:2])\n", [], id="version-read-not-tested"),
    ],
)
def test_regions(source, lines):
    regions = dual_version.find(source)
    assert [(r.first_line, r.last_line) for r in regions] == lines
    for region in regions:
        kept = source[region.start : region.end]
        assert kept.endswith("\n") and source.splitlines(True)[region.first_line - 1] == kept.splitlines(True)[0]


def test_regions_bind_names():
    source = (
        "import sys\nif sys.version_info >= (3,):\n    import _thread as thread\n    def f(): pass\nelse:\n"
        "    import thread\n"
    )
    (region,) = dual_version.find(source)
    assert region.bound == {"thread", "f"}
    assert "version branch" in region.what and "line 2" in region.what


def test_a_codemod_that_would_move_dual_version_code_is_not_applied():
    """TM204 would put the version branch between an acquire and its release in a `with`
    block, re-indenting it: not applied to the file, with a diagnostic; the rest converts."""
    source = (
        "import sys\n"
        "import threading\n"
        "lock = threading.Lock()\n"
        "lock.acquire()\n"
        "if sys.version_info[0] == 2:\n"
        "    x = 1\n"
        "lock.release()\n"
        "t = threading.Thread(target=f)\n"
        "t.setDaemon(True)\n"
    )
    output, diagnostics, _applied = convert_text(source, codes=TM2)
    assert output == source.replace("t.setDaemon(True)", "t.daemon = True")
    [diagnostic] = diagnostics
    assert (diagnostic.line, diagnostic.code) == (5, "TM204")
    assert "dual-version code left as it is" in diagnostic.message
