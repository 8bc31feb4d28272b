"""TM127 apply: `apply(f, args, kwds)` becomes `f(*args, **kwds)`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import KEYWORDS, primary_end
from threadmod.syntax.renames import plain_call
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class ApplyBuiltin(SyntaxTransform):
    CODE = "TM127"
    NAME = "apply"
    DESCRIPTION = "apply(f, args, kwds) becomes f(*args, **kwds)."
    WHAT = """
        `apply(f, args)` becomes `f(*args)`, `apply(f, args, kwds)` becomes
        `f(*args, **kwds)`; a function that is not a name, attribute, call or subscript
        gets parentheses: `apply(f + g, a)` becomes `(f + g)(*a)` (2to3's apply fixer).
    """
    WHY = """
        Python 3 removed apply; the star syntax calls the same way.  An unbound `apply`
        is a NameError in Python 3, so this applies to files that otherwise parse as
        Python 3 too.  Comments inside the call stay where they were.
    """
    LEAVES_ALONE = """
        An apply the code binds itself in the scope of the use or one around it (`def
        apply`, an import, a parameter), attributes such as `df.apply(f)`, and keyword
        arguments.  A call with one argument or more than three, or with `*x`, `**x` or
        `name=value` arguments, and a reference that is not a call (`map(apply, fs, args)`),
        are left with a TM127 diagnostic (rewrite them by hand).
    """
    EXAMPLES = (
        Example("x = apply(f, g + h)\n", "x = f(*g + h)\n"),
        Example("y = apply(f, args, kwds)\n", "y = f(*args, **kwds)\n"),
        Example("x = apply(f+g, args)\n", "x = (f+g)(*args)\n"),
        Example("apply(f, *args)\n", "apply(f, *args)\n", ("1:1 TM127",)),
    )
    LEAVE_ALONE_EXAMPLES = ("result = frame.apply(f, axis=1)\n", "def apply(f, a):\n    return f(*a)\napply(g, b)\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"apply\b(?<![\w.]apply)")  # literal first (fast), then: not part of a word or an attribute

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "apply" not in context.text:
            return
        stream = context.stream
        text = context.text
        bindings = bindings_of(context)
        for index in bindings.builtin_uses("apply"):
            if not stream.is_op(index + 1, "("):
                context.diagnose(stream.starts[index], self.CODE, "apply is Python 2 only: call what it calls here by hand")
                continue
            call = plain_call(stream, index)
            if call is None or not 2 <= len(call[1]) <= 3:
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "apply is Python 2 only and this call is not apply(f, args[, kwds]): rewrite it as f(*args, **kwds)",
                )
                continue
            opening, items = call
            closing = stream.pairs[opening]
            (func_start, func_end), (args_start, args_end) = items[0], items[1]
            needs_parentheses = primary_end(stream, func_start) != func_end or (
                stream.kinds[func_start] == NAME and stream.tok(func_start) in KEYWORDS
            )
            starts, ends = stream.starts, stream.ends
            # `apply(` goes, and the first comma becomes `(*`: the arguments' own text stays,
            # for the edits inside them.  A comment or line break between the tokens moves
            # along with the comma; plain spaces go.
            yield Edit.replace(starts[index], starts[func_start], "(" if needs_parentheses else "", self.CODE)
            yield Edit.replace(
                ends[func_end - 1], starts[args_start],
                (")" if needs_parentheses else "") + "("
                + _gap(text, ends[opening], starts[func_start])
                + _gap(text, ends[func_end - 1], starts[func_end])
                + "*"
                + _gap(text, ends[func_end], starts[args_start]),
                self.CODE,
            )
            last_end = args_end
            if len(items) == 3:
                kwds_start, last_end = items[2]
                yield Edit.replace(
                    ends[args_end - 1], starts[kwds_start],
                    _gap(text, ends[args_end - 1], starts[args_end])
                    + ","
                    + _gap(text, ends[args_end], starts[kwds_start], " ")
                    + "**",
                    self.CODE,
                )
            # After the last argument: its trailing comma goes, comments stay.
            tail = text[ends[last_end - 1] : starts[closing]]
            if tail:
                kept = tail.replace(",", "", 1) if _kept(tail) else ""
                yield Edit.replace(ends[last_end - 1], starts[closing], kept, self.CODE)


def _kept(gap: str) -> bool:
    """Whether text between tokens holds more than spaces and commas: a comment or a line break."""
    return "#" in gap or "\n" in gap or "\r" in gap or "\\" in gap


def _gap(text: str, start: int, end: int, default: str = "") -> str:
    """The text between two tokens where it holds a comment or a line break, else `default`."""
    gap = text[start:end]
    return gap if _kept(gap) else default
