"""Side-by-side diffs: the old lines on the left, the new ones beside them, changed parts marked.

One model, `compare()`: rows (a pair of lines, or a line with nothing beside it) grouped
into hunks with context, each line split into unchanged and changed segments, and the
diagnostics attached to the old line they name.  Two renderers use it: `render_text()` here
for the terminal, and `report.render_file()` for the HTML report.  Both run in the worker
process of the file, so the parent only ever holds one rendered file at a time.

`render_text()` lays its rows out with `two_columns()`; that and `wrap_text()` serve any
other two-column view of text on a terminal.

Standard library only (difflib, unicodedata), so `convert --side-by-side` on one file
starts as fast as `convert` itself.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from threadmod.errors import Diagnostic
from threadmod.terminal import paint, unpainted

# Python's line breaks only: str.splitlines would also split at \f and U+2028.
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")
# Words, runs of spaces, single punctuation: the units changes are highlighted in.
_TOKENS = re.compile(r"\w+|[ \t]+|[^\w \t]", re.UNICODE)

SAME, CHANGED, REMOVED, ADDED = "same", "changed", "removed", "added"
_BREAK_AFTER = frozenset(" ,([{=")  # a wrapped line breaks after one of these when it can
TAB_SIZE = 8
CONTEXT = 3
_PAIR_CUTOFF = 0.5  # lines less alike than this are shown as removed + added, not as a pair
_ALIGN_LIMIT = 2500  # pairs compared when aligning one block of replaced lines


@dataclass(frozen=True)
class Side:
    """One line on one side: its number and its text as (text, changed) segments."""

    number: int
    segments: tuple[tuple[str, bool], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)


@dataclass(frozen=True)
class Row:
    kind: str  # SAME, CHANGED (a pair), REMOVED (old only) or ADDED (new only)
    old: Side | None
    new: Side | None
    notes: tuple[Diagnostic, ...] = ()  # diagnostics at the old line


@dataclass(frozen=True)
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    rows: tuple[Row, ...]

    @property
    def header(self) -> str:
        return f"@@ -{_range(self.old_start, self.old_count)} +{_range(self.new_start, self.new_count)} @@"


@dataclass
class FileDiff:
    hunks: list[Hunk] = field(default_factory=list)
    removed: int = 0  # old lines that are not in the new text
    added: int = 0  # new lines that are not in the old text
    # Diagnostics no row carries (a line past the end of the file).
    loose_notes: tuple[Diagnostic, ...] = ()


def _range(start: int, count: int) -> str:
    return str(start) if count == 1 else f"{start},{count}"


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split at \\n, \\r\\n and \\r only."""
    return _LINES.findall(text)


def _strip_ending(line: str) -> str:
    return line.rstrip("\r\n")


def compare(
    old_text: str, new_text: str, diagnostics: Iterable[Diagnostic] = (), context: int = CONTEXT
) -> FileDiff:
    """Rows of the lines that changed or carry a diagnostic, with `context` lines around them."""
    old = split_lines(old_text)
    new = split_lines(new_text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=len(old) + len(new) > 20000)
    rows: list[Row] = []
    diff = FileDiff()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                text = _strip_ending(old[i])
                rows.append(Row(SAME, Side(i + 1, ((text, False),)), Side(j + 1, ((text, False),))))
            continue
        diff.removed += i2 - i1
        diff.added += j2 - j1
        for i, j in _align(old[i1:i2], new[j1:j2]):
            if i is not None and j is not None:
                left, right = _intraline(_strip_ending(old[i1 + i]), _strip_ending(new[j1 + j]))
                rows.append(Row(CHANGED, Side(i1 + i + 1, left), Side(j1 + j + 1, right)))
            elif i is not None:
                rows.append(Row(REMOVED, Side(i1 + i + 1, ((_strip_ending(old[i1 + i]), True),)), None))
            else:
                rows.append(Row(ADDED, None, Side(j1 + j + 1, ((_strip_ending(new[j1 + j]), True),))))
    rows, diff.loose_notes = _attach_notes(rows, diagnostics)
    diff.hunks = _hunks(rows, context)
    return diff


