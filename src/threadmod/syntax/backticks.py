"""TM104 backticks: `` `x` `` becomes `repr(x)`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.errors import SourceError
from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, NUMBER, OP, STRING
from threadmod.transform import Example

# Keywords after which an expression starts, so a backtick there opens one.
_EXPRESSION_KEYWORDS = frozenset(
    "and or not in is if else elif while for return yield print lambda assert exec "
    "raise with del await import from as except global nonlocal".split()
)


class Backticks(SyntaxTransform):
    CODE = "TM104"
    NEEDED_TO_PARSE = True
    NAME = "backticks"
    DESCRIPTION = "Backtick repr expressions become repr() calls."
    WHAT = "`` `x` `` becomes `repr(x)`, and `` `a, b` `` becomes `repr((a, b))`; nested backticks too."
    WHY = "Backticks were removed in Python 3; repr() has always meant the same."
    LEAVES_ALONE = "Backticks inside strings and comments."
    EXAMPLES = (
        Example("s = `x`\n", "s = repr(x)\n"),
        Example("s = `a, b`\n", "s = repr((a, b))\n"),
        Example("s = `1 + `2``\n", "s = repr(1 + repr(2))\n"),
        Example('print "value: " + `v`\n', 'print("value: " + repr(v))\n'),
    )
    LEAVE_ALONE_EXAMPLES = ("s = '`x`'  # `y`\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        text = stream.text
        kinds, starts = stream.kinds, stream.starts
        open_ticks: list[int] = []
        closing_ticks: set[int] = set()
        for index, kind in enumerate(kinds):
            if kind != OP or text[starts[index]] != "`":
                continue
            if open_ticks and _ends_expression(stream, index - 1, open_ticks[-1], closing_ticks):
                opening = open_ticks.pop()
                closing_ticks.add(index)
                items, trailing = stream.split_top(opening + 1, index)
                tuple_ = len(items) > 1 or trailing
                yield Edit.replace(starts[opening], stream.ends[opening], "repr((" if tuple_ else "repr(", self.CODE)
                yield Edit.replace(starts[index], stream.ends[index], "))" if tuple_ else ")", self.CODE)
            else:
                open_ticks.append(index)
        if open_ticks:
            line, col = stream.line_col(starts[open_ticks[-1]])
            raise SourceError(line, col, "unmatched backtick")


def _ends_expression(stream, index: int, opening: int, closing_ticks: set[int]) -> bool:
    if index <= opening:
        return False
    kind = stream.kinds[index]
    if kind in (NUMBER, STRING):
        return True
    if kind == NAME:
        return stream.tok(index) not in _EXPRESSION_KEYWORDS
    return kind == OP and (stream.tok(index) in (")", "]", "}") or index in closing_ticks)
