"""What the builtin and module-attribute rewrites share (TM111, TM120-TM138).

`BuiltinRename` is a whole transform but for its table: each use of an old builtin name
that the code does not bind (bindings.py) becomes the new name, unless the code binds the
new name there (the rename would then call the code's own `range` or `int`): that use is
left with a diagnostic.  The helpers answer what the call rewrites ask: a name's call and
its plain arguments, and whether `module.attr` is an attribute of the module itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import Bindings, bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import call_arguments, is_plain_argument
from threadmod.syntax.tokens import ENDMARKER, NAME, NEWLINE, OP, TokenStream


class Python2Rewrite(SyntaxTransform):
    """A rewrite right only for Python 2 code that --select and --ignore still choose.

    The stage runs every transform that does not apply to Python 3 whatever the selection,
    since those read Python 2 syntax that nothing else could read (TM101-TM112).  A rewrite
    of Python 2 meaning (`range()` made a list) is not one of them: it says it applies to
    Python 3, so that the selection chooses it, with a HINT that matches no text, so that
    it never runs on a file read as Python 3, and acts only on `context.python2` besides.
    """

    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"\A(?!)")  # anchored: fails at once, on any text
    PYTHON2_ONLY: ClassVar[bool] = True


class BuiltinRename(SyntaxTransform):
    """Renames each use of the builtins in RENAMES (old name -> new name)."""

    RENAMES: ClassVar[dict[str, str]]

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        words = [word for word in self.RENAMES if word in text]
        if not words:
            return
        bindings = bindings_of(context)
        stream = context.stream
        for word in words:
            new = self.RENAMES[word]
            for index in bindings.builtin_uses(word):
                if bindings.is_bound(new, index):
                    if _is_shim(stream, index, new):
                        continue  # `input = raw_input`: the code chooses between the two itself
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        f"{word} is Python 2 only, and {new}, its Python 3 name, is bound here: rename by hand",
                    )
                    continue
                yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)


def _is_shim(stream: TokenStream, index: int, new: str) -> bool:
    """Whether the use at index is `new = old` alone (a compatibility shim)."""
    return (
        index >= 2
        and stream.is_op(index - 1, "=")
        and stream.is_name(index - 2, new)
        and (index == 2 or stream.kinds[index - 3] in (NEWLINE,) or stream.tok(index - 3) in (";", ":"))
        and (stream.kinds[index + 1] in (NEWLINE, ENDMARKER) or stream.is_op(index + 1, ";"))
    )


def call_items(stream: TokenStream, opening: int) -> list[tuple[int, int]]:
    """The token ranges of the arguments of the call whose `(` is at `opening`, with a
    lambda's parameters kept in its argument (`f(lambda x, y: x + y, seq)` has two)."""
    items = call_arguments(stream, opening)
    merged: list[tuple[int, int]] = []
    open_lambdas = 0
    for start, end in items:
        if open_lambdas:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        index = start
        while index < end:
            if stream.is_name(index, "lambda"):
                open_lambdas += 1
            elif stream.is_op(index, ":") and open_lambdas:
                open_lambdas -= 1
            index = stream.skip(index)
    return merged


def plain_call(stream: TokenStream, index: int) -> tuple[int, list[tuple[int, int]]] | None:
    """(the `(` index, the argument ranges) when the NAME at index is called with plain
    arguments only (no `*x`, `**x` or `name=value`), else None.  A trailing comma is allowed."""
    opening = index + 1
    if not stream.is_op(opening, "("):
        return None
    items = call_items(stream, opening)
    if not all(is_plain_argument(stream, start, end) for start, end in items):
        return None
    return opening, items


def module_attribute(context: SyntaxContext, bindings: Bindings, attribute: int, module: str) -> bool:
    """Whether the NAME at `attribute` is `module.attribute` with `module` the module itself
    (a name the code binds only by `import module`, or not at all)."""
    stream = context.stream
    base = attribute - 2
    if base < 0 or not stream.is_op(attribute - 1, ".") or not stream.is_name(base, module):
        return False
    if base > 0 and stream.is_op(base - 1, "."):
        return False  # `x.os.getcwdu`
    return bindings.is_module(module, base)


def attribute_indices(context: SyntaxContext, bindings: Bindings, module: str, names) -> Iterator[int]:
    """The indices of the NAMEs in `names` read as `module.name`, module the module itself."""
    stream = context.stream
    for name in names:
        if name not in context.text:
            continue
        for index in context.name_indices(name):
            if stream.kinds[index] == NAME and module_attribute(context, bindings, index, module):
                yield index


def is_assigned(stream: TokenStream, end: int) -> bool:
    """Whether the target ending before token `end` is assigned or deleted (`x.a = 1`, `x.a += 1`)."""
    return stream.kinds[end] == OP and stream.tok(end) in (
        "=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=",
    )


def module_function_calls(
    context: SyntaxContext, code: str, name: str, module: str, counts: tuple[int, ...]
) -> Iterator[Edit]:
    """`name(x)` becomes `module.name(x)` (with `import module`) for each use of the builtin
    `name` called with a number of plain arguments in `counts`, and a reference that is not
    called (`map(intern, names)`) becomes `module.name`; other calls get a diagnostic."""
    if name not in context.text:
        return
    stream = context.stream
    bindings = bindings_of(context)
    for index in bindings.builtin_uses(name):
        start = stream.starts[index]
        called = stream.is_op(index + 1, "(")
        call = plain_call(stream, index) if called else None
        if called and (call is None or len(call[1]) not in counts):
            context.diagnose(start, code, f"{name} is {module}.{name} in Python 3: rewrite this use by hand")
            continue
        if not bindings.is_module(module, index):
            context.diagnose(start, code, f"{name} is {module}.{name} in Python 3, and {module} is bound here to something else")
            continue
        context.need_import(module, None, code)
        # The name itself, not an insertion before it: an import added at the same offset
        # (the first token of the file) must come first.
        yield Edit.replace(start, stream.ends[index], f"{module}.{name}", code)
