"""TM129 intern: the builtin `intern(s)` becomes `sys.intern(s)`, with `import sys`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import module_function_calls
from threadmod.transform import Example


class Intern(SyntaxTransform):
    CODE = "TM129"
    NAME = "intern"
    DESCRIPTION = "intern(s) becomes sys.intern(s), with import sys."
    WHAT = """
        `x = intern(a)` becomes `x = sys.intern(a)`; `import sys` is added at the top
        unless it is there (2to3's intern fixer).
    """
    WHY = """
        Python 3 moved the builtin intern to the sys module.  An unbound `intern` is a
        NameError in Python 3, so this applies to files that otherwise parse as Python 3
        too.
    """
    LEAVES_ALONE = """
        An intern the code binds itself in the scope of the use or one around it, and
        attributes.  A call that is not intern(s) (no argument, more than one, `*x`,
        `**x`, `name=value`), and a use where `sys` is bound to something other than the
        sys module, are left with a TM129 diagnostic.  A reference that is not a call
        (`map(intern, names)`) becomes `sys.intern`.
    """
    EXAMPLES = (
        Example("x = intern(a)\n", "import sys\nx = sys.intern(a)\n"),
        Example(
            "import os\ny = intern(\"b\" # test\n              )\n",
            "import os\nimport sys\ny = sys.intern(\"b\" # test\n              )\n",
        ),
        Example("intern(*names)\n", "intern(*names)\n", ("1:1 TM129",)),
    )
    LEAVE_ALONE_EXAMPLES = ("table.intern(a)\n", "from sys import intern\nx = intern(a)\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"intern\b(?<![\w.]intern)")  # literal first (fast), then: not part of a word or an attribute

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        yield from module_function_calls(context, self.CODE, "intern", "sys", (1,))
