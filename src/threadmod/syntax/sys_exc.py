"""TM134 sys-exc: `sys.exc_type`, `sys.exc_value`, `sys.exc_traceback` become `sys.exc_info()[0]`, `[1]`, `[2]`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import attribute_indices, is_assigned
from threadmod.transform import Example

_INDEX = {"exc_type": 0, "exc_value": 1, "exc_traceback": 2}


class SysExc(SyntaxTransform):
    CODE = "TM134"
    NAME = "sys-exc"
    DESCRIPTION = "sys.exc_type, sys.exc_value and sys.exc_traceback become sys.exc_info()[0], [1] and [2]."
    WHAT = "`sys.exc_value` becomes `sys.exc_info()[1]`, and so on (2to3's sys_exc fixer)."
    WHY = """
        Python 2.5 deprecated these three (they are shared by every thread, so a thread
        could read another's exception); Python 3 removed them (an AttributeError), so
        this applies to files that otherwise parse as Python 3 too.  sys.exc_info() gives
        the exception being handled in this thread.
    """
    LEAVES_ALONE = """
        The names of anything but the sys module (`x.exc_type`, `sys` bound to something
        else).  An assignment or deletion (`sys.exc_type = None`) has no Python 3 form and
        is left with a TM134 diagnostic.
    """
    EXAMPLES = (
        Example("import sys\nt = sys.exc_type\n", "import sys\nt = sys.exc_info()[0]\n"),
        Example("print(sys.exc_value) # Foo\n", "print(sys.exc_info()[1]) # Foo\n"),
        Example("sys.  exc_traceback\n", "sys.  exc_info()[2]\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("t = record.exc_type\n",)
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"exc_(?:type|value|traceback)\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "exc_" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in attribute_indices(context, bindings, "sys", _INDEX):
            name = stream.tok(index)
            if is_assigned(stream, index + 1) or stream.is_name(index - 3, "del"):
                context.diagnose(
                    stream.starts[index], self.CODE, f"sys.{name} is gone in Python 3 and cannot be set: remove this"
                )
                continue
            yield Edit.replace(stream.starts[index], stream.ends[index], f"exc_info()[{_INDEX[name]}]", self.CODE)
