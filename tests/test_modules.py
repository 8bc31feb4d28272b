"""Renamed and reorganised modules (TM113 module-renames, TM114 urllib-modules, TM115
itertools-functions): tables of (Python 2 source, expected Python 3 source), the diagnostics,
what is left alone, and a few programs run under Python 2.7 and 3.13."""

from __future__ import annotations

import ast
import subprocess

import pytest

from tests.interpreters import require_python
from threadmod.pipeline import convert_text
from threadmod.syntax.expressions import (
    binds,
    dotted_uses,
    import_guard,
    in_fstring,
    in_version_branch,
    parse_import,
    statement_at,
    try_statements,
)
from threadmod.syntax.module_renames import MAPPING
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.tokens import tokenize

CONVERTS = [
    # SafeConfigParser (gone in 3.12) is TM168's: the module is renamed around it
    ("from ConfigParser import (SafeConfigParser as P,\n    Error)\n",
     "from configparser import (ConfigParser as P,\n    Error)\n"),
    # TM113: import X, its uses, from-imports, aliases, stars
    ("import StringIO\nf = StringIO.StringIO()\n", "import io\nf = io.StringIO()\n"),
    ("import cPickle\ns = cPickle.dumps(cPickle.loads(x))\n", "import pickle\ns = pickle.dumps(pickle.loads(x))\n"),
    ("from cStringIO import StringIO\n", "from io import StringIO\n"),
    ("from ConfigParser import (RawConfigParser,\n    Error)\n", "from configparser import (RawConfigParser,\n    Error)\n"),
    ("import Tkinter as tk\nw = tk.Tk()\n", "import tkinter as tk\nw = tk.Tk()\n"),
    ("from Tkinter import *\n", "from tkinter import *\n"),
    ("import httplib, urlparse\nc = httplib.HTTPConnection(urlparse.urlsplit(u).netloc)\n",
     "import http.client, urllib.parse\nc = http.client.HTTPConnection(urllib.parse.urlsplit(u).netloc)\n"),
    ("import tkFont\nf = tkFont.Font()\n", "import tkinter.font\nf = tkinter.font.Font()\n"),
    ("import anydbm, whichdb\nd = anydbm.open(whichdb.whichdb(f))\n", "import dbm, dbm\nd = dbm.open(dbm.whichdb(f))\n"),
    ("import UserDict\nclass D(UserDict.UserDict): pass\n", "import collections\nclass D(collections.UserDict): pass\n"),
    ("def f():\n    import commands\n    return commands.getoutput('ls')\n",
     "def f():\n    import subprocess\n    return subprocess.getoutput('ls')\n"),
    ("import __builtin__\n__builtin__.open\n", "import builtins\nbuiltins.open\n"),
    ("import copy_reg, repr\n", "import copyreg, reprlib\n"),
    ("import StringIO\nx.StringIO = 1\n", "import io\nx.StringIO = 1\n"),
    ("from SocketServer import TCPServer\nSocketServer = 23\n", "from socketserver import TCPServer\nSocketServer = 23\n"),
    # the name also bound or used bare: the import keeps the name
    ("import StringIO\ndef f(StringIO):\n    return StringIO.x\n",
     "import io as StringIO\ndef f(StringIO):\n    return StringIO.x\n"),
    ("import StringIO\nreload(StringIO)\n", "import io as StringIO\nimport importlib\nimportlib.reload(StringIO)\n"),
    ("import cStringIO\nio = 3\nx = cStringIO.StringIO()\n", "import io as cStringIO\nio = 3\nx = cStringIO.StringIO()\n"),
    ("from compat import StringIO\nimport StringIO as S\n", "from compat import StringIO\nimport io as S\n"),
    # a Python 2-only fallback is converted; a dual-version one is not
    ("try:\n    import cStringIO as StringIO\nexcept ImportError:\n    import StringIO\ns = StringIO.StringIO()\n",
     "try:\n    import io as StringIO\nexcept ImportError:\n    import io as StringIO\ns = StringIO.StringIO()\n"),
    ("try:\n    import cPickle\nexcept ImportError:\n    cPickle = None\n",
     "try:\n    import pickle as cPickle\nexcept ImportError:\n    cPickle = None\n"),
    # TM114
    ("import urllib2\nr = urllib2.urlopen(urllib2.Request(url))\n",
     "import urllib.request, urllib.error, urllib.parse\nr = urllib.request.urlopen(urllib.request.Request(url))\n"),
    ("import urllib\nprint urllib.quote(s), urllib.urlopen(u)\n",
     "import urllib.request, urllib.parse, urllib.error\nprint(urllib.parse.quote(s), urllib.request.urlopen(u))\n"),
    ("from urllib2 import urlopen, Request\n", "from urllib.request import urlopen, Request\n"),
    ("from urllib import quote as q, urlopen\n", "from urllib.parse import quote as q\nfrom urllib.request import urlopen\n"),
    ("def f():\n    from urllib import urlencode, urlopen; x = 1\n",
     "def f():\n    from urllib.parse import urlencode\n    from urllib.request import urlopen; x = 1\n"),
    ("if x: from urllib import urlencode, urlopen\n",
     "if x: from urllib.parse import urlencode; from urllib.request import urlopen\n"),
    ("import urllib2 as u\nu.urlopen(x)\n", "import urllib.request as u\nu.urlopen(x)\n"),
    ("from urllib import (quote,  # for a\n    urlopen)  # b\nx = 1\n",
     "from urllib.parse import quote\nfrom urllib.request import urlopen  # for a # b\nx = 1\n"),
    ("from urllib import quote, urlopen  # b\n", "from urllib.parse import quote\nfrom urllib.request import urlopen  # b\n"),
    ("import urllib2 as u\nu.urlopen(x)\nexcept_ = u.HTTPError\n",
     "import urllib.request, urllib.error\nurllib.request.urlopen(x)\nexcept_ = urllib.error.HTTPError\n"),
    ("import urllib2\nurllib2.HTTPErrorProcessor\n",
     "import urllib.request, urllib.error, urllib.parse\nurllib.request.HTTPErrorProcessor\n"),
    ("import urllib\nf = urllib.addinfourl(fp, h, u)\n",
     "import urllib.request, urllib.parse, urllib.error, urllib.response\nf = urllib.response.addinfourl(fp, h, u)\n"),
    ("import urllib, urllib2\nurllib2.urlopen(urllib.quote(u))\n",
     "import urllib.request, urllib.parse, urllib.error, urllib.request, urllib.error, urllib.parse\n"
     "urllib.request.urlopen(urllib.parse.quote(u))\n"),
    ("class C:\n    import urllib2\n", "class C:\n    import urllib.request, urllib.error, urllib.parse\n"),
    # an `import StringIO` left alone in a version branch: the other one keeps the name
    ("if sys.version_info < (3,):\n    import StringIO\ndef f():\n    import StringIO\n    return StringIO.StringIO()\n",
     "if sys.version_info < (3,):\n    import StringIO\ndef f():\n    import io as StringIO\n    return StringIO.StringIO()\n"),
    # TM115
    ("import itertools\nfor a, b in itertools.izip(x, y):\n    pass\n", "import itertools\nfor a, b in zip(x, y):\n    pass\n"),
    ("import itertools as it\nr = it.imap(f, it.ifilter(p, x))\n", "import itertools as it\nr = map(f, filter(p, x))\n"),
    ("import itertools\nr = itertools.izip_longest(a, b)\n", "import itertools\nr = itertools.zip_longest(a, b)\n"),
    ("from itertools import imap, chain\nr = imap(f, x)\n", "from itertools import chain\nr = map(f, x)\n"),
    ("from itertools import izip\nr = izip(a, b)\n", "r = zip(a, b)\n"),
    ("from itertools import imap as m, chain\nr = m(f, x)\n", "from itertools import chain\nr = map(f, x)\n"),
    ("from itertools import (imap,\n    izip)\nx = 1\n", "x = 1\n"),
    ("from itertools import (imap,  # a\n    chain)\n", "from itertools import (chain  # a\n)\n"),
    ("from itertools import ifilterfalse, count\nr = ifilterfalse(p, count())\n",
     "from itertools import filterfalse, count\nr = filterfalse(p, count())\n"),
    ("if x:\n    from itertools import imap\n", "if x:\n    pass\n"),
    ("def f():\n    from itertools import izip\n    return izip(a, b)\n", "def f():\n    return zip(a, b)\n"),
    # with other transforms on the same tokens
    ("import StringIO\nprint StringIO.StringIO(u'x').getvalue()\n", "import io\nprint(io.StringIO(u'x').getvalue())\n"),
    ("import urllib\ntry:\n    urllib.urlopen(u)\nexcept IOError, e:\n    print `e`\n",
     "import urllib.request, urllib.parse, urllib.error\ntry:\n    urllib.request.urlopen(u)\n"
     "except IOError as e:\n    print(repr(e))\n"),
    ("import Queue, StringIO\nq = Queue.Queue()\ns = StringIO.StringIO()\n",
     "import queue, io\nq = queue.Queue()\ns = io.StringIO()\n"),
]

