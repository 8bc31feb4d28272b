"""TM180 identity-literal: `x is 'text'` and `n is not 1` become `==` and `!=`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, NEWLINE, NUMBER, OP, STRING, TokenStream
from threadmod.transform import Example

# After a literal, these make it part of a larger operand (`'a' + b`, `'a'.upper()`).
_BINDS_TIGHTER = frozenset({".", "[", "(", "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"})
# Before a literal, these start an operand: the literal is the whole left side.
_STARTS_OPERAND = frozenset(
    {"(", "[", "{", ",", "=", ":", "==", "!=", "not", "and", "or", "if", "elif", "while", "return", "assert"}
)


class IdentityLiteral(SyntaxTransform):
    CODE = "TM180"
    NAME = "identity-literal"
    DESCRIPTION = "`is` and `is not` against a string or number literal become `==` and `!=`."
    WHAT = "`x is ''` becomes `x == ''`, `n is not 0` becomes `n != 0`, `'a' is x` becomes `'a' == x`."
    WHY = """
        Whether two equal strings or numbers are the same object is an accident of the
        interpreter (interning, small-integer caching), so such a test only ever meant
        equality, and Python 3.8+ warns of it (SyntaxWarning: "is" with a literal; an error
        with -W error), in Python 3 code as well.  What changes: a value equal to the literal but not the very same
        object (a string built at run time) now matches, as its author meant.
    """
    LEAVES_ALONE = """
        `is None`, `is True`, `is False` (singletons), and a literal that is only part of
        an operand (`x is 'a' + b`, `x is 'a'.upper()`), which Python 3 does not warn of.
    """
    EXAMPLES = (
        Example("if encoding is '':\n    pass\n", "if encoding == '':\n    pass\n"),
        Example("ok = n is not -1\n", "ok = n != -1\n"),
        Example("ok = ('a' is x)\n", "ok = ('a' == x)\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("ok = x is None or y is not True\n", "ok = x is 'a' + b\n")
    # Python 3 code warns of it too; the rewrite says nothing of which Python a file is for.
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"""\bis\s+(?:not\s+)?[-+]?[\d'"]|[\d'"]\s+is\b""")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if " is " not in context.text and " is\t" not in context.text:
            return
        stream = context.stream
        for index in context.name_indices("is"):
            negated = stream.is_name(index + 1, "not")
            operand = index + 2 if negated else index + 1
            if _literal_operand_after(stream, operand) or _literal_operand_before(stream, index - 1):
                end = stream.ends[index + 1] if negated else stream.ends[index]
                yield Edit.replace(stream.starts[index], end, "!=" if negated else "==", self.CODE, evidence=False)


def _literal_operand_after(stream: TokenStream, index: int) -> bool:
    if stream.kinds[index] == OP and stream.tok(index) in ("-", "+") and stream.kinds[index + 1] == NUMBER:
        index += 1
    kind = stream.kinds[index]
    if kind not in (NUMBER, STRING):
        return False
    while stream.kinds[index + 1] == STRING and kind == STRING:
        index += 1
    following = index + 1
    return not (stream.kinds[following] == OP and stream.tok(following) in _BINDS_TIGHTER)


def _literal_operand_before(stream: TokenStream, index: int) -> bool:
    kind = stream.kinds[index]
    if kind not in (NUMBER, STRING) or index == 0:
        return False
    while kind == STRING and index > 0 and stream.kinds[index - 1] == STRING:
        index -= 1
    before = index - 1
    if before < 0 or stream.kinds[before] == NEWLINE:
        return True
    if stream.kinds[before] == OP and stream.tok(before) in ("-", "+"):
        before -= 1
    return stream.kinds[before] in (OP, NAME) and stream.tok(before) in _STARTS_OPERAND
