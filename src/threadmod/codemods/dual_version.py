"""Dual-version code: the statements written for both Pythons, which no thread codemod touches.

A module that runs under Python 2 and 3 chooses between them in two ways, and both are
already what Python 3 needs:

- **version branches**: an `if` (or a conditional expression) whose test reads the running
  version: `sys.version_info`, `sys.version`, `sys.hexversion`, `platform.python_version()`,
  `six.PY2`/`six.PY3` (any module called or imported as `six`), or a flag the module sets
  from them (`PY2 = sys.version_info[0] == 2`, `PY3 = not PY2`), or a name imported from
  elsewhere that is spelled as one (`from compat import PY2`, `IS_PY3`, `PY3K`...).  The
  whole `if` statement (every branch), or the whole statement holding the conditional
  expression, is left as it is.
- **import fallbacks**: a `try` whose `except ImportError` (or `ModuleNotFoundError`, or a
  bare `except`) imports, under the same name, another module than its body does: a module
  Python 3 renamed (`thread`, `Queue`, `cPickle`, `__builtin__`...) and its Python 3 name
  (`_thread`, `queue`, `pickle`, `builtins`...), in either order.  Other fallbacks are not
  about the version and stay convertible: `threading` or `dummy_threading`, `thread` or
  `dummy_thread`, the C `thread._local` or the pure Python `_threading_local`.

`find(text)` gives these statements as whole-line regions of `text`; the thread stage hides
them behind markers (as it hides what a `# threadmod: ignore` comment keeps, suppressions.py)
and puts them back byte for byte.  A name such a statement binds (`thread` in `try: import
thread` / `except ImportError: import _thread as thread`) is bound differently under each
Python: the codemods count it as bound by something they do not know (`DUAL_BINDINGS_KEY`),
so its uses elsewhere are not rewritten either.  The text given compiles as Python 3 (the
syntax stage made sure), so this reads it with `ast`; no libcst.
"""

from __future__ import annotations

import ast
import functools
import re
import warnings
from dataclasses import dataclass

# Modules Python 3 renamed, by their Python 2 name: the top-level names of their Python 3
# counterparts.  A fallback between the two sides of one pair is about the version.
PYTHON3_NAMES = {
    "thread": ("_thread",), "dummy_thread": ("_dummy_thread",), "Queue": ("queue",),
    "__builtin__": ("builtins",), "exceptions": ("builtins",), "future_builtins": ("builtins",),
    "cPickle": ("pickle", "_pickle"), "cStringIO": ("io",), "StringIO": ("io",),
    "urllib2": ("urllib",), "urlparse": ("urllib",), "robotparser": ("urllib",),
    "ConfigParser": ("configparser",), "httplib": ("http",), "Cookie": ("http",), "cookielib": ("http",),
    "BaseHTTPServer": ("http",), "SimpleHTTPServer": ("http",), "CGIHTTPServer": ("http",),
    "Tkinter": ("tkinter",), "tkMessageBox": ("tkinter",), "tkFont": ("tkinter",), "ttk": ("tkinter",),
    "Tix": ("tkinter",), "ScrolledText": ("tkinter",), "tkFileDialog": ("tkinter",),
    "tkSimpleDialog": ("tkinter",), "SocketServer": ("socketserver",), "HTMLParser": ("html",),
    "htmlentitydefs": ("html",), "markupbase": ("_markupbase",), "xmlrpclib": ("xmlrpc",),
    "SimpleXMLRPCServer": ("xmlrpc",), "DocXMLRPCServer": ("xmlrpc",), "commands": ("subprocess",),
    "copy_reg": ("copyreg",), "repr": ("reprlib",), "UserDict": ("collections",),
    "UserList": ("collections",), "UserString": ("collections",), "anydbm": ("dbm",),
    "dbhash": ("dbm",), "dumbdbm": ("dbm",), "gdbm": ("dbm",), "whichdb": ("dbm",),
    "md5": ("hashlib",), "sha": ("hashlib",), "sets": ("builtins",),
}
_TESTS = re.compile(r"\b(?:if|elif|while|assert)\b|<|>")
# An indented import of a renamed module: one in a block, as a fallback's are.
_RENAMED_IMPORT = re.compile(
    r"^[ \t]+(?:import|from)[ \t]+(" + "|".join(sorted(PYTHON3_NAMES, key=len, reverse=True)) + r")\b", re.MULTILINE
)
_VERSION_WORDS = ("version", "six", "py2", "py3", "py_2", "py_3", "python2", "python3", "python_2", "python_3")
_VERSION_ATTRIBUTES = frozenset({"version_info", "version", "hexversion"})
_VERSION_FUNCTIONS = frozenset({"python_version", "python_version_tuple"})
# Names that are version flags wherever they come from (`from compat import PY2`).
_FLAG_NAME = re.compile(r"^_*(?:is_?)?py(?:thon)?_?[23](?:k|\d*)$", re.IGNORECASE)
# What a version test or a version fallback must mention (tested before parsing).
_VERSION_HINT = re.compile(
    r"version_info|sys\.version|hexversion|python_version|\bsix\b|\b_*(?:is_?)?py(?:thon)?_?[23](?:k|\d*)\b",
    re.IGNORECASE,
)
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError"})


