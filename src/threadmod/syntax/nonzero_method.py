"""TM146 nonzero-method: a class's `def __nonzero__(self)` becomes `def __bool__(self)`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import header_word, line_of, line_parents
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class NonzeroMethod(SyntaxTransform):
    CODE = "TM146"
    NAME = "nonzero-method"
    DESCRIPTION = "A class's __nonzero__ method becomes __bool__."
    WHAT = "`def __nonzero__(self):` directly in a class body becomes `def __bool__(self):`."
    WHY = "Python 3 asks `__bool__` for truth; a `__nonzero__` method is never called."
    LEAVES_ALONE = """
        Files read as Python 3, functions named `__nonzero__` outside a class body, and
        methods with other parameters, as 2to3 does.  Calls such as `x.__nonzero__()`
        are kept (rare; they fail in Python 3 with an AttributeError).
    """
    EXAMPLES = (
        Example(
            "class Empty(object):\n    def __nonzero__(self):\n        return False\n",
            "class Empty(object):\n    def __bool__(self):\n        return False\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("def __nonzero__(self):\n    pass\n", "class A:\n    def __nonzero__(self, a):\n        pass\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "__nonzero__" not in context.text:
            return
        stream = context.stream
        for index in context.name_indices("__nonzero__"):
            if index > 0 and stream.is_name(index - 1, "def") and _single_parameter_method(stream, index):
                yield Edit.replace(stream.starts[index], stream.ends[index], "__bool__", self.CODE)


def _single_parameter_method(stream, index: int) -> bool:
    """`def NAME(self):` as a statement directly in a class body, with one plain parameter."""
    opening = index + 1
    if not stream.is_op(opening, "(") or stream.pairs[opening] != opening + 2 or stream.kinds[opening + 1] != NAME:
        return False
    line_index = line_of(stream, index)
    if stream.lines[line_index].first != index - 1:
        return False
    parent = line_parents(stream)[line_index]
    return parent >= 0 and header_word(stream, parent) == "class"
