"""TM140 has-key: `d.has_key(k)` becomes `k in d`, `not d.has_key(k)` becomes `k not in d`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit
from threadmod.syntax.expressions import (
    call_arguments,
    is_attribute,
    is_operand,
    is_plain_argument,
    primary_start,
    trailers_end,
)
from threadmod.syntax.tokens import NAME, OP
from threadmod.transform import Example

# An argument with one of these at its top level binds looser than `in`: it gets parentheses.
_LOOSE_WORDS = frozenset({"not", "and", "or", "if", "lambda", "for", "in", "is", "yield"})
_COMPARISONS = frozenset({"<", ">", "==", ">=", "<=", "!=", "<>"})


class HasKey(SyntaxTransform):
    CODE = "TM140"
    NAME = "has-key"
    DESCRIPTION = "d.has_key(k) becomes k in d; not d.has_key(k) becomes k not in d."
    WHAT = """
        A call of a `has_key` method with one positional argument becomes an `in` test:
        `d.has_key(k)` becomes `k in d`, `not d.has_key(k)` becomes `k not in d`.
        Parentheses are added where precedence needs them: around an argument that binds
        looser than `in` (`(a or b) in d`), and around the test when it is an operand or
        has trailers (`x + (k in d)`, `(k in d).real`, `(k in d) ** 2`).
    """
    WHY = """
        Python 3's dict has no has_key method; `in` has always meant the same for dicts
        (and for Python 2's dbm, shelve, os.environ and email messages).
    """
    LEAVES_ALONE = """
        Files read as Python 3 (there a `has_key` is a method the code defines itself).
        Like 2to3, a file read as Python 2 has every `.has_key(k)` call converted, whatever
        the receiver: a class of its own with a has_key method but no `__contains__` then
        needs one.  `has_key` not called (`m = d.has_key`) and calls with keyword, star or
        several arguments are kept, with a TM140 diagnostic on the line; so is a
        `def has_key` of the module's own when the module defines no `__contains__`.
    """
    EXAMPLES = (
        Example("if d.has_key(k):\n    pass\n", "if k in d:\n    pass\n"),
        Example("if not d.has_key(k): pass\n", "if k not in d: pass\n"),
        Example("x = a.has_key(f or g)\n", "x = (f or g) in a\n"),
        Example("x = n + d.has_key(k)\n", "x = n + (k in d)\n"),
        Example("m = d.has_key\n", "m = d.has_key\n", ("1:7 TM140",)),
    )
    LEAVE_ALONE_EXAMPLES = ("if k in d:\n    pass\n", "def has_key(self, k):\n    return k in self.data\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "has_key" not in context.text:
            return
        stream = context.stream
        for index in context.name_indices("has_key"):
            if not is_attribute(stream, index):
                if index > 0 and stream.is_name(index - 1, "def") and "__contains__" not in context.text:
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        "a has_key method of the module's own: `.has_key(k)` calls become `k in obj`, "
                        "which needs a __contains__ method in Python 3",
                    )
                continue
            rewrite = self._rewrite(stream, index)
            if rewrite is None:
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "has_key is gone in Python 3: use `key in d` (only a call with one argument is rewritten)",
                )
                continue
            yield from rewrite

    def _rewrite(self, stream, index: int) -> list[Edit] | None:
        dot = index - 1
        opening = index + 1
        if dot < 1 or not stream.is_op(opening, "("):
            return None
        start = primary_start(stream, dot - 1)
        if start < 0:
            return None
        arguments = call_arguments(stream, opening)
        if len(arguments) != 1 or not is_plain_argument(stream, *arguments[0]):
            return None
        arg_start, arg_end = arguments[0]
        closing = stream.pairs[opening]
        end = trailers_end(stream, closing + 1)
        negated = (
            start > 0
            and stream.is_name(start - 1, "not")
            and not (start > 1 and stream.is_name(start - 2, "is"))
            and end == closing + 1
            and not is_operand(stream, start, end)
        )
        whole = end > closing + 1 or is_operand(stream, start, end) or stream.is_op(end, "**")
        loose = _binds_looser_than_in(stream, arg_start, arg_end)
        parts = ["(" if whole else ""]
        parts += ["(", Copy(stream.starts[arg_start], stream.ends[arg_end - 1]), ")"] if loose else [
            Copy(stream.starts[arg_start], stream.ends[arg_end - 1])
        ]
        parts.append(" not in " if negated else " in ")
        first = start - 1 if negated else start
        edits = [
            Edit(stream.starts[first], stream.starts[start], tuple(p for p in parts if p != ""), self.CODE),
            Edit.replace(stream.starts[dot], stream.ends[closing], ")" if whole else "", self.CODE),
        ]
        return edits


def _binds_looser_than_in(stream, start: int, end: int) -> bool:
    index = start
    while index < end:
        kind = stream.kinds[index]
        if kind == NAME and stream.tok(index) in _LOOSE_WORDS:
            return True
        if kind == NAME and stream.tok(index) == "has_key" and stream.is_op(index - 1, ".") and stream.is_op(index + 1, "("):
            return True  # an `in` test itself once rewritten: `(k in e) in d`
        if kind == OP and stream.tok(index) in _COMPARISONS:
            return True
        index = stream.skip(index)
    return False