@dataclass(frozen=True)
class Region:
    """One dual-version statement: whole lines [start, end) of the text, as offsets."""

    start: int
    end: int
    first_line: int  # 1-based, inclusive
    last_line: int
    what: str  # for messages: "the version branch `if PY2:`", "the import fallback for thread"
    bound: frozenset[str]  # names the statement binds (differently under each Python)


def find(text: str) -> list[Region]:
    """The outermost dual-version statements of text (Python 3 source), in order."""
    if not _may_test_version(text) and not _may_have_fallback(text):
        return []
    parsed = _parsed(text)
    if parsed is None:
        return []
    _tree, finder = parsed
    if not finder.regions:
        return []
    line_starts = [0]
    for match in re.finditer(r"\r\n|\n|\r", text):
        line_starts.append(match.end())
    regions: list[Region] = []
    for node, what in sorted(finder.regions, key=lambda item: (item[0].lineno, -item[0].end_lineno)):
        first, last = node.lineno, node.end_lineno
        if regions and first <= regions[-1].last_line:
            continue  # inside the one before (or on its last line)
        start = line_starts[first - 1]
        end = line_starts[last] if last < len(line_starts) else len(text)
        regions.append(Region(start, end, first, last, what, frozenset(_bound_names(node))))
    return regions


@functools.lru_cache(maxsize=2)
def _parsed(text: str) -> tuple[ast.Module, _Finder] | None:
    """The tree and what reads the version, once for find() and definition_headers() (and the
    thread stage's find() when the syntax stage changed nothing)."""
    try:
        with warnings.catch_warnings():  # `\d` in a string, `is` with a literal: not ours to say
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return tree, _Finder(tree)


def _may_test_version(text: str) -> bool:
    """A version word on a line that tests or assigns (`if PY2:`, `PY2 = sys.version_info...`,
    `x if PY2 else y`), not one that only prints `sys.version`.  Substring searches: a regex
    over a large module costs more than parsing a small one."""
    lowered = text.lower()
    for word in _VERSION_WORDS:
        position = lowered.find(word)
        while position >= 0:
            start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            line = text[start : end if end >= 0 else len(text)]
            if ("=" in line or _TESTS.search(line)) and _VERSION_HINT.search(line):
                return True
            if end < 0:
                break
            position = lowered.find(word, end)
    return False


def _may_have_fallback(text: str) -> bool:
    """An indented import of a renamed module, and an import of its Python 3 name."""
    if "ImportError" not in text and "except:" not in text:
        return False
    for match in _RENAMED_IMPORT.finditer(text):
        names = "|".join(PYTHON3_NAMES[match.group(1)])
        if re.search(rf"(?:import|from)[ \t]+(?:{names})\b", text):
            return True
    return False


