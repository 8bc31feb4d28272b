"""Offset edits over a source text, applied in one pass with a map back to the input.

An edit replaces the text in [start, end) by a list of parts: strings, or `Copy`
ranges of the original text.  A Copy is rendered with every edit that lies inside it
applied, so a transform can move a sub-expression (``print >>f, x`` moves ``f``) while
other transforms still rewrite what is inside it.  Edits may nest but never partly
overlap; zero-width edits (insertions) at the same offset keep their order.

An insertion at a Copy's boundary belongs to the copied text when an edit swallows it
(lies strictly around its offset: it would be lost otherwise), else it is rendered where
it stands, once: `list(` and `)` around `d.keys()` survive `d.has_key(d2.keys())`
moving its argument, and are not doubled when a Copy starts where its edit starts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Copy:
    start: int
    end: int


Part = Union[str, Copy]


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    parts: tuple[Part, ...]
    code: str = ""  # the transform that made it
    # False for rewrites that are only right if the file is Python 2 (`print (1, 2)`):
    # they alone do not make a file that fails to parse as Python 3 count as Python 2.
    evidence: bool = True

    @staticmethod
    def replace(start: int, end: int, text: str, code: str = "", evidence: bool = True) -> Edit:
        return Edit(start, end, (text,), code, evidence)


class EditConflict(Exception):
    """Two edits overlap without nesting: a transform bug, never shown as output."""


class Rendered:
    """The output text plus anchors mapping output offsets back to input offsets."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.out_anchors: list[int] = []
        self.in_anchors: list[int] = []
        self.length = 0

    def add(self, text: str, source_offset: int) -> None:
        if text:
            self.out_anchors.append(self.length)
            self.in_anchors.append(source_offset)
            self.chunks.append(text)
            self.length += len(text)

    def text(self) -> str:
        return "".join(self.chunks)

    def source_offset(self, out_offset: int) -> int:
        """The input offset that produced the output at out_offset (approximate inside inserted text)."""
        index = bisect_right(self.out_anchors, out_offset) - 1
        if index < 0:
            return 0
        return self.in_anchors[index] + (out_offset - self.out_anchors[index])


def apply_edits(text: str, edits: list[Edit]) -> Rendered:
    """Apply non-overlapping (possibly nested) edits to text."""
    # At one offset: insertions first (in the order given), then the widest edit.
    ordered = sorted(edits, key=lambda e: (e.start, e.end > e.start, -(e.end - e.start)))
    for previous, current in zip(ordered, ordered[1:]):
        if previous.start < current.start < previous.end < current.end:
            raise EditConflict(f"edits overlap: {previous} and {current}")
    rendered = Rendered()
    wide = [(e.start, e.end) for e in ordered if e.end > e.start]
    _render(text, ordered, 0, len(ordered), 0, len(text), rendered, top=True, wide=wide)
    return rendered


def _swallowed(wide: list[tuple[int, int]], offset: int) -> bool:
    """Whether an edit lies strictly around offset (an insertion there is not rendered in place)."""
    return any(start < offset < end for start, end in wide)


def _render(
    text: str,
    edits: list[Edit],
    lo: int,
    hi: int,
    start: int,
    end: int,
    out: Rendered,
    top: bool = False,
    wide: list[tuple[int, int]] | None = None,
) -> None:
    """Render text[start:end] with the edits among edits[lo:hi] that fall inside it.

    Inside a Copy (not `top`), an insertion exactly at `start` or `end` is rendered only
    when an edit swallows its offset (see the module's docstring).
    """
    wide = wide or []
    at_start = None if top else _swallowed(wide, start)
    at_end = None if top else _swallowed(wide, end)
    position = start
    index = lo
    while index < hi:
        edit = edits[index]
        if edit.start > end:
            break
        if edit.start == end and not top and not (at_end and edit.end == end):
            break
        if edit.start < position or edit.end > end:
            index += 1
            continue
        if not top and edit.end == edit.start and edit.start == start and not at_start and start != end:
            index += 1
            continue
        out.add(text[position : edit.start], position)
        for part in edit.parts:
            if isinstance(part, str):
                out.add(part, edit.start)
            else:
                inner_lo = _first_at_or_after(edits, part.start)
                _render(text, edits, inner_lo, len(edits), part.start, part.end, out, wide=wide)
        position = edit.end
        index += 1
        # Skip edits nested in this one: they are rendered through its Copy parts.
        while index < hi and edits[index].start < edit.end and edit.end > edit.start:
            index += 1
    out.add(text[position:end], position)


def _first_at_or_after(edits: list[Edit], offset: int) -> int:
    lo, hi = 0, len(edits)
    while lo < hi:
        mid = (lo + hi) // 2
        if edits[mid].start < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo
