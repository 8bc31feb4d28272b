"""TM301 python2-leftovers: Python 2 names threadmod does not rewrite get a diagnostic on their line."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, OP
from threadmod.transform import Example

# Builtins Python 3 removed or renamed: name -> what to use instead in Python 3.
# (file, cmp: TM164 and TM162 rewrite them.)
_BUILTINS = {
    "buffer": "memoryview",
    "coerce": "nothing: Python 3 has no coercion",
}
# Modules Python 3 removed that no transform converts (TM113-TM115 convert the renamed ones).
_MODULES = {
    "dummy_thread": "_dummy_thread (gone in 3.9: use threading)",
    "dummy_threading": "threading (dummy_threading is gone in 3.9)",
    "exceptions": "builtins",
    "md5": "hashlib",
    "sha": "hashlib",
    "sets": "the builtin set",
    # Gone in 3.12 (deprecated since 3.4): no single successor, so a person chooses.
    "imp": "importlib (importlib.reload, importlib.util.find_spec...; the import lock: _imp.acquire_lock): gone in 3.12",
    "asynchat": "asyncio (asynchat was removed in 3.12)",
    "asyncore": "asyncio (asyncore was removed in 3.12)",
    "string": None,  # its removed functions and constants: TM161
}
# Names Python 2 allowed as identifiers or attributes that Python 3 made keywords.
_KEYWORDS_NOW = {
    "async": "`async` is a keyword since Python 3.7: rename this name",
    "await": "`await` is a keyword since Python 3.7: rename this name",
    "nonlocal": "`nonlocal` is a keyword in Python 3: rename this name",
    "True": "`.True` is not possible in Python 3 (True is a keyword): use True",
    "False": "`.False` is not possible in Python 3 (False is a keyword): use False",
    "None": "`.None` is not possible in Python 3 (None is a keyword): use None",
}
_HINT_WORDS = sorted(
    set(_BUILTINS) | {m for m, why in _MODULES.items() if why}
    | {"async", "await", "nonlocal", r"\.\s*(?:True|False|None)"}
)


class Python2Leftovers(SyntaxTransform):
    CODE = "TM301"
    NAME = "python2-leftovers"
    DESCRIPTION = "Python 2 names that threadmod does not rewrite (coerce, buffer, md5...) get a diagnostic."
    WHAT = """
        Reports, without changing anything, each use of a Python 2 builtin, method or
        module that Python 3 removed or renamed and that threadmod does not rewrite:
        `coerce`, `buffer`, `import md5`, `import sets`... as
        `path:line:col: TM301 coerce is Python 2 only: use nothing: Python 3 has no coercion`.
    """
    WHY = """
        These fail only when the line runs (NameError, AttributeError, ImportError), so
        a converted file can compile and still break; nothing is left silently.
    """
    LEAVES_ALONE = """
        Names the module binds itself (its own `cmp = ...` or `def coerce`), attributes
        that are not these methods, and everything inside strings and comments.
    """
    EXAMPLES = (
        Example("a, b = coerce(x, y)\nprint a\n", "a, b = coerce(x, y)\nprint(a)\n", ("1:8 TM301",)),
        Example(
            "import md5\nv = buffer(s, 1)\n",
            "import md5\nv = buffer(s, 1)\n",
            ("1:8 TM301", "2:5 TM301"),
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("for i in range(3):\n    print(i)\n",)
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"\b(?:" + "|".join(_HINT_WORDS) + r")\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        bound = _bound_names(stream)
        for statement in context.statements:
            first_word = stream.tok(statement.first)
            if first_word in ("import", "from") and not statement.header:
                self._imports(context, statement)
                continue
            for index in range(statement.first, statement.end):
                if stream.kinds[index] != NAME:
                    continue
                word = stream.tok(index)
                after_dot = index > 0 and stream.is_op(index - 1, ".")
                if context.python2 and word in _KEYWORDS_NOW and (after_dot or word in ("async", "await", "nonlocal")):
                    context.diagnose(stream.starts[index], self.CODE, _KEYWORDS_NOW[word])
                    continue
                if not after_dot and word in _BUILTINS and word not in bound:
                    if stream.is_op(index + 1, "=") and index > statement.first and stream.is_op(index - 1, "("):
                        continue  # keyword argument
                    if word in ("buffer",) and not stream.is_op(index + 1, "("):
                        continue  # common variable names: only calls count
                    context.diagnose(stream.starts[index], self.CODE, f"{word} is Python 2 only: use {_BUILTINS[word]}")
        return iter(())

    def _imports(self, context: SyntaxContext, statement) -> None:
        stream = context.stream
        index = statement.first + 1
        if stream.tok(statement.first) == "from":
            if stream.kinds[index] == NAME and stream.tok(index) in _MODULES and _MODULES[stream.tok(index)]:
                module = stream.tok(index)
                if not stream.is_op(index + 1, "."):
                    context.diagnose(stream.starts[index], self.CODE, f"module {module} is Python 2 only: use {_MODULES[module]}")
            return
        expect_module = True
        for i in range(index, statement.end):
            if stream.kinds[i] == OP and stream.tok(i) == ",":
                expect_module = True
                continue
            if expect_module and stream.kinds[i] == NAME:
                module = stream.tok(i)
                expect_module = False
                if _MODULES.get(module) and not stream.is_op(i + 1, "."):
                    context.diagnose(stream.starts[i], self.CODE, f"module {module} is Python 2 only: use {_MODULES[module]}")


def _bound_names(stream) -> set[str]:
    """Names the module binds: assigned, defined, imported, or parameters (conservatively)."""
    bound: set[str] = set()
    for index, kind in enumerate(stream.kinds):
        if kind != NAME or index == 0:
            continue
        previous = stream.tok(index - 1)
        binds = previous in ("def", "class", "import", "as", "global")
        if binds or stream.is_op(index + 1, "=") and not stream.is_op(index - 1, "("):
            word = stream.tok(index)
            if word in _BUILTINS:
                bound.add(word)
    return bound
