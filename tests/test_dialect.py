"""Which Python a file that compiles as Python 3 is read as (syntax/dialect.py), and the
tree rule for files that do not say (runner.run)."""

from __future__ import annotations

import pytest

from threadmod import runner
from threadmod.pipeline import convert_text
from threadmod.syntax.dialect import DUAL, LEANS_PYTHON3, PYTHON2, PYTHON3, UNDECIDED, read_as

READ_AS = [
    # Python 2 for certain: a module the thread stage always renames.
    ("import thread\n", PYTHON2),
    ("import os, thread\n", PYTHON2),
    ("from Queue import Queue\n", PYTHON2),
    ("def f():\n    import thread\n", PYTHON2),
    # Nothing said (what only Python 2 has is found by the rewrites: see below).
    ("x = d.keys()\n", UNDECIDED),
    ("x = raw_input()\n", UNDECIDED),
    ("from os import path\nimport os.path\n", UNDECIDED),
    ("x = 'import thread'  # import thread\n", UNDECIDED),  # strings and comments say nothing
    ("from thread.x import y\nimport threadpool\n", UNDECIDED),  # packages of the user's
    # Python 3, or meant for both: left as it is.
    ("import six\nx = unicode(y)\n", DUAL),
    ("from django.utils import six\n", DUAL),
    ("import sys\nif sys.version_info[0] == 2:\n    x = unicode(y)\n", DUAL),
    ("PY2 = True\nif PY2:\n    text = unicode\n", DUAL),
    # Python 2's own idiom as well: says nothing.
    ("try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n", UNDECIDED),
    ("try:\n    import queue\nexcept ImportError:\n    import Queue as queue\n", DUAL),
    ("x = f'{a}'\nimport thread\n", PYTHON3),
    ("def f(a, *, b):\n    pass\n", PYTHON3),
    ("def f(a) -> int:\n    return raw_input()\n", PYTHON3),
    ("print('a', end='')\n", PYTHON3),
    ("def f():\n    x = yield from g()\n", PYTHON3),
    ("try:\n    pass\nexcept E as e:\n    raise F from e\n", PYTHON3),
    ("import sys\nif sys.version_info >= (3, 0):\n    pass\n", DUAL),
    ("import sys\nif sys.version_info.major < 3:\n    pass\n", DUAL),
    ("import sys\nif sys.version.startswith('3'):\n    pass\n", DUAL),
    ("import configparser\n", DUAL),
    ("from urllib.parse import quote\n", DUAL),
    # A Python 2 program checking its minor version, or falling back between Python 2 modules.
    ("import sys, thread\nif sys.version_info < (2, 6):\n    raise SystemExit\n", PYTHON2),
    ("try:\n    import thread\nexcept ImportError:\n    import dummy_thread as thread\n", PYTHON2),
    ("import sys, thread\nv = sys.version[:3]\n", PYTHON2),
    ("import sys\nif sys.version < '3':\n    pass\n", DUAL),
    # What Python 3 code (threadmod's output too) looks like: never read as Python 2 by the tree rule.
    ("print(a, b)\n", LEANS_PYTHON3),
    ("x = input('? ')\n", LEANS_PYTHON3),
    ("print(a)\nprint (a, b).x\n", UNDECIDED),
    ("print (a, b)\n", UNDECIDED),  # spaced: Python 2's tuple print
    ("from __future__ import print_function\nprint(a, b)\n", UNDECIDED),
    # print_function makes print(..., end=) Python 2 as well.
    ("from __future__ import print_function\nprint('a', end='')\nimport thread\n", PYTHON2),
]


@pytest.mark.parametrize(("source", "expected"), READ_AS)
def test_read_as(source, expected):
    compile(source, "<case>", "exec")  # each case compiles as Python 3: that is the question
    assert read_as(source) == expected


def test_python2_evidence_makes_a_print_a_tuple():
    # Issue 12, class 11: a file that imports thread is Python 2, even where it compiles as 3.
    source = "import thread\nprint ('x', 1)\n"
    assert convert_text(source)[0].endswith("print(('x', 1))\n")


