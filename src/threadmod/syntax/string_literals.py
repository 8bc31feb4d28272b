"""TM107 string-literals: `ur''` strings and `\\u` in byte strings keep their Python 2 value."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import STRING
from threadmod.transform import Example

_PREFIX = re.compile(r"[a-zA-Z]*")
_ESCAPES = re.compile(r"(\\+)([\s\S])")
_RAW_ESCAPES = re.compile(r"(\\+)([\s\S]|$)")


class StringLiterals(SyntaxTransform):
    CODE = "TM107"
    NAME = "string-literals"
    DESCRIPTION = "ur'' strings and \\u, \\U, \\N in byte strings keep their Python 2 value."
    WHAT = r"""
        `ur'...'` becomes a `u'...'` string with the same value: Python 2 processed
        `\uXXXX` and `\UXXXXXXXX` in it and kept every other backslash, so those
        backslashes are doubled.  In a plain string (a byte string in Python 2, without
        `unicode_literals`), `\u`, `\U` and `\N` were not escapes; their backslash is
        doubled so the text stays the same.
    """
    WHY = r"""
        Python 3 has no `ur` prefix, and in Python 3 `'\u20ac'` is one character where
        Python 2 had six, so leaving either alone changes the program's data or does
        not parse.
    """
    LEAVES_ALONE = r"""
        Strings with a `u` or `b` prefix, raw strings other than `ur`, and every string
        in a module with `from __future__ import unicode_literals`.
    """
    EXAMPLES = (
        Example(r"s = ur'\d+\u20ac'" + "\n", r"s = u'\\d+\u20ac'" + "\n"),
        Example(r"print '\u20ac'" + "\n", r"print('\\u20ac')" + "\n"),
        Example("s = UR'''x'''\n", "s = U'''x'''\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        r"s = u'\u20ac' + b'\u20ac' + r'\u20ac'" + "\n",
        "from __future__ import unicode_literals\n" + r"s = '\u20ac'" + "\n",
    )

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        text = stream.text
        unicode_literals = "unicode_literals" in context.futures
        for index, kind in enumerate(stream.kinds):
            if kind != STRING:
                continue
            start, end = stream.starts[index], stream.ends[index]
            prefix = _PREFIX.match(text, start, end).group(0)
            lower = prefix.lower()
            if lower == "ur":
                body = text[start + 2 : end]
                new = prefix[0] + _raw_unicode_body(body)
            elif lower == "" and not unicode_literals and "\\" in text[start:end]:
                body = text[start:end]
                new = _ESCAPES.sub(_double_unicode_escape, body)
            else:
                continue
            if new != text[start:end]:
                yield Edit.replace(start, end, new, self.CODE)


def _double_unicode_escape(match: re.Match) -> str:
    backslashes, char = match.groups()
    if len(backslashes) % 2 and char in "uUN":
        return "\\" + backslashes + char
    return match.group(0)


def _raw_unicode_body(quoted: str) -> str:
    """A raw-unicode literal's quoted body rewritten for a non-raw u'' literal."""
    quote = 3 if quoted[:3] in ("'''", '"""') else 1
    inner = quoted[quote:-quote]

    def convert(match: re.Match) -> str:
        count = len(match.group(1))
        char = match.group(2)
        if not char:  # backslashes ending the string: each one literal
            return "\\" * (2 * count)
        if count % 2 and char in "uU":
            return "\\" * (2 * (count - 1)) + "\\" + char
        if count % 2 and char in "'\"":
            return "\\" * (2 * count + 1) + char
        return "\\" * (2 * count) + char

    return quoted[:quote] + _RAW_ESCAPES.sub(convert, inner) + quoted[-quote:]
