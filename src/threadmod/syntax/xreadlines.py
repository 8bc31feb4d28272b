"""TM150 xreadlines: `f.xreadlines()` becomes `f`, `f.xreadlines` becomes `f.__iter__`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import is_attribute, primary_start
from threadmod.transform import Example


class Xreadlines(SyntaxTransform):
    CODE = "TM150"
    NAME = "xreadlines"
    DESCRIPTION = "f.xreadlines() becomes f; f.xreadlines not called becomes f.__iter__."
    WHAT = """
        `for line in f.xreadlines():` becomes `for line in f:`, and anywhere else
        `f.xreadlines()` becomes `f`, which iterates the same lines;
        `f.xreadlines` not called becomes `f.__iter__`.
    """
    WHY = "Python 3 files have no xreadlines(); a file is its own line iterator (Python 2.3 and later)."
    LEAVES_ALONE = """
        Files read as Python 3, and calls with arguments (`f.xreadlines(5)`), as 2to3
        does.  Like 2to3, the receiver is taken to be a file.
    """
    EXAMPLES = (
        Example("for line in f.xreadlines():\n    pass\n", "for line in f:\n    pass\n"),
        Example("g(f.xreadlines)\n", "g(f.__iter__)\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("for line in f:\n    pass\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "xreadlines" not in context.text:
            return
        stream = context.stream
        for index in context.name_indices("xreadlines"):
            if not is_attribute(stream, index) or primary_start(stream, index - 2) < 0:
                continue
            if stream.is_op(index + 1, "("):
                if stream.pairs[index + 1] == index + 2:
                    yield Edit.replace(stream.starts[index - 1], stream.ends[index + 2], "", self.CODE)
                continue
            yield Edit.replace(stream.starts[index], stream.ends[index], "__iter__", self.CODE)
