"""TM162 cmp-builtin: `cmp(a, b)`, gone in Python 3, becomes `(a > b) - (a < b)` where a and b are simple."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit
from threadmod.syntax.expressions import (
    call_arguments_lambda_aware,
    is_attribute,
    is_keyword,
    is_keyword_argument,
    is_operand,
    is_plain_argument,
    bindings_of,
)
from threadmod.syntax.tokens import NAME, NUMBER, OP, STRING, TokenStream
from threadmod.transform import Example

_CONSTANTS = frozenset({"True", "False", "None"})


class CmpBuiltin(SyntaxTransform):
    CODE = "TM162"
    NAME = "cmp-builtin"
    DESCRIPTION = "cmp(a, b) becomes (a > b) - (a < b) where a and b are names, literals, attributes or simple subscripts."
    WHAT = """
        `cmp(a, b)` becomes `(a > b) - (a < b)`, the expression Python 3's documentation gives
        for it: -1, 0 or 1 as before.  Parentheses are added where the call is an operand
        (`cmp(a, b) == 0` becomes `((a > b) - (a < b)) == 0`).  Each argument is evaluated
        twice, so only arguments that are names, literals, attributes (`x.size`) or
        subscripts by a literal or a name (`a[1]`, `row[key]`) are rewritten.  A class's
        `def __cmp__` gets a diagnostic, Python 3 never calls it, unless the file defines
        `__lt__` or uses functools.total_ordering.
    """
    WHY = """
        Python 3 has no builtin cmp: every call is a NameError, typically inside the
        comparison function handed to sort.  `(a > b) - (a < b)` gives the same -1, 0 or 1
        for everything Python 3 can order.
    """
    LEAVES_ALONE = """
        A module that binds `cmp` anywhere (its own `def cmp`, a parameter named cmp, an
        import): those calls are not the builtin.  A call whose arguments are calls or
        other expressions (evaluated twice, they could run twice or differ) keeps its code
        with a diagnostic TM162, as does a use of the builtin that is not a call
        (`key=cmp`) and a call with other than two plain arguments.
    """
    EXAMPLES = (
        Example(
            "def by_age(a, b):\n    return cmp(a.age, b.age)\n",
            "def by_age(a, b):\n    return (a.age > b.age) - (a.age < b.age)\n"),
        Example("if cmp(x[0], y[0]) == 0: pass\n", "if ((x[0] > y[0]) - (x[0] < y[0])) == 0: pass\n"),
        Example("r = cmp(f(a), f(b))\n", "r = cmp(f(a), f(b))\n", ("1:5 TM162",)),
        Example(
            "class V:\n    def __cmp__(self, other):\n        return cmp(self.v, other.v)\n",
            "class V:\n    def __cmp__(self, other):\n        return (self.v > other.v) - (self.v < other.v)\n",
            ("2:9 TM162",),
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "def cmp(a, b):\n    return 0\nx = cmp(1, 2)\n",
        "def sort(items, cmp=None):\n    return cmp(items[0], items[1])\n",
        "x = obj.cmp(a, b)\n",
    )
    APPLIES_TO_PYTHON3 = True  # an unbound `cmp` is a NameError in Python 3 anyway
    HINT = re.compile(r"(?<![.\w])(?:cmp|__cmp__)\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "cmp" not in text:
            return
        stream = context.stream
        ordered = "__lt__" in text or "total_ordering" in text  # the file orders its objects for Python 3 too
        for index in ([] if ordered else context.name_indices("__cmp__")):
            if stream.is_name(index - 1, "def"):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 3 never calls __cmp__ (sorting or comparing these objects raises TypeError): "
                    "define __eq__ and __lt__ with it, and decorate the class with functools.total_ordering",
                )
        indices = context.name_indices("cmp")
        if not indices or bindings_of(context, "cmp"):
            return
        for index in indices:
            if is_attribute(stream, index) or is_keyword_argument(stream, index):
                continue
            if not (index + 1 < len(stream.kinds) and stream.is_op(index + 1, "(")):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 3 has no builtin cmp: use a function returning (a > b) - (a < b), or sort with a key",
                )
                continue
            opening = index + 1
            closing = stream.pairs[opening]
            arguments = call_arguments_lambda_aware(stream, opening)
            if len(arguments) != 2 or not all(is_plain_argument(stream, s, e) for s, e in arguments):
                context.diagnose(stream.starts[index], self.CODE, "Python 3 has no builtin cmp: use (a > b) - (a < b)")
                continue
            (a_start, a_end), (b_start, b_end) = arguments
            if not (simple_operand(stream, a_start, a_end) and simple_operand(stream, b_start, b_end)):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 3 has no builtin cmp: use (a > b) - (a < b), with each argument computed once "
                    "(assign it to a name first)",
                )
                continue
            a = Copy(stream.starts[a_start], stream.ends[a_end - 1])
            b = Copy(stream.starts[b_start], stream.ends[b_end - 1])
            wrap = is_operand(stream, index, closing + 1) or (index > 0 and stream.is_op(index - 1, "-"))
            parts = ("(" if wrap else "", "(", a, " > ", b, ") - (", a, " < ", b, ")", ")" if wrap else "")
            yield Edit(stream.starts[index], stream.ends[closing], tuple(p for p in parts if p != ""), self.CODE)


def simple_operand(stream: TokenStream, start: int, end: int) -> bool:
    """Whether tokens [start, end) are an expression that evaluating twice cannot change: a
    name, a number, strings, `True`/`False`/`None`, with attributes (`a.b`) and subscripts by a
    literal or a name (`a[0]`, `a[key]`, `a[-1]`), or a negated number or name."""
    index = start
    if index < end and stream.kinds[index] == OP and stream.tok(index) in ("-", "+"):
        index += 1
    if index >= end:
        return False
    kind = stream.kinds[index]
    if kind == NAME:
        if is_keyword(stream, index) and stream.tok(index) not in _CONSTANTS:
            return False
        index += 1
    elif kind == NUMBER:
        index += 1
    elif kind == STRING:
        while index < end and stream.kinds[index] == STRING:
            index += 1
    else:
        return False
    while index < end:
        if stream.is_op(index, ".") and index + 1 < end and stream.kinds[index + 1] == NAME:
            index += 2
        elif stream.is_op(index, "["):
            closing = stream.pairs[index]
            if not _simple_index(stream, index + 1, closing):
                return False
            index = closing + 1
        else:
            return False
    return index == end


def _simple_index(stream: TokenStream, start: int, end: int) -> bool:
    if start < end and stream.is_op(start, "-"):
        start += 1
    if end - start != 1:
        return False
    kind = stream.kinds[start]
    return kind in (NUMBER, STRING) or (kind == NAME and not is_keyword(stream, start))
