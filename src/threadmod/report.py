"""`convert --report FILE.html`: one self-contained HTML page for reviewing a conversion.

A summary (totals, diagnostics by code, one row per file) and, per file, a side-by-side
diff with the changed words marked (`<del>` on the left, `<ins>` on the right) and each
diagnostic under the line it names; the files with nothing to show (unchanged, no
diagnostic) are one collapsed list.  A changed file is "changed" only when the run wrote it
(-o, -w), else "would change".  A long line wraps under its own text, past its indentation.
No script, no font, no image, no link outside the page: it opens the same offline, from a
CI artifact or an e-mail.

Worker processes render each file's diff (`render_file`); the parent's `ReportWriter`
appends each file's section to a temporary file as results arrive, so memory stays flat
however big the tree, and only at the end writes the page next to FILE and renames it
into place: an interrupted run leaves no half-written report.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from html import escape

from threadmod.atomic import AtomicFile
from threadmod.sidebyside import CHANGED, SAME, FileDiff, Side, text_width, visible

CHANGED_STATUS, UNCHANGED_STATUS, FAILED_STATUS = "changed", "unchanged", "failed"
WOULD_CHANGE = "would change"  # what a changed file is called when the run wrote nothing
# The deepest indentation a wrapped line keeps under its text (in cells): past it, a deep
# line in a narrow column would leave its text no room.
MAX_HANGING_INDENT = 40


def render_file(diff: FileDiff) -> str:
    """One file's side-by-side diff as an HTML table (a fragment of the report)."""
    out = [
        '<table class="sbs"><colgroup><col class="n"><col class="c"><col class="n"><col class="c"></colgroup>'
        '<thead><tr><th colspan="2">before</th><th colspan="2">after</th></tr></thead><tbody>'
    ]
    for hunk in diff.hunks:
        out.append(f'<tr class="hunk"><td colspan="4">{escape(hunk.header)}</td></tr>')
        for row in hunk.rows:
            out.append(f'<tr class="{row.kind}">')
            out.append(_cell(row.old, "old", row.kind))
            out.append(_cell(row.new, "new", row.kind))
            out.append("</tr>")
            for note in row.notes:
                out.append(_note(note))
    for note in diff.loose_notes:
        out.append(_note(note))
    out.append("</tbody></table>")
    return "".join(out)


def _cell(side: Side | None, which: str, kind: str) -> str:
    if side is None:
        return f'<td class="n"></td><td class="c {which} empty"></td>'
    tag = "del" if which == "old" else "ins"
    parts = []
    column = 0
    indent = _indent_width(side.segments)
    for text, changed in side.segments:
        shown = []
        for piece, is_marker in visible(text, column):
            column += text_width(piece)
            piece = escape(piece)
            shown.append(f'<span class="ws">{piece}</span>' if is_marker else piece)
        html = "".join(shown)
        # Words are marked within a pair of lines; a line alone is marked by its row.
        parts.append(f"<{tag}>{html}</{tag}>" if changed and kind == CHANGED else html)
    side_class = "" if kind == SAME else f" {which}"
    # --i: the indentation in cells; the style sheet wraps the line's rest under its text.
    hanging = f' style="--i:{indent}"' if indent else ""
    return f'<td class="n">{side.number}</td><td class="c{side_class}"{hanging}>{"".join(parts)}</td>'


def _indent_width(segments) -> int:
    """The cells a line's leading spaces and tabs take as shown (tabs to their stops), at
    most MAX_HANGING_INDENT; 0 for a line of only whitespace, which never wraps."""
    line = "".join(text for text, _changed in segments)
    body = line.lstrip(" \t")
    if not body:
        return 0
    shown = visible(line[: len(line) - len(body)])
    return min(sum(text_width(piece) for piece, _marker in shown), MAX_HANGING_INDENT)


def _note(note) -> str:
    return (
        f'<tr class="note" data-line="{note.line}"><td class="n"></td><td colspan="3">'
        f'<span class="mark">\u25b2</span> <span class="where">line {note.line}, column {note.col}</span> '
        f'<code class="code">{escape(note.code)}</code> {escape(note.message)}</td></tr>'
    )


