"""The builtins and module-level idioms (TM120-TM138): tables of (Python 2, Python 3) pairs,
their composition with the other transforms, what they leave alone and say, Python 3 files,
and a few programs run under Python 2.7 and 3.13 that must print the same."""

from __future__ import annotations

import subprocess

import pytest

from threadmod.pipeline import convert_text
from threadmod.registry import select_codes

from tests.interpreters import require_python

CASES = [
    # TM120 raw-input
    ("x = raw_input('prompt')\n", "x = input('prompt')\n"),
    ("x = raw_input(invite) . split ()\n", "x = input(invite) . split ()\n"),
    ("read = raw_input\n", "read = input\n"),
    # TM121 input-eval
    ("x = input()\n", "x = eval(input())\n"),
    ("x =   input(   )\n", "x =   eval(input(   ))\n"),
    ("n = input('n? ').real\n", "n = eval(input('n? ')).real\n"),
    ("x = eval(input())\n", "x = eval(input())\n"),
    # TM122 xrange
    ("for i in xrange(10):\n    j = i\n", "for i in range(10):\n    j = i\n"),
    ("x = xrange(  0  ,  10 ,  2 )\n", "x = range(  0  ,  10 ,  2 )\n"),
    ("[i for i in xrange(10)]\n", "[i for i in range(10)]\n"),
    ("x = xrange(3)[::-1]\n", "x = range(3)[::-1]\n"),
    # TM123 range-list
    ("x = range(10, 3, 9)\n", "x = list(range(10, 3, 9))\n"),
    ("x = range(10, 3, 9) + [4]\n", "x = list(range(10, 3, 9)) + [4]\n"),
    ("x = range(10)  [3]\n", "x = list(range(10))  [3]\n"),
    ("x = foo(range(3))\n", "x = foo(list(range(3)))\n"),
    ("for i in range(10): pass\n", "for i in range(10): pass\n"),
    ("a = sorted(range(10))\n", "a = sorted(range(10))\n"),
    ("a = enumerate(range(10))\n", "a = enumerate(range(10))\n"),
    ("ok = x in range(10, 3, 9)\n", "ok = x in range(10, 3, 9)\n"),
    ("ok = x not in range(10)\n", "ok = x not in range(10)\n"),
    ("ok = x in range(3) + [9]\n", "ok = x in list(range(3)) + [9]\n"),
    ("s = [i * 2 for i in range(3) if i]\n", "s = [i * 2 for i in range(3) if i]\n"),
    # TM124 long-builtin, TM125 basestring, TM126 standard-error
    ("x = long(x)\n", "x = int(x)\n"),
    ("z = type(x) in (int, long)\n", "z = type(x) in (int, int)\n"),
    ("ok = isinstance(x, basestring)\n", "ok = isinstance(x, str)\n"),
    ("class Error(StandardError):\n    pass\n", "class Error(Exception):\n    pass\n"),
    ("try:\n    f()\nexcept StandardError, e:\n    pass\n", "try:\n    f()\nexcept Exception as e:\n    pass\n"),
    # TM127 apply
    ("x = apply(f, g + h)\n", "x = f(*g + h)\n"),
    ("z = apply(fs[0], g or h, h or g)\n", "z = fs[0](*g or h, **h or g)\n"),
    ("apply(f, args, kwds,)\n", "f(*args, **kwds)\n"),
    ("x = apply(f(), args)\n", "x = f()(*args)\n"),
    ("x = apply(f**g, args)\n", "x = (f**g)(*args)\n"),
    ("x = apply(a.b.c, args)\n", "x = a.b.c(*args)\n"),
    ("apply(  f  ,args,kwds   )\n", "f(*args, **kwds)\n"),
    ("apply(lambda x, y: x, args)\n", "(lambda x, y: x)(*args)\n"),
    ("apply(   # foo\n          f, # bar\n          args)\n", "f(   # foo\n          * # bar\n          args)\n"),
    # TM128 execfile
    ('execfile("fn")\n', "exec(compile(open(\"fn\", \"rb\").read(), \"fn\", 'exec'))\n"),
    ('execfile("fn", glob)\n', "exec(compile(open(\"fn\", \"rb\").read(), \"fn\", 'exec'), glob)\n"),
    (
        "execfile(os.path.join(here, 'x.py'), ns)\n",
        "exec(compile(open(os.path.join(here, 'x.py'), \"rb\").read(), os.path.join(here, 'x.py'), 'exec'), ns)\n",
    ),
    # TM129 intern, TM130 reduce, TM131 reload
    ("x = intern(a)\n", "import sys\nx = sys.intern(a)\n"),
    ("z = intern(a+b+c.d,   )\n", "import sys\nz = sys.intern(a+b+c.d,   )\n"),
    ("import sys\nx = intern(a)\n", "import sys\nx = sys.intern(a)\n"),
    ("reduce(a, b, c)\n", "from functools import reduce\nreduce(a, b, c)\n"),
    (
        "total = reduce(lambda x, y: x + y, seq, 0)\n",
        "from functools import reduce\ntotal = reduce(lambda x, y: x + y, seq, 0)\n",
    ),
    ("from functools import reduce\nreduce(a, b)\n", "from functools import reduce\nreduce(a, b)\n"),
    ("from utils import *\nx = apply(f, args)\n", "from utils import *\nx = f(*args)\n"),
    ("x = map(intern, names)\n", "import sys\nx = list(map(sys.intern, names))\n"),
    ("reload( a )  # comment\n", "import importlib\nimportlib.reload( a )  # comment\n"),
    ('"""Doc."""\nreload(a)\n', '"""Doc."""\nimport importlib\nimportlib.reload(a)\n'),
    # TM132 getcwdu, TM133 sys-maxint, TM134 sys-exc
    ("import os\nos .getcwdu()\n", "import os\nos .getcwd()\n"),
    ("import os.path\nhere = os.getcwdu()\n", "import os.path\nhere = os.getcwd()\n"),
    ("import sys\nfoo(sys, sys.maxint)\n", "import sys\nfoo(sys, sys.maxsize)\n"),
    ("from sys import maxint\nx = maxint\n", "from sys import maxsize\nx = maxsize\n"),
    ("from sys import maxint as m\n", "from sys import maxsize as m\n"),
    ("from sys import maxint\nmaxsize = 1\nx = maxint\n", "from sys import maxsize as maxint\nmaxsize = 1\nx = maxint\n"),
    ("sys  .exc_type # Foo\n", "sys  .exc_info()[0] # Foo\n"),
    ("t = sys.exc_traceback.tb_next\n", "t = sys.exc_info()[2].tb_next\n"),
    # TM135 exitfunc
    ("import sys # Foo\nsys.exitfunc = f # Blah\n", "import sys # Foo\nimport atexit\natexit.register(f) # Blah\n"),
    ("import sys, crumbs\nsys.exitfunc = my_func\n", "import sys, crumbs, atexit\natexit.register(my_func)\n"),
    ("import sys\ndef f():\n    sys.exitfunc = func\n", "import sys\nimport atexit\ndef f():\n    atexit.register(func)\n"),
    ("sys.exitfunc = f\n", "import atexit\natexit.register(f)\n"),
    ("import sys, atexit\nsys.exitfunc = f\n", "import sys, atexit\natexit.register(f)\n"),
    # TM136 operator-functions
    ("operator.isCallable(x)\n", "callable(x)\n"),
    ("operator  .irepeat(x, n)\n", "operator  .imul(x, n)\n"),
    ("operator.isNumberType(x)\n", "import numbers\nisinstance(x, numbers.Number)\n"),
    ("operator.isSequenceType( x )\n", "import collections.abc\nisinstance( x, collections.abc.Sequence)\n"),
    # TM137 types-constants
    ("types.StringType\n", "bytes\n"),
    ("types . IntType\n", "int\n"),
    ("types.StringTypes\n", "(str,)\n"),
    ("x = types.NotImplementedType\n", "x = type(NotImplemented)\n"),
    # TM138 isinstance-duplicates
    ("isinstance(x, (int, int, int))\n", "isinstance(x, int)\n"),
    ("if    isinstance(  foo(), (  bar, bar, baz )) : pass\n", "if    isinstance(  foo(), (  bar, baz )) : pass\n"),
    ("isinstance(foo() + bar(), (x(), y(), x(), int, int))\n", "isinstance(foo() + bar(), (x(), y(), x(), int))\n"),
    ("isinstance(x, (int, long))\n", "isinstance(x, int)\n"),
    ("isinstance(x, (types.IntType, types.LongType, float))\n", "isinstance(x, (int, float))\n"),
    ("isinstance(s, (str, unicode, basestring))\n", "isinstance(s, str)\n"),
    ("isinstance(s, (int, float,))\n", "isinstance(s, (int, float,))\n"),
]

