"""TM142 map-builtin: `map(f, x)` becomes `list(map(f, x))` where a list may be needed."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    is_expression_statement,
    is_plain_argument,
    needs_parentheses_in_comprehension,
    trailers_end,
)
from threadmod.syntax.iterator_builtins import builtin_calls, wrap_in_list
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class MapBuiltin(SyntaxTransform):
    CODE = "TM142"
    NAME = "map-builtin"
    DESCRIPTION = "map() becomes list(map()) where a list may be needed; map(None, x) and map(lambda...) as 2to3 does."
    WHAT = """
        As 2to3's map fixer: `map(f, x)` becomes `list(map(f, x))`, except where only
        iterating it matters (a for loop or comprehension, the only argument of list(),
        tuple(), set(), sorted(), iter(), sum(), min(), max(), any(), all(), enumerate()
        or `.join()`, the first of several arguments of sorted() or enumerate()).
        `map(lambda x: e, xs)` becomes `[e for x in xs]`;
        `map(None, xs)` becomes `list(xs)`; a map() that is a statement of its own
        becomes `list(map(...))`, so that its calls still happen.
    """
    WHY = """
        Python 3's map() is lazy: it returns an iterator that cannot be indexed, has no
        len() and is empty after one pass, and it calls nothing until iterated.
    """
    LEAVES_ALONE = """
        Files read as Python 3, modules that bind `map` themselves where the call is (a
        def, an import such as `from future_builtins import map`, an assignment, a
        parameter), `from future_builtins import *`, and `map(None, a, b)` with several
        sequences, which pads with None in Python 2 where Python 3's map stops at the
        shortest: kept, with a TM142 diagnostic (`itertools.zip_longest(a, b)` means it).
    """
    EXAMPLES = (
        Example("names = map(str, ids)\n", "names = list(map(str, ids))\n"),
        Example("sq = map(lambda x: x * x, xs)\n", "sq = [x * x for x in xs]\n"),
        Example("c = map(None, xs)\n", "c = list(xs)\n"),
        Example("map(worker.stop, workers)\n", "list(map(worker.stop, workers))\n"),
        Example("z = map(None, a, b)\n", "z = map(None, a, b)\n", ("1:5 TM142",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "s = sorted(map(str, ids))\n",
        "for n in map(str, ids):\n    pass\n",
        "from future_builtins import map\nx = map(f, y)\n",
    )

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        for index, opening, closing, arguments in builtin_calls(context, "map"):
            starts, ends = stream.starts, stream.ends
            end = trailers_end(stream, closing + 1)
            plain = all(is_plain_argument(stream, *argument) for argument in arguments)
            first = arguments[0] if arguments else None
            if plain and first is not None and first[1] == first[0] + 1 and stream.is_name(first[0], "None"):
                if len(arguments) != 2:
                    context.diagnose(
                        starts[index], self.CODE,
                        "map(None, a, b) pads with None in Python 2; Python 3's map stops at the shortest: "
                        "use list(itertools.zip_longest(a, b))",
                    )
                    continue
                sequence = arguments[1]
                yield Edit.replace(starts[index], starts[sequence[0]], "list(", self.CODE)
                yield Edit.replace(ends[sequence[1] - 1], ends[closing], ")", self.CODE)
                continue
            if is_expression_statement(stream, index, end):
                yield Edit.replace(starts[index], starts[index], "list(", self.CODE)
                yield Edit.replace(ends[closing], ends[closing], ")", self.CODE)
                continue
            form = lambda_form(stream, arguments) if plain else None
            if form is not None:
                parameter, body_start, body_end = form
                sequence_start, sequence_end = arguments[1]
                wrap = needs_parentheses_in_comprehension(stream, sequence_start, sequence_end)
                yield Edit.replace(starts[index], starts[body_start], "[", self.CODE)
                yield Edit.replace(
                    ends[body_end - 1], starts[sequence_start], f" for {parameter} in " + ("(" if wrap else ""), self.CODE
                )
                yield Edit.replace(ends[sequence_end - 1], ends[closing], ")]" if wrap else "]", self.CODE)
                continue
            yield from wrap_in_list(context, index, closing, self.CODE)


def lambda_form(stream, arguments) -> tuple[str, int, int] | None:
    """For `(lambda x: body, seq)` or `(lambda (x): body, seq)`: the parameter and the
    body's token range; None otherwise."""
    if len(arguments) != 2:
        return None
    start, end = arguments[0]
    if not stream.is_name(start, "lambda"):
        return None
    position = start + 1
    if stream.is_op(position, "(") and stream.pairs[position] == position + 2:
        position += 1
    if stream.kinds[position] != NAME:
        return None
    parameter = stream.tok(position)
    colon = position + 1 if not stream.is_op(position + 1, ")") else position + 2
    if not stream.is_op(colon, ":") or colon + 1 >= end:
        return None
    return parameter, colon + 1, end
