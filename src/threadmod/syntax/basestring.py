"""TM125 basestring: the builtin `basestring` becomes `str`."""

from __future__ import annotations

import re

from threadmod.syntax.renames import BuiltinRename
from threadmod.transform import Example


class Basestring(BuiltinRename):
    CODE = "TM125"
    NAME = "basestring"
    DESCRIPTION = "The builtin basestring becomes str."
    WHAT = "`isinstance(x, basestring)` becomes `isinstance(x, str)` (2to3's basestring fixer)."
    WHY = """
        Python 2's basestring was the common base of str and unicode, used to ask "is it
        text?"; in Python 3 text is str.  An unbound `basestring` is a NameError in
        Python 3, so this applies to files that otherwise parse as Python 3 too.
    """
    LEAVES_ALONE = """
        A basestring the code binds itself in the scope of the use or one around it (the
        shim `basestring = str`, `from past.builtins import basestring`), attributes and
        keyword arguments.  Where the code binds `str` itself, the use is left with a
        TM125 diagnostic.
    """
    EXAMPLES = (
        Example("isinstance(x, basestring)\n", "isinstance(x, str)\n"),
        Example("ok = isinstance(x, (basestring, bytes))\n", "ok = isinstance(x, (str, bytes))\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "try:\n    basestring\nexcept NameError:\n    basestring = str\nok = isinstance(x, basestring)\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"basestring\b(?<![\w.]basestring)")  # literal first (fast), then: not part of a word or an attribute
    RENAMES = {"basestring": "str"}
