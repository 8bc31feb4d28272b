"""TM130 reduce: a module that uses the builtin `reduce` gets `from functools import reduce`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import plain_call
from threadmod.transform import Example


class ReduceBuiltin(SyntaxTransform):
    CODE = "TM130"
    NAME = "reduce"
    DESCRIPTION = "Uses of the builtin reduce get from functools import reduce."
    WHAT = """
        A module that calls `reduce(f, seq)` or `reduce(f, seq, start)`, or refers to
        reduce without calling it, gets `from functools import reduce` at the top; the
        uses stay as they are (2to3's reduce fixer).
    """
    WHY = """
        Python 3 moved the builtin reduce to functools.  An unbound `reduce` is a
        NameError in Python 3, so this applies to files that otherwise parse as Python 3
        too.
    """
    LEAVES_ALONE = """
        A reduce the code binds itself in the scope of the use or one around it (`from
        functools import reduce`, a def, a parameter), attributes such as `np.add.reduce`,
        and keyword arguments.  A call with `*x`, `**x` or `name=value` arguments, or with
        fewer than two or more than three arguments (Python 2 raised TypeError there), is
        left with a TM130 diagnostic, and alone it adds no import.
    """
    EXAMPLES = (
        Example(
            "total = reduce(lambda x, y: x + y, seq)\n",
            "from functools import reduce\ntotal = reduce(lambda x, y: x + y, seq)\n",
        ),
        Example(
            '"""Doc."""\nimport os\ndef x(arg): reduce(sum, [])\n',
            '"""Doc."""\nimport os\nfrom functools import reduce\ndef x(arg): reduce(sum, [])\n',
        ),
        Example("reduce(*args)\n", "reduce(*args)\n", ("1:1 TM130",)),
    )
    LEAVE_ALONE_EXAMPLES = ("from functools import reduce\nreduce(f, s)\n", "x = np.add.reduce(a)\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"reduce\b(?<![\w.]reduce)")  # literal first (fast), then: not part of a word or an attribute

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "reduce" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in bindings.builtin_uses("reduce"):
            if stream.is_op(index + 1, "("):
                call = plain_call(stream, index)
                if call is None or not 2 <= len(call[1]) <= 3:
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        "reduce is functools.reduce in Python 3 and this call is not reduce(f, seq[, start]): "
                        "add `from functools import reduce` if it is right",
                    )
                    continue
            context.need_import("functools", "reduce", self.CODE)
            # The use itself, unchanged: an edit, so that a file read as Python 3 gets the import too.
            yield Edit.replace(stream.starts[index], stream.ends[index], "reduce", self.CODE)
