"""TM103 raise-comma: `raise E, V` becomes `raise E(V)`; `raise E, V, tb` keeps tb."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit, Part
from threadmod.syntax.tokens import STRING
from threadmod.transform import Example


class RaiseComma(SyntaxTransform):
    CODE = "TM103"
    NEEDED_TO_PARSE = True
    NAME = "raise-comma"
    DESCRIPTION = "raise E, V and raise E, V, tb become raise E(V) and raise E(V).with_traceback(tb)."
    WHAT = """
        `raise E, V` becomes `raise E(V)`; a tuple value gives the arguments
        (`raise E, (a, b)` becomes `raise E(a, b)`); `raise E, None` becomes `raise E`;
        `raise E, V, tb` becomes `raise E(V).with_traceback(tb)`.  Python 2 also raised
        the first element of a tuple (`raise (E1, E2), V` raises E1): that is spelled out.
    """
    WHY = "The comma forms are syntax errors in Python 3; these are the forms Python 2 meant."
    LEAVES_ALONE = """
        String exceptions (`raise "oops", 5`): Python 3 has none, and there is no
        faithful rewrite; the line gets a diagnostic and the file does not convert.
        When V is a name that holds a tuple at run time, Python 2 unpacked it into the
        arguments and `E(V)` does not: only a literal tuple is unpacked.
    """
    EXAMPLES = (
        Example("raise ValueError, 'bad'\n", "raise ValueError('bad')\n"),
        Example("raise E, (1, 2)\n", "raise E(1, 2)\n"),
        Example("raise E, V, tb\n", "raise E(V).with_traceback(tb)\n"),
        Example("raise E(5), None, tb\n", "raise E(5).with_traceback(tb)\n"),
        Example("raise (E1, E2), V\n", "raise E1(V)\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("raise ValueError('bad')\n", "raise\n", "raise E from e\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        for statement in context.statements:
            if statement.header or not stream.is_name(statement.first, "raise"):
                continue
            items, trailing = stream.split_top(statement.first + 1, statement.end)
            if not items or trailing or len(items) > 3:
                continue
            exc_start, exc_end = items[0]
            if stream.kinds[exc_start] == STRING:
                context.diagnose(
                    stream.starts[exc_start], self.CODE, "Python 3 does not support string exceptions"
                )
                continue
            inner = _first_of_tuple(stream, exc_start, exc_end)
            if len(items) == 1:
                if inner != (exc_start, exc_end):
                    yield Edit(
                        stream.starts[exc_start],
                        stream.ends[exc_end - 1],
                        (Copy(stream.starts[inner[0]], stream.ends[inner[1] - 1]),),
                        self.CODE,
                    )
                continue
            parts: list[Part] = [Copy(stream.starts[inner[0]], stream.ends[inner[1] - 1])]
            value_start, value_end = items[1]
            value = Copy(stream.starts[value_start], stream.ends[value_end - 1])
            is_none = value_end == value_start + 1 and stream.is_name(value_start, "None")
            if is_none:
                pass
            elif stream.is_op(value_start, "(") and stream.is_group(value_start, value_end):
                parts.append(value)  # a tuple's (or a parenthesized value's) parens make the call
            else:
                parts += ["(", value, ")"]
            if len(items) == 3:
                tb_start, tb_end = items[2]
                parts += [".with_traceback(", Copy(stream.starts[tb_start], stream.ends[tb_end - 1]), ")"]
            yield Edit(stream.starts[exc_start], stream.ends[statement.end - 1], tuple(parts), self.CODE)


def _first_of_tuple(stream, start: int, end: int) -> tuple[int, int]:
    """Python 2 raised the first element of a raised tuple, recursively."""
    while stream.is_op(start, "(") and stream.is_group(start, end):
        items, trailing = stream.split_top(start + 1, end - 1)
        if len(items) < 2 and not trailing:
            break
        start, end = items[0]
    return start, end
