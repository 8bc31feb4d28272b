"""TM131 reload: the builtin `reload(m)` becomes `importlib.reload(m)`, with `import importlib`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import module_function_calls
from threadmod.transform import Example


class ReloadBuiltin(SyntaxTransform):
    CODE = "TM131"
    NAME = "reload"
    DESCRIPTION = "reload(m) becomes importlib.reload(m), with import importlib."
    WHAT = """
        `reload(a)` becomes `importlib.reload(a)`; `import importlib` is added at the top
        unless it is there (2to3's reload fixer).
    """
    WHY = """
        Python 3 moved the builtin reload to importlib.  An unbound `reload` is a
        NameError in Python 3, so this applies to files that otherwise parse as Python 3
        too.
    """
    LEAVES_ALONE = """
        A reload the code binds itself in the scope of the use or one around it (`from
        imp import reload`, a def), and attributes such as `self.reload()`.  A call that
        is not reload(m), and a use where `importlib` is bound to something other than the
        module, are left with a TM131 diagnostic.  A reference that is not a call becomes
        `importlib.reload`.
    """
    EXAMPLES = (
        Example("reload(a)\n", "import importlib\nimportlib.reload(a)\n"),
        Example("import sys\nreload( a )  # comment\n", "import sys\nimport importlib\nimportlib.reload( a )  # comment\n"),
        Example("reload(f, g)\n", "reload(f, g)\n", ("1:1 TM131",)),
    )
    LEAVE_ALONE_EXAMPLES = ("self.reload()\n", "from imp import reload\nreload(m)\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"reload\b(?<![\w.]reload)")  # literal first (fast), then: not part of a word or an attribute

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        yield from module_function_calls(context, self.CODE, "reload", "importlib", (1,))
