"""Which Python a file that compiles as Python 3 is written for: 2, 3 (or both), or no telling.

A file that does not compile as Python 3 but converts is Python 2: that needs no rule.
One that compiles may still be Python 2 code: `x = raw_input()`, `import urllib2`,
`d.has_key(k)` compile, and fail when run.  Reading such a file as Python 2 matters:
its `d.keys()` is a list, its `print (a, b)` prints a tuple.  So:

- DUAL when the file says it is meant for Python 3 too: it imports six or a module
  only Python 3 has (`queue`, `configparser`, `urllib.request`...: alone, or as the
  fallback of a Python 2 one), tests the major version (`sys.version_info[0] == 2`,
  `sys.version_info >= (3,)`) or a PY2/PY3 flag.  Its version branches, import
  fallbacks and version-choosing headers (codemods.dual_version) are meant as they are:
  no rewrite that is right only for Python 2 code there, no diagnostic.
- PYTHON3 when it uses syntax only Python 3 has (keyword-only parameters, return
  annotations, `nonlocal`, f-strings, `yield from`, `raise X from Y`, `async`,
  `print(..., end=...)`).
- PYTHON2 when it imports `thread` or `Queue`, which the thread stage always renames.
  The syntax stage finds the rest (pipeline.py): a rewrite that is right only for
  Python 2 code (`raw_input`, `import urllib2`...: an Edit with `evidence`) made in a
  file that compiles makes it Python 2.  Both kinds are always rewritten, so converted
  output never shows them, and a second run reads it as Python 3: idempotence.
- LEANS_PYTHON3 when it looks like Python 3 code, threadmod's output among it: a
  `print(a, b)` call, an `input()` call.  Read as Python 3, whatever the tree.
- UNDECIDED otherwise (`x = d.keys()`): the runner reads it as the tree around it is
  read (runner.run), as Python 3 when alone.
"""

from __future__ import annotations

import re

from threadmod.errors import SourceError
from threadmod.syntax.tokens import NAME, NEWLINE, NUMBER, OP, STRING, TokenStream, tokenize

PYTHON2, PYTHON3, DUAL, UNDECIDED = "python2", "python3", "dual", "undecided"
# Nothing certain, but what Python 3 code (threadmod's own output among it) looks like: a
# `print(a, b)` call, an `input()`.  Read as Python 3 whatever the tree: read as Python 2,
# converted code would print tuples and eval its input on a second run over a tree that
# still holds unconverted files.  A Python 2-only rewrite in it still makes it Python 2.
LEANS_PYTHON3 = "leans-python3"

# Python 2 modules the thread stage always renames: importing one is Python 2 for certain.
THREAD_STAGE_MODULES = frozenset({"thread", "Queue"})
# Names that dual-version code tests: six, version checks, PY2/PY3 flags.
_DUAL_NAMES = frozenset(
    "six PY2 PY3 PY3K PY34 PY35 PY36 IS_PY2 IS_PY3 PYTHON2 PYTHON3 is_py2 is_py3 py3k PY26 PY27 "
    "python_2_unicode_compatible with_metaclass string_types text_type binary_type integer_types".split()
)
_PYTHON3_ONLY_WORDS = frozenset({"nonlocal", "async", "await"})
# Modules only Python 3 has: importing one (alone or as the fallback of a Python 2 one) is
# code meant for Python 3.
PYTHON3_MODULES = frozenset(
    "queue _thread configparser socketserver builtins reprlib copyreg tkinter _dummy_thread "
    "xmlrpc http html winreg _markupbase".split()
)
_PRINT_KEYWORDS = frozenset({"end", "sep", "file", "flush"})

_PREFILTER = re.compile(
    r"^[ \t]*(?:import|from)[ \t]+(?:thread|Queue|" + "|".join(sorted(PYTHON3_MODULES)) + r")\b"
    r"|^[ \t]*import\b[^\n#]*,|\burllib\.(?:request|parse|error|response)\b"
    r"|\b(?:" + "|".join(sorted(_DUAL_NAMES | _PYTHON3_ONLY_WORDS)) + r")\b"
    r"|\.(?:version_info|version|hexversion)\b"
    r"|->|yield\s+from|\bf['\"]|\b(?:end|sep|file|flush)\s*=|\*\s*,|\braise\b.*\bfrom\b|\b(?:print|input)\(",
    re.MULTILINE,
)


def read_as(text: str, stream: TokenStream | None = None) -> str:
    """PYTHON2, PYTHON3, DUAL, LEANS_PYTHON3 or UNDECIDED for text that compiles as Python 3
    (see the module's docs)."""
    if not _PREFILTER.search(text):
        return UNDECIDED
    if stream is None:
        try:
            stream = tokenize(text)
        except SourceError:
            return PYTHON3  # newer syntax than the Python 2 tokenizer reads
    python2 = False
    kinds, starts, ends = stream.kinds, stream.starts, stream.ends
    for index, kind in enumerate(kinds):
        if kind == STRING:
            if _is_fstring(text, starts[index], ends[index]):
                return PYTHON3
            continue
        if kind == OP:
            if text[starts[index] : ends[index]] == "->":
                return PYTHON3
            continue
        if kind != NAME:
            continue
        word = text[starts[index] : ends[index]]
        if word in _DUAL_NAMES:
            return DUAL
        if word in _PYTHON3_ONLY_WORDS:
            return PYTHON3
        if word in ("version_info", "version", "hexversion") and _tok(stream, index - 2) == "sys":
            if _tests_major_version(stream, index):
                return DUAL
        if word in ("import", "from"):
            imported = _imported_modules(stream, index)
            if any(module.split(".")[0] in PYTHON3_MODULES or module.startswith(_URLLIB3) for module in imported):
                return DUAL
            python2 = python2 or any(module in THREAD_STAGE_MODULES for module in imported)
    if _python3_only_syntax(stream, "print_function" not in text):
        return PYTHON3
    if python2:
        return PYTHON2
    return LEANS_PYTHON3 if _looks_python3(stream, "print_function" not in text) else UNDECIDED


