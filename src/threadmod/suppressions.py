"""Suppression comments: the lines, statements and files threadmod leaves as they are.

    x = 0777  # threadmod: ignore                    no transform touches this statement
    lock.acquire()  # threadmod: ignore[TM204]       TM204 does not (the others may)
    while not done:  # threadmod: ignore             the whole while statement, body and else
    # threadmod: skip-file                            (in the comments that open the file) all of it

The rules:

- `# threadmod: ignore` keeps the statement it ends: the whole logical line (every
  statement on it, every physical line of it), wherever on it the comment is.  On the
  first line of a compound statement (def, class, if, while, for, with, try, match, and
  their async forms) it keeps the whole statement: its body, its clauses (elif, else,
  except, finally) and a definition's decorators; on a clause's or a decorator's line, the
  same whole statement.  `ignore[TM202,TM204]` keeps it from those transforms only (codes,
  as `threadmod list` shows them).  On a line with no code it keeps nothing, so that is an
  error, as are an unknown code and an unknown directive: the file is left alone and named.
- `# threadmod: skip-file`, on a line of its own among the comment and blank lines that open
  the file (before its first line of code, docstring included), leaves the file byte for byte
  as it is, even one threadmod could not read.  Elsewhere it is an error.

How each stage keeps them (pipeline.py calls both):

- The syntax stage runs on the whole file and drops each edit of a transform a region
  keeps that touches the region (an insertion just before its first line, such as the
  unpacking TM109 puts first in a body, is outside it).  The output must still compile as
  Python 3, and have no print or exec statement that Python 3 would read otherwise (`print
  >>f, x` compiles); a kept line that needed converting makes the file fail at that line
  with a message naming the comment, and nothing is written (syntax/stage.py).
- The thread stage hides each region kept from a thread codemod (`hide`): the region
  becomes one marker statement with the same indentation, the codemods and the import
  fix-up never see it, and the region is put back byte for byte after.  The thread codemods
  work across statements (an acquire and its release, a start and its join), so a region
  kept from one of them is hidden from all of them, whichever run on the file (so a second
  run, where other codemods run, hides the same regions: idempotence); what they do to the
  rest of the file is what they would do were the region not there.  A codemod that moves
  or drops a marker (TM204 putting it in a new `with` block) is not run on the file, with a
  diagnostic saying so (codemods/stage.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from threadmod.errors import SourceError
from threadmod.source import count_lines, trailing_newline
from threadmod.syntax.tokens import NAME, OP, STRING, TokenStream, tokenize

DIRECTIVE = "threadmod:"
_DIRECTIVE = re.compile(r"#[ \t]*threadmod:[ \t]*(?P<word>[\w-]*)(?P<bracket>\[(?P<codes>[^\]\r\n]*)\])?")
_SKIP_FILE = re.compile(r"[ \t\f]*#[ \t]*threadmod:[ \t]*skip-file(?![\w-])")
_SKIP_FILE_BYTES = re.compile(_SKIP_FILE.pattern.encode())
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_LINE_BYTES = re.compile(_LINE.pattern.encode())
_CLAUSES = frozenset({"elif", "else", "except", "finally"})
_COMPOUND = frozenset({"if", "while", "for", "try", "with", "def", "class", "async", "match"})
MARKER_PREFIX = "__tm_kept_"


def skips_file(source: str | bytes) -> bool:
    """Whether `# threadmod: skip-file` stands on a line of its own among the comment and
    blank lines that open the source (bytes too: a file threadmod cannot decode is skipped)."""
    if isinstance(source, bytes):
        if b"skip-file" not in source:
            return False
        lines, directive = _LINE_BYTES, _SKIP_FILE_BYTES
        source = source.removeprefix(b"\xef\xbb\xbf")
        comment, blank = b"#", b" \t\f\r\n"
    else:
        if "skip-file" not in source:
            return False
        lines, directive = _LINE, _SKIP_FILE
        source = source.removeprefix("\ufeff")
        comment, blank = "#", " \t\f\r\n"
    for match in lines.finditer(source):
        line = match.group()
        if not line:
            break
        stripped = line.strip(blank)
        if not stripped:
            continue
        if not stripped.startswith(comment):
            return False
        if directive.match(line):
            return True
    return False


@dataclass(frozen=True)
class Kept:
    """One region a comment keeps: whole lines of the text, [start, end) as offsets."""

    start: int  # the start of its first line
    end: int  # after the newline of its last line
    first_line: int  # 1-based, inclusive
    last_line: int
    codes: frozenset[str] | None  # None: every transform
    comment_line: int
    comment_col: int
    comment: str  # as written, for messages
    # "comment": kept by a suppression comment; "dual-version": a statement written for both
    # Pythons (codemods/dual_version.py), which `comment` then describes, and the names it binds.
    kind: str = "comment"
    bound: frozenset[str] = frozenset()

    def keeps(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    def touches(self, start: int, end: int) -> bool:
        """Whether an edit of [start, end) changes the region (an insertion at its first line's
        start or at its end is outside it)."""
        if end > start:
            return start < self.end and end > self.start
        return self.start < start < self.end

    def describe(self) -> str:
        if self.kind != "comment":
            return self.comment
        return f"`{self.comment}` (line {self.comment_line})"


class Suppressions:
    """The regions the comments of one text keep."""

    def __init__(self, text: str, regions: list[Kept], stream: TokenStream) -> None:
        self.text = text
        self.regions = regions
        self.stream = stream
        self._starts = [region.start for region in regions]

    def keeps_edit(self, start: int, end: int, code: str) -> Kept | None:
        """The region that keeps an edit of `code` over [start, end) from being made, if one does."""
        for region in self.regions:
            if region.start > end:
                break
            if region.keeps(code) and region.touches(start, end):
                return region
        return None

    def region_at(self, offset: int) -> Kept | None:
        for region in self.regions:
            if region.start <= offset < region.end:
                return region
        return None

    def keeps_line(self, line: int, code: str) -> bool:
        return any(r.first_line <= line <= r.last_line and r.keeps(code) for r in self.regions)

    def concerning(self, codes: Collection[str]) -> Suppressions | None:
        """The regions kept from any of `codes` (or from every transform), or None when none is."""
        regions = [r for r in self.regions if r.codes is None or not r.codes.isdisjoint(codes)]
        return Suppressions(self.text, regions, self.stream) if regions else None

    def hide(self, text: str) -> Hidden | None:
        """The text with every region replaced by a marker statement, or None when there is
        none.  `text` is self.text or a same-length copy of it (the thread stage gives libcst LF
        for lone CRs)."""
        concerning = _outermost(self.regions)
        if not concerning:
            return None
        regions = [r for r in concerning if not self._must_stay_visible(r)]
        visible = [(text[r.start : r.end], r) for r in concerning if self._must_stay_visible(r)]
        prefix = MARKER_PREFIX
        while prefix in text:
            prefix += "x"
        pieces: list[str] = []
        hidden: list[tuple[str, str, str]] = []  # (text, indentation, newline)
        marker_lines: list[tuple[int, int]] = []
        names: set[str] = set()
        position = 0
        line = 1
        for region in regions:
            unit = text[region.start : region.end]
            indent = re.match(r"[ \t\f]*", unit).group()
            newline = trailing_newline(unit)
            before = text[position : region.start]
            line += count_lines(before)
            pieces += [before, f"{indent}{prefix}{len(hidden)}__{newline}"]
            marker_lines.append((line, region.last_line - region.first_line))
            hidden.append((unit, indent, newline))
            names.update(_IDENTIFIER.findall(unit))
            line += 1
            position = region.end
        pieces.append(text[position:])
        return Hidden("".join(pieces), prefix, hidden, marker_lines, names, regions, visible)

    def _must_stay_visible(self, region: Kept) -> bool:
        """The module's docstring and `from __future__` imports: libcst puts new imports after
        them, and no thread codemod changes them (the thread stage checks they come back)."""
        stream = self.stream
        index = bisect_left(stream.starts, region.start)
        if index >= len(stream.kinds):
            return False
        if stream.kinds[index] == STRING and index == 0:
            return True
        return stream.is_name(index, "from") and index + 1 < len(stream.kinds) and stream.tok(index + 1) == "__future__"


_IDENTIFIER = re.compile(r"[^\W\d]\w*")


@dataclass
class Hidden:
    """A text with kept regions replaced by marker statements, and how to put them back."""

    text: str
    prefix: str
    hidden: list[tuple[str, str, str]]  # each marker's region: text, indentation, newline
    marker_lines: list[tuple[int, int]]  # (line of the marker in `text`, lines it hides - 1)
    names: set[str]  # every identifier in the hidden regions (the codemods' fresh names avoid them)
    regions: list[Kept]
    visible: list[tuple[str, Kept]]  # kept regions left in `text`: they must come back as they are

    def restore(self, output: str) -> tuple[str | None, Kept | None]:
        """The output with each marker replaced by its region; (None, the first region whose
        marker did not come back once, alone on its line, at its indentation) otherwise."""
        pattern = re.compile(rf"^([ \t\f]*){re.escape(self.prefix)}(\d+)__(\r\n|\n|\r|\Z)", re.MULTILINE)
        seen = [0] * len(self.hidden)
        wrong: list[int] = []

        def put_back(match: re.Match) -> str:
            number = int(match.group(2))
            if number >= len(self.hidden):
                return match.group()
            seen[number] += 1
            unit, indent, newline = self.hidden[number]
            if match.group(1) != indent or match.group(3) != newline:
                wrong.append(number)
            return unit

        restored = pattern.sub(put_back, output)
        for number, count in enumerate(seen):
            if count != 1 or number in wrong:
                return None, self.regions[number]
        if self.prefix in restored:  # a marker joined to another statement
            return None, self.regions[0]
        for unit, region in self.visible:
            if unit not in restored:
                return None, region
        return restored, None

    def original_line(self, line: int) -> int:
        """The line of the unhidden text that a line of `text` stands for (a marker: its region's first)."""
        shift = 0
        for marker_line, extra in self.marker_lines:
            if marker_line < line:
                shift += extra
            else:
                break
        return line + shift


def find(text: str, known_codes: Collection[str]) -> Suppressions | None:
    """The regions the `# threadmod:` comments of text keep, or None when it has none.

    Raises SourceError at a comment that keeps nothing (a line with no code), names an
    unknown code or directive, or is a `skip-file` after the file's first line of code.
    """
    if DIRECTIVE not in text:
        return None
    stream: TokenStream | None = None
    line_starts: list[int] = []
    regions: list[Kept] = []
    for match in _DIRECTIVE.finditer(text):
        if stream is None:
            stream = tokenize(text)
            line_starts = [line.indent_start for line in stream.lines]
        offset = match.start()
        if _inside_string(stream, offset):
            continue
        line, col = stream.line_col(offset)
        comment = match.group().rstrip()
        word = match.group("word")
        if word == "skip-file":
            raise SourceError(
                line, col,
                f"`{comment}` works only on a line of its own before the file's first line of code; "
                "move it there (nothing was converted)",
            )
        if word != "ignore":
            raise SourceError(
                line, col, f"unknown directive `{comment}`: threadmod knows `# threadmod: ignore`, "
                "`# threadmod: ignore[CODE,...]` and `# threadmod: skip-file`",
            )
        codes = _codes(match.group("codes"), known_codes, line, col, comment) if match.group("bracket") else None
        logical = _logical_line_at(stream, line_starts, offset)
        if logical is None:
            raise SourceError(
                line, col,
                f"`{comment}` is on a line with no code, so it keeps nothing: put it at the end of the "
                "line to keep, or of the first line of the statement to keep",
            )
        first, last = _statement_lines(stream, logical)
        start = stream.lines[first].indent_start
        end = stream.ends[stream.lines[last].newline]
        regions.append(
            Kept(
                start, end, stream.line_col(start)[0], stream.line_col(max(start, end - 1))[0],
                codes, line, col, comment,
            )
        )
    if stream is None or not regions:
        return None
    regions.sort(key=lambda r: (r.start, -r.end))
    return Suppressions(text, regions, stream)


def _codes(listed: str, known_codes: Collection[str], line: int, col: int, comment: str) -> frozenset[str]:
    codes = [part.strip().upper() for part in listed.split(",") if part.strip()]
    if not codes:
        raise SourceError(
            line, col, f"`{comment}` names no code: write `# threadmod: ignore` to keep the line from every transform"
        )
    unknown = [code for code in codes if code not in known_codes]
    if unknown:
        raise SourceError(
            line, col, f"`{comment}`: no transform has the code {', '.join(unknown)} (`threadmod list` shows them)"
        )
    return frozenset(codes)


def _inside_string(stream: TokenStream, offset: int) -> bool:
    index = bisect_right(stream.starts, offset) - 1
    return index >= 0 and stream.kinds[index] == STRING and offset < stream.ends[index]


def _logical_line_at(stream: TokenStream, starts: list[int], offset: int) -> int | None:
    """The index of the logical line whose lines hold offset (its comments included);
    `starts` are the logical lines' first offsets."""
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    line = stream.lines[index]
    newline = line.newline
    end = stream.ends[newline] if stream.ends[newline] > stream.starts[newline] else len(stream.text)
    return index if offset < end else None


def _first_word(stream: TokenStream, line_index: int) -> str:
    first = stream.lines[line_index].first
    if stream.kinds[first] == OP and stream.tok(first) == "@":
        return "@"
    return stream.tok(first) if stream.kinds[first] == NAME else ""


def _width(stream: TokenStream, line_index: int) -> int:
    """The indentation's width as Python 2 reads it (tabs to the next multiple of 8)."""
    line = stream.lines[line_index]
    width = 0
    for char in stream.text[line.indent_start : line.indent_end]:
        if char == "\t":
            width = width // 8 * 8 + 8
        elif char == "\f":
            width = 0
        else:
            width += 1
    return width


def _statement_lines(stream: TokenStream, index: int) -> tuple[int, int]:
    """The first and last logical lines of the statement whose line `index` is: the line
    itself, or for a compound statement's header, clause, case or decorator, the whole statement."""
    word = _first_word(stream, index)
    if word == "case":  # a case block alone is no statement: the match statement it is in
        probe = index - 1
        while probe >= 0 and not (_width(stream, probe) < _width(stream, index) and _first_word(stream, probe) == "match"):
            probe -= 1
        if probe >= 0:
            index, word = probe, "match"
    width = _width(stream, index)
    first = index
    probe = index - 1
    if word in _CLAUSES:  # up to the header: the nearest line as wide that is not a clause
        while probe >= 0 and _width(stream, probe) >= width:
            if _width(stream, probe) == width:
                first = probe
                if _first_word(stream, probe) not in _CLAUSES:
                    break
            probe -= 1
    elif word in ("def", "class", "async", "@"):  # up over the decorators
        while probe >= 0 and _width(stream, probe) == width and _first_word(stream, probe) == "@":
            first = probe
            probe -= 1
    last = first
    count = len(stream.lines)
    while _first_word(stream, last) == "@" and last + 1 < count and _width(stream, last + 1) == width:
        last += 1  # down to the definition
    compound = _first_word(stream, last) in _COMPOUND
    while last + 1 < count:
        following = last + 1
        if _width(stream, following) > width:
            last = following
        elif compound and _width(stream, following) == width and _first_word(stream, following) in _CLAUSES:
            last = following
        else:
            break
    return first, last


def _outermost(regions: Iterable[Kept]) -> list[Kept]:
    """The regions not inside another, in order (statements nest or are apart)."""
    result: list[Kept] = []
    for region in sorted(regions, key=lambda r: (r.start, -r.end)):
        if result and region.start < result[-1].end:
            if region.end > result[-1].end:  # cannot happen for statements; keep both by merging
                last = result[-1]
                result[-1] = Kept(
                    last.start, region.end, last.first_line, region.last_line, None,
                    last.comment_line, last.comment_col, last.comment, last.kind, last.bound | region.bound,
                )
            continue
        result.append(region)
    return result
