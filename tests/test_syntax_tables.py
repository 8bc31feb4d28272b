"""Tables of (Python 2 source, expected Python 3 source) per syntax transform, with leave-alone twins.

Every expected output must also parse as Python 3 and convert to itself again.
"""

from __future__ import annotations

import ast

import pytest

from threadmod.errors import SourceError
from threadmod.pipeline import convert_text

# A bare `print` marks a file as Python 2 where the case alone would also parse as Python 3.
PY2 = "print\n"
PY2_OUT = "print()\n"

CASES = {
    "TM101 print-statement": [
        ('print "a"\n', 'print("a")\n'),
        ("print\n", "print()\n"),
        ("print a, b\n", "print(a, b)\n"),
        ("print a, b,\n", "print(a, b, end=' ')\n"),
        ("print >>f, a\n", "print(a, file=f)\n"),
        ("print >>f, a,\n", "print(a, end=' ', file=f)\n"),
        ("print >> f\n", "print(file=f)\n"),
        ("print>>sys.stderr, 'x'\n", "print('x', file=sys.stderr)\n"),
        ("print >>f(`x`), `y`\n", "print(repr(y), file=f(repr(x)))\n"),
        ("print (1, 2)\n" + PY2, "print((1, 2))\n" + PY2_OUT),
        ("print ()\n" + PY2, "print(())\n" + PY2_OUT),
        ("print (x)\n" + PY2, "print (x)\n" + PY2_OUT),
        ("print (a), b\n", "print((a), b)\n"),
        ("print (a) + b\n", "print((a) + b)\n"),
        ("print [1, 2]\n", "print([1, 2])\n"),
        ("x = 1; print x; y = 2\n", "x = 1; print(x); y = 2\n"),
        ("if x: print x\n", "if x: print(x)\n"),
        ("if x: print 'y'\nelse: print 'z'\n", "if x: print('y')\nelse: print('z')\n"),
        ("for i in r: print i,\n", "for i in r: print(i, end=' ')\n"),
        ("while 0: print\n", "while 0: print()\n"),
        ("f = lambda: 0\nif f(lambda: 1): print 1\n", "f = lambda: 0\nif f(lambda: 1): print(1)\n"),
        ("print 'a',  # keep\n", "print('a', end=' ')  # keep\n"),
        ("print 'a' \\\n    'b'\n", "print('a' \\\n    'b')\n"),
        ("print ('a',\n       'b')\n" + PY2, "print(('a',\n       'b'))\n" + PY2_OUT),
        ("print 'x\\n',\n", "print('x\\n', end='')\n"),
        ("print 'x\\t',\n", "print('x\\t', end='')\n"),
        ("print 'x ',\n", "print('x ', end=' ')\n"),
        ("print '',\n", "print('', end=' ')\n"),
        ("print 'a' 'b\\n',\n", "print('a' 'b\\n', end='')\n"),
        ("print x if y else z\n", "print(x if y else z)\n"),
        ("print lambda: 1\n", "print(lambda: 1)\n"),
        ("print x, ; y = 1\n", "print(x, end=' ') ; y = 1\n"),
        ("class A: print 1\n", "class A: print(1)\n"),
        ("print\\\n  1\n", "print(1)\n"),
    ],
    "TM102 except-comma": [
        ("try: pass\nexcept E, e: pass\n", "try: pass\nexcept E as e: pass\n"),
        ("try: pass\nexcept (A, B), e: pass\n", "try: pass\nexcept (A, B) as e: pass\n"),
        ("try: pass\nexcept E ,e: pass\n", "try: pass\nexcept E as e: pass\n"),
        ("try: pass\nexcept E, (a, b): pass\n", "try: pass\nexcept E as a_b: (a, b) = a_b.args; pass\n"),
        (
            "try:\n    pass\nexcept E, self.err:\n    pass\n",
            "try:\n    pass\nexcept E as err:\n    self.err = err\n    pass\n",
        ),
        (
            "def f(err):\n    try:\n        pass\n    except E, x.err:\n        # why\n        pass\n",
            "def f(err):\n    try:\n        pass\n    except E as err1:\n        # why\n        x.err = err1\n        pass\n",
        ),
    ],
    "TM103 raise-comma": [
        ("raise E, V\n", "raise E(V)\n"),
        ("raise E,V\n", "raise E(V)\n"),
        ("raise E, (1, 2)\n", "raise E(1, 2)\n"),
        ("raise E, (1,)\n", "raise E(1,)\n"),
        ("raise E, ()\n", "raise E()\n"),
        ("raise E, (5, 6) % (a, b)\n", "raise E((5, 6) % (a, b))\n"),
        ("raise E, V, T\n", "raise E(V).with_traceback(T)\n"),
        ("raise E, None, T\n", "raise E.with_traceback(T)\n"),
        ("raise E, None\n", "raise E\n"),
        ("raise E, V # c\n", "raise E(V) # c\n"),
        ("raise ((E1, E2), E3), V\n", "raise E1(V)\n"),
        ("raise (E1, E2)\n" + PY2, "raise E1\n" + PY2_OUT),
        ("raise E, `x`\n", "raise E(repr(x))\n"),
    ],
    "TM104 backticks": [
        ("x = `1`\n", "x = repr(1)\n"),
        ("x = `a, b`\n", "x = repr((a, b))\n"),
        ("x = `1 + `2``\n", "x = repr(1 + repr(2))\n"),
        ("x = f(`a`, `b`)\n", "x = f(repr(a), repr(b))\n"),
        ("x = `a` + `b`\n", "x = repr(a) + repr(b)\n"),
        ("x = `[1, 2]`[0]\n", "x = repr([1, 2])[0]\n"),
        ("x = not `a`\n", "x = not repr(a)\n"),
    ],
    "TM105 not-equal": [
        ("a <> b\n", "a != b\n"),
        ("if a<>b: pass\n", "if a!=b: pass\n"),
    ],
    "TM106 number-literals": [
        ("x = 0777\n", "x = 0o777\n"),
        ("x = 10L\n", "x = 10\n"),
        ("x = 10l\n", "x = 10\n"),
        ("x = 0xFFL\n", "x = 0xFF\n"),
        ("x = 0777L\n", "x = 0o777\n"),
        ("x = 00777\n", "x = 0o777\n"),
        ("x = 0L\n", "x = 0\n"),
        ("x = 01\n", "x = 0o1\n"),
    ],
    "TM107 string-literals": [
        ("x = ur'a'\n", "x = u'a'\n"),
        ("x = ur'\\d'\n", "x = u'\\\\d'\n"),
        ("x = ur'\\u20ac'\n", "x = u'\\u20ac'\n"),
        ("x = ur'\\\\u20ac'\n", "x = u'\\\\\\\\u20ac'\n"),
        ("x = ur'\\''\n", "x = u'\\\\\\''\n"),
        ("x = UR'''a\\\nb'''\n", "x = U'''a\\\\\nb'''\n"),
        ("x = '\\u20ac'\n" + PY2, "x = '\\\\u20ac'\n" + PY2_OUT),
        ("x = '\\N{DASH}'\n" + PY2, "x = '\\\\N{DASH}'\n" + PY2_OUT),
        ("x = '\\\\u20ac'\n" + PY2, "x = '\\\\u20ac'\n" + PY2_OUT),
        ("x = '\\\\\\u20ac'\n" + PY2, "x = '\\\\\\\\u20ac'\n" + PY2_OUT),
    ],
    "TM108 exec-statement": [
        ("exec 'x'\n", "exec('x')\n"),
        ("exec code in ns\n", "exec(code, ns)\n"),
        ("exec code in g, l\n", "exec(code, g, l)\n"),
        ("exec code in {}\n", "exec(code, {})\n"),
        ("exec (code) in ns\n", "exec((code), ns)\n"),
        ("exec (a if x in y else b) in ns\n", "exec((a if x in y else b), ns)\n"),
        ("if x: exec y\n", "if x: exec(y)\n"),
    ],
    "TM109 tuple-parameters": [
        ("def f((a, b)):\n    pass\n", "def f(a_b):\n    (a, b) = a_b\n    pass\n"),
        ("def f(x, (a, b)=(1, 2)):\n    pass\n", "def f(x, a_b=(1, 2)):\n    (a, b) = a_b\n    pass\n"),
        ("def f((a, b), c, *args, **kw):\n    pass\n", "def f(a_b, c, *args, **kw):\n    (a, b) = a_b\n    pass\n"),
        ("def f((a)):\n    pass\n", "def f(a):\n    pass\n"),
        (
            "class C:\n    def m(self, (a, b)):\n\n        # c\n        return a\n",
            "class C:\n    def m(self, a_b):\n\n        # c\n        (a, b) = a_b\n        return a\n",
        ),
        ("def f((a, b)):\n    '''d'''", "def f(a_b):\n    '''d'''\n    (a, b) = a_b"),
        ("a_b = 1\ndef f((a, b)): pass\n", "a_b = 1\ndef f(a_b1): (a, b) = a_b1; pass\n"),
        ("f = lambda (x, y): x + f(y)\n", "f = lambda x_y: x_y[0] + f(x_y[1])\n"),
        ("f = lambda(x, y): x\n", "f = lambda x_y: x_y[0]\n"),
        ("f = lambda ((x)): x\n", "f = lambda x: x\n"),
        ("f = lambda (x,): x\n", "f = lambda x1: x1[0]\n"),
        ("f = lambda ((a, b), c): a + c\n", "f = lambda a_b_c: a_b_c[0][0] + a_b_c[1]\n"),
        ("f = lambda (a, b): o.a + g(a=b)\n", "f = lambda a_b: o.a + g(a=a_b[1])\n"),
        ("m = map(lambda (k, v): k, d), v\n", "m = list(map(lambda k_v: k_v[0], d)), v\n"),
        ("s = sorted(d, key=lambda (k, v): (v, k))\n", "s = sorted(d, key=lambda k_v: (k_v[1], k_v[0]))\n"),
    ],
    "TM110 tab-indentation": [
        ("if x:\n        a\n\tb\n", "if x:\n        a\n        b\n"),
        ("if x:\n    if y:\n\ta\n", "if x:\n    if y:\n        a\n"),
        ("if x:\n\tif y:\n\t    a\n        b\n", "if x:\n        if y:\n            a\n        b\n"),
    ],
}