def _attach_notes(rows: list[Row], diagnostics: Iterable[Diagnostic]) -> tuple[list[Row], tuple[Diagnostic, ...]]:
    by_line: dict[int, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_line.setdefault(max(1, diagnostic.line), []).append(diagnostic)
    if not by_line:
        return rows, ()
    out = []
    for row in rows:
        if row.old is not None and row.old.number in by_line:
            row = Row(row.kind, row.old, row.new, tuple(sorted(by_line.pop(row.old.number))))
        out.append(row)
    loose = tuple(sorted(d for notes in by_line.values() for d in notes))
    return out, loose


def _hunks(rows: list[Row], context: int) -> list[Hunk]:
    wanted = [i for i, row in enumerate(rows) if row.kind != SAME or row.notes]
    groups: list[list[int]] = []
    for index in wanted:
        start, end = max(0, index - context), min(len(rows), index + context + 1)
        if groups and start <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], end)
        else:
            groups.append([start, end])
    hunks = []
    for start, end in groups:
        chosen = tuple(rows[start:end])
        olds = [r.old.number for r in chosen if r.old is not None]
        news = [r.new.number for r in chosen if r.new is not None]
        old_start = olds[0] if olds else _number_before(rows, start, "old")
        new_start = news[0] if news else _number_before(rows, start, "new")
        hunks.append(Hunk(old_start, len(olds), new_start, len(news), chosen))
    return hunks


def _number_before(rows: list[Row], start: int, side: str) -> int:
    """Unified-diff style start of an empty range: the number of the line before it."""
    for row in reversed(rows[:start]):
        line = getattr(row, side)
        if line is not None:
            return line.number
    return 0


def _similarity(a: str, b: str) -> float:
    """How alike two lines are, by characters or by words, whichever says more.

    Words pair `thread.start_new_thread(f, (1,))` with `f_thread = threading.Thread(target=f,
    args=(1,))` rather than with `f_thread.start()`; characters pair `print "x"` with
    `print("x")` when several lines would do.
    """
    a, b = a.strip(), b.strip()
    if a == b:
        return 1.0
    best = 0.0
    for x, y in ((_TOKENS.findall(a), _TOKENS.findall(b)), (a, b)):
        matcher = difflib.SequenceMatcher(None, x, y, autojunk=False)
        if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
            best = max(best, matcher.ratio())
    return best if best >= _PAIR_CUTOFF else 0.0