def _looks_python3(stream: TokenStream, print_is_statement: bool) -> bool:
    """A print call of several arguments where print is a statement, or a call of input."""
    kinds = stream.kinds
    for index in range(len(kinds) - 1):
        if kinds[index] != NAME or not stream.is_op(index + 1, "(") or stream.is_op(index - 1, "."):
            continue
        word = stream.tok(index)
        if word == "input" and not stream.is_name(index - 1, "def"):
            return True
        at_statement_start = index == 0 or kinds[index - 1] == NEWLINE or stream.tok(index - 1) in (":", ";")
        # `print(a, b)` as threadmod writes it; `print (a, b)`, spaced, is Python 2's tuple print.
        spaced = stream.starts[index + 1] != stream.ends[index]
        if word == "print" and print_is_statement and at_statement_start and not spaced:
            closing = stream.pairs.get(index + 1)
            if closing is None or stream.find_top(index + 2, closing, OP, ",") < 0:
                continue
            if kinds[closing + 1] == NEWLINE or stream.is_op(closing + 1, ";"):
                return True
    return False


def _tok(stream: TokenStream, index: int) -> str:
    return stream.tok(index) if 0 <= index < len(stream.kinds) else ""


def _is_fstring(text: str, start: int, end: int) -> bool:
    prefix = text[start : min(end, start + 3)].lower()
    return prefix[:1] == "f" or prefix[:2] in ("rf", "fr")


_URLLIB3 = ("urllib.request", "urllib.parse", "urllib.error", "urllib.response")


def _imported_modules(stream: TokenStream, index: int) -> list[str]:
    """The dotted modules an `import a.b, c as d` or `from a.b import x` at index names
    (none for the `from` of `yield from`/`raise ... from`)."""
    if index > 0 and stream.kinds[index - 1] not in (NEWLINE,) and stream.tok(index - 1) not in (":", ";"):
        return []
    word = stream.tok(index)
    modules: list[str] = []
    position = index + 1
    while True:
        parts: list[str] = []
        while position < len(stream.kinds) and (stream.kinds[position] == NAME or stream.is_op(position, ".")):
            token = stream.tok(position)
            if token in ("as", "import"):
                break
            parts.append(token)
            position += 1
        modules.append("".join(parts))
        if word == "from":
            return modules
        if stream.is_name(position, "as"):
            position += 2
        if not stream.is_op(position, ","):
            return modules
        position += 1


def _tests_major_version(stream: TokenStream, index: int) -> bool:
    """Whether `sys.version_info`/`sys.version` at index is compared by its major version
    (`[0] == 2`, `.major`, `>= (3, 0)`, `< '3'`, `.startswith('2')`): dual-version code.
    `>= (2, 6)` and `sys.version[:3]` are not."""
    position = index + 1
    if stream.is_op(position, "["):
        if stream.tok(position + 1) == "0" and stream.is_op(position + 2, "]"):
            return True
        position = stream.skip(position)
    if stream.is_op(position, "."):
        if stream.tok(position + 1) == "major":
            return True
        position += 2
    for position in range(position, min(position + 4, len(stream.kinds))):
        kind, token = stream.kinds[position], stream.tok(position)
        if kind == NUMBER:
            return token == "3" or (token == "2" and not stream.is_op(position + 1, ","))
        if kind == STRING:
            value = token.strip("'\"bBuUrR")
            return value.startswith("3") or value == "2"
        if kind == NEWLINE:
            break
    return False


def _line_of(stream: TokenStream, index: int) -> int:
    lines = stream.lines
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].first <= index:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _python3_only_syntax(stream: TokenStream, print_is_statement: bool) -> bool:
    """Keyword-only parameters (`def f(a, *, b)`), annotations, `yield from`, `raise X from Y`,
    or a print call with end=, sep=, file= or flush= where print is no function."""
    kinds = stream.kinds
    for index, kind in enumerate(kinds):
        if kind == NAME:
            word = stream.tok(index)
            if word == "from" and index > 0 and stream.kinds[index - 1] != NEWLINE:
                line = stream.lines[_line_of(stream, index)]
                if stream.tok(index - 1) == "yield" or stream.tok(line.first) == "raise":
                    return True
            if word == "print" and print_is_statement and stream.is_op(index + 1, "("):
                closing = stream.pairs.get(index + 1, index + 1)
                position = index + 2
                while position < closing:
                    if (
                        kinds[position] == NAME and stream.tok(position) in _PRINT_KEYWORDS
                        and stream.is_op(position + 1, "=") and stream.kinds[position - 1] == OP
                        and stream.tok(position - 1) in "(,"
                    ):
                        return True
                    position = stream.skip(position)
        elif kind == OP and stream.tok(index) == "*" and stream.is_op(index + 1, ",") and index > 0:
            if stream.kinds[index - 1] == OP and stream.tok(index - 1) in "(,":
                return True  # def f(a, *, b): a bare star
    return False