# Names the code binds: the builtin is not used there, or its new name would be captured.
LEFT_ALONE = [
    "long = True\nx = long\n",
    "s.long = True\n",
    "def long(): pass\nx = long()\n",
    "class long(): pass\n",
    "def f(g, long=True): return long\n",
    "for long in y: pass\nx = long(3)\n",
    "x = [long for long in y]\n",
    "with f() as long:\n    x = long(3)\n",
    "with f() as (a, long): pass\ny = long\n",
    "for (i, long) in x: pass\ny = long\n",
    "[a, long] = x\ny = long\n",
    "long += 1\n",
    "import long\n",
    "from compat import long, xrange\nx = xrange(long(3))\n",
    "global long\n",
    "del long\n",
    "f = lambda long: long(3)\n",
    "from builtins import *\nfor i in xrange(3): pass\n",
    "from six.moves import *\nx = range(3)\n",
    "from six.moves import range, input\nx = range(3)\ny = input()\n",
    "input = raw_input\nx = input()\n",
    "try:\n    raw_input = input\nexcept NameError:\n    pass\n",
    "apply()\n",
    "result = df.apply(f, axis=1)\n",
    "execfile\n",
    "os = fake\nos.getcwdu()\n",
    "getcwdu()\n",
    "from foo import maxint\n",
    "x = numpy.maxint\n",
    "f(sys.exitfunc)\n",
    "repeat(x, n)\n",
    "itertools.repeat(x, n)\n",
    "f = types.FunctionType\n",
    "isinstance(x, (str, int))\n",
    "isinstance(x, (f(), f()))\n",
]