LEAVE_ALONE = [
    "print('a')\n",
    "print('a', 'b')\n",
    "print(*args, sep='')\n",
    "from __future__ import print_function\nprint('a', file=f)\n",
    "x = 'print >>f, y'  # print\n",
    "try: pass\nexcept (A, B) as e: pass\n",
    "raise E('x')\n",
    "raise E from e\n",
    "x = 0o777 + 0x1F + 1_000 + 07.5 + 0e0\n",
    "x = '\\u20ac' + r'\\u20ac' + b'\\u20ac'\n",
    "exec(code, ns)\n",
    "def f(a, b=(1, 2)): pass\n",
    "f = lambda x, y=(1, 2): x\n",
    "if x:\n\ta = 1\n\tb = 2\n",
    "if x:\n    a = 1\n\t\t\n",
    "async def f():\n    await g()\n",
    "x = f'{y}'\n",
    "if (n := 10) > 5: pass\n",
    "def f(*, a, b=1) -> int: return a\n",
    "match x:\n    case 1:\n        pass\n",
]

TABLE = [
    pytest.param(before, after, id=f"{code.split()[0]}-{i}")
    for code, rows in CASES.items()
    for i, (before, after) in enumerate(rows)
]


@pytest.mark.parametrize(("before", "after"), TABLE)
def test_converts(before, after):
    assert convert_text(before)[0] == after


@pytest.mark.parametrize(("before", "after"), TABLE)
def test_output_parses_and_is_stable(before, after):
    ast.parse(after)
    assert convert_text(after)[0] == after


@pytest.mark.parametrize("source", LEAVE_ALONE)
def test_left_alone(source):
    assert convert_text(source)[0] == source


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("x = 1\nprint 'a'\ndef f(:\n    pass\n", 3),
        ("x = (1,\nprint 'a'\n", 1),
        ("print 'a'\nx = 'abc\n", 2),
        ("def f():\n  return 1\n\n x = 2\n", 4),
        ("x = = 1\n", 1),
        ('raise "oops", 5\nprint 1\n', 1),
    ],
)
def test_invalid_input_names_its_line(source, line):
    with pytest.raises(SourceError) as info:
        convert_text(source)
    assert info.value.line == line


def test_exec_in_function_without_namespace_is_diagnosed():
    _, diagnostics, _ = convert_text("def f():\n    exec 'x = 1'\n    return x\n")
    assert [(d.line, d.code) for d in diagnostics] == [(2, "TM108")]
    _, diagnostics, _ = convert_text("exec 'x = 1'\ndef f():\n    exec 'x' in {}\n")
    assert diagnostics == []
