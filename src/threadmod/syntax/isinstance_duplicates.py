"""TM138 isinstance-duplicates: a type named twice in isinstance's tuple (after the renames) is named once."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.basestring import Basestring
from threadmod.syntax.bindings import Bindings, bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.long_builtin import LongBuiltin
from threadmod.syntax.renames import Python2Rewrite, call_items, module_attribute
from threadmod.syntax.standard_error import StandardErrorBuiltin
from threadmod.syntax.tokens import NAME
from threadmod.syntax.types_constants import TYPE_NAMES
from threadmod.syntax.unicode_builtins import UnicodeBuiltins
from threadmod.syntax.xrange import Xrange
from threadmod.transform import Example

# The renames of the other transforms, which make `(int, long)` name int twice.
_RENAMES = {
    **LongBuiltin.RENAMES, **Basestring.RENAMES, **UnicodeBuiltins.RENAMES,
    **StandardErrorBuiltin.RENAMES, **Xrange.RENAMES,
}


class IsinstanceDuplicates(Python2Rewrite):
    CODE = "TM138"
    NAME = "isinstance-duplicates"
    DESCRIPTION = "isinstance(x, (int, long)) becomes isinstance(x, int): no type named twice after the renames."
    WHAT = """
        In `isinstance(x, (...))`, a name that repeats one before it, as the renames
        make it (long and types.LongType are int, basestring and unicode are str), goes:
        `isinstance(x, (int, long))` becomes `isinstance(x, int)`, `isinstance(s, (str,
        unicode, list))` becomes `isinstance(s, (str, list))` (2to3's isinstance fixer).
    """
    WHY = """
        A tuple naming int twice asks the same question twice; with one type left, the
        tuple is not needed.  This runs only on files read as Python 2, with the renames.
    """
    LEAVES_ALONE = "Tuples with no name twice, and items that are not names (`x()`), even repeated."
    EXAMPLES = (
        Example("isinstance(x, (int, long))\n", "isinstance(x, int)\n"),
        Example("isinstance(x, (int, float, int, int, float, str))\n", "isinstance(x, (int, float, str))\n"),
        Example("ok = isinstance(s, (str, unicode, list))\n", "ok = isinstance(s, (str, list))\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("isinstance(x, (str, int))\n", "isinstance(x, (f(), f()))\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if not context.python2:
            return
        if "isinstance" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in bindings.builtin_uses("isinstance"):
            if not stream.is_op(index + 1, "("):
                continue
            arguments = call_items(stream, index + 1)
            if len(arguments) != 2:
                continue
            start, end = arguments[1]
            if not stream.is_op(start, "(") or stream.pairs[start] != end - 1:
                continue
            items, trailing = stream.split_top(start + 1, end - 1)
            if len(items) < 2:
                continue
            kept: list[tuple[int, int]] = []
            seen: set[str] = set()
            removed = []
            for item_start, item_end in items:
                name = _type_name(context, bindings, item_start, item_end)
                if name is not None and name in seen:
                    removed.append((item_start, item_end))
                    continue
                if name is not None:
                    seen.add(name)
                kept.append((item_start, item_end))
            if not removed:
                continue
            if len(kept) == 1:  # the tuple goes: its one type is the argument
                (first, last), = kept
                yield Edit.replace(stream.starts[start], stream.starts[first], "", self.CODE)
                yield Edit.replace(stream.ends[last - 1], stream.ends[end - 1], "", self.CODE)
                continue
            for item_start, item_end in removed:
                # From the end of what comes before (the comma stays with the item before).
                yield Edit.replace(stream.ends[item_start - 2], stream.ends[item_end - 1], "", self.CODE)
            del trailing


def _type_name(context: SyntaxContext, bindings: Bindings, start: int, end: int) -> str | None:
    """The name the item [start, end) will have after the renames, or None if it is no name."""
    stream = context.stream
    if end - start == 1 and stream.kinds[start] == NAME:
        word = stream.tok(start)
        new = _RENAMES.get(word)
        if new is not None and not bindings.is_bound(word, start) and not bindings.is_bound(new, start):
            return new
        return word
    if end - start == 3 and stream.kinds[end - 1] == NAME and module_attribute(context, bindings, end - 1, "types"):
        new = TYPE_NAMES.get(stream.tok(end - 1), "")
        if new.isidentifier() and not bindings.is_bound(new, start):
            return new
    return None
