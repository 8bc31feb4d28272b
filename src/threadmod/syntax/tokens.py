"""A tokenizer for the union of Python 2 and Python 3 syntax, by offsets.

The standard library's tokenize cannot read Python 2 (backticks, ``<>``, ``0777``,
``10L``, ``ur''``) on 3.12+, and lib2to3 is gone in 3.13.  This one keeps only what
the syntax transforms need: significant tokens as (kind, start, end) offsets into the
text, a NEWLINE token at the end of each logical line, bracket pairs, and each logical
line's indentation.  Comments, blank lines and continuation lines are not tokens, so
edits by offset leave them exactly as they were.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from threadmod.errors import SourceError

NAME, NUMBER, STRING, OP, NEWLINE, ENDMARKER = range(6)

_STRING_PREFIX = r"(?:[bBuUfF][rR]?|[rR][bBfFuU]?)?"
_STRING_BODY = (
    r"'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'
    r"|'[^'\\\r\n]*(?:\\(?:\r\n|[\s\S])[^'\\\r\n]*)*'"
    r'|"[^"\\\r\n]*(?:\\(?:\r\n|[\s\S])[^"\\\r\n]*)*"'
)
_NUMBER = (
    r"0[xX][0-9a-fA-F_]+[lL]?"
    r"|0[bB][01_]+[lL]?"
    r"|0[oO][0-7_]+[lL]?"
    r"|(?:\d[\d_]*\.[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?[jJ]?"
    r"|\d[\d_]*[eE][-+]?\d[\d_]*[jJ]?"
    r"|\d[\d_]*[jJ]"
    r"|\d[\d_]*[lL]?"
)
_OPERATOR = (
    r"\*\*=?|//=?|>>=?|<<=?|<>|!=|->|:=|\.\.\.|[-+*/%&|^=<>@]=?|[()\[\]{},:;.~`]"
)

_TOKEN = re.compile(
    rf"""
     (?P<ws>[ \t\f]+)
    |(?P<comment>\#[^\r\n]*)
    |(?P<nl>\r\n|\n|\r)
    |(?P<cont>\\(?:\r\n|\n|\r))
    |(?P<string>{_STRING_PREFIX}(?:{_STRING_BODY}))
    |(?P<badstring>{_STRING_PREFIX}(?:'''|\"\"\"|'|\"))
    |(?P<number>{_NUMBER})
    |(?P<name>[^\W\d]\w*)
    |(?P<op>{_OPERATOR})
    """,
    re.VERBOSE,
)
_INDENT = re.compile(r"[ \t\f]*")
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")", "]", "}"}


@dataclass
class LogicalLine:
    first: int  # index of its first token
    newline: int  # index of its NEWLINE token
    indent_start: int  # offsets of its indentation
    indent_end: int


@dataclass
class TokenStream:
    text: str
    kinds: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    pairs: dict[int, int] = field(default_factory=dict)  # opening bracket -> closing
    lines: list[LogicalLine] = field(default_factory=list)
    # Offset of the first indentation that Python 3 rejects with TabError, or -1.
    tab_error_offset: int = -1
    _line_starts: list[int] | None = None

    def tok(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def is_op(self, index: int, op: str) -> bool:
        return self.kinds[index] == OP and self.tok(index) == op

    def is_name(self, index: int, name: str) -> bool:
        return self.kinds[index] == NAME and self.tok(index) == name

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset (column counts characters)."""
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.text)]
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def skip(self, index: int) -> int:
        """The index after the token at index, jumping over a whole bracket group."""
        closing = self.pairs.get(index)
        return (closing if closing is not None else index) + 1

    def split_top(self, start: int, end: int, op: str = ",") -> tuple[list[tuple[int, int]], bool]:
        """Split tokens [start, end) at top-level `op`; return item ranges and a trailing-op flag."""
        items: list[tuple[int, int]] = []
        item_start = index = start
        while index < end:
            if self.kinds[index] == OP and self.tok(index) == op:
                items.append((item_start, index))
                item_start = index + 1
                index += 1
            else:
                index = self.skip(index)
        trailing = item_start == end and bool(items)
        if item_start < end:
            items.append((item_start, end))
        return items, trailing

    def find_top(self, start: int, end: int, kind: int, text: str) -> int:
        """Index of the first top-level token of that kind and text in [start, end), or -1."""
        index = start
        while index < end:
            if self.kinds[index] == kind and self.tok(index) == text:
                return index
            index = self.skip(index)
        return -1

    def is_group(self, start: int, end: int) -> bool:
        """Whether [start, end) is exactly one bracket group."""
        return end > start and self.pairs.get(start) == end - 1


def tokenize(text: str) -> TokenStream:
    """Tokenize Python 2 or 3 source; raise SourceError on what neither can read."""
    stream = TokenStream(text)
    kinds, starts, ends = stream.kinds, stream.starts, stream.ends
    pairs = stream.pairs
    match = _TOKEN.match
    length = len(text)
    stack: list[int] = []
    # Indentation levels as (col with tabs to 8, col with tabs as 1): Python 3 raises
    # TabError where the two disagree; Python 2 uses the first only.
    levels: list[tuple[int, int]] = [(0, 0)]
    line_first = -1
    indent = (0, 0)
    check_tabs = "\t" in text
    pos = 0
    at_line_start = True
    while True:
        if at_line_start and not stack:
            at_line_start = False
            indent_match = _INDENT.match(text, pos)
            indent_end = indent_match.end()
            next_char = text[indent_end : indent_end + 1]
            if next_char in ("\n", "\r", "#", ""):
                pos = indent_end  # blank or comment-only line: no indentation
            else:
                indent = (pos, indent_end)
                line_first = len(kinds)
                if check_tabs:
                    _check_indent(stream, text[pos:indent_end], pos, levels)
                pos = indent_end
        if pos >= length:
            break
        found = match(text, pos)
        if found is None:
            line, col = stream.line_col(pos)
            raise SourceError(line, col, f"unexpected character {text[pos]!r}")
        group = found.lastgroup
        end = found.end()
        if group == "ws" or group == "comment":
            pass
        elif group == "nl":
            if not stack:
                if line_first >= 0 and line_first < len(kinds):
                    kinds.append(NEWLINE)
                    starts.append(pos)
                    ends.append(end)
                    stream.lines.append(LogicalLine(line_first, len(kinds) - 1, *indent))
                line_first = -1
                at_line_start = True
        elif group == "cont":
            pass
        elif group == "badstring":
            line, col = stream.line_col(pos)
            raise SourceError(line, col, "unterminated string literal")
        else:
            if line_first < 0:
                # A first line without indentation handling (continuation into column 0).
                line_first = len(kinds)
                indent = (pos, pos)
            index = len(kinds)
            kinds.append(
                STRING
                if group == "string"
                else NUMBER
                if group == "number"
                else NAME
                if group == "name"
                else OP
            )
            starts.append(pos)
            ends.append(end)
            if group == "op":
                char = text[pos]
                if char in _OPENERS and end == pos + 1:
                    stack.append(index)
                elif char in _CLOSERS:
                    if not stack or _OPENERS[text[starts[stack[-1]]]] != char:
                        line, col = stream.line_col(pos)
                        raise SourceError(line, col, f"unmatched {char!r}")
                    pairs[stack.pop()] = index
        pos = end
    if stack:
        line, col = stream.line_col(starts[stack[-1]])
        raise SourceError(line, col, f"{text[starts[stack[-1]]]!r} was never closed")
    if line_first >= 0 and line_first < len(kinds):
        kinds.append(NEWLINE)
        starts.append(length)
        ends.append(length)
        stream.lines.append(LogicalLine(line_first, len(kinds) - 1, *indent))
    kinds.append(ENDMARKER)
    starts.append(length)
    ends.append(length)
    return stream


def indent_columns(indent: str) -> tuple[int, int]:
    """Columns of an indentation as Python 2 reads it (tab to next multiple of 8) and with tabs as 1."""
    col = alt = 0
    for char in indent:
        if char == "\t":
            col = (col // 8 + 1) * 8
            alt += 1
        elif char == "\f":
            col = alt = 0
        else:
            col += 1
            alt += 1
    return col, alt


def _check_indent(stream: TokenStream, indent: str, offset: int, levels: list[tuple[int, int]]) -> None:
    """Track indentation levels the way CPython's tokenizer does, noting a TabError."""
    col, alt = indent_columns(indent)
    top_col, top_alt = levels[-1]
    inconsistent = False
    if col == top_col:
        inconsistent = alt != top_alt
    elif col > top_col:
        inconsistent = alt <= top_alt
        levels.append((col, alt))
    else:
        while len(levels) > 1 and col < levels[-1][0]:
            levels.pop()
        inconsistent = col == levels[-1][0] and alt != levels[-1][1]
    if inconsistent and stream.tab_error_offset < 0:
        stream.tab_error_offset = offset
