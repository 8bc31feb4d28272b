"""Hide the top-level statements a statement-local thread codemod cannot concern.

libcst costs about 35 µs a line to parse, whatever the codemods then do, and most of a
large module (decimal.py: 6,221 lines, one `currentThread()`) is nothing to them.  When
every codemod that applies to a file only reads and rewrites statements that mention its
words (see `Gate.local_words` in gates.py), each other top-level statement is replaced by
one marker line, libcst sees the short text, and the markers are put back afterwards:

    def f():               __threadmod_unit_0__
        ...          ->    x = threading.currentThread()
    x = threading.currentThread()

Kept always: the first statement (a docstring decides where libcst adds imports), every
top-level import and every statement before the last one (the import fix-up reads them
all, and counts only the imports before the first compound statement), comment lines
after the module's last statement (libcst's module footer), and every statement that
mentions `thread`, `queue` or `Queue` (so every import of those modules, anywhere) or a
name such an import binds.  Other imports cannot change what a thread codemod does.  The names of
hidden statements are handed to the codemods (TM202's fresh names avoid them), so a
statement with an f-string, whose inner names are not tokens here, is never hidden.
A marker is a statement like the one it hides, so "the statement before" and "the first
run of imports" mean what they meant.  A file that binds a thread or queue module
through `import_module("...")`/`__import__("...")` or takes `import *` from one is not
masked: which names it binds is not read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threadmod.errors import SourceError
from threadmod.source import count_lines, trailing_newline
from threadmod.syntax.tokens import NAME, NEWLINE, OP, STRING, TokenStream, tokenize

MARKER_PREFIX = "__threadmod_unit_"
_CLAUSES = {"else", "elif", "except", "finally"}
# Modules whose imported names the thread codemods follow.
_THREADISH_MODULE = re.compile(r"thread|queue", re.IGNORECASE)


@dataclass
class MaskedText:
    text: str  # what libcst parses
    hidden: list[str]  # the text each marker stands for, by marker number
    marker_lines: list[tuple[int, int]]  # (line of marker in `text`, lines it hides - 1)
    hidden_names: set[str]  # every name token in the hidden statements (for fresh names)

    def restore(self, output: str) -> str | None:
        """The output with every marker line replaced by what it hid; None if a marker
        did not come back exactly once (then the caller runs without masking)."""
        seen = [0] * len(self.hidden)

        def put_back(match: re.Match) -> str:
            number = int(match.group(1))
            seen[number] += 1
            return self.hidden[number]

        restored = _MARKER_LINE.sub(put_back, output)
        return restored if all(count == 1 for count in seen) else None

    def original_line(self, line: int) -> int:
        """The unmasked line of a line of the masked text."""
        shift = 0
        for marker_line, extra in self.marker_lines:
            if marker_line < line:
                shift += extra
            elif marker_line == line:
                return line + shift
            else:
                break
        return line + shift


# `name = importlib.import_module("thread")`: the import map follows such a name, which
# no word would keep.  A dynamic argument binds nothing the codemods follow.
_IMPORTS_THREADISH_BY_CALL = re.compile(
    r"(?:import_module|__import__)\s*\(\s*[rRuUbB]*['\"][^'\"]*(?:thread|queue)", re.IGNORECASE
)
_MARKER_LINE = re.compile(rf"^{MARKER_PREFIX}(\d+)__(?:\r\n|\n|\r)?", re.MULTILINE)


def mask(text: str, words: set[str], names: set[str] = frozenset()) -> MaskedText | None:
    """The text with top-level statements that contain none of `words` and no whole name of
    `names` hidden, or None when nothing would be hidden or masking is not safe."""
    if MARKER_PREFIX in text or _IMPORTS_THREADISH_BY_CALL.search(text):
        return None
    try:
        stream = tokenize(text)
    except SourceError:
        return None
    imported = _threadish_imported_names(stream)
    if imported is None:
        return None
    words = words | {"thread", "queue", "Queue"}
    names = names | imported
    # Whole names: a one-letter alias (`import Queue as Q`) or `exec(s)` must not keep
    # every statement that contains the letter.
    name_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b") if names else None
    spans = _top_level_spans(stream)
    if len(spans) < 2:
        return None
    pieces: list[str] = []
    hidden: list[str] = []
    marker_lines: list[tuple[int, int]] = []
    position = 0
    line = 1
    hidden_names: set[str] = set()
    # Every statement before the last top-level import stays: which imports come before the
    # module's first compound statement is what the import fix-up reads (a marker is none).
    last_import = max((n for n, span in enumerate(spans) if stream.tok(span[2]) in ("import", "from")), default=-1)
    for number, (start, end, first, last) in enumerate(spans):
        unit = text[start:end]
        if number == 0 or number <= last_import or any(word in unit for word in words):
            continue
        if number == len(spans) - 1 and "#" in text[stream.ends[last] : end]:
            continue  # comment lines after the module's last statement: libcst's module footer
        if name_pattern is not None and name_pattern.search(unit):
            continue
        unit_names = _names_unless_fstring(stream, first, last)
        if unit_names is None:
            continue
        hidden_names |= unit_names
        before = text[position:start]
        line += count_lines(before)
        newline = trailing_newline(unit)
        pieces += [before, f"{MARKER_PREFIX}{len(hidden)}__{newline}"]
        marker_lines.append((line, count_lines(unit) - (1 if newline else 0)))
        hidden.append(unit)
        line += 1 if newline else 0
        position = end
    if not hidden:
        return None
    pieces.append(text[position:])
    return MaskedText("".join(pieces), hidden, marker_lines, hidden_names)


_FSTRING_PREFIX = re.compile(r"[a-zA-Z]*[fF]")


def _names_unless_fstring(stream: TokenStream, first: int, last: int) -> set[str] | None:
    """The name tokens of tokens first..last, or None when an f-string is among them: the
    names inside its braces are libcst names that are not tokens here."""
    names = set()
    for index in range(first, last + 1):
        kind = stream.kinds[index]
        if kind == NAME:
            names.add(stream.tok(index))
        elif kind == STRING and _FSTRING_PREFIX.match(stream.tok(index)):
            return None
    return names




def _top_level_spans(stream: TokenStream) -> list[tuple[int, int, int, int]]:
    """(start, end, first token, last token) of each top-level statement: offsets from the
    start of its first line to the end of the newline of its last logical line (clauses and
    decorated definitions included), and the comment lines indented under its block that follow
    it.  Other comments and blank lines between statements are outside."""
    text = stream.text
    spans: list[list[int]] = []  # start, end, first token, last token
    decorated = False
    for line in stream.lines:
        first_token = stream.tok(line.first)
        line_start = text.rfind("\n", 0, stream.starts[line.first]) + 1
        line_start = max(line_start, text.rfind("\r", 0, stream.starts[line.first]) + 1)
        top_level = line.indent_start == line.indent_end and stream.starts[line.first] == line_start
        end = stream.ends[line.newline]
        if top_level and not decorated and not (first_token in _CLAUSES and spans):
            spans.append([line_start, end, line.first, line.newline])
        elif spans:
            spans[-1][1] = end
            spans[-1][3] = line.newline
        else:  # an indented first line (a form feed): a unit of its own
            spans.append([line_start, end, line.first, line.newline])
        if top_level:
            decorated = stream.kinds[line.first] == OP and first_token == "@"
    for span in spans:
        span[1] = _indented_comments_end(text, span[1])
    return [(start, end, first, last) for start, end, first, last in spans]


# Comment lines indented under a block, with blank lines between them: libcst keeps them
# with the block (its footer), so a hidden block hides them too.
_INDENTED_COMMENTS = re.compile(r"(?:(?:[ \t]*(?:\r\n|\r|\n))*[ \t]+#[^\r\n]*(?:\r\n|\r|\n|$))+")


def _indented_comments_end(text: str, end: int) -> int:
    """The end of the indented comment lines right after offset end (end itself if none)."""
    match = _INDENTED_COMMENTS.match(text, end)
    return match.end() if match else end


def _threadish_imported_names(stream: TokenStream) -> set[str] | None:
    """Local names bound by imports of thread or queue modules; None for `from M import *`."""
    names: set[str] = set()
    kinds = stream.kinds
    index = 0
    count = len(kinds)
    while index < count:
        if kinds[index] != NAME or stream.tok(index) not in ("import", "from"):
            index += 1
            continue
        keyword = stream.tok(index)
        if keyword == "from":
            module_start = index + 1
            index = module_start
            while index < count and not stream.is_name(index, "import") and kinds[index] != NEWLINE:
                index += 1
            if index >= count or not stream.is_name(index, "import"):
                continue
            module = "".join(stream.tok(i) for i in range(module_start, index))
            index += 1
            threadish = bool(_THREADISH_MODULE.search(module))
            while index < count and kinds[index] != NEWLINE and not stream.is_op(index, ";"):
                if threadish:
                    if stream.is_op(index, "*"):
                        return None
                    if kinds[index] == NAME and stream.tok(index) != "as":
                        names.add(stream.tok(index))
                index += 1
        else:
            index += 1
            dotted: list[str] = []
            while index < count and kinds[index] != NEWLINE and not stream.is_op(index, ";"):
                token = stream.tok(index)
                if stream.is_op(index, ","):
                    dotted = []
                elif token == "as" and kinds[index] == NAME:
                    if _THREADISH_MODULE.search(".".join(dotted)) and index + 1 < count:
                        names.add(stream.tok(index + 1))
                    dotted = ["as"]  # the alias is not part of the module's name
                elif kinds[index] == NAME and dotted != ["as"]:
                    if not dotted and _THREADISH_MODULE.search(token):
                        names.add(token)
                    dotted.append(token)
                index += 1
    return names
