"""TM111 unicode-builtins: the builtins `unicode` and `unichr` become `str` and `chr`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, OP
from threadmod.transform import Example

_RENAMES = {"unicode": "str", "unichr": "chr"}
_BINDING_KEYWORDS = frozenset({"def", "class", "import", "as", "global", "nonlocal", "for", "del"})


class UnicodeBuiltins(SyntaxTransform):
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
        A module that binds the name itself anywhere (an assignment such as the
        compatibility shim `unicode = str`, an import, a def, a parameter), attributes
        such as `obj.unicode`, and keyword arguments such as `f(unicode=True)`.
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

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        uses: dict[str, list[int]] = {"unicode": [], "unichr": []}
        bound: set[str] = set()
        for statement in context.statements:
            first_word = None
            for index in range(statement.first, statement.end):
                if stream.kinds[index] != NAME or stream.tok(index) not in uses:
                    continue
                if first_word is None:  # only statements that mention the names: most do not
                    first_word = stream.tok(statement.first)
                    assignment = stream.find_top(statement.first, statement.end, OP, "=")
                name = stream.tok(index)
                if index > 0 and stream.is_op(index - 1, "."):
                    continue
                previous = stream.tok(index - 1) if index > 0 and stream.kinds[index - 1] == NAME else ""
                if (
                    first_word in ("import", "from", "def", "class", "lambda")
                    or previous in _BINDING_KEYWORDS
                    or stream.is_op(index + 1, "=")
                    or (assignment > index and not statement.header and _is_top_level(stream, statement.first, index))
                    or _in_lambda_parameters(stream, statement.first, index)
                ):
                    bound.add(name)
                    continue
                uses[name].append(index)
        for name, indices in uses.items():
            if name in bound:
                continue
            for index in indices:
                yield Edit.replace(stream.starts[index], stream.ends[index], _RENAMES[name], self.CODE)


def _in_lambda_parameters(stream, start: int, index: int) -> bool:
    """Whether index is between a `lambda` and its colon (a parameter name)."""
    for back in range(index - 1, start - 1, -1):
        if stream.kinds[back] == OP and stream.tok(back) == ":":
            return False
        if stream.kinds[back] == NAME and stream.tok(back) == "lambda":
            return True
    return False


def _is_top_level(stream, start: int, index: int) -> bool:
    """Whether the token at index is outside every bracket of the statement."""
    position = start
    while position < index:
        position = stream.skip(position)
    return position == index
