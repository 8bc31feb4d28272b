"""TM132 getcwdu: `os.getcwdu()` becomes `os.getcwd()`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import attribute_indices
from threadmod.transform import Example


class Getcwdu(SyntaxTransform):
    CODE = "TM132"
    NAME = "getcwdu"
    DESCRIPTION = "os.getcwdu() becomes os.getcwd()."
    WHAT = "`os.getcwdu()` becomes `os.getcwd()`, and `os.getcwdu` without a call too (2to3's getcwdu fixer)."
    WHY = """
        Python 2's os.getcwdu returned the working directory as unicode; Python 3's
        os.getcwd returns str, which is that, and os.getcwdu is gone (an AttributeError),
        so this applies to files that otherwise parse as Python 3 too.
    """
    LEAVES_ALONE = """
        `getcwdu` of anything but the os module: `x.getcwdu()`, a bare `getcwdu()`, and
        `os.getcwdu` where the code binds `os` to something other than the module.
    """
    EXAMPLES = (
        Example("import os\nhere = os.getcwdu()\n", "import os\nhere = os.getcwd()\n"),
        Example("meth = os.getcwdu\n", "meth = os.getcwd\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("getcwdu()\n", "os.getcwdb()\n", "os = fake\nos.getcwdu()\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"getcwdu\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "getcwdu" not in context.text:
            return
        stream = context.stream
        for index in attribute_indices(context, bindings_of(context), "os", ("getcwdu",)):
            yield Edit.replace(stream.starts[index], stream.ends[index], "getcwd", self.CODE)
