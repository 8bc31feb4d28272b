"""TM123 range-list: Python 2's `range(...)`, a list, becomes `list(range(...))` where a list may be needed."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    CONSUMING_CALLS,
    is_attribute,
    iterated_by_for,
    opener_of,
    sole_argument_of,
    trailers_end,
)
from threadmod.syntax.renames import Python2Rewrite
from threadmod.syntax.tokens import NAME, NEWLINE, OP
from threadmod.transform import Example

_NOT_AN_OPERAND_AFTER = frozenset({")", "]", "}", ",", ":", ";", "=", "if", "else", "and", "or", "for"})


class RangeList(Python2Rewrite):
    CODE = "TM123"
    NAME = "range-list"
    DESCRIPTION = "Python 2's range() becomes list(range()) unless it is only iterated."
    WHAT = """
        `x = range(10)` becomes `x = list(range(10))`, `range(3) + [4]` becomes
        `list(range(3)) + [4]`; `for i in range(10)`, `[i for i in range(10)]`,
        `x in range(10)` and a range that is the only argument of a call that only
        iterates it (sorted, list, set, any, all, tuple, sum, min, max, enumerate) stay
        as they are (2to3's xrange fixer).
    """
    WHY = """
        Python 2's range made a list; Python 3's makes a lazy range, which cannot be
        concatenated, assigned to by index, sorted in place or compared with a list.
        This runs only on files read as Python 2: in a Python 3 file, range is already
        Python 3's.
    """
    LEAVES_ALONE = """
        The contexts above, where a range does what the list did; a range the code binds
        itself in the scope of the use or one around it (`from six.moves import range`,
        `from builtins import range`, a def); what TM122 makes of xrange.  A call where
        the code binds `list` itself is left with a TM123 diagnostic.
    """
    EXAMPLES = (
        Example("x = range(10, 3, 9)\n", "x = list(range(10, 3, 9))\n"),
        Example("x = range(10)[::-1]\n", "x = list(range(10))[::-1]\n"),
        Example("x = foo(range(10, 3, 9))\n", "x = foo(list(range(10, 3, 9)))\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "for i in range(10): pass\n",
        "[i for i in range(10)]\n",
        "a = sum(range(10))\n",
        "ok = x in range(10)\n",
        "pairs = zip(range(3), names)\n",
    )

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if not context.python2:
            return
        if "range" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in bindings.builtin_uses("range"):
            if not stream.is_op(index + 1, "("):
                continue  # `r = range`: the function itself
            closing = stream.pairs[index + 1]
            end = trailers_end(stream, closing + 1)  # the whole primary: range(...)[...]
            if sole_argument_of(stream, index, end) in CONSUMING_CALLS or iterated_by_for(stream, index, end):
                continue
            if _iterated_argument(stream, index, end):
                continue  # `map(f, range(3))`: map only iterates it
            if stream.is_name(index - 1, "in") and _whole_operand(stream, end):
                continue  # `x in range(10)`, `x not in range(10)`
            if bindings.is_bound("list", index):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 2's range made a list, and list is bound here: wrap it in a list by hand where needed",
                )
                continue
            start = stream.starts[index]
            yield Edit.replace(start, stream.ends[index], "list(range", self.CODE)  # not an insertion: see renames.py
            yield Edit.replace(stream.ends[closing], stream.ends[closing], ")", self.CODE)


# Calls that only iterate these positional arguments: a range serves as well as a list.
_ITERATED_ARGUMENTS = {
    "map": range(1, 99), "zip": range(0, 99), "filter": range(1, 2), "enumerate": range(0, 1),
    "sorted": range(0, 1), "iter": range(0, 1), "list": range(0, 1), "tuple": range(0, 1),
    "set": range(0, 1), "frozenset": range(0, 1), "reversed": range(0, 1),
}


def _iterated_argument(stream, start: int, end: int) -> bool:
    """Whether [start, end) is a positional argument that its call only iterates."""
    if not (stream.kinds[start - 1] == OP and stream.tok(start - 1) in "(," and stream.tok(end) in (",", ")")):
        return False
    position, index = 0, start - 1
    while index >= 0 and not stream.is_op(index, "("):
        if stream.is_op(index, ","):
            position += 1
        elif stream.kinds[index] == OP and stream.tok(index) in (")", "]", "}"):
            index = opener_of(stream, index)
        elif stream.kinds[index] == OP and stream.tok(index) in ("[", "{", "=", "*", "**") or stream.kinds[index] == NEWLINE:
            return False
        index -= 1
    callee = index - 1
    if index < 1 or stream.kinds[callee] != NAME or is_attribute(stream, callee) or stream.pairs.get(index, -1) < end:
        return False
    positions = _ITERATED_ARGUMENTS.get(stream.tok(callee))
    return positions is not None and position in positions


def _whole_operand(stream, end: int) -> bool:
    """Whether the expression ending before token `end` ends the right operand of `in`."""
    kind = stream.kinds[end]
    if kind not in (NAME, OP):
        return True  # NEWLINE, ENDMARKER
    return stream.tok(end) in _NOT_AN_OPERAND_AFTER
