"""TM183 check-interval: `sys.setcheckinterval(n)` becomes `sys.setswitchinterval(...)`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import call_arguments, is_plain_argument
from threadmod.syntax.tokens import NUMBER
from threadmod.transform import Example

# Python 2 looked for a thread switch every 100 bytecodes; Python 3 switches every 0.005 s.
SECONDS_PER_CHECK = 5e-05


class CheckInterval(SyntaxTransform):
    CODE = "TM183"
    NAME = "check-interval"
    DESCRIPTION = "sys.setcheckinterval(n) becomes sys.setswitchinterval(n * 5e-05); getcheckinterval too."
    WHAT = """
        `sys.setcheckinterval(20)` becomes `sys.setswitchinterval(0.001)`, `sys.setcheckinterval(n)`
        becomes `sys.setswitchinterval(max(n, 1) * 5e-05)`, and `sys.getcheckinterval()` becomes
        `round(sys.getswitchinterval() / 5e-05)`.
    """
    WHY = """
        Python 3.9 removed the check interval (a number of bytecodes between thread switches)
        for the switch interval (seconds), so the legacy call is an AttributeError.  The scale
        maps Python 2's default, 100 bytecodes, to Python 3's default, 0.005 s: a program that
        asked for more frequent switches (to show a race) still gets them.  The two are not the
        same measure: the interleaving of threads is as unpredictable as it always was.
    """
    LEAVES_ALONE = "A `setcheckinterval` that is not `sys.`'s (an attribute of another object)."
    EXAMPLES = (
        Example("import sys\nsys.setcheckinterval(20)\n", "import sys\nsys.setswitchinterval(0.001)\n"),
        Example(
            "import sys\nsys.setcheckinterval(n)\nprint sys.getcheckinterval()\n",
            "import sys\nsys.setswitchinterval(max(n, 1) * 5e-05)\nprint(round(sys.getswitchinterval() / 5e-05))\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("engine.setcheckinterval(20)\n",)
    # Gone since 3.9: a Python 3 file that calls it fails as well.
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"sys\s*\.\s*[gs]etcheckinterval")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "checkinterval" not in context.text:
            return
        stream = context.stream
        for name in ("setcheckinterval", "getcheckinterval"):
            for index in context.name_indices(name):
                if not (index > 1 and stream.is_op(index - 1, ".") and stream.is_name(index - 2, "sys")):
                    continue
                if index > 2 and stream.is_op(index - 3, "."):
                    continue  # `os.sys.setcheckinterval`: not worth the guess
                if not stream.is_op(index + 1, "("):
                    continue
                arguments = call_arguments(stream, index + 1)
                closing = stream.pairs[index + 1]
                if name == "getcheckinterval" and not arguments:
                    start = stream.starts[index - 2]
                    yield Edit.replace(
                        start, stream.ends[closing], f"round(sys.getswitchinterval() / {SECONDS_PER_CHECK})",
                        self.CODE, evidence=False,
                    )
                elif name == "setcheckinterval" and len(arguments) == 1 and is_plain_argument(stream, *arguments[0]):
                    first, end = arguments[0]
                    yield Edit.replace(stream.starts[index], stream.ends[index], "setswitchinterval", self.CODE, evidence=False)
                    if end - first == 1 and stream.kinds[first] == NUMBER and stream.tok(first).isdigit():
                        seconds = max(int(stream.tok(first)), 1) * SECONDS_PER_CHECK
                        yield Edit.replace(stream.starts[first], stream.ends[first], f"{seconds:g}", self.CODE, evidence=False)
                    else:
                        start, stop = stream.starts[first], stream.ends[end - 1]
                        yield Edit.replace(start, start, "max(", self.CODE, evidence=False)
                        yield Edit.replace(stop, stop, f", 1) * {SECONDS_PER_CHECK}", self.CODE, evidence=False)
