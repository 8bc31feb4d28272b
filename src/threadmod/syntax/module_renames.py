"""TM113 module-renames: modules Python 3 renamed (`StringIO`, `cPickle`, `ConfigParser`,
`Tkinter`, `httplib`, `urlparse`...) are imported and used by their new names."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    dotted_uses,
    import_guard,
    in_fstring,
    in_version_branch,
    is_attribute,
    is_import_statement,
    parse_import,
    statement_at,
    try_statements,
)
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example

# lib2to3/fixes/fix_imports.py MAPPING and fix_imports2.py MAPPING (anydbm, whichdb), CPython
# 3.11, without `thread` and `Queue` (the thread codemods TM206 and TM208 convert them) and
# `dummy_thread` (its `_dummy_thread` is gone since Python 3.9: TM301 reports it); with
# `UserDict` (2to3 has no entry; Python 3's class is collections.UserDict).
MAPPING = {
    "StringIO": "io",
    "cStringIO": "io",
    "cPickle": "pickle",
    "__builtin__": "builtins",
    "copy_reg": "copyreg",
    "SocketServer": "socketserver",
    "ConfigParser": "configparser",
    "repr": "reprlib",
    "FileDialog": "tkinter.filedialog",
    "tkFileDialog": "tkinter.filedialog",
    "SimpleDialog": "tkinter.simpledialog",
    "tkSimpleDialog": "tkinter.simpledialog",
    "tkColorChooser": "tkinter.colorchooser",
    "tkCommonDialog": "tkinter.commondialog",
    "Dialog": "tkinter.dialog",
    "Tkdnd": "tkinter.dnd",
    "tkFont": "tkinter.font",
    "tkMessageBox": "tkinter.messagebox",
    "ScrolledText": "tkinter.scrolledtext",
    "Tkconstants": "tkinter.constants",
    "Tix": "tkinter.tix",
    "ttk": "tkinter.ttk",
    "Tkinter": "tkinter",
    "markupbase": "_markupbase",
    "_winreg": "winreg",
    "dumbdbm": "dbm.dumb",
    "dbm": "dbm.ndbm",
    "gdbm": "dbm.gnu",
    "xmlrpclib": "xmlrpc.client",
    "DocXMLRPCServer": "xmlrpc.server",
    "SimpleXMLRPCServer": "xmlrpc.server",
    "httplib": "http.client",
    "htmlentitydefs": "html.entities",
    "HTMLParser": "html.parser",
    "Cookie": "http.cookies",
    "cookielib": "http.cookiejar",
    "BaseHTTPServer": "http.server",
    "SimpleHTTPServer": "http.server",
    "CGIHTTPServer": "http.server",
    "commands": "subprocess",
    "UserString": "collections",
    "UserList": "collections",
    "UserDict": "collections",
    "urlparse": "urllib.parse",
    "robotparser": "urllib.robotparser",
    # fix_imports2
    "whichdb": "dbm",
    "anydbm": "dbm",
}
# 2to3 maps dbhash to dbm.bsd, which no Python 3 ever had: left alone, with a diagnostic.
NO_MODULE = {"dbhash": "Python 3 has neither dbhash nor the dbm.bsd 2to3 named: use dbm (dbm.open) and check the file format"}
# Python 3 removed the new module since.
REMOVED = {"tkinter.tix": "tkinter.tix was removed in Python 3.13 (use tkinter.ttk)"}
# Names a Python 3 project may give its own modules: converted only in files read as Python 2.
PYTHON3_NAMES = frozenset({"dbm", "commands", "repr", "Dialog", "ttk", "Tix", "markupbase"})
# What Python 2's module defines (its __all__, else the classes and functions it defines)
# that the Python 3 module lacks: computed by importing both, CPython 2.7.18 and 3.13.0.
# (ConfigParser.SafeConfigParser is not among them: TM168 renames it to ConfigParser.)
GONE = {
    "Cookie": {"Cookie": "http.cookies.SimpleCookie", "SerialCookie": "nothing (unsafe)", "SmartCookie": "nothing (unsafe)"},
    "HTMLParser": {"HTMLParseError": "nothing: html.parser no longer raises it"},
    "SimpleXMLRPCServer": {"remove_duplicates": "nothing"},
    "Tkinter": {n: "nothing" for n in ("At", "AtEnd", "AtInsert", "AtSelFirst", "AtSelLast", "Studbutton", "Tributton")},
    "UserDict": {"DictMixin": "collections.abc.MutableMapping", "IterableUserDict": "collections.UserDict"},
    "UserString": {"MutableString": "nothing: strings are immutable"},
    "__builtin__": {
        "StandardError": "Exception", "apply": "f(*args, **kwargs)", "basestring": "str", "buffer": "memoryview",
        "cmp": "nothing", "coerce": "nothing", "execfile": "exec(open(f).read())", "file": "open",
        "intern": "sys.intern", "long": "int", "raw_input": "input", "reduce": "functools.reduce",
        "reload": "importlib.reload", "unichr": "chr", "unicode": "str", "xrange": "range",
    },
    "cPickle": {"BadPickleGet": "pickle.UnpicklingError", "UnpickleableError": "pickle.PicklingError"},
    "cStringIO": {"InputType": "io.StringIO or io.BytesIO", "OutputType": "io.StringIO or io.BytesIO"},
    "commands": {"getstatus": "nothing (os.stat)"},
    "httplib": {"HTTP": "http.client.HTTPConnection"},
    "xmlrpclib": {"SlowParser": "nothing"},
}
# Modules only Python 2 has, for telling a Python 2-only import fallback from a dual-version
# one: these, and those other transforms convert.
PYTHON2_ONLY = frozenset(MAPPING) | frozenset(NO_MODULE) | {"urllib2", "thread", "Queue", "dummy_thread"}

_URLLIB_SUBMODULES = frozenset({"parse", "request", "error", "response", "robotparser"})
_WORDS = "|".join(sorted(set(MAPPING) | set(NO_MODULE), key=len, reverse=True))


class ModuleRenames(SyntaxTransform):
    CODE = "TM113"
    NAME = "module-renames"
    DESCRIPTION = "Modules Python 3 renamed (StringIO, cPickle, ConfigParser, Tkinter, httplib...) get their new names."
    WHAT = """
        `import StringIO` becomes `import io` and each `StringIO.x` becomes `io.x`;
        `from cPickle import loads` becomes `from pickle import loads`; `import Tkinter as tk`
        becomes `import tkinter as tk`; `from ConfigParser import *` becomes
        `from configparser import *`, in any block.  The table is 2to3's (fix_imports,
        fix_imports2: 47 modules).  Where the old name also names something else in the file
        (a parameter, an assignment, `from x import StringIO`) or is used bare
        (`reload(StringIO)`), or the new name is taken, `import StringIO` becomes
        `import io as StringIO` and the uses stay as they are.
    """
    WHY = """
        Python 3 renamed these modules (PEP 3108); the old names are an ImportError.  A file
        that compiles as Python 3 still cannot import them, so this runs on such files too.
    """
    LEAVES_ALONE = """
        Dual-version code: imports in a branch of an `if` that tests the Python version
        (`sys.version_info`, `six.PY2`, `PY3`) and in a `try` whose handler catches
        ImportError, unless every module that `try` imports is Python 2-only (then the
        fallback cannot work in Python 3 and is converted).  Relative imports, attributes
        named like a module (`x.StringIO`), and in files that compile as Python 3 the names a
        project may give its own modules (commands, repr, dbm, Dialog, ttk, Tix, markupbase).
        It does not look for a module file of the same name beside the file (2to3's fix_import).
        A module name used inside an f-string keeps its name (`import io as StringIO`).
        Left with a diagnostic: `dbhash` (2to3's dbm.bsd never existed) and a from-import of a
        name the new module lacks (`from UserDict import DictMixin`); converted with a
        diagnostic: a use of such a name (`cStringIO.InputType`) and `Tix`.  `thread` and
        `Queue` are TM206's and TM208's; `dummy_thread` is reported by TM301.
    """
    EXAMPLES = (
        Example("import StringIO\nf = StringIO.StringIO()\n", "import io\nf = io.StringIO()\n"),
        Example("from cPickle import loads, dumps\n", "from pickle import loads, dumps\n"),
        Example("import Tkinter as tk, tkMessageBox\n", "import tkinter as tk, tkinter.messagebox\n"),
        Example("import urlparse\nu = urlparse.urljoin(a, b)\n", "import urllib.parse\nu = urllib.parse.urljoin(a, b)\n"),
        Example(
            "import StringIO\ndef f(StringIO):\n    return StringIO.x\n",
            "import io as StringIO\ndef f(StringIO):\n    return StringIO.x\n",
        ),
        Example(
            "try:\n    from cStringIO import StringIO\nexcept ImportError:\n    from StringIO import StringIO\n",
            "try:\n    from io import StringIO\nexcept ImportError:\n    from io import StringIO\n",
        ),
        Example("from UserDict import DictMixin\n", "from UserDict import DictMixin\n", ("1:22 TM113",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n",
        "if sys.version_info[0] == 2:\n    import ConfigParser\nelse:\n    import configparser as ConfigParser\n",
        "from django.utils.six.moves import cPickle as pickle\nx = obj.StringIO\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(rf"(?:import|from)[ \t\\(](?:[^#\n\\]|\\\r?\n?)*?\b(?P<module>{_WORDS})\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        stream, statements = context.stream, context.statements
        plain: dict[str, list[int]] = {}  # module -> indices of its `import X` items to convert
        kept_plain: set[str] = set()  # modules with an `import X` left as it is
        seen: set[int] = set()
        guards: dict[int, bool] = {}
        # Each match of HINT is a module's name on the line of an import (the statements are
        # found from it, with no index of every name: most files have none of these imports).
        for match in self.HINT.finditer(text):
            index = bisect_left(stream.starts, match.start("module"))
            if index >= len(stream.starts) or stream.starts[index] != match.start("module"):
                continue  # in a string or a comment
            if stream.kinds[index] != NAME or is_attribute(stream, index):
                continue
            statement = statement_at(stream, statements, index)
            if statement is None or not is_import_statement(stream, statement) or statement.first in seen:
                continue
            seen.add(statement.first)
            if not converts(stream, statements, statement, guards):
                for start, _stop, alias in _import_items(stream, statement):
                    if alias < 0 and stream.tok(start) in MAPPING:
                        kept_plain.add(stream.tok(start))
                continue
            yield from self._statement(context, statement, plain)
        for module, indices in plain.items():
            yield from self._plain_imports(context, module, indices, module in kept_plain)

    def _statement(self, context: SyntaxContext, statement, plain: dict[str, list[int]]) -> Iterator[Edit]:
        stream = context.stream
        parsed = parse_import(stream, statement.first, statement.end)
        if parsed is None:
            return
        if parsed.kind == "from":
            start, stop = parsed.module
            module = stream.tok(start)
            if stop != start + 1 or stream.kinds[start] != NAME or (module not in MAPPING and module not in NO_MODULE):
                return
            if not context.python2 and module in PYTHON3_NAMES:
                return
            if module in NO_MODULE:
                context.diagnose(stream.starts[start], self.CODE, f"module {module} is Python 2 only: {NO_MODULE[module]}")
                return
            gone = GONE.get(module, {})
            missing = [index for index, _stop, _alias in parsed.items if stream.tok(index) in gone]
            for index in missing:
                name = stream.tok(index)
                context.diagnose(
                    stream.starts[index], self.CODE,
                    f"{module}.{name} is not in Python 3's {MAPPING[module]}: use {gone[name]}; the import is left as it is",
                )
            if missing:
                return
            yield from self._renamed(context, start, module)
            return
        for start, stop, alias in parsed.items:
            module = stream.tok(start)
            if stop != start + 1 or (module not in MAPPING and module not in NO_MODULE):
                continue
            if not context.python2 and module in PYTHON3_NAMES:
                continue
            if module in NO_MODULE:
                context.diagnose(stream.starts[start], self.CODE, f"module {module} is Python 2 only: {NO_MODULE[module]}")
            elif alias >= 0:
                yield from self._renamed(context, start, module)
            else:
                plain.setdefault(module, []).append(start)

    def _renamed(self, context: SyntaxContext, index: int, module: str, text: str | None = None) -> Iterator[Edit]:
        new = MAPPING[module]
        if new in REMOVED:
            context.diagnose(context.stream.starts[index], self.CODE, REMOVED[new])
        stream = context.stream
        yield Edit.replace(stream.starts[index], stream.ends[index], text or new, self.CODE)

    def _plain_imports(self, context: SyntaxContext, module: str, indices: list[int], kept: bool) -> Iterator[Edit]:
        """`import X` items: renamed with their uses `X.attr` when X names nothing else and the
        new top-level name is free; else `import new as X`."""
        stream, statements = context.stream, context.statements
        new = MAPPING[module]
        uses = None if kept else dotted_uses(stream, statements, context.name_indices(module), set(indices), binds_ok=False)
        top = new.split(".")[0]
        if uses is not None and any(in_version_branch(stream, statements, i) for i in uses):
            uses = None  # dual-version code stays as it is
        if uses is not None and in_fstring(stream, module):
            uses = None  # a use inside an f-string cannot be renamed
        if uses is not None and top != module:
            if dotted_uses(stream, statements, context.name_indices(top), frozenset(), binds_ok=True) is None:
                uses = None
        if uses is None:
            for index in indices:
                yield from self._renamed(context, index, module, f"{new} as {module}")
            return
        for index in indices:
            yield from self._renamed(context, index, module)
        gone = GONE.get(module, {})
        for index in uses:
            member = stream.tok(index + 2)
            if member in gone:
                context.diagnose(
                    stream.starts[index + 2], self.CODE, f"{module}.{member} is not in Python 3's {new}: use {gone[member]}"
                )
            yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)


def converts(stream, statements, statement, guards: dict[int, bool]) -> bool:
    """Whether an import statement is not dual-version code: not in a branch of a test of
    the Python version, and not in an ImportError fallback unless the fallback imports only
    Python 2 modules.  `guards` caches the answer per `try` (keyed by its first token)."""
    kind, header = import_guard(stream, statements, statement)
    if kind == "version":
        return False
    if kind == "try":
        if header.first not in guards:
            guards[header.first] = python2_only_fallback(stream, try_statements(stream, statements, header))
        return guards[header.first]
    return True


def _import_items(stream, statement) -> list[tuple[int, int, int]]:
    parsed = parse_import(stream, statement.first, statement.end)
    return parsed.items if parsed is not None and parsed.kind == "import" else []


def python2_only_fallback(stream, region: list) -> bool:
    """Whether the import statements among `region` (a `try` statement's) import only modules
    that Python 3 lacks, so that no branch of the fallback can work there."""
    for statement in region:
        parsed = parse_import(stream, statement.first, statement.end) if is_import_statement(stream, statement) else None
        if parsed is None:
            continue
        if parsed.kind == "from":
            start, stop = parsed.module
            modules = [stream.text[stream.starts[start] : stream.ends[stop - 1]]]
            if modules[0] == "urllib" and parsed.items:
                # `from urllib import quote` is Python 2's; `from urllib import parse` Python 3's
                if all(stream.tok(i) not in _URLLIB_SUBMODULES for i, _s, _a in parsed.items):
                    continue
        else:
            modules = [stream.text[stream.starts[s] : stream.ends[e - 1]] for s, e, _alias in parsed.items]
        if any(m not in PYTHON2_ONLY for m in modules):
            return False
    return True
