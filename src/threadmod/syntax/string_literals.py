"""TM107 string-literals: `ur''` strings, `\\u` in byte strings and backslashes that start no
escape keep their Python 2 value, spelled as Python 3 reads it without a warning."""

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
    NEEDED_TO_PARSE = True
    NAME = "string-literals"
    DESCRIPTION = "ur'' strings, \\u in byte strings and backslashes that start no escape keep their Python 2 value."
    WHAT = r"""
        `ur'...'` becomes a `u'...'` string with the same value: Python 2 processed
        `\uXXXX` and `\UXXXXXXXX` in it and kept every other backslash, so those
        backslashes are doubled.  In a plain string (a byte string in Python 2, without
        `unicode_literals`), `\u`, `\U` and `\N` were not escapes; their backslash is
        doubled so the text stays the same.  In every string that is not raw, a
        backslash that starts no escape (`'\d+'`, `'\['`, `b'\u'`) is doubled: Python 2
        kept it, and so does Python 3, but with a SyntaxWarning since 3.12 (an error to
        come); `'\\d+'` is the same text without one.  An octal escape above `\377`
        (`'\700'`: Python 2 kept the low 8 bits in a byte string) is spelled `'\xc0'`,
        or `u'\u01c0'` in a unicode string.
    """
    WHY = r"""
        Python 3 has no `ur` prefix, and in Python 3 `'\u20ac'` is one character where
        Python 2 had six, so leaving either alone changes the program's data or does
        not parse; and a backslash that starts no escape (regular expressions are full
        of them) makes Python 3.12 print a SyntaxWarning for each, at every start-up.
    """
    LEAVES_ALONE = r"""
        Raw strings other than `ur`, and every escape Python 3 reads as Python 2 did: in
        `u''` strings and under `from __future__ import unicode_literals`, `\u`, `\U`
        and `\N` are escapes in both.
    """
    EXAMPLES = (
        Example(r"s = ur'\d+\u20ac'" + "\n", r"s = u'\\d+\u20ac'" + "\n"),
        Example(r"print '\u20ac'" + "\n", r"print('\\u20ac')" + "\n"),
        Example("s = UR'''x'''\n", "s = U'''x'''\n"),
        # (a print statement makes each a Python 2 file: Python 3 text is left as it is)
        Example(r"print re.findall('\d+\s*\[', line)" + "\n", r"print(re.findall('\\d+\\s*\\[', line))" + "\n"),
        Example(r"print b'\u20ac\q', u'\u20ac\q'" + "\n", r"print(b'\\u20ac\\q', u'\u20ac\\q')" + "\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        r"s = u'\u20ac\n' + b'\x00\t\\' + r'\u20ac\d'" + "\n",
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
            elif "r" not in lower and "\\" in text[start:end]:
                # A plain string was bytes in Python 2 unless unicode_literals: \u, \U, \N no escapes.
                text_escapes = lower == "u" or (lower == "" and unicode_literals)
                valid = _TEXT_ESCAPES if text_escapes else _BYTES_ESCAPES
                new = _ESCAPES.sub(lambda match: _double_unless_escape(match, valid), text[start:end])
                if _BIG_OCTAL.search(new):
                    new = _BIG_OCTAL.sub(lambda match: _octal_in_range(match, text_escapes), new)
            else:
                continue
            if new != text[start:end]:
                yield Edit.replace(start, end, new, self.CODE)


# What may follow a backslash in a literal that is not raw, in Python 2 and 3 alike (a line
# break continues the line; \r may be the first half of \r\n).
_BYTES_ESCAPES = frozenset("\n\r\\'\"abfnrtv01234567x")
_TEXT_ESCAPES = _BYTES_ESCAPES | frozenset("NuU")


# An octal escape: above \377 Python 2 kept the low 8 bits in a byte string (`'\700'` is
# `'\xc0'`); Python 3.12 warns of it (an error to come).
_BIG_OCTAL = re.compile(r"(\\+)([0-7]{3})")


def _octal_in_range(match: re.Match, text_escapes: bool) -> str:
    backslashes, digits = match.groups()
    value = int(digits, 8)
    if len(backslashes) % 2 == 0 or value <= 0o377:
        return match.group(0)
    spelled = f"\\u{value:04x}" if text_escapes else f"\\x{value & 0xFF:02x}"
    return backslashes[:-1] + spelled


def _double_unless_escape(match: re.Match, valid: frozenset[str]) -> str:
    backslashes, char = match.groups()
    if len(backslashes) % 2 and char not in valid:
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
