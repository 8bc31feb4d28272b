"""TM166 check-interval: `sys.setcheckinterval(n)` and `sys.getcheckinterval()`, gone in Python 3.9, get a diagnostic."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import imported_module_names, is_attribute
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example

_MESSAGES = {
    "setcheckinterval": (
        "sys.setcheckinterval is gone in Python 3.9 (it did nothing since 3.2, whose threads switch "
        "by time): delete the call, or set the switch interval in seconds with sys.setswitchinterval "
        "(default 0.005); a very large interval no longer makes code atomic: use a lock"
    ),
    "getcheckinterval": (
        "sys.getcheckinterval is gone in Python 3.9: sys.getswitchinterval() gives the thread switch "
        "interval, in seconds"
    ),
}


class CheckInterval(SyntaxTransform):
    CODE = "TM166"
    NAME = "check-interval"
    DESCRIPTION = "sys.setcheckinterval(n) and sys.getcheckinterval(), gone in Python 3.9, get a diagnostic."
    WHAT = """
        Reports each use of `sys.setcheckinterval` and `sys.getcheckinterval` (through
        `import sys` or `import sys as s`), without changing the code.
    """
    WHY = """
        Thread programs of Python 2 set the check interval (bytecodes between thread switches)
        to make threads switch more often, or, with a huge value, to make a stretch of code
        run without a switch.  Python 3.2's GIL switches by time instead: the call did nothing
        until 3.9 removed it, and now it is an AttributeError.  What the call was for decides
        what replaces it (nothing, sys.setswitchinterval(seconds), or a lock around code that
        must not be interleaved), so threadmod asks a person.
    """
    LEAVES_ALONE = """
        A module that binds `sys` other than by `import sys`, and attributes of other objects.
    """
    EXAMPLES = (
        Example(
            "import sys\nsys.setcheckinterval(10)\n",
            "import sys\nsys.setcheckinterval(10)\n",
            ("2:1 TM166",),
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("import sys\nsys.setswitchinterval(0.001)\n", "x = obj.setcheckinterval(1)\n")
    APPLIES_TO_PYTHON3 = True  # an AttributeError on every Python 3.9+
    HINT = re.compile(r"checkinterval\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "checkinterval" not in context.text:
            return iter(())
        stream = context.stream
        modules = None
        for word, message in _MESSAGES.items():
            for index in context.name_indices(word):
                owner = index - 2
                if not is_attribute(stream, index) or owner < 0 or stream.kinds[owner] != NAME:
                    continue
                if is_attribute(stream, owner):
                    continue
                if modules is None:
                    modules = imported_module_names(context, "sys") or set()
                if stream.tok(owner) in modules:
                    context.diagnose(stream.starts[owner], self.CODE, message)
        return iter(())