def _align(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pair each old line of a replaced block with the most alike new line, in order.

    The best order-keeping pairing by total likeness (lines less alike than the cutoff stay
    unpaired); blocks too big to compare pair by position.
    """
    n, m = len(old), len(new)
    if n == 0 or m == 0 or n * m > _ALIGN_LIMIT:
        pairs: list[tuple[int | None, int | None]] = [(i, i) for i in range(min(n, m))]
        pairs += [(i, None) for i in range(m, n)] + [(None, j) for j in range(n, m)]
        return pairs
    sim = [[_similarity(old[i], new[j]) for j in range(m)] for i in range(n)]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            s = sim[i - 1][j - 1]
            if s >= _PAIR_CUTOFF:
                best = max(best, score[i - 1][j - 1] + s)
            score[i][j] = best
    matched: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        s = sim[i - 1][j - 1]
        if s >= _PAIR_CUTOFF and score[i][j] == score[i - 1][j - 1] + s:
            matched.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    matched.reverse()
    # Unpaired lines go where they fall between pairs: removed ones first, then added ones.
    pairs = []
    next_old = next_new = 0
    for i, j in matched + [(n, m)]:
        pairs += [(k, None) for k in range(next_old, i)]
        pairs += [(None, k) for k in range(next_new, j)]
        if i < n:
            pairs.append((i, j))
        next_old, next_new = i + 1, j + 1
    return pairs


def _intraline(old: str, new: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """Each line as segments, the words and symbols that differ marked as changed."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        _add(left, "".join(a[i1:i2]), tag != "equal")
        _add(right, "".join(b[j1:j2]), tag != "equal")
    return tuple(left), tuple(right)


def _add(segments: list[tuple[str, bool]], text: str, changed: bool) -> None:
    if not text:
        return
    if segments and segments[-1][1] == changed:
        segments[-1] = (segments[-1][0] + text, changed)
    else:
        segments.append((text, changed))


# --- what a character looks like on screen ------------------------------------------------


def cell_width(char: str) -> int:
    """Terminal cells a printable character takes: 2 for wide East Asian ones, 0 for combining."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def visible(text: str, column: int = 0, tab: str = "\u2192") -> list[tuple[str, bool]]:
    """text as (shown, is_marker) pieces: tabs as an arrow padded to the next tab stop,
    control characters and invisible separators as a visible marker, never as themselves.

    column is where text starts, for tab stops.
    """
    pieces: list[tuple[str, bool]] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            pieces.append(("".join(plain), False))
            plain.clear()

    for char in text:
        if char == "\t":
            flush()
            width = TAB_SIZE - column % TAB_SIZE
            pieces.append((tab + " " * (width - 1), True))
            column += width
            continue
        code = ord(char)
        category = unicodedata.category(char)
        if code < 0x20 or code == 0x7F:
            flush()
            pieces.append((chr(0x2400 + code) if code < 0x20 else "\u2421", True))
            column += 1
        elif category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and char != "\u200d":
            flush()
            marker = f"<U+{code:04X}>"
            pieces.append((marker, True))
            column += len(marker)
        else:
            plain.append(char)
            column += cell_width(char)
    flush()
    return pieces


# --- terminal -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Glyphs:
    rule: str = "\u2500"
    tee: str = "\u252c"
    bar: str = "\u2502"
    tab: str = "\u2192"
    wrap: str = "\u21aa"
    note: str = "\u25b2"


ASCII_GLYPHS = Glyphs(rule="-", tee="+", bar="|", tab=">", wrap=">", note="^")


def render_text(diff: FileDiff, name: str, width: int, colour: bool, glyphs: Glyphs = Glyphs()) -> str:
    """The diff of file `name` as lines `width` cells wide at most; ANSI colour when colour is true.

    A title (the file's name), a rule, then each hunk: its header, and rows of
    `number marker text │ number marker text`, old on the left, new on the right.

    Each side shows line numbers; without colour, `-` marks a removed or changed old line and
    `+` an added or changed new one, so the view reads the same in a log file.
    """
    if not diff.hunks and not diff.loose_notes:
        return ""
    numbers = max(
        [len(str(s.number)) for h in diff.hunks for r in h.rows for s in (r.old, r.new) if s is not None] + [1]
    )
    prefix = numbers + 3  # number, space, marker, space
    side = max(8, (width - 3 - 2 * prefix) // 2)

    def style(name: str, text: str) -> str:
        return paint(name, text) if colour and text else text

    def side_lines(line: Side | None, kind: str, mark: str, base: str) -> list[str]:
        """One side of a row: its line wrapped to `side` cells, each piece after a number and a marker."""
        if line is None:
            return []
        lines = []
        for k, chunk in enumerate(_wrap(line.segments, side, glyphs.tab)):
            number = str(line.number) if k == 0 else ""
            # A changed line's marker is on every piece of it, so grep finds them all.
            sign = mark if kind != SAME else (glyphs.wrap if k else " ")
            if sign != " ":
                sign = style("marker" if kind == SAME else base, sign)
            text = []
            for piece, changed, is_marker in chunk:
                if kind == SAME:
                    text.append(style("marker", piece) if is_marker else piece)
                elif changed and kind == CHANGED:
                    text.append(style(f"{base}-changed", piece))
                else:
                    text.append(style(base, piece))
            lines.append(style("number", number.rjust(numbers)) + " " + sign + " " + "".join(text))
        return lines

    out: list[str] = []
    total = 2 * (prefix + side) + 3
    out.append(style("header", _fit(name, total)))
    out.append(style("rule", glyphs.rule * (prefix + side + 1) + glyphs.tee + glyphs.rule * (prefix + side + 1)))
    for hunk in diff.hunks:
        out.append(style("hunk", hunk.header))
        for row in hunk.rows:
            left = side_lines(row.old, row.kind, "-", "old")
            right = side_lines(row.new, row.kind, "+", "new")
            out.extend(two_columns([(left, right)], prefix + side, glyphs.bar))
            for note in row.notes:
                out.extend(_note_lines(note, width, prefix, glyphs, style))
    for note in diff.loose_notes:
        out.extend(_note_lines(note, width, prefix, glyphs, style))
    return "\n".join(out) + "\n"


def two_columns(
    rows: Iterable[tuple[Sequence[str], Sequence[str]]], left_width: int, bar: str = Glyphs.bar
) -> list[str]:
    """Rows of (left lines, right lines) as screen lines: each left line padded to left_width
    cells, ` bar `, the right line beside it; the side with fewer lines padded with blanks.

    Lines may hold terminal.paint() styles (they take no cells).  Trailing spaces are dropped.
    """
    out = []
    for left, right in rows:
        for k in range(max(len(left), len(right))):
            lhs = left[k] if k < len(left) else ""
            rhs = right[k] if k < len(right) else ""
            padding = " " * (left_width - text_width(unpainted(lhs)))
            out.append(f"{lhs}{padding} {bar} {rhs}".rstrip())
    return out


def wrap_text(text: str, room: int, tab: str = Glyphs.tab) -> list[str]:
    """text as lines of at most room cells, tabs and control characters made visible (as
    visible() shows them), broken as side-by-side views break long lines."""
    return ["".join(piece for piece, _changed, _is_marker in chunk) for chunk in _wrap(((text, False),), room, tab)]


def _note_lines(note: Diagnostic, width: int, prefix: int, glyphs: Glyphs, style) -> list[str]:
    text = f"{glyphs.note} {note.line}:{note.col}: {note.code} {note.message}"
    room = max(20, width - prefix)
    lines = []
    while text:
        chunk, text = _take(text, room)
        lines.append(" " * prefix + style("note", chunk))
    return lines


def text_width(text: str) -> int:
    """Terminal cells text takes."""
    return sum(cell_width(c) for c in text)


def _take(text: str, room: int) -> tuple[str, str]:
    used = 0
    for index, char in enumerate(text):
        used += cell_width(char)
        if used > room:
            return text[:index], text[index:]
    return text, ""


def _fit(text: str, room: int) -> str:
    """text cut to room cells, keeping its end (the file name) when too long."""
    if text_width(text) <= room:
        return text
    kept = ""
    for char in reversed(text):
        if text_width(kept) + cell_width(char) > room - 1:
            break
        kept = char + kept
    return "\u2026" + kept


def _wrap(
    segments: Sequence[tuple[str, bool]], room: int, tab: str
) -> list[list[tuple[str, bool, bool]]]:
    """A line's (text, changed) segments cut into chunks of at most room cells:
    [(text, changed, is_marker)].

    Lines break after a space, comma, opening bracket or `=` near the end of the chunk,
    else anywhere.
    """
    units: list[tuple[str, bool, bool, int]] = []  # one character, or one marker
    column = 0
    for text, changed in segments:
        for piece, is_marker in visible(text, column, tab):
            width = text_width(piece)
            column += width
            if is_marker and width <= room:
                units.append((piece, changed, True, width))
            else:
                units += [(char, changed, is_marker, cell_width(char)) for char in piece]
    breaks: list[int] = []  # indexes where a chunk starts
    start = used = 0
    last_space = -1
    for index, (unit, _changed, is_marker, width) in enumerate(units):
        if used + width > room and index > start:
            cut = index
            if last_space > start and index - last_space <= room // 3:
                cut = last_space
            breaks.append(cut)
            start = cut
            used = sum(u[3] for u in units[cut:index])
        used += width
        if unit in _BREAK_AFTER and not is_marker:
            last_space = index + 1
    chunks: list[list[tuple[str, bool, bool]]] = []
    for begin, end in zip([0, *breaks], [*breaks, len(units)]):
        chunk: list[tuple[str, bool, bool]] = []
        for unit, changed, is_marker, _width in units[begin:end]:
            if chunk and chunk[-1][1] == changed and chunk[-1][2] == is_marker:
                chunk[-1] = (chunk[-1][0] + unit, changed, is_marker)
            else:
                chunk.append((unit, changed, is_marker))
        chunks.append(chunk)
    return chunks