# Scopes: a binding counts in its own scope and the functions and module around it.
SCOPES = [
    (
        "def f():\n    long = 3\n    return long\ndef g(x):\n    return long(x)\n",
        "def f():\n    long = 3\n    return long\ndef g(x):\n    return int(x)\n",
    ),
    (
        "def f(long):\n    def g():\n        return long(3)\n    return g\n",
        "def f(long):\n    def g():\n        return long(3)\n    return g\n",
    ),
    (
        "class A:\n    input = property(f)\n    def g(self):\n        return raw_input()\n",
        "class A:\n    input = property(f)\n    def g(self):\n        return input()\n",
    ),
    (
        "class A:\n    def m(self, apply):\n        return apply(f, x)\n    def n(self):\n        return apply(f, x)\n",
        "class A:\n    def m(self, apply):\n        return apply(f, x)\n    def n(self):\n        return f(*x)\n",
    ),
    (
        "def f():\n    global range\n    range = 3\nx = xrange(3)\n",
        "def f():\n    global range\n    range = 3\nx = xrange(3)\n",
    ),
    (
        "try:\n    pass\nexcept ValueError, long:\n    pass\nx = long(3)\n",
        "try:\n    pass\nexcept ValueError as long:\n    pass\nx = long(3)\n",
    ),
    ("options(long=True, xrange=1)\nz = long(3)\n", "options(long=True, xrange=1)\nz = int(3)\n"),
    ("def f(x=long(3)): return x\n", "def f(x=int(3)): return x\n"),
    (
        "def f(range): return xrange(range)\ndef g(): return xrange(3)\n",
        "def f(range): return xrange(range)\ndef g(): return range(3)\n",
    ),
    ("d[long] = 1\n", "d[int] = 1\n"),
    ("with a as x, g(long) as y: pass\n", "with a as x, g(int) as y: pass\n"),
    (
        "class A(object):\n    def input(self):\n        return input()\n",
        "class A(object):\n    def input(self):\n        return eval(input())\n",
    ),
]

