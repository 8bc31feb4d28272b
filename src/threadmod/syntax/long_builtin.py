"""TM124 long-builtin: the builtin `long` becomes `int`."""

from __future__ import annotations

import re

from threadmod.syntax.renames import BuiltinRename
from threadmod.transform import Example


class LongBuiltin(BuiltinRename):
    CODE = "TM124"
    NAME = "long-builtin"
    DESCRIPTION = "The builtin long becomes int."
    WHAT = """
        `long(x)` becomes `int(x)`, and `isinstance(n, (int, long))` becomes
        `isinstance(n, int)` with TM138 (2to3's long fixer).
    """
    WHY = """
        Python 3 has one integer type, int, which is Python 2's long.  An unbound `long`
        is a NameError in Python 3, so this applies to files that otherwise parse as
        Python 3 too.  Literals such as `10L` are TM106's.
    """
    LEAVES_ALONE = """
        A long the code binds itself in the scope of the use or one around it (`long =
        True`, `def long()`, `class long`, a parameter `def f(long)`), attributes such as
        `s.long`, and keyword arguments `f(long=1)`.  Where the code binds `int` itself,
        the use is left with a TM124 diagnostic.
    """
    EXAMPLES = (
        Example("x = long(x)\n", "x = int(x)\n"),
        Example("y = isinstance(x, long)\n", "y = isinstance(x, int)\n"),
        Example("z = type(x) in (int, long)\n", "z = type(x) in (int, int)\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "long = True\n",
        "s.long = True\n",
        "def f(g, long): pass\n",
        "options(long=True)\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"long\b(?<![\w.]long)")  # literal first (fast), then: not part of a word or an attribute
    RENAMES = {"long": "int"}
