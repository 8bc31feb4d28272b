"""TM121 input-eval: Python 2's `input(...)` becomes `eval(input(...))`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import sole_argument_of
from threadmod.syntax.renames import Python2Rewrite
from threadmod.transform import Example


class InputEval(Python2Rewrite):
    CODE = "TM121"
    NAME = "input-eval"
    DESCRIPTION = "Python 2's input() becomes eval(input())."
    WHAT = "`x = input('n? ')` becomes `x = eval(input('n? '))` (2to3's input fixer)."
    WHY = """
        Python 2's input evaluated the line read as an expression; Python 3's input is
        Python 2's raw_input and returns the string.  `eval(input())` keeps what the
        program did (and its danger: review each one; `int(input())` is often what was
        meant).  This runs only on files read as Python 2: in a Python 3 file, `input`
        is already Python 3's.
    """
    LEAVES_ALONE = """
        An input the code binds itself in the scope of the use or one around it (the
        shim `input = raw_input`, `from six.moves import input`, a parameter), a call
        already wrapped as `eval(input())`, attributes such as `sys.stdin.input`, keyword
        arguments, and every file read as Python 3.  A reference that is not a call
        (`ask = input`), and a call where the code binds `eval` itself, are left with a
        TM121 diagnostic.
    """
    EXAMPLES = (
        Example("x = input('prompt')\n", "x = eval(input('prompt'))\n"),
        Example("x = input()  #  foo\n", "x = eval(input())  #  foo\n"),
        Example("ask = input\n", "ask = input\n", ("1:7 TM121",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "x = eval(input())\n",
        "input = raw_input\nx = input()\n",
    )

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if not context.python2:
            return
        if "input" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in bindings.builtin_uses("input"):
            start = stream.starts[index]
            if not stream.is_op(index + 1, "("):
                context.diagnose(
                    start, self.CODE,
                    "Python 2's input evaluates the line read; Python 3's returns it: use eval(input()) where this is called",
                )
                continue
            closing = stream.pairs[index + 1]
            if sole_argument_of(stream, index, closing + 1) == "eval" and not bindings.is_bound("eval", index - 2):
                continue  # already eval(input())
            if bindings.is_bound("eval", index):
                context.diagnose(
                    start, self.CODE, "Python 2's input evaluates the line read, and eval is bound here: rewrite by hand"
                )
                continue
            yield Edit.replace(start, stream.ends[index], "eval(input", self.CODE)  # not an insertion: see renames.py
            yield Edit.replace(stream.ends[closing], stream.ends[closing], ")", self.CODE)