# With the other transforms, on the same tokens.
COMPOSITION = [
    ("print xrange(3)\n", "print(range(3))\n"),
    ("print input()\n", "print(eval(input()))\n"),
    ("print input('x').strip()\n", "print(eval(input('x')).strip())\n"),
    ("x = map(f, xrange(3))\n", "x = list(map(f, range(3)))\n"),
    ("print long(`x`)\n", "print(int(repr(x)))\n"),
    ("print apply(f, range(3))\n", "print(f(*list(range(3))))\n"),
    ("intern(raw_input())\n", "import sys\nsys.intern(input())\n"),
    ("reduce(x, xrange(5))\n", "from functools import reduce\nreduce(x, range(5))\n"),
    ("print execfile(fn)\n", "print(exec(compile(open(fn, \"rb\").read(), fn, 'exec')))\n"),
    ("x = range(3); y = long(0777)\n", "x = list(range(3)); y = int(0o777)\n"),
    ("isinstance(x, (int, long, types.IntType))\n", "isinstance(x, int)\n"),
    ("isinstance(x, (unicode, basestring, int))\n", "isinstance(x, (str, int))\n"),
    (
        "try:\n    x = long(s)\nexcept ValueError, e:\n    print e\n",
        "try:\n    x = int(s)\nexcept ValueError as e:\n    print(e)\n",
    ),
    ("import sys\nreload(sys); print sys.maxint\n", "import sys\nimport importlib\nimportlib.reload(sys); print(sys.maxsize)\n"),
    ("input()\nimport os\n", "eval(input())\nimport os\n"),
    ("range(3) + [1]\nreload(m)\n", "import importlib\nlist(range(3)) + [1]\nimportlib.reload(m)\n"),
    ("x = unicode(raw_input()) + u'a'\n", "x = str(input()) + u'a'\n"),
]


def _convert(source: str) -> str:
    return convert_text(source, assume_python2=True)[0]


@pytest.mark.parametrize(("source", "expected"), CASES + SCOPES + COMPOSITION)
def test_converts(source, expected):
    assert _convert(source) == expected
    compile(expected, "<expected>", "exec", dont_inherit=True)


@pytest.mark.parametrize(("source", "expected"), CASES + SCOPES + COMPOSITION)
def test_a_second_run_changes_nothing(source, expected):
    assert convert_text(expected)[0] == expected


@pytest.mark.parametrize("source", LEFT_ALONE)
def test_left_alone(source):
    assert _convert(source) == source


# --- files read as Python 3 ----------------------------------------------------------------

PYTHON3 = [
    # Unbound in Python 3 (a NameError or AttributeError there): renamed.
    ("for i in xrange(3): print(i)\n", "for i in range(3): print(i)\n"),
    ("x = raw_input('a')\n", "x = input('a')\n"),
    ("n = long(s)\n", "n = int(s)\n"),
    ("ok = isinstance(s, basestring)\n", "ok = isinstance(s, str)\n"),
    ("class E(StandardError): pass\n", "class E(Exception): pass\n"),
    ("apply(f, a)\n", "f(*a)\n"),
    ("x = intern(s)\n", "import sys\nx = sys.intern(s)\n"),
    ("reduce(f, s)\n", "from functools import reduce\nreduce(f, s)\n"),
    ("reload(m)\n", "import importlib\nimportlib.reload(m)\n"),
    ("import os\nos.getcwdu()\n", "import os\nos.getcwd()\n"),
    ("import sys\nsys.maxint\n", "import sys\nsys.maxsize\n"),
    ("import sys\nsys.exc_value\n", "import sys\nsys.exc_info()[1]\n"),
    ("import operator\noperator.isCallable(f)\n", "import operator\ncallable(f)\n"),
    # Python 3's own meaning: never rewritten.
    ("x = input()\n", "x = input()\n"),
    ("x = range(3)\n", "x = range(3)\n"),
    ("import sys\nsys.exitfunc = f\n", "import sys\nsys.exitfunc = f\n"),
    ("import types\nt = types.NoneType\n", "import types\nt = types.NoneType\n"),
    ("isinstance(x, (int, int))\n", "isinstance(x, (int, int))\n"),
    # The compatibility shims of code written for both.
    ("try:\n    input = raw_input\nexcept NameError:\n    pass\n", "try:\n    input = raw_input\nexcept NameError:\n    pass\n"),
    ("try:\n    unicode\nexcept NameError:\n    unicode = str\n", "try:\n    unicode\nexcept NameError:\n    unicode = str\n"),
    ("from six.moves import xrange\nxrange(3)\n", "from six.moves import xrange\nxrange(3)\n"),
    ("from .utils import *\napply(f, args)\n", "from .utils import *\napply(f, args)\n"),
]


@pytest.mark.parametrize(("source", "expected"), PYTHON3)
def test_python3_files(source, expected):
    compile(source, "<source>", "exec", dont_inherit=True)
    assert convert_text(source)[0] == expected


def test_input_is_never_evaluated_in_a_python3_file_even_among_renames():
    # raw_input shows a file Python 2, whose input() evaluated what it read (dialect.py) ...
    source = "name = raw_input('a')\nvalue = input('b')\n"
    assert convert_text(source)[0] == "name = input('a')\nvalue = eval(input('b'))\n"
    # ... unless the file says it is Python 3 too: then input() is Python 3's.
    source = "name = raw_input(f'a')\nvalue = input('b')\n"
    assert convert_text(source)[0] == "name = input(f'a')\nvalue = input('b')\n"
    assert convert_text("value = input('b')\n")[0] == "value = input('b')\n"


