"""TM112 comprehension-tuple: `[x for x in 1, 2]` gets the parentheses Python 3 needs."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class ComprehensionTuple(SyntaxTransform):
    CODE = "TM112"
    NEEDED_TO_PARSE = True
    NAME = "comprehension-tuple"
    DESCRIPTION = "A bare tuple after `in` in a list comprehension gets parentheses."
    WHAT = "`[f(x) for x in a, b]` becomes `[f(x) for x in (a, b)]` (2to3's paren fixer)."
    WHY = "Python 2 list comprehensions accepted a bare tuple there; Python 3 needs it parenthesized."
    LEAVES_ALONE = "Comprehensions whose iterable is a single expression, and every generator expression."
    EXAMPLES = (Example("r = [x * 2 for x in 1, 2]\n", "r = [x * 2 for x in (1, 2)]\n"),)
    LEAVE_ALONE_EXAMPLES = ("r = [x for x in (1, 2)]\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        for opening, closing in stream.pairs.items():
            if stream.tok(opening) != "[":
                continue
            index = opening + 1
            while index < closing:
                if stream.kinds[index] == NAME and stream.tok(index) == "for":
                    separator = stream.find_top(index + 1, closing, NAME, "in")
                    if separator < 0:
                        break
                    end = separator + 1
                    while end < closing and not (stream.kinds[end] == NAME and stream.tok(end) in ("for", "if")):
                        end = stream.skip(end)
                    items, trailing = stream.split_top(separator + 1, end)
                    if len(items) > 1 or trailing:
                        start_offset = stream.starts[separator + 1]
                        end_offset = stream.ends[end - 1]
                        yield Edit.replace(start_offset, start_offset, "(", self.CODE)
                        yield Edit.replace(end_offset, end_offset, ")", self.CODE)
                    index = end
                    continue
                index = stream.skip(index)