LEFT_ALONE = [
    "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n",
    "try:\n    from cStringIO import StringIO\nexcept ImportError:\n    from io import StringIO\n",
    "if sys.version_info[0] == 2:\n    import ConfigParser\nelse:\n    import configparser as ConfigParser\n",
    "if six.PY2:\n    from urllib import quote\nelse:\n    from urllib.parse import quote\n",
    "if PY3:\n    pass\nelse:\n    import StringIO\n    x = StringIO.StringIO()\n",
    "import itertools\nif not PY3:\n    imap = itertools.imap\n",
    "from django.utils.six.moves import cPickle as pickle\nx = obj.StringIO\n",
    "from django.utils.six import StringIO\ns = StringIO()\n",
    "from . import StringIO\nfrom .cPickle import x\n",
    "try:\n    from itertools import izip\nexcept ImportError:\n    izip = zip\nr = izip(a, b)\n",
    "def imap(f, x):\n    return x\nr = imap(f, y)\n",
    "r = obj.imap(f, x)\nfrom itertools import *\n",
    "import urllib.parse\nq = urllib.parse.quote(s)\n",
    "from urllib import parse\n",
]

# (source, expected, diagnostics as "line:col CODE")
DIAGNOSED = [
    ("import dbhash\n", "import dbhash\n", ["1:8 TM113"]),
    ("from UserDict import DictMixin\n", "from UserDict import DictMixin\n", ["1:22 TM113"]),
    ("import cStringIO\nt = cStringIO.InputType\n", "import io\nt = io.InputType\n", ["2:15 TM113"]),
    ("import Tix\n", "import tkinter.tix\n", ["1:8 TM113"]),
    ("from urllib import *\n", "from urllib import *\n", ["1:1 TM114"]),
    ("from urllib2 import *\n", "from urllib2 import *\n", ["1:1 TM114"]),
    ("import urllib as u\n", "import urllib as u\n", ["1:8 TM114"]),
    ("import urllib\nurllib.basejoin(x)\n", "import urllib\nurllib.basejoin(x)\n", ["2:8 TM114"]),
    ("from urllib import basejoin, quote\n", "from urllib import basejoin, quote\n", ["1:20 TM114"]),
    ("import urllib2\nf(urllib2)\n", "import urllib2\nf(urllib2)\n", ["1:8 TM114"]),
    ("from itertools import imap as m\nm = 3\n", "from itertools import imap as m\nm = 3\n", ["1:23 TM115"]),
    ("def zip(a, b):\n    pass\nimport itertools\nr = itertools.izip(a, b)\n",
     "def zip(a, b):\n    pass\nimport itertools\nr = itertools.izip(a, b)\n", ["4:15 TM115"]),
    ("def f(map):\n    from itertools import imap\n", "def f(map):\n    from itertools import imap\n", ["2:27 TM115"]),
    ("def f(filterfalse):\n    import itertools\n    return itertools.ifilterfalse(filterfalse, x)\n",
     "def f(filterfalse):\n    import itertools\n    return itertools.filterfalse(filterfalse, x)\n", []),
]


