"""TM105 not-equal: the `<>` operator becomes `!=`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import OP
from threadmod.transform import Example


class NotEqual(SyntaxTransform):
    CODE = "TM105"
    NEEDED_TO_PARSE = True
    NAME = "not-equal"
    DESCRIPTION = "The `<>` operator becomes `!=`."
    WHAT = "Replaces each `<>` comparison operator with `!=`."
    WHY = "`<>` was removed in Python 3; `!=` has always meant the same."
    LEAVES_ALONE = "`!=` and `<>` inside strings and comments."
    EXAMPLES = (
        Example("if a <> b: pass\n", "if a != b: pass\n"),
        Example("x = (a<>b)\n", "x = (a!=b)\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("if a != b: pass\n", "s = 'a <> b'  # <>\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        text = stream.text
        for index, kind in enumerate(stream.kinds):
            if kind == OP and text[stream.starts[index]] == "<" and stream.tok(index) == "<>":
                yield Edit.replace(stream.starts[index], stream.ends[index], "!=", self.CODE)