@dataclass
class _FileRow:
    anchor: str
    path: str
    status: str
    removed: int
    added: int
    diagnostics: int


class ReportWriter:
    """Writes the report one file at a time: `add()` for each result, then `commit()`."""

    def __init__(self, path: str, command: str, code_names: dict[str, str], written: bool = False) -> None:
        self.command = command
        self.code_names = code_names
        self.written = written  # did the run write the changed files (-o, -w)?
        # The page is assembled next to its final name (so the rename is atomic)...
        self._page = AtomicFile(path, text=True, fsync=True, default_mode=0o644)
        # ...from the sections, spooled to an anonymous file as they come.
        self._sections = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._rows: list[_FileRow] = []
        self._by_code: dict[str, int] = {}
        self._plain: list[str] = []  # the unchanged files with nothing to show: one list at the end
        self._started = time.time()

    def add(
        self,
        path: str,
        status: str,
        messages: list[str],
        diagnostic_codes: list[str],
        fragment: str | None,
        removed: int = 0,
        added: int = 0,
    ) -> None:
        for code in diagnostic_codes:
            self._by_code[code] = self._by_code.get(code, 0) + 1
        if status == UNCHANGED_STATUS and not fragment:
            self._plain.append(path)
            return
        anchor = f"f{len(self._rows) + 1}"
        self._rows.append(_FileRow(anchor, path, status, removed, added, len(diagnostic_codes)))
        out = [
            f'<section class="file {status}" id="{anchor}" data-path="{escape(path)}" data-status="{status}">',
            f'<h2><span class="path">{escape(path)}</span> <span class="badge {status}">{self._label(status)}</span>',
        ]
        if status == CHANGED_STATUS:
            out.append(
                f' <span class="stat"><span class="minus">\u2212{removed}</span> <span class="plus">+{added}</span></span>'
            )
        out.append("</h2>")
        if status == FAILED_STATUS:
            out += ['<pre class="error">', escape("\n".join(messages)), "</pre>"]
        elif fragment:
            out.append(fragment)
        else:  # a changed file whose diff was not rendered
            out.append('<p class="none">No diff to show.</p>')
        out.append('<p class="top"><a href="#summary">summary \u2191</a></p></section>\n')
        self._sections.write("".join(out))

    def commit(self) -> None:
        """Write the page and move it into place."""
        try:
            page = self._page.file
            page.write(_HEAD.format(title=escape(self._title())))
            page.write(self._summary())
            page.write('<main id="files">\n')
            self._sections.seek(0)
            shutil.copyfileobj(self._sections, page)
            page.write(self._unchanged_list())
            page.write("</main>\n</body>\n</html>\n")
            self._page.commit()
        except BaseException:
            self.abort()
            raise
        finally:
            self._sections.close()

    def abort(self) -> None:
        """Leave no trace: no page, no temporary file."""
        self._page.abort()
        try:
            self._sections.close()
        except OSError:
            pass

    # --- the summary --------------------------------------------------------------------

    def _label(self, status: str) -> str:
        """What a status is called on the page: a changed file the run did not write "would change"."""
        return WOULD_CHANGE if status == CHANGED_STATUS and not self.written else status

    def _counts(self) -> dict[str, int]:
        counts = {CHANGED_STATUS: 0, UNCHANGED_STATUS: len(self._plain), FAILED_STATUS: 0}
        for row in self._rows:
            counts[row.status] += 1
        return counts

    def _files(self) -> int:
        return len(self._rows) + len(self._plain)

    def _title(self) -> str:
        counts = self._counts()
        n = self._files()
        return (
            f"threadmod report: {n} file{'s' if n != 1 else ''}, {counts[CHANGED_STATUS]} {self._label(CHANGED_STATUS)}, "
            f"{counts[UNCHANGED_STATUS]} unchanged, {counts[FAILED_STATUS]} failed"
        )

    def _unchanged_list(self) -> str:
        """The unchanged files with no diagnostic, as one list, collapsed: a tree of hundreds
        of files shows one line for them, not a card each."""
        if not self._plain:
            return ""
        n = len(self._plain)
        items = "".join(
            f'<li data-path="{escape(path)}" data-status="{UNCHANGED_STATUS}">{escape(path)}</li>' for path in self._plain
        )
        return (
            f'<details class="unchanged" id="unchanged"><summary>{n} unchanged file{"s" if n != 1 else ""}: '
            f'nothing to change, no diagnostic</summary><ul class="plain">{items}</ul></details>\n'
        )

    def _summary(self) -> str:
        counts = self._counts()
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self._started))
        out = [
            "<header>",
            f"<h1>{escape(self._title())}</h1>",
            f'<p class="meta"><code>{escape(self.command)}</code> \u00b7 {when} \u00b7 threadmod {escape(_version())}</p>',
            "</header>",
            '<section id="summary"><h2>Summary</h2>',
            '<table class="totals"><tbody>',
            f'<tr><th>files</th><td data-count="files">{self._files()}</td></tr>',
            f'<tr class="changed"><th>{self._label(CHANGED_STATUS)}</th>'
            f'<td data-count="changed">{counts[CHANGED_STATUS]}</td></tr>',
            f'<tr class="unchanged"><th>unchanged</th><td data-count="unchanged">{counts[UNCHANGED_STATUS]}</td></tr>',
            f'<tr class="failed"><th>failed</th><td data-count="failed">{counts[FAILED_STATUS]}</td></tr>',
            f'<tr><th>diagnostics</th><td data-count="diagnostics">{sum(self._by_code.values())}</td></tr>',
            "</tbody></table>",
        ]
        if self._by_code:
            out.append('<table class="codes"><thead><tr><th>code</th><th>transform</th><th>diagnostics</th></tr></thead><tbody>')
            for code, count in sorted(self._by_code.items()):
                out.append(
                    f'<tr data-code="{escape(code)}"><td><code>{escape(code)}</code></td>'
                    f"<td>{escape(self.code_names.get(code, ''))}</td><td>{count}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append(
            '<table class="files"><thead><tr><th>file</th><th>status</th><th>lines \u2212/+</th>'
            "<th>diagnostics</th></tr></thead><tbody>"
        )
        for row in self._rows:
            lines = ""
            if row.status == CHANGED_STATUS:
                lines = f'<span class="minus">\u2212{row.removed}</span> <span class="plus">+{row.added}</span>'
            out.append(
                f'<tr class="{row.status}"><td><a href="#{row.anchor}">{escape(row.path)}</a></td>'
                f'<td><span class="badge {row.status}">{self._label(row.status)}</span></td>'
                f"<td>{lines}</td><td>{row.diagnostics or ''}</td></tr>"
            )
        out.append("</tbody></table>")
        if self._plain:
            n = len(self._plain)
            out.append(f'<p class="plain-link"><a href="#unchanged">{n} unchanged file{"s" if n != 1 else ""}</a>, '
                       "nothing to change and no diagnostic: listed at the end</p>")
        out.append("</section>\n")
        return "\n".join(out)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("threadmod")
    except PackageNotFoundError:
        return "(not installed)"


