"""TM122 xrange: the builtin `xrange` becomes `range`."""

from __future__ import annotations

import re

from threadmod.syntax.renames import BuiltinRename
from threadmod.transform import Example


class Xrange(BuiltinRename):
    CODE = "TM122"
    NAME = "xrange"
    DESCRIPTION = "The builtin xrange becomes range."
    WHAT = "`xrange(n)` becomes `range(n)`, wherever it is used (2to3's xrange fixer)."
    WHY = """
        Python 3's range is Python 2's xrange: a lazy sequence.  An unbound `xrange` is a
        NameError in Python 3, so this applies to files that otherwise parse as Python 3
        too.  Python 2's own `range` calls, which made lists, are TM123's.
    """
    LEAVES_ALONE = """
        An xrange the code binds itself in the scope of the use or one around it (the
        shim `xrange = range`, `from six.moves import xrange`, a def, a parameter),
        attributes such as `np.xrange`, and keyword arguments.  Where the code binds
        `range` itself, the use is left with a TM122 diagnostic.
    """
    EXAMPLES = (
        Example("for i in xrange(10):\n    pass\n", "for i in range(10):\n    pass\n"),
        Example("x = xrange(  1  ,  10   )\n", "x = range(  1  ,  10   )\n"),
        Example("n = len(xrange(0, 10, 2))\n", "n = len(range(0, 10, 2))\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "from six.moves import xrange\nfor i in xrange(3):\n    pass\n",
        "r = self.xrange(3)\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"xrange\b(?<![\w.]xrange)")  # literal first (fast), then: not part of a word or an attribute
    RENAMES = {"xrange": "range"}