def _check(source: str, expected: str) -> list[str]:
    output, diagnostics, _applied = convert_text(source, assume_python2=True)
    assert output == expected
    ast.parse(output)
    again, _d, _a = convert_text(output)
    assert again == output, "converting the output again changes nothing"
    return [f"{d.line}:{d.col} {d.code}" for d in diagnostics if d.code in ("TM113", "TM114", "TM115")]


@pytest.mark.parametrize(("source", "expected"), CONVERTS)
def test_converts(source, expected):
    assert _check(source, expected) == []


@pytest.mark.parametrize("source", LEFT_ALONE)
def test_left_alone(source):
    assert _check(source, source) == []
    output, _d, _a = convert_text(source)  # read as Python 3 too
    assert output == source


@pytest.mark.parametrize(("source", "expected", "diagnostics"), DIAGNOSED)
def test_diagnosed(source, expected, diagnostics):
    assert _check(source, expected) == diagnostics


PYTHON3_FILES = [
    # compiles as Python 3, but cannot import these there
    ("import urllib2\nr = urllib2.urlopen(x)\n",
     "import urllib.request, urllib.error, urllib.parse\nr = urllib.request.urlopen(x)\n"),
    ("from StringIO import StringIO\n", "from io import StringIO\n"),
    ("from itertools import izip\nr = izip(a, b)\n", "r = zip(a, b)\n"),
    # a use in an f-string: the import keeps the name
    ("import StringIO\ns = StringIO.StringIO()\nprint(f'{StringIO.__name__}')\n",
     "import io as StringIO\ns = StringIO.StringIO()\nprint(f'{StringIO.__name__}')\n"),
    ("from compat import *\nr = izip(a, b)\n", "from compat import *\nr = izip(a, b)\n"),
    ("from itertools import *\nr = izip(a, b)\n", "from itertools import *\nr = zip(a, b)\n"),
    # Python 3 has these names: left alone
    ("import urllib\nr = urllib.quote(x)\n", "import urllib.request, urllib.parse, urllib.error\nr = urllib.parse.quote(x)\n"),
    ("import urllib\n", "import urllib\n"),
    ("import urllib\nimport urllib.parse\nr = urllib.parse.quote(x)\n",
     "import urllib\nimport urllib.parse\nr = urllib.parse.quote(x)\n"),
    ("import dbm\nimport commands\n", "import dbm\nimport commands\n"),
]


