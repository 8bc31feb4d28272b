"""A verdict as text: each difference with the items around it side by side, then what was allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from threadmod.sidebyside import two_columns, wrap_text

if TYPE_CHECKING:
    from threadmod.verify.comparison import Difference, Verdict
    from threadmod.verify.trace import Item


def render_verdict(verdict: Verdict, width: int = 120) -> str:
    from threadmod.verify.comparison import ending

    out = [f"  legacy {ending(verdict.legacy)['text']}; modern {ending(verdict.modern)['text']}"]
    lp = f"legacy (Python {verdict.legacy.python})"
    mp = f"modern (Python {verdict.modern.python})"
    for d in verdict.differences:
        out.append(f"  {d.thread + ': ' if d.thread else ''}{d.message}")
        if d.legacy or d.modern:
            out.extend(_side_by_side(d, lp, mp, width))
    for a in verdict.allowed:
        out.append(f"  allowed: {a.name}{' (' + a.thread + ')' if a.thread else ''}: {a.message}")
    return "\n".join(out)


def format_time(t: float) -> str:
    """Virtual seconds to the millisecond, or finer when that would hide a difference."""
    s = f"{t:.3f}"
    return s if abs(float(s) - t) < 1e-12 else f"{t:.6f}".rstrip("0")


def _show(item: Item) -> str:
    if item.kind == "sync":
        text = f"[{item.text}]"
    elif item.kind == "err":
        text = f"[stderr] {item.text}"
    else:
        text = item.text
    return text + (" (after exit)" if item.after_exit else "")


def _side_by_side(d: Difference, lp: str, mp: str, width: int) -> list[str]:
    col = max(24, (width - 27) // 2)  # "    " + (flag, time, text) + " | " + (flag, time, text)

    # the marked lines differ only in white space: show them as repr() so the difference shows
    invisible = (d.legacy_mark is not None and d.modern_mark is not None
                 and d.legacy_mark < len(d.legacy) and d.modern_mark < len(d.modern)
                 and d.legacy[d.legacy_mark].text != d.modern[d.modern_mark].text
                 and d.legacy[d.legacy_mark].text.strip() == d.modern[d.modern_mark].text.strip())

    def cell(items, k, mark) -> list[str]:
        """One item as lines: a flag and its time, then its text, wrapped under itself."""
        if k >= len(items):
            return [" " * 10 + ("(nothing)" if k == mark else "")]
        it = items[k]
        flag = ">" if k == mark else " "
        text = _show(it) if not (invisible and k == mark) else repr(it.text)
        lines = wrap_text(text, col) or [""]
        return [f"{flag}{format_time(it.t):>8} {lines[0]}"] + [" " * 10 + line for line in lines[1:]]

    n = max(len(d.legacy), len(d.modern), (d.legacy_mark or 0) + 1, (d.modern_mark or 0) + 1)
    rows = [([" " * 10 + lp[:col]], [" " * 10 + mp[:col]])]
    rows += [(cell(d.legacy, k, d.legacy_mark), cell(d.modern, k, d.modern_mark)) for k in range(n)]
    return ["    " + line for line in two_columns(rows, col + 10, bar="|")]