# --- diagnostics ---------------------------------------------------------------------------

DIAGNOSTICS = [
    ("def ask(input):\n    return raw_input(input)\n", ["2:12 TM120"]),
    ("ask = input\n", ["1:7 TM121"]),
    ("def f(eval):\n    return input()\n", ["2:12 TM121"]),
    ("def f(range):\n    return xrange(range)\n", ["2:12 TM122"]),
    ("def f(list):\n    return range(3)\n", ["2:12 TM123"]),
    ("def f(int):\n    return long(int)\n", ["2:12 TM124"]),
    ("def f(str):\n    return unicode(str)\n", ["2:12 TM111"]),
    ("apply(f, *args)\n", ["1:1 TM127"]),
    ("apply(f)\n", ["1:1 TM127"]),
    ("apply(f, a, b, c)\n", ["1:1 TM127"]),
    ("execfile(next_name())\n", ["1:1 TM128"]),
    ("intern(**i)\n", ["1:1 TM129"]),
    ("x = sorted(map(apply, fs, args))\n", ["1:16 TM127"]),
    ("reduce(a, b=42)\n", ["1:1 TM130"]),
    ("reload(f, g)\n", ["1:1 TM131"]),
    ("sys.exc_type = None\n", ["1:5 TM134"]),
    ("f(sys.exitfunc)\n", ["1:7 TM135"]),
    ("x = sys.exitfunc = f\n", ["1:9 TM135"]),
    ("sys.exitfunc = a, b\n", ["1:5 TM135"]),
    ("from operator import isCallable\n", ["1:22 TM136"]),
    ("x = operator.isCallable\n", ["1:14 TM136"]),
    ("from types import StringType\n", ["1:19 TM137"]),
    ("t = types.InstanceType\n", ["1:11 TM137"]),
]


@pytest.mark.parametrize(("source", "expected"), DIAGNOSTICS)
def test_diagnostics(source, expected):
    output, diagnostics, _ = convert_text(source, assume_python2=True)
    codes = {code.split()[1] for code in expected}
    assert [f"{d.line}:{d.col} {d.code}" for d in diagnostics if d.code in codes] == expected
    assert output == source  # what a diagnostic names is left as it was


def test_string_type_becomes_bytes_with_a_diagnostic():
    output, diagnostics, _ = convert_text("ok = type(s) is types.StringType\n", assume_python2=True)
    assert output == "ok = type(s) is bytes\n"
    assert [f"{d.line}:{d.col} {d.code}" for d in diagnostics] == ["1:23 TM137"]


def test_tm301_no_longer_reports_the_converted_names():
    source = "for i in xrange(3): x = long(raw_input())\n"
    _, diagnostics, _ = convert_text(source, assume_python2=True)
    assert [d.code for d in diagnostics] == []
    _, diagnostics, _ = convert_text("y = coerce(a, b)\n", assume_python2=True)
    assert [d.code for d in diagnostics] == ["TM301"]


def test_the_python2_rewrites_are_selectable():
    source = "print range(3), input(), long(x)\n"
    everything = convert_text(source)[0]
    assert everything == "print(list(range(3)), eval(input()), int(x))\n"
    only_print = convert_text(source, codes=select_codes(["TM2"]))[0]
    assert only_print == "print(range(3), input(), long(x))\n"
    assert convert_text(source, codes=select_codes(ignore=["TM121"]))[0] == "print(list(range(3)), input(), int(x))\n"


# --- the same output under Python 2.7 and 3.13 ---------------------------------------------

