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
        'import sys\nPY2 = sys.version_info[0] == 2\nif PY2:\n    import thread\nelse:\n    import _thread as thread\nlock = thread.allocate_lock()\nthread.start_new_thread(work, (lock,))\n',
        None,
        (),
    ),
    (
        'dual_fallback_py2_first',
        'try:\n    import thread\nexcept ImportError:\n    import _thread as thread\nme = thread.get_ident()\nthread.start_new_thread(work, ())\n',
        None,
        (),
    ),
    (
        'dual_fallback_py3_first',
        'try:\n    from _thread import get_ident, allocate_lock\nexcept ImportError:\n    from thread import get_ident, allocate_lock\nlock = allocate_lock()\nme = get_ident()\n',
        None,
        (),
    ),
    (
        'dual_queue_fallback',
        'try:\n    import queue\nexcept ImportError:\n    import Queue as queue\nq = queue.Queue()\n',
        None,
        (),
    ),
    (
        'dual_version_info_daemon',
        'import sys\nimport threading\nt = threading.Thread(target=work)\nif sys.version_info[0] == 2:\n    t.setDaemon(True)\n    alive = t.isAlive\nelse:\n    t.daemon = True\n    alive = t.is_alive\nt.start()\n',
        None,
        (),
    ),
    (
        'dual_six_exec',
        'from django.utils import six\nif six.PY3:\n    exec_ = getattr(six.moves.builtins, "exec")\nelse:\n    def exec_(code, globs=None):\n        exec("""exec code in globs""")\n',
        None,
        (),
    ),
    (
        'dual_six_flag_import',
        'import threading\nfrom six import PY3\ndef name_of(t):\n    if PY3:\n        return t.name\n    return t.getName()\n',
        None,
        ('6:12 TM207',),
    ),
    (
        'dual_ifexp',
        'import sys\nimport threading\nPY2 = sys.version_info < (3,)\ncurrent = threading.currentThread if PY2 else threading.current_thread\n',
        None,
        (),
    ),
    (
        'dual_flag_chain',
        'import sys\nimport threading\n_ver = sys.version_info\nis_py2 = (_ver[0] == 2)\nlock = threading.Lock()\nif is_py2:\n    lock.acquire()\n    work()\n    lock.release()\n',
        None,
        (),
    ),
    (
        'dual_sys_version_string',
        'import sys\nimport threading\nif sys.version >= "3":\n    ident = threading.get_ident()\nelse:\n    ident = threading.currentThread().ident\n',
        None,
        (),
    ),
    (
        'dual_hexversion',
        'import sys as _sys\nimport threading\nif _sys.hexversion < 0x03000000:\n    done = threading.Event()\n    ok = done.isSet()\n',
        None,
        (),
    ),
    (
        'dual_bootstrap_style',
        'import sys\nimport threading\nPY2 = sys.version_info[0] == 2\nif PY2:\n    import thread as _thread_mod\n    import Queue as _queue_mod\nelse:\n    import _thread as _thread_mod\n    import queue as _queue_mod\n_real_allocate_lock = _thread_mod.allocate_lock\n_real_start_new_thread = _thread_mod.start_new_thread\n_real_get_ident = _thread_mod.get_ident\n_ThreadError = _thread_mod.error\n',
        None,
        (),
    ),
    (
        'conv_dummy_threading_fallback',
        'try:\n    import threading\nexcept ImportError:\n    import dummy_threading as threading\nme = threading.currentThread()\n',
        'try:\n    import threading\nexcept ImportError:\n    import dummy_threading as threading\nme = threading.current_thread()\n',
        (),
    ),
    (
        'conv_dummy_thread_fallback',
        'try:\n    import thread as _thread\nexcept ImportError:\n    import dummy_thread as _thread\n_allocate_lock = _thread.allocate_lock\nme = _thread.get_ident()\n',
        'import threading\n\ntry:\n    import _thread\nexcept ImportError:\n    import dummy_thread as _thread\n_allocate_lock = threading.Lock\nme = threading.get_ident()\n',
        (),
    ),
    (
        'conv_platform_branch',
        'import os\nimport threading\nif os.name == "nt":\n    t = threading.Thread(target=work)\n    t.setDaemon(True)\n',
        'import os\nimport threading\nif os.name == "nt":\n    t = threading.Thread(target=work)\n    t.daemon = True\n',
        (),
    ),
    (
        'conv_optional_thread',
        'try:\n    import thread\nexcept ImportError:\n    thread = None\nif thread:\n    lock = thread.allocate_lock()\n',
        'import threading\n\ntry:\n    import _thread as thread\nexcept ImportError:\n    thread = None\nif thread:\n    lock = threading.Lock()\n',
        (),
    ),
    (
        'name_local_thread_variable',
        'import thread\nimport threading\nclass MyThread(threading.Thread):\n    pass\nlock = thread.allocate_lock()\ndef main():\n    thread = MyThread()\n    thread.start()\n    thread.join()\n    return thread.getName()\n',
        'import threading\nclass MyThread(threading.Thread):\n    pass\nlock = threading.Lock()\ndef main():\n    thread = MyThread()\n    thread.start()\n    thread.join()\n    return thread.name\n',
        (),
    ),
    (
        'name_module_level_rebinding',
        'import thread\nthread.start_new_thread(work, ())\nthread = MyThread()\nthread.start()\n',
        None,
        ('2:1 TM206',),
    ),
    (
        'name_parameter_thread',
        'import thread\nimport threading\ndef report(thread):\n    return thread.isAlive()\ndef main():\n    t = threading.Thread(target=work)\n    t.start()\n    report(t)\nme = thread.get_ident()\n',
        'import threading\ndef report(thread):\n    return thread.is_alive()\ndef main():\n    t = threading.Thread(target=work)\n    t.start()\n    report(t)\n    t.join()\nme = threading.get_ident()\n',
        (),
    ),
    (
        'name_parameter_not_always_thread',
        'import threading\ndef report(thread):\n    return thread.isAlive()\nt = threading.Thread(target=work)\nreport(t)\nreport(other)\n',
        None,
        ('3:12 TM207',),
    ),
    (
        'name_import_lock',
        'import imp\nimport thread\nlock = thread.allocate_lock()\nimp.acquire_lock()\ntry:\n    load()\nfinally:\n    imp.release_lock()\nlock.acquire_lock()\ncount = 1\nlock.release_lock()\n',
        'import imp\nimport threading\nlock = threading.Lock()\nimp.acquire_lock()\ntry:\n    load()\nfinally:\n    imp.release_lock()\nwith lock:\n    count = 1\n',
        (),
    ),
    (
        'name_unknown_lock_param',
        'def put(lock, item):\n    lock.acquire_lock()\n    items.append(item)\n    lock.release_lock()\n',
        None,
        ('2:5 TM203', '2:5 TM204', '4:5 TM203'),
    ),
    (
        'name_setname_parser',
        'import threading\nfrom pyparsing import Word, alphas\nident = Word(alphas)\nident.setName("identifier")\nt = threading.Thread(target=work)\nt.setName("worker")\n',
        'import threading\nfrom pyparsing import Word, alphas\nident = Word(alphas)\nident.setName("identifier")\nt = threading.Thread(target=work)\nt.name = "worker"\n',
        ('4:1 TM207',),
    ),
    (
        'name_thread_subclass_self',
        'import threading\nclass Worker(threading.Thread):\n    def __init__(self):\n        threading.Thread.__init__(self)\n        self.setDaemon(True)\n        self.stopped = threading.Event()\n    def run(self):\n        while not self.stopped.isSet():\n            print(self.getName())\n',
        'import threading\nclass Worker(threading.Thread):\n    def __init__(self):\n        threading.Thread.__init__(self)\n        self.daemon = True\n        self.stopped = threading.Event()\n    def run(self):\n        while not self.stopped.is_set():\n            print(self.name)\n',
        (),
    ),
    (
        'name_enumerate_loop',
        'import threading\nfor t in threading.enumerate():\n    if t.isAlive() and not t.isDaemon():\n        print(t.getName())\n',
        'import threading\nfor t in threading.enumerate():\n    if t.is_alive() and not t.daemon:\n        print(t.name)\n',
        (),
    ),
    (
        'name_event_condition',
        'import threading\ndone = threading.Event()\ncond = threading.Condition()\nif done.isSet():\n    cond.notifyAll()\nif flag.isSet():\n    other.notifyAll()\n',
        'import threading\ndone = threading.Event()\ncond = threading.Condition()\nif done.is_set():\n    cond.notify_all()\nif flag.isSet():\n    other.notifyAll()\n',
        ('6:4 TM207', '7:5 TM207'),
    ),
    (
        'name_threads_list',
        'import threading\nthreads = []\nfor i in range(3):\n    t = threading.Thread(target=work)\n    threads.append(t)\nfor t in threads:\n    t.start()\nprint([t.isAlive() for t in threads])\nprint(threads[0].getName())\n',
        'import threading\nthreads = []\nfor i in range(3):\n    t = threading.Thread(target=work)\n    threads.append(t)\nt_threads = []\nfor t in threads:\n    t.start()\n    t_threads.append(t)\nprint([t.is_alive() for t in threads])\nprint(threads[0].name)\nfor t in t_threads:\n    t.join()\n',
        (),
    ),
    (
        'name_from_import_shadowed_in_function',
        'from thread import get_ident\ndef local():\n    get_ident = lambda: 0\n    return get_ident()\nme = get_ident()\n',
        'import threading\ndef local():\n    get_ident = lambda: 0\n    return get_ident()\nme = threading.get_ident()\n',
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
    source = "import sys\nif sys.version_info >= (3,):\n    import _thread as thread\n    def f(): pass\nelse:\n    import thread\n"
    (region,) = dual_version.find(source)
    assert region.bound == {"thread", "f"}
    assert "version branch" in region.what and "line 2" in region.what
