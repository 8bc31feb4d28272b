"""Statements within logical lines: where each simple statement and compound header lies.

Python 2's ``print`` and ``exec`` are statements, so a transform must know where a
statement starts: at the start of a logical line, after a top-level ``;``, or after the
``:`` of a compound header whose body sits on the same line (``if x: print y``).
"""

from __future__ import annotations

from dataclasses import dataclass

from threadmod.syntax.tokens import NAME, OP, TokenStream

COMPOUND_KEYWORDS = frozenset(
    {"if", "elif", "else", "while", "for", "try", "except", "finally", "with", "def", "class"}
)


@dataclass(frozen=True)
class Statement:
    first: int  # index of the first token
    end: int  # index of the token after it: `;`, NEWLINE, or the header's `:`
    header: bool  # a compound statement's header (`end` is its colon)
    line: int  # index into TokenStream.lines


def header_colon(stream: TokenStream, start: int, end: int) -> int:
    """The index of the `:` ending the compound header that starts at `start`, or -1."""
    lambdas = 0
    index = start + 1
    while index < end:
        kind = stream.kinds[index]
        if kind == NAME and stream.tok(index) == "lambda":
            lambdas += 1
        elif kind == OP and stream.tok(index) == ":":
            if not lambdas:
                return index
            lambdas -= 1
        index = stream.skip(index)
    return -1


def split_statements(stream: TokenStream) -> list[Statement]:
    statements: list[Statement] = []
    kinds = stream.kinds
    for line_index, line in enumerate(stream.lines):
        index, end = line.first, line.newline
        while index < end:
            word = stream.tok(index) if kinds[index] == NAME else ""
            if word == "async" and index + 1 < end and stream.tok(index + 1) in ("def", "for", "with"):
                word = stream.tok(index + 1)
            if word in COMPOUND_KEYWORDS:
                colon = header_colon(stream, index, end)
                if colon >= 0:
                    statements.append(Statement(index, colon, True, line_index))
                    index = colon + 1
                    continue
            semicolon = stream.find_top(index, end, OP, ";")
            stop = semicolon if semicolon >= 0 else end
            statements.append(Statement(index, stop, False, line_index))
            index = stop + 1
    return statements