class _Finder:
    def __init__(self, tree: ast.Module) -> None:
        self.sys_names: set[str] = set()  # local names of the sys module
        self.platform_names: set[str] = set()
        self.version_names: set[str] = set()  # `from sys import version_info` and the like
        self.flags: set[str] = set()
        self.regions: list[tuple[ast.stmt, str]] = []
        self._imports_and_flags(tree)
        self._statements(tree.body)

    # -- what reads the version --------------------------------------------------------

    def _imports_and_flags(self, tree: ast.Module) -> None:
        """The names of sys, platform and their version attributes, and the flags: names
        assigned a test of the version, to a fixed point (`PY3 = not PY2`).  One walk."""
        assignments = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    if alias.name == "sys":
                        self.sys_names.add(local)
                    elif alias.name == "platform":
                        self.platform_names.add(local)
            elif isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    local = alias.asname or alias.name
                    if node.module == "sys" and alias.name in _VERSION_ATTRIBUTES:
                        self.version_names.add(local)
                    elif node.module == "platform" and alias.name in _VERSION_FUNCTIONS:
                        self.version_names.add(local)
                    elif node.module.split(".")[-1] == "six" and _FLAG_NAME.match(alias.name):
                        self.flags.add(local)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                if not isinstance(node.value, (ast.IfExp, ast.Lambda)):
                    assignments.append(node)
        changed = True
        while changed:
            changed = False
            for node in assignments:
                if not self.reads_version(node.value):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name) and name.id not in self.flags:
                            self.flags.add(name.id)
                            changed = True

    def reads_version(self, expression: ast.AST) -> bool:
        for node in ast.walk(expression):
            if isinstance(node, ast.Name):
                if node.id in self.flags or node.id in self.version_names or _FLAG_NAME.match(node.id):
                    return True
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                base, attribute = node.value.id, node.attr
                if base in self.sys_names and attribute in _VERSION_ATTRIBUTES:
                    return True
                if base in self.platform_names and attribute in _VERSION_FUNCTIONS:
                    return True
                if base == "six" and _FLAG_NAME.match(attribute):
                    return True
            elif isinstance(node, ast.Attribute) and node.attr.startswith("PY") and _FLAG_NAME.match(node.attr):
                # django.utils.six.PY2, compat.PY3
                if isinstance(node.value, ast.Attribute) and node.value.attr == "six":
                    return True
        return False

    # -- which statements ----------------------------------------------------------------

    def _statements(self, statements: list[ast.stmt]) -> None:
        for statement in statements:
            found = self._region(statement)
            if found is not None:
                self.regions.append((statement, found))
                continue
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                for child in getattr(statement, field, ()) or ():
                    if isinstance(child, (ast.excepthandler, getattr(ast, "match_case", ()))):
                        self._statements(child.body)
                    elif isinstance(child, ast.stmt):
                        self._statements([child])

    def _region(self, statement: ast.stmt) -> str | None:
        if isinstance(statement, ast.If) and self.reads_version(statement.test):
            return f"the version branch `if {_short(statement.test)}:` (line {statement.lineno})"
        if isinstance(statement, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            module = self._fallback(statement)
            if module is not None:
                return f"the import fallback for {module} (line {statement.lineno})"
            return None
        # A conditional expression on the version in a simple statement or a header.
        headers = _header_expressions(statement)
        for expression in headers:
            for node in ast.walk(expression):
                if isinstance(node, ast.IfExp) and self.reads_version(node.test):
                    return f"the version test `{_short(node.test)}` (line {statement.lineno})"
        return None

    def _fallback(self, statement: ast.Try) -> str | None:
        catches = [h for h in statement.handlers if _catches_import_error(h)]
        if not catches:
            return None
        body = _imported(statement.body)
        for handler in catches:
            for name, module in _imported(handler.body).items():
                other = body.get(name)
                if other is None or other == module:
                    continue
                first, second = other.split(".")[0], module.split(".")[0]
                if second in PYTHON3_NAMES.get(first, ()) or first in PYTHON3_NAMES.get(second, ()):
                    return f"`{name}` ({other} or {module})"
        return None


def _header_expressions(statement: ast.stmt) -> list[ast.AST]:
    """The expressions of a statement outside its blocks."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return []  # a definition's defaults and decorators: the definition stays convertible
    result = []
    for field, value in ast.iter_fields(statement):
        if field in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        if isinstance(value, ast.AST):
            result.append(value)
        elif isinstance(value, list):
            result.extend(v for v in value if isinstance(v, ast.AST))
    return result


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(
        (isinstance(t, ast.Name) and t.id in _IMPORT_ERRORS) or (isinstance(t, ast.Attribute) and t.attr in _IMPORT_ERRORS)
        for t in types
    )


def _imported(statements: list[ast.stmt]) -> dict[str, str]:
    """Local name -> the module it comes from, for the imports of a block (not nested)."""
    names: dict[str, str] = {}
    for statement in statements:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
            for alias in statement.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = statement.module
    return names


def _bound_names(statement: ast.stmt) -> set[str]:
    """Names a statement binds in the scope it stands in (not inside its functions)."""
    names: set[str] = set()
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".")[0])
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        stack.extend(ast.iter_child_nodes(node))
    return names


def _short(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 40 else text[:37] + "..."


def definition_headers(text: str) -> list[tuple[int, int]]:
    """The headers (decorators to the colon, whole lines as offsets) of the defs and classes
    of text whose bases, decorators or defaults choose by the version
    (`class Error(Exception if six.PY3 else StandardError):`).  `find` leaves definitions
    convertible for the thread codemods; the syntax stage keeps such a header as it is."""
    if not _may_test_version(text):
        return []
    parsed = _parsed(text)
    if parsed is None:
        return []
    tree, finder = parsed
    line_starts = [0] + [match.end() for match in re.finditer(r"\r\n|\n|\r", text)]
    headers = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.ClassDef):
            parts = [*node.bases, *(k.value for k in node.keywords)]
        else:
            parts = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
        parts += node.decorator_list
        if any(isinstance(n, ast.IfExp) and finder.reads_version(n.test) for part in parts for n in ast.walk(part)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            last = max(node.body[0].lineno - 1, node.lineno)
            end = line_starts[last] if last < len(line_starts) else len(text)
            headers.append((line_starts[first - 1], end))
    return headers