# Kept in this file, inline in the page: the report must load nothing from anywhere.
_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="threadmod">
<title>{title}</title>
<style>
:root {{
  color-scheme: light dark;
  --fg: #1f2328; --muted: #656d76; --bg: #ffffff; --line: #d0d7de; --head: #f6f8fa;
  --old: #ffebe9; --old-strong: #ff8182; --new: #dafbe1; --new-strong: #4ac26b;
  --hunk: #ddf4ff; --note: #fff8c5; --note-fg: #7d4e00; --fail: #cf222e; --change: #0969da;
}}
@media (prefers-color-scheme: dark) {{
  :root {{
    --fg: #e6edf3; --muted: #8d96a0; --bg: #0d1117; --line: #30363d; --head: #161b22;
    --old: #3c1618; --old-strong: #8e1519; --new: #12261e; --new-strong: #1f6f3a;
    --hunk: #0c2d6b; --note: #3b2e05; --note-fg: #e3b341; --fail: #f85149; --change: #4493f8;
  }}
}}
* {{ box-sizing: border-box; }}
body {{ margin: 0 auto; max-width: 1600px; padding: 16px 24px 48px; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }}
code, pre, .sbs td.c, .sbs td.n, .hunk td {{ font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, \
Consolas, monospace; font-size: 12.5px; }}
h1 {{ font-size: 22px; margin: 8px 0 4px; }}
h2 {{ font-size: 16px; margin: 0 0 8px; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }}
.meta {{ color: var(--muted); margin: 0 0 16px; }}
a {{ color: var(--change); }}
table {{ border-collapse: collapse; }}
#summary {{ margin-bottom: 24px; }}
#summary table {{ margin: 0 24px 16px 0; display: inline-table; vertical-align: top; }}
#summary th, #summary td {{ border: 1px solid var(--line); padding: 4px 10px; text-align: left; }}
#summary thead th, .totals th {{ background: var(--head); }}
table.files {{ display: table !important; width: 100%; }}
table.files td:first-child {{ font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }}
.badge {{ display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600;
  border: 1px solid currentColor; }}
