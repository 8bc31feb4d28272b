"""TM151 throw-method: `g.throw(E, V)` becomes `g.throw(E(V))`, `g.throw(E, V, T)` `g.throw(E(V).with_traceback(T))`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import call_arguments, is_attribute, is_plain_argument, primary_start
from threadmod.syntax.tokens import NUMBER, STRING
from threadmod.transform import Example


class ThrowMethod(SyntaxTransform):
    CODE = "TM151"
    NAME = "throw-method"
    DESCRIPTION = "g.throw(E, V[, T]) becomes g.throw(E(V)[.with_traceback(T)])."
    WHAT = """
        A generator's `throw` called with an exception and a value becomes a call with an
        exception instance: `g.throw(E, V)` becomes `g.throw(E(V))`, a tuple value gives
        the arguments (`g.throw(E, (a, b))` becomes `g.throw(E(a, b))`), `g.throw(E,
        None)` becomes `g.throw(E)`, and a traceback becomes `.with_traceback(T)`.
    """
    WHY = """
        The forms with a separate value and traceback are deprecated since Python 3.12 and
        due to go; raising an instance means the same in every Python.
    """
    LEAVES_ALONE = """
        Files read as Python 3, `g.throw(E)` and `g.throw(E(5))`, calls with keyword or
        star arguments, and string exceptions (`g.throw("oops", 5)`: Python 3 has none),
        kept with a TM151 diagnostic.  A value that is not a literal or a tuple display
        (`g.throw(typ, value, tb)` in a context manager's `__exit__`) may be an instance
        of the exception, which Python 2 threw as it is where `E(V)` would wrap it: kept,
        with a TM151 diagnostic (Python 3.13 still accepts the form, deprecated).  As
        2to3, any `.throw(E, V)` call is taken to be a generator's.
    """
    EXAMPLES = (
        Example("g.throw(ValueError, 'bad')\n", "g.throw(ValueError('bad'))\n"),
        Example("g.throw(E, (1, 2), tb)\n", "g.throw(E(1, 2).with_traceback(tb))\n"),
        Example('g.throw("oops", 5)\n', 'g.throw("oops", 5)\n', ("1:9 TM151",)),
    )
    LEAVE_ALONE_EXAMPLES = ("g.throw(ValueError('bad'))\n", "g.throw(GeneratorExit)\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if ".throw" not in context.text and "throw" not in context.text:
            return
        stream = context.stream
        starts, ends = stream.starts, stream.ends
        for index in context.name_indices("throw"):
            if not is_attribute(stream, index) or not stream.is_op(index + 1, "("):
                continue
            if primary_start(stream, index - 2) < 0:
                continue
            arguments = call_arguments(stream, index + 1)
            if not arguments or len(arguments) > 3 or not all(is_plain_argument(stream, *a) for a in arguments):
                continue
            if stream.kinds[arguments[0][0]] == STRING:
                context.diagnose(
                    starts[arguments[0][0]], self.CODE, "Python 3 has no string exceptions: raise an exception instance"
                )
                continue
            if len(arguments) == 1:
                continue
            exc_end = ends[arguments[0][1] - 1]
            value_start, value_end = arguments[1]
            traceback = arguments[2] if len(arguments) == 3 else None
            is_none = value_end == value_start + 1 and stream.is_name(value_start, "None")
            is_tuple = (
                stream.is_group(value_start, value_end) and stream.is_op(value_start, "(") and _is_tuple(stream, value_start)
            )
            if not is_none and not is_tuple and not _is_literal(stream, value_start, value_end):
                context.diagnose(
                    starts[value_start], self.CODE,
                    "kept: when the value is already an instance of the exception, Python 2 threw it as it is, "
                    "and E(V) would wrap it; throw the instance (g.throw(V)) or E(V) by hand",
                )
                continue
            if is_none:
                if traceback is None:
                    yield Edit.replace(exc_end, ends[value_end - 1], "", self.CODE)
                else:
                    yield Edit.replace(exc_end, starts[traceback[0]], "().with_traceback(", self.CODE)
                    yield Edit.replace(ends[traceback[1] - 1], ends[traceback[1] - 1], ")", self.CODE)
                continue
            if is_tuple:
                yield Edit.replace(exc_end, ends[value_start], "(", self.CODE)
                close_value = ""
            else:
                yield Edit.replace(exc_end, starts[value_start], "(", self.CODE)
                close_value = ")"
            if traceback is None:
                if close_value:
                    yield Edit.replace(ends[value_end - 1], ends[value_end - 1], close_value, self.CODE)
                continue
            yield Edit.replace(ends[value_end - 1], starts[traceback[0]], close_value + ".with_traceback(", self.CODE)
            yield Edit.replace(ends[traceback[1] - 1], ends[traceback[1] - 1], ")", self.CODE)


def _is_literal(stream, start: int, end: int) -> bool:
    """A value that cannot be an exception instance: numbers, strings, a list or dict display,
    or such values with operators (`-1`, `"a" % b`)."""
    first = stream.kinds[start]
    if first in (NUMBER, STRING):
        return True
    return stream.is_group(start, end) and stream.tok(start) in ("[", "{")


def _is_tuple(stream, opening: int) -> bool:
    """Whether the parenthesized group at opening is a tuple display: `()` or a top-level comma."""
    closing = stream.pairs[opening]
    if closing == opening + 1:
        return True
    items, trailing = stream.split_top(opening + 1, closing)
    return len(items) > 1 or trailing
