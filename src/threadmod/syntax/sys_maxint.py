"""TM133 sys-maxint: `sys.maxint` becomes `sys.maxsize`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import attribute_indices
from threadmod.transform import Example


class SysMaxint(SyntaxTransform):
    CODE = "TM133"
    NAME = "sys-maxint"
    DESCRIPTION = "sys.maxint becomes sys.maxsize."
    WHAT = """
        `sys.maxint` becomes `sys.maxsize`; `from sys import maxint` becomes `from sys
        import maxsize`, and the module's uses of `maxint` become `maxsize` with it
        (`from sys import maxint as m` becomes `from sys import maxsize as m`)
        (2to3's renames fixer, which leaves those uses unrenamed).
    """
    WHY = """
        Python 3 ints have no maximum; sys.maxsize, the largest container size, is the
        value sys.maxint had on the same machine.  sys.maxint is gone (an
        AttributeError), so this applies to files that otherwise parse as Python 3 too.
    """
    LEAVES_ALONE = """
        `maxint` of anything but the sys module (`x.maxint`, `os.maxint`, `sys` bound to
        something else), and `from foo import maxint`.  Where the code binds `maxsize`
        too, or binds `maxint` otherwise as well, `from sys import maxint` becomes `from
        sys import maxsize as maxint`.
    """
    EXAMPLES = (
        Example("import sys\nfoo(sys, sys.maxint)\n", "import sys\nfoo(sys, sys.maxsize)\n"),
        Example("from sys import maxint\nbig = maxint - 1\n", "from sys import maxsize\nbig = maxsize - 1\n"),
        Example("from sys import maxint as foo_bar\n", "from sys import maxsize as foo_bar\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("from foo import maxint\n", "x = numpy.maxint\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"maxint\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "maxint" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in attribute_indices(context, bindings, "sys", ("maxint",)):
            yield Edit.replace(stream.starts[index], stream.ends[index], "maxsize", self.CODE)
        for index in context.name_indices("maxint"):
            statement = context.statements[bindings.statement_at(index)]
            first = statement.first
            if not (
                stream.is_name(first, "from") and stream.is_name(first + 1, "sys") and stream.is_name(first + 2, "import")
                and index > first + 2 and stream.tok(index - 1) in ("import", ",", "(")
            ):
                continue
            start, end = stream.starts[index], stream.ends[index]
            if stream.is_name(index + 1, "as"):
                yield Edit.replace(start, end, "maxsize", self.CODE)
                continue
            uses = bindings.uses("maxint")
            others = [i for i in context.name_indices("maxint") if i != index and bindings.role(i) == "bind"]
            if others or bindings.binds_anywhere("maxsize") or "maxsize" in context.text:
                yield Edit.replace(start, end, "maxsize as maxint", self.CODE)
                continue
            yield Edit.replace(start, end, "maxsize", self.CODE)
            for use in uses:
                yield Edit.replace(stream.starts[use], stream.ends[use], "maxsize", self.CODE)