.badge.changed {{ color: var(--change); }}
.badge.unchanged {{ color: var(--muted); }}
.badge.failed {{ color: var(--fail); }}
.minus {{ color: var(--fail); }}
.plus {{ color: #1a7f37; }}
section.file {{ border: 1px solid var(--line); border-radius: 6px; margin: 0 0 20px; padding: 12px; }}
section.file .path {{ font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }}
section.file.failed {{ border-color: var(--fail); }}
.none {{ color: var(--muted); margin: 0; }}
pre.error {{ color: var(--fail); background: var(--head); padding: 8px; margin: 0; white-space: pre-wrap; \
word-break: break-all; }}
.top {{ margin: 6px 0 0; font-size: 12px; text-align: right; }}
table.sbs {{ width: 100%; table-layout: fixed; }}
.sbs col.n {{ width: 4.5em; }}
.sbs thead th {{ background: var(--head); border: 1px solid var(--line); font-weight: 600; text-align: left; padding: 2px 8px; }}
.sbs td {{ vertical-align: top; padding: 0 8px; }}
.sbs td.n {{ color: var(--muted); text-align: right; user-select: none; border-right: 1px solid var(--line); }}
/* A long line wraps under its own text: --i is its indentation in cells (1ch each). */
.sbs td.c {{ white-space: pre-wrap; overflow-wrap: anywhere; padding-left: calc(8px + var(--i, 0) * 1ch);
  text-indent: calc(var(--i, 0) * -1ch); }}
.sbs td.c.old {{ background: var(--old); }}
.sbs td.c.new {{ background: var(--new); }}
.sbs td.c.empty {{ background: repeating-linear-gradient(135deg, transparent 0 6px, var(--line) 6px 7px); }}
.sbs tr.removed td.n:first-child, .sbs tr.changed td.n:first-child {{ background: var(--old); }}
.sbs tr.added td.n:nth-child(3), .sbs tr.changed td.n:nth-child(3) {{ background: var(--new); }}
.sbs del {{ background: var(--old-strong); text-decoration: none; border-radius: 2px; }}
.sbs ins {{ background: var(--new-strong); text-decoration: none; border-radius: 2px; }}
.sbs tr.hunk td {{ background: var(--hunk); color: var(--muted); padding: 2px 8px; }}
.sbs tr.note td {{ background: var(--note); color: var(--note-fg); padding: 2px 8px; }}
.sbs tr.note .where {{ font-size: 12px; }}
.ws {{ color: var(--muted); opacity: .7; }}
details.unchanged {{ border: 1px solid var(--line); border-radius: 6px; margin: 0 0 20px; padding: 8px 12px; }}
details.unchanged summary {{ cursor: pointer; color: var(--muted); }}
ul.plain {{ margin: 8px 0 0; padding-left: 20px; columns: 3 24em; font-family: ui-monospace, "DejaVu Sans Mono", \
monospace; font-size: 12.5px; }}
ul.plain li {{ word-break: break-all; }}
.plain-link {{ color: var(--muted); margin: 0; }}
</style>
</head>
<body>
"""
