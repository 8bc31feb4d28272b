"""What TM142 map, TM143 filter and TM144 zip share: which calls name the builtin, and
the `list(...)` wrapper where the caller may need a list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import builtin_uses, call_arguments, in_consuming_context, trailers_end

_STAR_IMPORT = re.compile(r"\bfrom\s+future_builtins\s+import\s+\*")


def builtin_calls(context: SyntaxContext, name: str) -> Iterator[tuple[int, int, int, list[tuple[int, int]]]]:
    """The calls of the builtin `name`: (its NAME index, its `(`, its `)`, its arguments).
    None where the module binds the name where the call is (`from future_builtins import
    map`, its own `def map`, a parameter `map`...), nor after `from future_builtins import *`."""
    text = context.text
    if name not in text or ("future_builtins" in text and _STAR_IMPORT.search(text)):
        return
    stream = context.stream
    indices = context.name_indices(name)
    if not indices:
        return
    for index in builtin_uses(stream, indices):
        if not stream.is_op(index + 1, "("):
            continue
        closing = stream.pairs[index + 1]
        yield index, index + 1, closing, call_arguments(stream, index + 1)


def wrap_in_list(context: SyntaxContext, index: int, closing: int, code: str) -> Iterator[Edit]:
    """`list(...)` around the call, unless only iterating it matters where it stands."""
    stream = context.stream
    end = closing + 1
    if trailers_end(stream, end) == end and in_consuming_context(stream, index, end):
        return
    yield Edit.replace(stream.starts[index], stream.starts[index], "list(", code)
    yield Edit.replace(stream.ends[closing], stream.ends[closing], ")", code)