@pytest.mark.parametrize(("source", "expected"), PYTHON3_FILES)
def test_files_that_compile_as_python3(source, expected):
    output, _diagnostics, _applied = convert_text(source)
    assert output == expected


def test_thread_and_queue_are_the_thread_codemods():
    assert "thread" not in MAPPING and "Queue" not in MAPPING and "dummy_thread" not in MAPPING
    output, diagnostics, _ = convert_text("import thread\nthread.start_new_thread(f, ())\n", assume_python2=True)
    assert "import threading" in output and not [d for d in diagnostics if d.code == "TM113"]


def _context(source: str) -> SyntaxContext:
    return SyntaxContext(tokenize(source), "\n")


def test_parse_import_and_guards():
    context = _context(
        "import a.b as c, d\nfrom .m import (x as y, z)\nfrom m import *\n"
        "try:\n    import e\nexcept (ValueError, ImportError):\n    pass\n"
        "if x:\n    pass\nelif sys.version_info >= (3,):\n    import f\nelse:\n    import g\n"
        "for i in r:\n    pass\nelse:\n    import h\n"
    )
    stream, statements = context.stream, context.statements
    parsed = [parse_import(stream, s.first, s.end) for s in statements]
    first = parsed[0]
    assert first.kind == "import" and [(e - s, stream.tok(a)) for s, e, a in first.items[:1]] == [(3, "c")]
    assert [stream.tok(s) for s, _e, _a in first.items] == ["a", "d"] and first.items[1][2] == -1
    assert [(stream.tok(i), stream.tok(a) if a >= 0 else None) for i, _e, a in parsed[1].items] == [("x", "y"), ("z", None)]
    assert parsed[2].star >= 0
    imports = [s for s in statements if stream.tok(s.first) == "import"]
    guards = {stream.tok(s.first + 1): import_guard(stream, statements, s)[0] for s in imports}
    assert guards == {"a": "", "e": "try", "f": "version", "g": "version", "h": ""}


@pytest.mark.parametrize(
    ("source", "name", "bound"),
    [
        ("x = 1\n", "x", True), ("a, x = t\n", "x", True), ("x += 1\n", "x", True), ("for x in y: pass\n", "x", True),
        ("def f(x): pass\n", "x", True), ("def f(a, x=1): pass\n", "x", True),
        ("def f(a, y=x): pass\n", "x", False), ("def x(): pass\n", "x", True),
        ("def f(*x): pass\n", "x", True), ("def f(y=g(x)): pass\n", "x", False),
        ("f = lambda x: x\n", "x", True), ("[1 for x in y]\n", "x", True),
        ("f(x)\n", "x", False), ("for a in x: pass\n", "x", False), ("[x for a in y]\n", "x", False),
        ("y = x\n", "x", False), ("d[x]\n", "x", False), ("import x\n", "x", True), ("from m import x\n", "x", True),
        ("from x import m\n", "x", False), ("f(a, x=1)\n", "x", False), ("f(g(a), x=1)\n", "x", False),
        ("(x, y) = t\n", "x", True), ("[a, x] = t\n", "x", True), ("d[x] = 1\n", "x", False),
        ("x.a = 1\n", "x", False), ("f(x).a = 1\n", "x", False), ("x[0] = 1\n", "x", False),
    ],
)
def test_binds(source, name, bound):
    context = _context(source)
    (index, *_rest) = [i for i in context.name_indices(name)]
    assert statement_at(context.stream, context.statements, index) is not None
    assert binds(context.stream, context.statements, index) is bound


