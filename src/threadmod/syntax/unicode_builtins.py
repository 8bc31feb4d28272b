"""TM111 unicode-builtins: the builtins `unicode` and `unichr` become `str` and `chr`."""

from __future__ import annotations

import re

from threadmod.syntax.renames import BuiltinRename
from threadmod.transform import Example


class UnicodeBuiltins(BuiltinRename):
    CODE = "TM111"
    NAME = "unicode-builtins"
    DESCRIPTION = "The builtins unicode and unichr become str and chr."
    WHAT = "`unicode(x)` becomes `str(x)`, `unichr(n)` becomes `chr(n)`, `isinstance(s, unicode)` becomes `isinstance(s, str)`."
    WHY = """
        Python 3's str is Python 2's unicode, and chr is unichr; the old names are a
        NameError in Python 3.  This applies to files that otherwise parse as Python 3
        too, since an unbound `unicode` cannot work there.
    """
    LEAVES_ALONE = """
        A name the code binds itself in the scope of the use or one around it (an
        assignment such as the compatibility shim `unicode = str`, an import, a def, a
        parameter, a for target), attributes such as `obj.unicode`, and keyword arguments
        such as `f(unicode=True)`.  Where the code binds `str` or `chr` itself, the use is
        left with a TM111 diagnostic.
    """
    EXAMPLES = (
        Example("s = unicode(data, 'utf-8')\n", "s = str(data, 'utf-8')\n"),
        Example("c = unichr(0x20ac)\n", "c = chr(0x20ac)\n"),
        Example("ok = isinstance(s, unicode)\n", "ok = isinstance(s, str)\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "try:\n    unicode\nexcept NameError:\n    unicode = str\ns = unicode(x)\n",
        "x = obj.unicode\n",
        "from compat import unicode\ns = unicode(x)\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"unic(?:ode|hr)\b")  # no leading \b: a literal first scans far faster
    RENAMES = {"unicode": "str", "unichr": "chr"}
