"""TM143 filter-builtin: `filter(f, x)` becomes `list(filter(f, x))` where a list may be needed."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit, Part
from threadmod.syntax.expressions import is_plain_argument, needs_parentheses_in_comprehension
from threadmod.syntax.iterator_builtins import builtin_calls, wrap_in_list
from threadmod.syntax.map_builtin import lambda_form
from threadmod.transform import Example


class FilterBuiltin(SyntaxTransform):
    CODE = "TM143"
    NAME = "filter-builtin"
    DESCRIPTION = (
        "filter() becomes list(filter()) where a list may be needed; filter(None, x) and filter(lambda...) become comprehensions."
    )
    WHAT = """
        As 2to3's filter fixer: `filter(f, x)` becomes `list(filter(f, x))`, except
        where only iterating it matters (a for loop or comprehension, the only argument
        of list(), tuple(), set(), sorted(), iter(), sum(), min(), max(), any(), all(),
        enumerate() or `.join()`, the first of several arguments of sorted() or enumerate()).  `filter(lambda x: c, xs)` becomes
        `[x for x in xs if c]`; `filter(None, xs)` becomes `[_f for _f in xs if _f]`.
    """
    WHY = """
        Python 3's filter() is lazy: it returns an iterator that cannot be indexed, has no
        len() and is empty after one pass.
    """
    LEAVES_ALONE = """
        Files read as Python 3, modules that bind `filter` themselves where the call is
        (a def, an import such as `from future_builtins import filter`, an assignment, a
        parameter), and `from future_builtins import *`.  Python 2's filter() of a string
        or a tuple returned a string or a tuple; the list Python 3 code gets instead is
        what 2to3 gives too (the type is not known from the source).
    """
    EXAMPLES = (
        Example("big = filter(is_big, xs)\n", "big = list(filter(is_big, xs))\n"),
        Example("odd = filter(lambda x: x % 2, xs)\n", "odd = [x for x in xs if x % 2]\n"),
        Example("nonempty = filter(None, names)\n", "nonempty = [_f for _f in names if _f]\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("n = len(list(filter(f, xs)))\n", "for x in filter(f, xs):\n    pass\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        starts, ends = stream.starts, stream.ends
        for index, _opening, closing, arguments in builtin_calls(context, "filter"):
            plain = len(arguments) == 2 and all(is_plain_argument(stream, *a) for a in arguments)
            if plain and arguments[0][1] == arguments[0][0] + 1 and stream.is_name(arguments[0][0], "None"):
                sequence_start, sequence_end = arguments[1]
                wrap = needs_parentheses_in_comprehension(stream, sequence_start, sequence_end)
                yield Edit.replace(starts[index], starts[sequence_start], "[_f for _f in " + ("(" if wrap else ""), self.CODE)
                yield Edit.replace(ends[sequence_end - 1], ends[closing], (")" if wrap else "") + " if _f]", self.CODE)
                continue
            form = lambda_form(stream, arguments) if plain else None
            if form is not None:
                parameter, body_start, body_end = form
                sequence_start, sequence_end = arguments[1]
                wrap = needs_parentheses_in_comprehension(stream, sequence_start, sequence_end)
                condition: list[Part] = [Copy(starts[body_start], ends[body_end - 1])]
                if needs_parentheses_in_comprehension(stream, body_start, body_end):
                    condition = ["(", *condition, ")"]
                yield Edit.replace(
                    starts[index], starts[sequence_start], f"[{parameter} for {parameter} in " + ("(" if wrap else ""), self.CODE
                )
                yield Edit(
                    ends[sequence_end - 1], ends[closing], (")" if wrap else "", " if ", *condition, "]"), self.CODE
                )
                continue
            yield from wrap_in_list(context, index, closing, self.CODE)