PROGRAMS = [
    (
        "import sys, operator, types\n"
        "def total(n):\n"
        "    return reduce(lambda a, b: a + b, xrange(n), 0L)\n"
        "r = range(5)\n"
        "r.reverse()\n"
        "print r, r + [9], total(10), long(7) * 3\n"
        "print isinstance(3L, (int, long)), isinstance(u'x', basestring), isinstance('x', types.StringTypes)\n"
        "print apply(max, (1, 5, 2)), apply(dict, (), {'a': 1})\n"
        "print intern('ab' + 'c') is intern('abc'), sys.maxint > 2 ** 31\n"
        "print operator.isCallable(len), operator.sequenceIncludes([1, 2], 2), operator.repeat([0], 2)\n"
        "print operator.isSequenceType([1]), operator.isMappingType({}), operator.isNumberType(1.5)\n"
        "try:\n"
        "    raise KeyError('k')\n"
        "except StandardError:\n"
        "    print sys.exc_type.__name__, sys.exc_value.args\n"
        "print [i * i for i in range(4)], sorted(range(3)), 2 in range(3)\n"
    ),
    (
        "import sys, os, tempfile\n"
        "path = os.path.join(tempfile.mkdtemp(), 'child.py')\n"
        "f = open(path, 'w'); f.write('x = 6 * 7\\n'); f.close()\n"
        "ns = {}\n"
        "execfile(path, ns)\n"
        "print ns['x'], os.getcwdu() == os.getcwd()\n"
        "def bye():\n"
        "    print 'bye'\n"
        "sys.exitfunc = bye\n"
        "print 'end'\n"
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("program", PROGRAMS)
def test_python2_and_python3_print_the_same(program, tmp_path):
    python2, python3 = require_python("2.7"), require_python("3.13")
    before = tmp_path / "before.py"
    after = tmp_path / "after.py"
    before.write_text(program)
    after.write_text(_convert(program))
    run2 = subprocess.run([python2, str(before)], capture_output=True, text=True, cwd=tmp_path)
    run3 = subprocess.run([python3, str(after)], capture_output=True, text=True, cwd=tmp_path)
    assert run2.returncode == 0, run2.stderr
    assert run3.returncode == 0, run3.stderr
    assert run3.stdout.replace("L", "") == run2.stdout.replace("L", "")


# --- bindings.py, on its own ---------------------------------------------------------------


def _bindings(source: str):
    from threadmod.syntax.bindings import bindings_of
    from threadmod.syntax.context import SyntaxContext
    from threadmod.syntax.tokens import tokenize

    context = SyntaxContext(tokenize(source), "\n")
    return context, bindings_of(context)


ROLES = [
    ("long = long\n", ["bind", "use"]),
    ("obj.long = f(long=long)\n", ["attribute", "keyword", "use"]),
    ("def long(long, a=long): pass\n", ["bind", "bind", "use"]),
    ("for long, x in long: pass\n", ["bind", "use"]),
    ("import long as long\n", ["bind", "bind"]),
    ("from long import long\n", ["attribute", "bind"]),
    ("d[long] = long\n", ["use", "use"]),
    ("lambda long: long\n", ["bind", "use"]),
    ("with long as long: pass\n", ["use", "bind"]),
    ("except long, long: pass\n", ["use", "bind"]),
]


@pytest.mark.parametrize(("source", "roles"), ROLES)
def test_bindings_roles(source, roles):
    context, bindings = _bindings(source)
    assert [bindings.role(i) for i in context.name_indices("long")] == roles


def test_bindings_scopes():
    source = (
        "def f(a):\n"
        "    def g():\n"
        "        return a, b\n"
        "    b = 1\n"
        "class C:\n"
        "    c = 1\n"
        "    def m(self):\n"
        "        return c\n"
        "    d = c\n"
        "e = a\n"
    )
    context, bindings = _bindings(source)
    a_in_g, a_at_top = [i for i in context.name_indices("a") if bindings.role(i) == "use"]
    assert bindings.is_bound("a", a_in_g) and not bindings.is_bound("a", a_at_top)
    (b_in_g,) = [i for i in context.name_indices("b") if bindings.role(i) == "use"]
    assert bindings.is_bound("b", b_in_g)
    c_in_m, c_in_class = [i for i in context.name_indices("c") if bindings.role(i) == "use"]
    assert not bindings.is_bound("c", c_in_m) and bindings.is_bound("c", c_in_class)
    assert bindings.builtin_uses("a") == [a_at_top]


@pytest.mark.parametrize(
    ("source", "is_module"),
    [
        ("os.x\n", True),
        ("import os\nos.x\n", True),
        ("import sys, os.path\nos.x\n", True),
        ("import posix as os\nos.x\n", False),
        ("from x import os\nos.x\n", False),
        ("os = None\nos.x\n", False),
        ("def f(os):\n    return os.x\ny = os.x\n", [False, True]),
    ],
)
def test_bindings_is_module(source, is_module):
    context, bindings = _bindings(source)
    uses = [i for i in context.name_indices("os") if bindings.role(i) == "use"]
    expected = is_module if isinstance(is_module, list) else [is_module]
    assert [bindings.is_module("os", i) for i in uses] == expected