def test_dotted_uses_fstrings_and_try_statements():
    context = _context("import m\nm.a(m.b)\nx.m\nfrom m import y\n")
    stream, statements = context.stream, context.statements
    uses = dotted_uses(stream, statements, context.name_indices("m"), set(), binds_ok=True)
    assert [stream.line_col(stream.starts[i]) for i in uses] == [(2, 1), (2, 5)]
    assert dotted_uses(stream, statements, context.name_indices("m"), set(), binds_ok=False) is None
    bare = _context("import m\nf(m)\n")
    assert dotted_uses(bare.stream, bare.statements, bare.name_indices("m"), set(), binds_ok=True) is None
    assert in_fstring(_context("x = f'{m.a}'\n").stream, "m")
    assert not in_fstring(_context("x = '{m.a}'\nm.a\n").stream, "m")
    assert not in_fstring(_context("x = f'{mm.a}'\n").stream, "m")
    source = "try:\n    import a\n    import b\nexcept ImportError:\n    c = 1\nfinally:\n    d = 2\ne = 3\n"
    context = _context(source)
    stream, statements = context.stream, context.statements
    body = try_statements(stream, statements, statements[0])
    assert [stream.tok(s.first) for s in body] == ["import", "import", "except", "c"]
    version = _context("if PY2:\n    x = 1\ny = 2\n")
    assert [in_version_branch(version.stream, version.statements, i) for i in (4, 8)] == [True, False]


PROGRAMS = [
    "import StringIO, cPickle, urlparse, itertools\n"
    "s = StringIO.StringIO()\ns.write('abc')\n"
    "print cPickle.loads(cPickle.dumps([1, 2]))\n"
    "print urlparse.urljoin('http://a/b/c', 'd'), s.getvalue()\n"
    "print list(itertools.izip('ab', 'cd')), list(itertools.izip_longest('a', 'bc'))\n",
    "from urllib import quote, urlencode\nfrom itertools import imap, ifilter\nimport urllib2\n"
    "print quote('a b'), urlencode([('k', 'v w')])\nprint list(imap(abs, ifilter(None, [-1, 0, 2])))\n"
    "print urllib2.Request('http://x/').get_full_url()\n",
    (
        'import ConfigParser, HTMLParser, urllib2, urlparse, Cookie, copy_reg, repr as reprmod\n'
        'from itertools import izip_longest, ifilterfalse\n'
        'from UserDict import UserDict\n'
        '\n'
        'class P(HTMLParser.HTMLParser):\n'
        '    def handle_starttag(self, tag, attrs):\n'
        '        print tag, sorted(attrs)\n'
        '\n'
        'P().feed(\'<a href="x">y</a>\')\n'
        'c = ConfigParser.RawConfigParser()\n'
        "c.add_section('s')\n"
        "c.set('s', 'k', 'v')\n"
        "print c.get('s', 'k'), c.sections()\n"
        "r = urllib2.Request('http://example.com/a?b=1')\n"
        'print r.get_method(), urlparse.urlparse(r.get_full_url()).query\n'
        'print issubclass(urllib2.HTTPError, urllib2.URLError)\n'
        "print list(izip_longest('ab', 'c', fillvalue='-')), list(ifilterfalse(None, [0, 1, 2]))\n"
        'k = Cookie.SimpleCookie()\n'
        "k['a'] = 'b'\n"
        "print k['a'].value, reprmod.repr('x' * 3)\n"
        'd = UserDict(a=1)\n'
        'print sorted(d.items())\n'
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize("program", PROGRAMS)
def test_programs_print_the_same(program, tmp_path):
    python2, python3 = require_python("2.7"), require_python("3.13")
    converted, _diagnostics, _applied = convert_text(program)
    (tmp_path / "two.py").write_text(program)
    (tmp_path / "three.py").write_text(converted)
    before = subprocess.run([str(python2), str(tmp_path / "two.py")], capture_output=True, text=True, check=True).stdout
    after = subprocess.run([str(python3), str(tmp_path / "three.py")], capture_output=True, text=True, check=True).stdout
    assert before == after and before
