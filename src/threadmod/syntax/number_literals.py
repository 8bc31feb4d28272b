"""TM106 number-literals: `0777` becomes `0o777`; the long suffix of `10L` goes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, NUMBER
from threadmod.transform import Example

_OLD_OCTAL = re.compile(r"0+[1-7][0-7]*|0[0-7]*[89][0-9]*")


class NumberLiterals(SyntaxTransform):
    CODE = "TM106"
    NEEDED_TO_PARSE = True
    NAME = "number-literals"
    DESCRIPTION = "Old octal literals get the 0o prefix; long literals lose the L suffix."
    WHAT = """
        `0777` becomes `0o777`, `10L` becomes `10`, `0xFFL` becomes `0xFF`, and `0777L`
        becomes `0o777`.  A number written against a keyword (`1if x else 0`) gets a space.
    """
    WHY = """
        Python 3 reads a leading zero as an error (and since 3.12 warns of a number
        run into a keyword) and has no separate long type: its int
        is Python 2's long, so dropping `L` keeps the value.  One caveat: `type(10L)` was
        `long`; code that tests for `long` needs its own fix (2to3's `long` fixer).
    """
    LEAVES_ALONE = "`0`, `00`, `0o17`, `0x1F`, floats such as `07.5` and `0e0`, and imaginary `07j`."
    EXAMPLES = (
        Example("os.chmod(path, 0755)\n", "os.chmod(path, 0o755)\n"),
        Example("big = 10L\n", "big = 10\n"),
        Example("mask = 0xFFFFFFFFL\n", "mask = 0xFFFFFFFF\n"),
        Example("m = 0777L\n", "m = 0o777\n"),
        Example("mode = 0755if x else 0644\n", "mode = 0o755 if x else 0o644\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("x = 0 + 00 + 0o17 + 0x1F + 07.5 + 0e0 + 07j\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        text = stream.text
        for index, kind in enumerate(stream.kinds):
            if kind != NUMBER:
                continue
            start, end = stream.starts[index], stream.ends[index]
            if stream.kinds[index + 1] == NAME and stream.starts[index + 1] == end:
                # `1if x else 0`: Python 3.12 warns (invalid decimal literal), later fails.
                yield Edit.replace(end, end, " ", self.CODE)
            if text[end - 1] not in "lL" and text[start] != "0":
                continue
            literal = text[start:end]
            new = literal[:-1] if literal[-1] in "lL" else literal
            if _OLD_OCTAL.fullmatch(new):
                if any(c in "89" for c in new):
                    context.diagnose(start, self.CODE, f"{literal} is not a valid number in Python 2 either")
                    continue
                new = "0o" + new.lstrip("0")
            if new != literal:
                if text[end : end + 1] == "." and new.isdigit():
                    new = f"({new})"  # `7L.bit_length()`: `7.bit_length()` would read as a float
                yield Edit.replace(start, end, new, self.CODE)
