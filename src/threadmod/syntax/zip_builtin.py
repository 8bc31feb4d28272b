"""TM144 zip-builtin: `zip(a, b)` becomes `list(zip(a, b))` where a list may be needed."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.iterator_builtins import builtin_calls, wrap_in_list
from threadmod.transform import Example


class ZipBuiltin(SyntaxTransform):
    CODE = "TM144"
    NAME = "zip-builtin"
    DESCRIPTION = "zip() becomes list(zip()) where a list may be needed."
    WHAT = """
        As 2to3's zip fixer: `zip(a, b)` becomes `list(zip(a, b))`, except where only
        iterating it matters (a for loop or comprehension, the only argument of list(),
        tuple(), set(), sorted(), iter(), sum(), min(), max(), any(), all(), enumerate()
        or `.join()`, or the first of several arguments of sorted() or enumerate()).
        Trailers stay outside: `zip(a, b)[0]` becomes `list(zip(a, b))[0]`.
    """
    WHY = """
        Python 3's zip() is lazy: it returns an iterator that cannot be indexed, has no
        len() and is empty after one pass.
    """
    LEAVES_ALONE = """
        Files read as Python 3, modules that bind `zip` themselves where the call is (a
        def, an import such as `from future_builtins import zip`, an assignment, a
        parameter), and `from future_builtins import *`.
    """
    EXAMPLES = (
        Example("pairs = zip(keys, values)\n", "pairs = list(zip(keys, values))\n"),
        Example("first = zip(a, b)[0]\n", "first = list(zip(a, b))[0]\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("s = sorted(zip(a, b), key=f)\n", "for x, y in zip(a, b):\n    pass\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        for index, _opening, closing, _arguments in builtin_calls(context, "zip"):
            yield from wrap_in_list(context, index, closing, self.CODE)
