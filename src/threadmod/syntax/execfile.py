"""TM128 execfile: `execfile(fn)` becomes `exec(compile(open(fn, "rb").read(), fn, 'exec'))`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit
from threadmod.syntax.expressions import KEYWORDS, is_plain_argument
from threadmod.syntax.renames import call_items
from threadmod.syntax.tokens import NAME, NUMBER, OP, STRING
from threadmod.transform import Example

# Calls whose result the file name may repeat without running anything twice that matters.
_PURE_CALLS = frozenset(
    {"join", "abspath", "dirname", "basename", "normpath", "expanduser", "realpath", "splitext", "str"}
)
_PURE_OPERATORS = frozenset({"+", "%", ".", ",", "(", ")", "[", "]"})


class Execfile(SyntaxTransform):
    CODE = "TM128"
    NAME = "execfile"
    DESCRIPTION = "execfile(fn) becomes exec(compile(open(fn, \"rb\").read(), fn, 'exec'))."
    WHAT = """
        `execfile(fn)` becomes `exec(compile(open(fn, "rb").read(), fn, 'exec'))`; the
        globals and locals arguments stay as they were (2to3's execfile fixer).  Compiling
        with the file name keeps it in tracebacks, as execfile did.
    """
    WHY = """
        Python 3 removed execfile.  An unbound `execfile` is a NameError in Python 3, so
        this applies to files that otherwise parse as Python 3 too.
    """
    LEAVES_ALONE = """
        An execfile the code binds itself in the scope of the use or one around it, and
        attributes.  The file name is written twice: where it is more than names,
        attributes, strings and the path functions of os.path (a call that might do
        something each time), or where the call is not execfile(fn[, globals[, locals]]),
        or the code binds exec, compile or open itself, the call is left with a TM128
        diagnostic, as is a reference that is not a call.
    """
    EXAMPLES = (
        Example('execfile("fn")\n', "exec(compile(open(\"fn\", \"rb\").read(), \"fn\", 'exec'))\n"),
        Example(
            "execfile(path, glob, loc)\n",
            "exec(compile(open(path, \"rb\").read(), path, 'exec'), glob, loc)\n",
        ),
        Example("execfile(next_name())\n", "execfile(next_name())\n", ("1:1 TM128",)),
    )
    LEAVE_ALONE_EXAMPLES = ("runner.execfile(path)\n",)
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"execfile\b(?<![\w.]execfile)")  # literal first (fast), then: not part of a word or an attribute

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "execfile" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in bindings.builtin_uses("execfile"):
            if not stream.is_op(index + 1, "("):
                context.diagnose(stream.starts[index], self.CODE, "execfile is Python 2 only: call what it calls here by hand")
                continue
            opening = index + 1
            items = call_items(stream, opening)
            if (
                not 1 <= len(items) <= 3
                or not is_plain_argument(stream, *items[0])
                or not _repeatable(stream, *items[0])
                or any(bindings.is_bound(name, index) for name in ("exec", "compile", "open"))
            ):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "execfile is Python 2 only: rewrite as exec(compile(open(fn, \"rb\").read(), fn, 'exec')), "
                    "with fn evaluated once",
                )
                continue
            start, end = stream.starts[items[0][0]], stream.ends[items[0][1] - 1]
            yield Edit.replace(stream.starts[index], stream.ends[index], "exec", self.CODE)
            yield Edit.replace(stream.starts[opening], stream.ends[opening], "(compile(open(", self.CODE)
            yield Edit(end, end, (', "rb").read(), ', Copy(start, end), ", 'exec')"), self.CODE)


def _repeatable(stream, start: int, end: int) -> bool:
    """Whether evaluating the expression [start, end) twice is as good as once: names,
    attributes, strings, numbers, `+` and `%`, subscripts, and os.path's functions."""
    for index in range(start, end):
        kind = stream.kinds[index]
        if kind in (STRING, NUMBER):
            continue
        text = stream.tok(index)
        if kind == NAME:
            if text in KEYWORDS:
                return False
            continue
        if kind != OP or text not in _PURE_OPERATORS:
            return False
        if text == "(" and index > start and stream.kinds[index - 1] == NAME:
            if stream.tok(index - 1) not in _PURE_CALLS:
                return False
    return True
