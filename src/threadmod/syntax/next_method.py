"""TM145 next-method: `it.next()` becomes `next(it)`, `def next(self)` becomes `def __next__(self)`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    in_assignment_target,
    is_attribute,
    line_of,
    line_parents,
    header_word,
    name_bindings,
    primary_start,
    shadowed_at,
)
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class NextMethod(SyntaxTransform):
    CODE = "TM145"
    NAME = "next-method"
    DESCRIPTION = "it.next() becomes next(it); a class's def next(self) becomes def __next__(self)."
    WHAT = """
        A call of a `next` method with no arguments, `it.next()`, becomes `next(it)`
        (trailers stay: `it.next().strip()` becomes `next(it).strip()`); `it.next` not
        called becomes `it.__next__`; a method `def next(self)` directly in a class body
        becomes `def __next__(self)`.  Where the module binds `next` itself (a def, an
        import, an assignment, a for target, `global next`) and that binding is visible,
        the call becomes `it.__next__()` instead, as 2to3 does.
    """
    WHY = """
        Python 3's iterator protocol calls `__next__`; iterators have no `next` method,
        and the builtin `next(it)` (Python 2.6 and later) calls the protocol.
    """
    LEAVES_ALONE = """
        Files read as Python 3.  Like 2to3, a file read as Python 2 has every `.next()`
        call converted, whatever the receiver: a class of its own whose `next` method is
        not the iterator protocol then needs its calls kept by hand (`# threadmod:
        ignore[TM145]`).  Calls with arguments (`x.next(1)`), methods `next` with other
        parameters or decorators, and assignments to `x.next` are kept; in a module that
        assigns a `next` attribute anywhere (a linked list's `node.next = n`, a counter),
        `x.next` not called may be data, and is kept with a TM145 diagnostic.
    """
    EXAMPLES = (
        Example("line = lines.next()\n", "line = next(lines)\n"),
        Example("x = a().next().strip()\n", "x = next(a()).strip()\n"),
        Example(
            "class Counter(object):\n    def next(self):\n        return 1\n",
            "class Counter(object):\n    def __next__(self):\n        return 1\n",
        ),
        Example("step = it.next\n", "step = it.__next__\n"),
        Example("next = 5\nx = it.next()\n", "next = 5\nx = it.__next__()\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("x = next(it)\n", "class A:\n    def next(self, a, b):\n        pass\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "next" not in context.text:
            return
        stream = context.stream
        indices = context.name_indices("next")
        if not indices:
            return
        bindings, _ = name_bindings(stream, indices)
        # A module that assigns a `next` attribute (`self.next = node`, `Breakpoint.next += 1`)
        # keeps data there: its `x.next` not called may be data too.
        data = any(is_attribute(stream, i) and in_assignment_target(stream, i) for i in indices)
        for index in indices:
            if is_attribute(stream, index):
                if data and not stream.is_op(index + 1, "(") and not in_assignment_target(stream, index):
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        "`.next` kept: this module assigns a `next` attribute, so it may be data; "
                        "if it is an iterator's method here, write `__next__`",
                    )
                    continue
                yield from self._attribute(stream, bindings, index)
            elif index > 0 and stream.is_name(index - 1, "def"):
                if _is_iterator_method(stream, index):
                    yield Edit.replace(stream.starts[index], stream.ends[index], "__next__", self.CODE)

    def _attribute(self, stream, bindings, index: int) -> Iterator[Edit]:
        dot = index - 1
        if stream.is_op(index + 1, "("):
            closing = stream.pairs[index + 1]
            if closing != index + 2:
                return  # x.next(arg): not the iterator protocol
            start = primary_start(stream, dot - 1)
            if start < 0:
                return
            if shadowed_at(stream, bindings, index):
                yield Edit.replace(stream.starts[index], stream.ends[index], "__next__", self.CODE)
                return
            yield Edit.replace(stream.starts[start], stream.starts[start], "next(", self.CODE)
            yield Edit.replace(stream.starts[dot], stream.ends[closing], ")", self.CODE)
            return
        if in_assignment_target(stream, index):
            return
        yield Edit.replace(stream.starts[index], stream.ends[index], "__next__", self.CODE)


def _is_iterator_method(stream, index: int) -> bool:
    """`def next(self):` as a statement directly in a class body, with one plain parameter
    and no decorator."""
    opening = index + 1
    if not stream.is_op(opening, "(") or stream.pairs[opening] != opening + 2:
        return False
    if stream.kinds[opening + 1] != NAME:
        return False
    line_index = line_of(stream, index)
    line = stream.lines[line_index]
    if line.first != index - 1:
        return False
    parent = line_parents(stream)[line_index]
    if parent < 0 or header_word(stream, parent) != "class":
        return False
    previous = stream.lines[line_index - 1]
    return not stream.is_op(previous.first, "@")
