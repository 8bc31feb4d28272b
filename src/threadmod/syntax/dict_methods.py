"""TM141 dict-methods: `d.keys()` becomes `list(d.keys())` where a list is needed, `d.iteritems()` `iter(d.items())`..."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    CONSUMING_CALLS,
    is_attribute,
    iterated_by_for,
    primary_start,
    sole_argument_of,
    trailers_end,
)
from threadmod.transform import Example

_METHODS = ("keys", "items", "values", "iterkeys", "iteritems", "itervalues", "viewkeys", "viewitems", "viewvalues")


class DictMethods(SyntaxTransform):
    CODE = "TM141"
    NAME = "dict-methods"
    DESCRIPTION = "d.keys(), d.items(), d.values() become lists where a list may be needed; iter* and view* lose their prefix."
    WHAT = """
        Exactly as 2to3's dict fixer: `d.keys()` (`items`, `values`) becomes
        `list(d.keys())`, except as the only argument of list(), tuple(), set(),
        sorted(), sum(), min(), max(), any(), all() or enumerate(), where any iterable
        does; `d.iterkeys()` becomes `iter(d.keys())`, or `d.keys()` where it is
        iterated (a for loop, a comprehension, iter() and the calls above); `d.viewkeys()`
        becomes `d.keys()`.  Trailers stay outside: `d.keys()[0]` becomes
        `list(d.keys())[0]`.  A for loop over `d.keys()` keeps its list, since the loop
        body may change the dict.
    """
    WHY = """
        Python 3's keys(), items() and values() return views, which cannot be indexed,
        sorted in place or kept while the dict changes; Python 3 has no iter* or view*
        methods.
    """
    LEAVES_ALONE = """
        Files read as Python 3.  Like 2to3, a file read as Python 2 has every call of
        these nine method names with no arguments converted, whatever the receiver: for
        a class of its own whose keys() returns a list, `list(...)` is harmless; one whose
        iteritems() is not a dict's needs its calls kept (`# threadmod: ignore[TM141]`).
        Calls with arguments and the methods not called (`f = d.keys`) are kept.
    """
    EXAMPLES = (
        Example("ks = d.keys()\n", "ks = list(d.keys())\n"),
        Example("first = d.keys()[0]\n", "first = list(d.keys())[0]\n"),
        Example("for k, v in d.iteritems():\n    pass\n", "for k, v in d.items():\n    pass\n"),
        Example("it = d.itervalues()\n", "it = iter(d.values())\n"),
        Example("n = sorted(d.keys())\nv = d.viewitems()\n", "n = sorted(d.keys())\nv = d.items()\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("ks = list(d.keys())\n", "s = sum(d.values())\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "keys" not in text and "items" not in text and "values" not in text:
            return
        stream = context.stream
        for name in _METHODS:
            if name not in text:
                continue
            for index in context.name_indices(name):
                if not is_attribute(stream, index) or not stream.is_op(index + 1, "("):
                    continue
                closing = index + 2
                if stream.pairs[index + 1] != closing:
                    continue
                start = primary_start(stream, index - 2)
                if start < 0:
                    continue
                yield from self._rewrite(stream, name, index, start, closing)

    def _rewrite(self, stream, name: str, index: int, start: int, closing: int) -> Iterator[Edit]:
        is_iter, is_view = name.startswith("iter"), name.startswith("view")
        if is_iter or is_view:
            yield Edit.replace(stream.starts[index], stream.ends[index], name[4:], self.CODE)
        if is_view:
            return
        end = closing + 1
        if trailers_end(stream, end) == end and _in_special_context(stream, start, end, is_iter):
            return
        yield Edit.replace(stream.starts[start], stream.starts[start], "iter(" if is_iter else "list(", self.CODE)
        yield Edit.replace(stream.ends[closing], stream.ends[closing], ")", self.CODE)


def _in_special_context(stream, start: int, end: int, is_iter: bool) -> bool:
    """fix_dict's in_special_context: the only argument of a consuming call (a bare name);
    for the iter* methods also iter() and what a for or comprehension iterates."""
    callee = sole_argument_of(stream, start, end)
    if callee is not None and not is_attribute(stream, start - 2):
        return callee in CONSUMING_CALLS or (is_iter and callee == "iter")
    return is_iter and iterated_by_for(stream, start, end)
