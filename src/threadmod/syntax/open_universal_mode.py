"""TM167 open-universal-mode: `open(path, 'rU')`, a ValueError since Python 3.11, becomes `open(path, 'r')`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import call_arguments, is_attribute, is_plain_argument, bindings_of
from threadmod.syntax.tokens import STRING
from threadmod.transform import Example

_MODE = re.compile(r"([A-Za-z]*)(['\"])(U|rU|Ur)\2")


class OpenUniversalMode(SyntaxTransform):
    CODE = "TM167"
    NAME = "open-universal-mode"
    DESCRIPTION = "open(path, 'rU') and open(path, 'U') become open(path, 'r')."
    WHAT = """
        The mode `'U'`, `'rU'` or `'Ur'` given to the builtin `open` (or to Python 2's `file`)
        as a string literal, second argument or `mode=`, becomes `'r'`.
    """
    WHY = """
        'U' asked Python 2 for universal newlines: '\\r\\n' and '\\r' read as '\\n'.  Python 3's
        text mode always does that, so 'U' meant nothing there and was deprecated; since
        Python 3.11 it is a ValueError ("invalid mode: 'rU'").  'r' reads the same lines.
    """
    LEAVES_ALONE = """
        Modes with 'b', 'w', 'a' or '+' (Python 2 and 3 differ there otherwise, not in 'U'), a
        mode that is not a literal, `codecs.open`, `fileinput.input(mode='rU')`, and a module
        that binds `open` (or `file`) itself.
    """
    EXAMPLES = (
        Example("for line in open(path, 'rU'):\n    pass\n", "for line in open(path, 'r'):\n    pass\n"),
        Example('f = open(name, mode="U")\n', 'f = open(name, mode="r")\n'),
    )
    LEAVE_ALONE_EXAMPLES = ("f = open(name, 'rb')\n", "f = codecs.open(name, 'rU')\n", "f = open(name, mode)\n")
    APPLIES_TO_PYTHON3 = True  # a ValueError on every Python 3.11+
    HINT = re.compile(r"['\"](?:U|rU|Ur)['\"]")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "U" not in text or not self.HINT.search(text):
            return
        stream = context.stream
        for word in ("open", "file"):
            indices = context.name_indices(word)
            if not indices or bindings_of(context, word):
                continue
            for index in indices:
                if is_attribute(stream, index) or not (index + 1 < len(stream.kinds) and stream.is_op(index + 1, "(")):
                    continue
                arguments = call_arguments(stream, index + 1)
                mode = None
                if len(arguments) >= 2 and is_plain_argument(stream, *arguments[1]):
                    mode = arguments[1]
                for start, end in arguments:
                    if end - start == 3 and stream.is_name(start, "mode") and stream.is_op(start + 1, "="):
                        mode = (start + 2, end)
                if mode is None or mode[1] - mode[0] != 1 or stream.kinds[mode[0]] != STRING:
                    continue
                token = stream.tok(mode[0])
                match = _MODE.fullmatch(token)
                if match is None or "b" in match.group(1).lower():
                    continue
                prefix, quote = match.group(1), match.group(2)
                yield Edit.replace(
                    stream.starts[mode[0]], stream.ends[mode[0]], f"{prefix}{quote}r{quote}", self.CODE, evidence=False
                )


