"""TM109 tuple-parameters: `def f((a, b)):` and `lambda (x, y): ...` get one parameter each."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, NEWLINE, OP, TokenStream
from threadmod.transform import Example


class TupleParameters(SyntaxTransform):
    CODE = "TM109"
    NEEDED_TO_PARSE = True
    NAME = "tuple-parameters"
    DESCRIPTION = "Tuple parameters in def and lambda become one parameter, unpacked in the body."
    WHAT = """
        `def f(a, (b, c)):` becomes `def f(a, b_c):` with `(b, c) = b_c` as the first
        statement of the body (after the docstring).  `lambda (x, y): x + y` becomes
        `lambda x_y: x_y[0] + x_y[1]`.  A parenthesized single name, `lambda (x): x`,
        just loses its parentheses.  The new name joins the names it unpacks and never
        clashes with a name in the file.
    """
    WHY = "Python 3 removed tuple parameters (PEP 3113)."
    LEAVES_ALONE = "Parameters that are names, with or without defaults, `*args` and `**kwargs`."
    EXAMPLES = (
        Example(
            "def dist((x1, y1), (x2, y2)):\n    return abs(x1 - x2)\n",
            "def dist(x1_y1, x2_y2):\n    (x1, y1) = x1_y1\n    (x2, y2) = x2_y2\n    return abs(x1 - x2)\n",
        ),
        Example("f = lambda (k, v): k + v\n", "f = lambda k_v: k_v[0] + k_v[1]\n"),
        Example("f = lambda (x): x\n", "f = lambda x: x\n"),
        Example(
            'def g(((a, b), c)):\n    "Doc."\n    return a\n',
            'def g(a_b_c):\n    "Doc."\n    ((a, b), c) = a_b_c\n    return a\n',
        ),
        Example("def h((a, b)): return a\n", "def h(a_b): (a, b) = a_b; return a\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("def f(a, b=(1, 2), *args, **kw): pass\n", "f = lambda x, y=(1, 2): x\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        for statement in context.statements:
            if statement.header and stream.is_name(statement.first, "def"):
                yield from self._def(context, statement)
        for index, kind in enumerate(stream.kinds):
            if kind == NAME and stream.tok(index) == "lambda":
                yield from self._lambda(context, index)

    def _def(self, context: SyntaxContext, statement) -> Iterator[Edit]:
        stream = context.stream
        opening = statement.first + 2
        if not stream.is_op(opening, "(") or opening not in stream.pairs:
            return
        closing = stream.pairs[opening]
        params, _ = stream.split_top(opening + 1, closing)
        assignments: list[str] = []
        for start, _end in params:
            if not stream.is_op(start, "("):
                continue
            group_end = stream.pairs[start] + 1
            names = _names(stream, start, group_end)
            if _is_single_name(stream, start, group_end):
                yield self._unwrap(stream, start, group_end)
                continue
            name = context.fresh_name("_".join(names))
            yield Edit.replace(stream.starts[start], stream.ends[group_end - 1], name, self.CODE)
            target = stream.text[stream.starts[start] : stream.ends[group_end - 1]]
            assignments.append(f"{target} = {name}")
        if assignments:
            yield context.body_insertion(statement, assignments, self.CODE)

    def _lambda(self, context: SyntaxContext, keyword: int) -> Iterator[Edit]:
        stream = context.stream
        colon = _lambda_colon(stream, keyword)
        if colon < 0:
            return
        params, _ = stream.split_top(keyword + 1, colon)
        replacements: dict[str, str] = {}
        for start, _end in params:
            if not stream.is_op(start, "("):
                continue
            group_end = stream.pairs[start] + 1
            if _is_single_name(stream, start, group_end):
                yield self._unwrap(stream, start, group_end, space=start == keyword + 1)
                continue
            names = _names(stream, start, group_end)
            name = context.fresh_name("_".join(names))
            text = name
            if start == keyword + 1 and stream.starts[start] == stream.ends[keyword]:
                text = " " + name  # `lambda(x, y):` needs a space once the parenthesis goes
            yield Edit.replace(stream.starts[start], stream.ends[group_end - 1], text, self.CODE)
            for target, path in _index_paths(stream, start, group_end):
                replacements[target] = name + "".join(f"[{i}]" for i in path)
        if not replacements:
            return
        body_end = _lambda_body_end(stream, colon + 1)
        for index in range(colon + 1, body_end):
            if stream.kinds[index] != NAME or stream.tok(index) not in replacements:
                continue
            if stream.is_op(index - 1, "."):
                continue  # an attribute, not the parameter
            if stream.is_op(index + 1, "=") and not stream.is_op(index - 1, "="):
                continue  # a keyword argument's name
            yield Edit.replace(stream.starts[index], stream.ends[index], replacements[stream.tok(index)], self.CODE)

    def _unwrap(self, stream: TokenStream, start: int, end: int, space: bool = False) -> Edit:
        name = next(i for i in range(start, end) if stream.kinds[i] == NAME)
        text = stream.tok(name)
        if space and stream.starts[start] == stream.ends[start - 1]:
            text = " " + text
        return Edit.replace(stream.starts[start], stream.ends[end - 1], text, self.CODE)


def _names(stream: TokenStream, start: int, end: int) -> list[str]:
    return [stream.tok(i) for i in range(start, end) if stream.kinds[i] == NAME]


def _is_single_name(stream: TokenStream, start: int, end: int) -> bool:
    """`((x))`: parentheses around one name, no comma."""
    return all(stream.kinds[i] == NAME or stream.tok(i) in "()" for i in range(start, end)) and (
        len(_names(stream, start, end)) == 1
    )


def _index_paths(stream: TokenStream, start: int, end: int) -> Iterator[tuple[str, list[int]]]:
    """Each name in a tuple pattern with its subscript path: `((a, b), c)` gives a [0, 0], ..."""
    # Strip redundant parentheses: `(((x, y)))` is `(x, y)`.
    while stream.is_op(start, "(") and stream.is_group(start, end):
        items, trailing = stream.split_top(start + 1, end - 1)
        if not items:
            return  # `()`: not a valid parameter in Python 2 either
        if len(items) > 1 or trailing:
            for position, (item_start, item_end) in enumerate(items):
                for name, path in _index_paths(stream, item_start, item_end):
                    yield name, [position, *path]
            return
        start, end = items[0]
    if end == start + 1 and stream.kinds[start] == NAME:
        yield stream.tok(start), []


def _lambda_colon(stream: TokenStream, keyword: int) -> int:
    lambdas = 0
    index = keyword + 1
    while stream.kinds[index] != NEWLINE:
        if stream.kinds[index] == NAME and stream.tok(index) == "lambda":
            lambdas += 1
        elif stream.kinds[index] == OP:
            text = stream.tok(index)
            if text == ":":
                if not lambdas:
                    return index
                lambdas -= 1
            elif text in (")", "]", "}", ";"):
                return -1
        index = stream.skip(index)
    return -1


def _lambda_body_end(stream: TokenStream, start: int) -> int:
    """The index after a lambda's body: at `,`, a closing bracket, `for`, or the statement's end."""
    lambdas = 0
    index = start
    while True:
        kind = stream.kinds[index]
        if kind == NEWLINE:
            return index
        text = stream.tok(index)
        if kind == NAME:
            if text == "lambda":
                lambdas += 1
            elif text in ("for", "async"):
                return index
        elif kind == OP:
            if text in (",", ")", "]", "}", ";", "="):
                return index
            if text == ":":
                if not lambdas:
                    return index
                lambdas -= 1
        index = stream.skip(index)
