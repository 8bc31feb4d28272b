"""TM165 integer-division: `/` between operands proven to be ints becomes `//`; every other `/`
whose operands may both be ints gets a diagnostic."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    _is_atom_end,
    call_arguments,
    imported_module_names,
    is_keyword,
    bindings_of,
    primary_end,
    primary_start,
    statement_of,
)
from threadmod.syntax.tokens import NAME, NUMBER, OP, STRING
from threadmod.transform import Example

INT, FLOAT = "int", "float"
_TERM_OPS = frozenset({"*", "/", "//", "%", "@"})
_ARITHMETIC_OPS = frozenset({"+", "-", "*", "/", "//", "%"})
_UNARY = frozenset({"-", "+", "~"})
_INT_LITERAL = re.compile(r"(?:0[xX][0-9a-fA-F_]+|0[oObB][0-7_]+|\d[\d_]*)[lL]?")
# Builtins whose result is an int whatever their argument (when the module does not bind them).
_INT_FUNCTIONS = frozenset({"len", "int", "long", "ord"})
# Functions of modules whose result is a float in Python 2.
_FLOAT_ATTRIBUTES = {
    "math": frozenset({
        "sqrt", "floor", "ceil", "exp", "log", "log10", "log1p", "expm1", "pow", "fabs", "sin", "cos", "tan",
        "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "hypot", "radians", "degrees", "fsum",
        "fmod", "copysign", "pi", "e",
    }),
    "time": frozenset({"time", "clock", "perf_counter", "monotonic", "process_time"}),
    "random": frozenset({"random", "uniform", "gauss", "expovariate", "normalvariate"}),
}
# Functions of modules whose result is an int.
_INT_ATTRIBUTES = {"string": frozenset({"atoi", "atol"})}
_AUGMENTED_KEEPS = frozenset({"+=", "-=", "*=", "//=", "%=", "/="})


class IntegerDivision(SyntaxTransform):
    CODE = "TM165"
    NAME = "integer-division"
    DESCRIPTION = "`/` between proven ints becomes `//`; a diagnostic on every other `/` that may divide two ints."
    WHAT = """
        In a file read as Python 2 without `from __future__ import division`, a `/` (or `/=`)
        whose two operands are proven ints becomes `//` (`//=`): int literals, `len(...)`,
        `int(...)`, `ord(...)`, names whose every binding in the file assigns such an int
        (`n = 10`, `n += 1`, `for i in range(n)`), and `+ - * // %` of these.  Every other `/`
        gets a diagnostic TM165, unless an operand is proven a float (a float literal,
        `float(...)`, `time.time()`, `math.sqrt(...)`, a name only ever bound to such floats,
        or arithmetic with one of these): there Python 2 divided as Python 3 does.  A class's
        `def __div__` without `__truediv__` in the file gets a diagnostic too.
    """
    WHY = """
        Python 2's `/` between two ints was floor division (`7 / 2 == 3`); Python 3's is
        true division (`7 / 2 == 3.5`).  A program that computes an index, a count or a
        range bound with `/` then crashes (`range(n / 2)`, `items[len(items) / 2]`: a
        TypeError for a float) or prints other numbers.  Which `/` divides ints is known
        only at run time: threadmod rewrites only what it proves, and points at the rest.
        Python 3 never calls `__div__`: `a / b` on such a class is a TypeError.
    """
    LEAVES_ALONE = """
        A `/` with an operand that may be a float or anything else (a parameter, a call of
        another function, an attribute): the code is kept, with a diagnostic TM165, since
        Python 2 floored only when both were ints at run time.  Nothing in a file with
        `from __future__ import division`, nor in a file that compiles as Python 3 (unless
        read as Python 2).  A name counts as an int only when every binding of that name
        anywhere in the file (in any function) is one: a parameter, a `for` over anything
        but range(), an import or a tuple assignment of the name makes it unknown.
    """
    EXAMPLES = (
        Example("print items[len(items) / 2]\n", "print(items[len(items) // 2])\n"),
        Example(
            "n = 10\nfor i in range(n / 2):\n    print i\n",
            "n = 10\nfor i in range(n // 2):\n    print(i)\n",
        ),
        Example("print done / total\n", "print(done / total)\n", ("1:12 TM165",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "from __future__ import division\nx = 7 / 2\n",
        "t = time.time() / 60\n",
        "x = 1 / 3.0\nh = (hi - lo) / 2.0\n",
        "x = a // b\n",
    )
    HINT = re.compile(r"/")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "/" not in text and "__div__" not in text:
            return
        if "division" in context.futures:
            return
        self._diagnose_div_methods(context)
        stream = context.stream
        starts = stream.starts
        kinds = _Kinds(context)
        position = text.find("/")
        while position >= 0:
            index = bisect_left(starts, position)
            if index < len(starts) and starts[index] == position and stream.kinds[index] == OP:
                token = stream.tok(index)
                if token in ("/", "/="):
                    edit = self._division(context, kinds, index, token)
                    if edit is not None:
                        yield edit
                position = text.find("/", stream.ends[index])
            else:
                position = text.find("/", position + 1)

    def _division(self, context: SyntaxContext, kinds: _Kinds, index: int, token: str) -> Edit | None:
        stream = context.stream
        if token == "/=":
            statement = statement_of(context.statements, index)
            left = (statement.first, index) if statement is not None else None
            right_end = statement.end if statement is not None else -1
            right = (index + 1, right_end)
        else:
            left_start = kinds.term_start(index - 1)
            left = (left_start, index) if left_start >= 0 else None
            right_end = kinds.factor_end(index + 1)
            right = (index + 1, right_end) if right_end > 0 else None
        left_kind = kinds.expression(*left) if left else None
        right_kind = kinds.expression(*right) if right else None
        if FLOAT in (left_kind, right_kind):
            return None
        if left_kind == INT and right_kind == INT:
            return Edit.replace(stream.starts[index], stream.ends[index], "//" if token == "/" else "//=", self.CODE)
        if left is not None and stream.kinds[left[0]] == STRING:
            return None  # 'a' / x: a TypeError in both
        context.diagnose(
            stream.starts[index], self.CODE,
            "Python 2 divided two ints to an int here (7 / 2 == 3), Python 3 to a float (3.5): "
            "if both operands can be ints, use // where the floor division is meant",
        )
        return None

    def _diagnose_div_methods(self, context: SyntaxContext) -> None:
        if "__div__" not in context.text or "__truediv__" in context.text:
            return
        stream = context.stream
        for name in ("__div__", "__idiv__", "__rdiv__"):
            for index in context.name_indices(name):
                if stream.is_name(index - 1, "def"):
                    true = name.replace("div", "truediv")
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        f"Python 3 never calls {name}: `/` on these objects is a TypeError; add `{true} = {name}` "
                        "after this method (and a __floordiv__ for //)",
                    )


class _Kinds:
    """What the tokens of an expression are proven to be: INT, FLOAT or None."""

    def __init__(self, context: SyntaxContext) -> None:
        self.context = context
        self.stream = context.stream
        self.names: dict[str, str | None] = {}
        self.pending: dict[str, str] = {}
        self.bound: dict[str, bool] = {}
        self.modules: dict[str, set[str]] = {}

    # Where operands start and end.

    def factor_start(self, last: int) -> int:
        """The first token of the factor (`-a`, `a ** b`, `f(x)[1]`) whose last token is `last`, or -1."""
        stream = self.stream
        start = primary_start(stream, last)
        if start < 0:
            return -1
        while start > 0:
            before = start - 1
            if stream.kinds[before] != OP:
                break
            text = stream.tok(before)
            if text == "**" and before > 0:
                start = primary_start(stream, before - 1)
                if start < 0:
                    return -1
            elif text in _UNARY and (before == 0 or not _is_atom_end(stream, before - 1)):
                start = before
            else:
                break
        return start

    def term_start(self, last: int) -> int:
        """The first token of the left operand of a `/` whose operand ends at `last`."""
        stream = self.stream
        start = self.factor_start(last)
        while start >= 2 and stream.kinds[start - 1] == OP and stream.tok(start - 1) in _TERM_OPS:
            start = self.factor_start(start - 2)
            if start < 0:
                return -1
        return start

    def factor_end(self, first: int) -> int:
        """The index after the factor that starts at `first`, or -1."""
        stream = self.stream
        index = first
        while index < len(stream.kinds) and stream.kinds[index] == OP and stream.tok(index) in _UNARY:
            index += 1
        if index >= len(stream.kinds):
            return -1
        kind = stream.kinds[index]
        if not (
            (kind == NAME and not is_keyword(stream, index))
            or kind in (NUMBER, STRING)
            or (kind == OP and stream.tok(index) in ("(", "[", "{"))
        ):
            return -1
        end = primary_end(stream, index)
        if end < len(stream.kinds) and stream.is_op(end, "**"):
            return self.factor_end(end + 1)
        return end

    # What they are.

    def expression(self, start: int, end: int) -> str | None:
        """INT, FLOAT or None for the arithmetic expression [start, end)."""
        stream = self.stream
        factors = []
        index = start
        while index < end:
            factor_end = self.factor_end(index)
            if factor_end < 0 or factor_end > end:
                return None
            factors.append((index, factor_end))
            if factor_end == end:
                break
            if stream.kinds[factor_end] != OP or stream.tok(factor_end) not in _ARITHMETIC_OPS:
                return None
            index = factor_end + 1
        else:
            return None
        found = [self.factor(s, e) for s, e in factors]
        if "str" in found:
            return None
        if FLOAT in found:
            return FLOAT
        if all(kind == INT for kind in found):
            return INT
        return None

    def factor(self, start: int, end: int) -> str | None:
        stream = self.stream
        while stream.kinds[start] == OP and stream.tok(start) in _UNARY:
            start += 1
        power = stream.find_top(start, end, OP, "**")
        if power >= 0:
            base = self.primary(start, power)
            exponent_start = power + 1
            if base == FLOAT:
                return FLOAT
            exponent = self.expression(exponent_start, end)
            if exponent == FLOAT:
                return FLOAT
            if base == INT and stream.kinds[exponent_start] == NUMBER and exponent == INT and exponent_start + 1 == end:
                return INT
            return None
        return self.primary(start, end)

    def primary(self, start: int, end: int) -> str | None:
        stream = self.stream
        kind = stream.kinds[start]
        if kind == NUMBER:
            if end != start + 1:
                return None
            text = stream.tok(start)
            if _INT_LITERAL.fullmatch(text):
                return INT
            return FLOAT  # 1.5, 1e3 and 2j: Python 2 divided these as Python 3 does
        if kind == STRING:
            return "str"
        if kind == OP and stream.tok(start) == "(":
            closing = stream.pairs[start]
            if closing + 1 != end or stream.find_top(start + 1, closing, OP, ",") >= 0:
                return None
            return self.expression(start + 1, closing) if closing > start + 1 else None
        if kind != NAME:
            return None
        word = stream.tok(start)
        if end == start + 1:
            return self.name(word)
        if stream.is_op(start + 1, "(") and stream.pairs[start + 1] + 1 == end:
            if word in _INT_FUNCTIONS and not self.is_bound(word):
                if word == "int" and len(call_arguments(stream, start + 1)) != 1:
                    return INT  # int(s, base)
                return INT
            if word == "float" and not self.is_bound(word):
                return FLOAT
            return None
        if stream.is_op(start + 1, ".") and start + 2 < end and stream.kinds[start + 2] == NAME:
            attribute = stream.tok(start + 2)
            if attribute in _FLOAT_ATTRIBUTES.get(word, ()):
                result = FLOAT
            elif attribute in _INT_ATTRIBUTES.get(word, ()):
                result = INT
            else:
                return None
            rest = start + 3
            if rest == end:
                if (word, attribute) not in (("math", "pi"), ("math", "e")):
                    return None  # a function, not its result
            elif not (stream.is_op(rest, "(") and stream.pairs[rest] + 1 == end):
                return None
            if word not in self.modules:
                self.modules[word] = imported_module_names(self.context, word) or set()
            return result if word in self.modules[word] else None
        return None

    def is_bound(self, name: str) -> bool:
        if name not in self.bound:
            self.bound[name] = bool(bindings_of(self.context, name))
        return self.bound[name]

    def name(self, name: str) -> str | None:
        """INT or FLOAT when every binding of the name in the file gives one."""
        if name in self.names:
            return self.names[name]
        if name in self.pending:
            return self.pending[name] if self.pending[name] else None
        if name in ("True", "False", "None"):
            return None
        bindings = bindings_of(self.context, name)
        result = None
        if bindings:
            for hypothesis in (INT, FLOAT):
                self.pending = {other: "" for other in self.pending}  # other names: unknown
                self.pending[name] = hypothesis
                if all(self._binding(index, how, hypothesis) for index, how in bindings):
                    result = hypothesis
                    break
            self.pending.pop(name, None)
        if not self.pending:
            self.names[name] = result
        return result

    def _binding(self, index: int, how: str, hypothesis: str) -> bool:
        stream = self.stream
        statement = statement_of(self.context.statements, index)
        if statement is None:
            return False
        if how == "for":
            return hypothesis == INT and self._range_target(statement, index)
        if how == "assign":
            targets, value = _assignment(stream, statement.first, statement.end)
            if value is None or any(not (e == s + 1) for s, e in targets if s <= index < e):
                return False
            return self.expression(*value) == hypothesis
        if how == "augassign":
            operator = index + 1
            if not (stream.kinds[operator] == OP and stream.tok(operator) in _AUGMENTED_KEEPS) or operator + 1 >= statement.end:
                return False
            value = self.expression(operator + 1, statement.end)
            if hypothesis == INT:
                return value == INT
            return value in (INT, FLOAT)
        return False

    def _range_target(self, statement, index: int) -> bool:
        """`for NAME in range(ints):` or `for NAME, x in enumerate(y):`."""
        stream = self.stream
        first = statement.first
        if not stream.is_name(first, "for") or not statement.header:
            return False
        split = stream.find_top(first, statement.end, NAME, "in")
        if split < 0:
            return False
        callee = split + 1
        if stream.kinds[callee] != NAME or not stream.is_op(callee + 1, "(") or stream.pairs[callee + 1] + 1 != statement.end:
            return False
        word = stream.tok(callee)
        if self.is_bound(word):
            return False
        if word in ("range", "xrange") and split == first + 2 and index == first + 1:
            arguments = call_arguments(stream, callee + 1)
            return bool(arguments) and all(self.expression(s, e) == INT for s, e in arguments)
        if word == "enumerate" and index == first + 1 and stream.is_op(first + 2, ","):
            return len(call_arguments(stream, callee + 1)) == 1
        return False


def _assignment(stream, first: int, end: int):
    """The targets ([start, end) each) and the value of `a = b = value`, or ([], None)."""
    segments = []
    segment_start = index = first
    while index < end:
        if stream.kinds[index] == OP and stream.tok(index) == "=":
            segments.append((segment_start, index))
            segment_start = index + 1
        index = stream.skip(index)
    if not segments or segment_start >= end:
        return [], None
    return segments, (segment_start, end)