# A rewrite only Python 2 code needs (an Edit with evidence) makes a file that compiles
# as Python 3 Python 2: the whole file is then read so.
DUAL_SOURCE = "import six\nif six.PY2:\n    s = unicode(x)\nprint (1, 2)\n"
EVIDENCE = [
    ("s = unicode(x)\nprint (1, 2)\n", "s = str(x)\nprint((1, 2))\n"),
    ("c = unichr(9)\nprint (c, 1)\n", "c = chr(9)\nprint((c, 1))\n"),
    # The module binds the name: not the builtin, no evidence.
    ("unicode = str\ns = unicode(x)\nprint (1, 2)\n", "unicode = str\ns = unicode(x)\nprint (1, 2)\n"),
    # Dual-version code: its Python 2 branches stay as they are, the print stays a call.
    (DUAL_SOURCE, DUAL_SOURCE),
    # ... and no import for a rewrite that is not made there
    ("import six\nif six.PY2:\n    s = intern(x)\n", "import six\nif six.PY2:\n    s = intern(x)\n"),
    ("import six\nif six.PY2:\n    pass\ns = intern(x)\n", "import six\nimport sys\nif six.PY2:\n    pass\ns = sys.intern(x)\n"),
]


@pytest.mark.parametrize(("source", "expected"), EVIDENCE)
def test_python2_rewrite_is_evidence(source, expected):
    output = convert_text(source)[0]
    assert output == expected
    assert convert_text(output)[0] == output


def test_kept_import_is_no_evidence():
    # `# threadmod: ignore` keeps the import in the output: a second run must read it as the first did.
    source = "import thread  # threadmod: ignore\nprint (1, 2)\n"
    output = convert_text(source)[0]
    assert convert_text(output)[0] == output


def test_undecided_alone_is_python3():
    assert convert_text("x = d.keys()\nprint (1, 2)\n")[0] == "x = d.keys()\nprint (1, 2)\n"
    assert convert_text("print (1, 2)\n", assume_python2=True)[0] == "print((1, 2))\n"


def _tree(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / name).write_text(text)
    out = tmp_path / "out"
    tasks = [
        runner.Task(path=str(tmp_path / "in" / name), out_path=str(out / name), write_unchanged=True)
        for name in sorted(files)
    ]
    results = list(runner.run(tasks, 1))
    return results, {name: (out / name).read_text() for name in files}


UNDECIDED_FILE = "x = d.keys()\nprint (1, 2)\n"


def test_undecided_file_in_a_python2_tree_is_python2(tmp_path):
    results, outputs = _tree(tmp_path, {"a.py": UNDECIDED_FILE, "b.py": 'print "b"\n', "c.py": "s = unicode(y)\n"})
    assert outputs["a.py"] == "x = list(d.keys())\nprint((1, 2))\n"
    assert sorted(r.path for r in results) == sorted(str(tmp_path / "in" / n) for n in ("a.py", "b.py", "c.py"))
    assert not any(r.deferred for r in results)
    # The converted tree, converted again: no Python 2 left, so nothing changes.
    again = [runner.Task(path=str(tmp_path / "out" / n)) for n in ("a.py", "b.py", "c.py")]
    assert all(r.status == runner.UNCHANGED for r in runner.run(again, 1))


def test_undecided_file_in_a_python3_tree_is_written_as_python3(tmp_path):
    files = {"a.py": UNDECIDED_FILE, "b.py": 'print "b"\n', "c.py": "y = 1\n", "d.py": "import six\n"}
    results, outputs = _tree(tmp_path, files)
    assert outputs["a.py"] == UNDECIDED_FILE  # held back, then written as read
    assert outputs["b.py"] == 'print("b")\n'
    assert [r.output for r in results] == [None] * 4
    assert {r.read_as for r in results} == {PYTHON2, DUAL, UNDECIDED}


def test_converted_files_in_a_python2_tree_are_not_converted_again(tmp_path):
    # A tree converted in part (-w, then some files fixed by hand and the tree run again):
    # what threadmod wrote must not be read as Python 2 a second time.
    files = {f"p{i}.py": f'print "{i}"\n' for i in range(5)}
    files["done.py"] = "name = input('name? ')\nprint(name, 1)\nx = list(d.keys())\n"
    results, outputs = _tree(tmp_path, files)
    assert outputs["done.py"] == files["done.py"]


def test_tree_rule_in_worker_processes(tmp_path):
    files = {f"p{i}.py": f'print "{i}"\n' for i in range(5)}
    files["u.py"] = UNDECIDED_FILE
    tasks = [runner.Task(path=str(tmp_path / n), out_path=str(tmp_path / "o" / n)) for n in sorted(files)]
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    results = list(runner.run(tasks, 2))
    assert len(results) == 6 and results[-1].path.endswith("u.py")
    assert (tmp_path / "o" / "u.py").read_text() == "x = list(d.keys())\nprint((1, 2))\n"
