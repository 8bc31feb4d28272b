"""`convert --report FILE.html`: one self-contained page, a summary table and each file side by
side with its diagnostics, written incrementally and renamed into place.

The page is checked twice: parsed as HTML here, and rendered by headless Chromium (Debian's
`chromium`, which .ci/run installs): its DOM after rendering must show every file, and a
screenshot must show the changed words highlighted.  Without chromium those tests skip.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from threadmod.report import ReportWriter

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def tree(tmp_path):
    """The three seeds, a file with diagnostics, an unchanged one, a bad one, and one with
    tabs, wide characters and markup-like text."""
    src = tmp_path / "src"
    for seed in sorted((ROOT / "legacy").glob("*.py")):
        write(src / seed.name, seed.read_bytes())
    write(src / "pkg" / "leftovers.py", b"import md5\nfor i in coerce(3):\n    print i,\n")
    write(src / "pkg" / "modern.py", b'import threading\nprint("modern")\n')
    write(src / "pkg" / "bad.py", b"x = 1\ndef f(:\n    pass\n")
    write(
        src / "pkg" / "tricky.py",
        '# -*- coding: utf-8 -*-\nif 1 <> 2:\n\tprint u"<script>alert(1)</script> caf\u00e9 \u65e5\u672c", "&amp;"\n'.encode(),
    )
    return src


EXPECTED_STATUS = {
    "fib_threading.py": "changed",
    "threading1.py": "changed",
    "threading2.py": "changed",
    "pkg/bad.py": "failed",
    "pkg/leftovers.py": "changed",
    "pkg/modern.py": "unchanged",
    "pkg/tricky.py": "changed",
}


class Page(HTMLParser):
    """Just enough of a DOM: every element with its attributes, the text under each file's
    section, and the unchanged files listed together (`listed`: their paths, as sections)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.sections: dict[str, dict] = {}
        self._current: dict | None = None
        self._depth = 0
        self.text: list[str] = []
        self.listed: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "li" and "data-path" in attributes:
            self.listed.append(attributes["data-path"])
            self.sections[attributes["data-path"]] = {"status": attributes["data-status"], "text": [], "tags": [], "notes": []}
        if tag == "section" and "data-path" in attributes:
            self._current = {"status": attributes["data-status"], "text": [], "tags": [], "notes": []}
            self.sections[attributes["data-path"]] = self._current
            self._depth = 0
        if self._current is not None:
            if tag == "section":
                self._depth += 1
            self._current["tags"].append((tag, attributes))
            if tag == "tr" and "note" in attributes.get("class", ""):
                self._current["notes"].append(attributes.get("data-line"))

    def handle_endtag(self, tag):
        if self._current is not None and tag == "section":
            self._depth -= 1
            if self._depth == 0:
                self._current = None

    def handle_data(self, data):
        self.text.append(data)
        if self._current is not None:
            self._current["text"].append(data)


def relative_sections(page: Page, src: Path) -> dict[str, dict]:
    return {os.path.relpath(path, src).replace(os.sep, "/"): info for path, info in page.sections.items()}


def assert_self_contained(html: str) -> None:
    """Nothing the page would fetch: no script, no link, no src, no url() but data:."""
    page = Page(html)
    for tag, attributes in page.elements:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
        assert "src" not in attributes, (tag, attributes)
        href = attributes.get("href")
        if href is not None:
            assert href.startswith("#"), href
    assert not re.search(r"url\((?!\s*['\"]?data:)", html), "no resource loaded by CSS"
    assert "@import" not in html and "http://" not in html and "https://" not in html


# --- the page's content -----------------------------------------------------------------


def test_report_shows_a_summary_and_every_file(cli, tree, tmp_path):
    report = tmp_path / "out" / "report.html"
    before = {p: p.read_bytes() for p in tree.rglob("*.py")}
    run = cli("convert", tree, "--report", report)
    assert run.exit_code == 2, "the bad file makes it 2"
    assert {p: p.read_bytes() for p in tree.rglob("*.py")} == before, "--report alone writes nothing else"
    assert run.stdout == b""
    assert f"report: {report}" in run.stderr
    html = report.read_text(encoding="utf-8")
    assert_self_contained(html)
    page = Page(html)
    sections = relative_sections(page, tree)
    assert {path: info["status"] for path, info in sections.items()} == EXPECTED_STATUS
    counts = {a["data-count"]: None for t, a in page.elements if "data-count" in a}
    assert set(counts) == {"files", "changed", "unchanged", "failed", "diagnostics"}
    totals = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert totals == {"files": "7", "changed": "5", "unchanged": "1", "failed": "1", "diagnostics": "2"}
    # Nothing was written: the changed files "would change".
    assert "threadmod report: 7 files, 5 would change, 1 unchanged, 1 failed" in html
    assert '<th>would change</th><td data-count="changed">5</td>' in html
    # The summary table links to each file's section, then to the list of unchanged files.
    anchors = [a["href"] for t, a in page.elements if t == "a" and a.get("href", "#summary") != "#summary"]
    ids = [a["id"] for t, a in page.elements if t == "section" and "data-path" in a]
    assert anchors == ["#" + i for i in ids] + ["#unchanged"]
    assert [os.path.relpath(p, tree) for p in page.listed] == [os.path.join("pkg", "modern.py")]
    assert re.search(r'<tr data-code="TM301"><td><code>TM301</code></td><td>python2-leftovers</td><td>2</td>', html)


def test_report_sections_show_both_sides_the_changed_words_and_the_diagnostics(cli, tree, tmp_path):
    report = tmp_path / "report.html"
    cli("convert", tree, "--report", report)
    sections = relative_sections(Page(report.read_text(encoding="utf-8")), tree)
    seed = sections["threading1.py"]
    text = "".join(seed["text"])
    assert 'print "{}. {}".format(counter, string)' in text
    assert 'print("{}. {}".format(counter, string))' in text
    assert ("del", {}) in seed["tags"] and ("ins", {}) in seed["tags"]
    leftovers = sections["pkg/leftovers.py"]
    assert leftovers["notes"] == ["1", "2"], "each diagnostic under its own line"
    assert "TM301" in "".join(leftovers["text"]) and "coerce" in "".join(leftovers["text"])
    bad = "".join(sections["pkg/bad.py"]["text"])
    assert re.search(r"bad\.py:2:\d+: ", bad), bad
    assert ("details", {"class": "unchanged", "id": "unchanged"}) in Page(report.read_text(encoding="utf-8")).elements
    tricky = "".join(sections["pkg/tricky.py"]["text"])
    assert "<script>alert(1)</script>" in tricky and "&amp;" in tricky, "source text is escaped, not markup"
    assert "\u65e5\u672c" in tricky and "\u2192" in tricky, "wide characters kept, tabs shown"


def test_report_with_check_diff_and_output_dir(cli, tree, tmp_path):
    report = tmp_path / "r.html"
    run = cli("convert", tree / "threading1.py", "--check", "--diff", "--report", report)
    assert run.exit_code == 1
    assert run.stdout.startswith(b"--- a/")
    assert "threading1.py" in report.read_text()
    out = tmp_path / "converted"
    run = cli("convert", tree / "threading2.py", "-o", out, "--report", report)
    assert run.exit_code == 0, run.stderr
    assert (out / "threading2.py").exists()
    assert "threading2.py" in report.read_text() and "threading1.py" not in report.read_text()


def test_report_of_one_file_prints_nothing_on_stdout(cli, tree, tmp_path):
    report = tmp_path / "r.html"
    run = cli("convert", tree / "threading1.py", "--report", report)
    assert run.exit_code == 0 and run.stdout == b""
    assert report.exists()


def test_report_is_written_whole_then_renamed_and_leaves_no_temporary_file(cli, tree, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    report = folder / "r.html"
    report.write_text("old report")
    inode = report.stat().st_ino
    cli("convert", tree, "--report", report, "-j", "2")
    assert os.listdir(folder) == ["r.html"]
    assert report.stat().st_ino != inode, "replaced by a rename, not rewritten in place"
    assert report.read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_an_interrupted_report_leaves_nothing(tmp_path):
    report = tmp_path / "r.html"
    writer = ReportWriter(str(report), "threadmod convert x", {})
    writer.add("x.py", "changed", [], [], "<table></table>", 1, 1)
    writer.abort()
    assert os.listdir(tmp_path) == []


def test_report_that_cannot_be_written_exits_2_before_converting(cli, tree, tmp_path):
    blocker = write(tmp_path / "file", b"")
    run = cli("convert", tree, "-o", tmp_path / "out", "--report", blocker / "r.html")
    assert run.exit_code == 2
    assert "cannot write the report" in run.stderr
    assert not (tmp_path / "out").exists()


def test_report_memory_stays_flat_the_sections_are_spooled(tmp_path):
    """The writer keeps one small row per file; sections go to a temporary file at once."""
    writer = ReportWriter(str(tmp_path / "r.html"), "threadmod convert x", {})
    big = "<table>" + "x" * 100_000 + "</table>"
    for n in range(50):
        writer.add(f"f{n}.py", "changed", [], [], big, 1, 1)
    assert writer._sections.tell() >= 50 * 100_000
    assert all(not hasattr(row, "fragment") for row in writer._rows)
    writer.commit()
    assert (tmp_path / "r.html").stat().st_size > 50 * 100_000


@pytest.mark.parametrize(
    ("options", "label"),
    [((), "would change"), (("--check",), "would change"), (("--diff",), "would change"), (("-w",), "changed"),
     (("-o", "OUT"), "changed")],
    ids=["alone", "check", "diff", "write", "output-dir"],
)
def test_a_changed_file_is_called_changed_only_when_it_was_written(cli, tree, tmp_path, options, label):
    report = tmp_path / "r.html"
    options = [str(tmp_path / "out") if option == "OUT" else option for option in options]
    cli("convert", tree / "threading1.py", *options, "--report", report)
    html = report.read_text(encoding="utf-8")
    assert f"threadmod report: 1 file, 1 {label}, 0 unchanged, 0 failed" in html
    assert f'<span class="badge changed">{label}</span>' in html
    assert f"<th>{label}</th>" in html
    other = "changed" if label == "would change" else "would change"
    assert f">{other}<" not in html


def test_unchanged_files_are_one_collapsed_list_not_a_card_each(cli, tmp_path):
    src = tmp_path / "src"
    for n in range(51):
        write(src / f"m{n:02d}.py", b'import threading\nprint("modern")\n')
    write(src / "old.py", b"print 'old'\n")
    write(src / "leftover.py", b"for i in coerce(3):\n    pass\n")  # unchanged, with a diagnostic
    report = tmp_path / "r.html"
    cli("convert", src, "--report", report)
    html = report.read_text(encoding="utf-8")
    page = Page(html)
    sections = relative_sections(page, src)
    cards = {path for path in sections if path not in {os.path.relpath(p, src) for p in page.listed}}
    assert cards == {"old.py", "leftover.py"}, "a card for what changed or has something to say"
    assert sections["leftover.py"]["status"] == "unchanged" and sections["leftover.py"]["notes"] == ["1"]
    assert len(page.listed) == 51
    assert html.count("<details") == 1 and "<details open" not in html, "one list, collapsed"
    assert "51 unchanged files: nothing to change, no diagnostic</summary>" in html
    assert "Nothing to change" not in html
    totals = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert totals == {"files": "53", "changed": "1", "unchanged": "52", "failed": "0", "diagnostics": "1"}
    assert_self_contained(html)


LONG_LINES = (
    "class A:\n"
    "    def f(self):\n"
    "        if True:\n"
    "            print 'a long line that wraps', " + " + ".join(f"'word{n}'" for n in range(40)) + "\n"
    "def g():\n"
    "\tfor i in range(3):\n"
    "\t\tprint 'tabs: a long line that wraps', " + " + ".join(f"'tab{n}'" for n in range(40)) + "\n"
    "print 'not indented', " + " + ".join(f"'top{n}'" for n in range(40)) + "\n"
)


@pytest.fixture
def long_lines_report(cli, tmp_path):
    source = write(tmp_path / "src" / "long.py", LONG_LINES.encode())
    report = tmp_path / "long.html"
    cli("convert", source, "--report", report)
    return report


def test_each_line_carries_its_indentation_for_wrapping(long_lines_report):
    """The cell of an indented line says how wide its indentation is (--i, in cells, tabs to
    their stops); the style sheet wraps the rest of the line under its text."""
    html = long_lines_report.read_text(encoding="utf-8")
    cells = re.findall(r'<td class="c[^"]*"( style="--i:(\d+)")?>(.*?)</td>', html)
    indents = {unescape(re.sub(r"<[^>]+>", "", text)).strip()[:24]: int(width or 0) for _, width, text in cells}
    assert indents["print 'a long line that "] == 12
    assert indents["print('a long line that "] == 12
    assert indents["\u2192       \u2192       print 't"] == 16
    assert indents["print 'not indented', 't"] == 0
    assert indents["def f(self):"] == 4
    assert "text-indent: calc(var(--i, 0) * -1ch)" in html


# --- rendered by headless Chromium ------------------------------------------------------

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)",
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.glob('chromium-profile-*')))}"
    profile.mkdir()
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, timeout=120, check=False)


@pytest.fixture
def rendered_report(cli, tree, tmp_path):
    report = tmp_path / "report.html"
    cli("convert", tree, "--report", report)
    return report


@needs_chromium
def test_chromium_renders_every_file_of_the_report(rendered_report, tree, tmp_path):
    done = chromium(tmp_path, "--dump-dom", rendered_report.as_uri())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    dom = done.stdout.decode("utf-8")
    page = Page(dom)
    sections = relative_sections(page, tree)
    assert {path: info["status"] for path, info in sections.items()} == EXPECTED_STATUS
    assert "threadmod report: 7 files, 5 would change, 1 unchanged, 1 failed" in "".join(page.text)
    assert "myfunction_thread.join()" in "".join(sections["threading1.py"]["text"])
    assert sections["pkg/leftovers.py"]["notes"] == ["1", "2"]


def png_pixels(path: Path) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the set of colours of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, idat, header = 8, b"", None
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[tuple[int, int, int]] = set()
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1 : position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        for i in range(0, stride, channels):
            colours.add((line[i], line[i + 1], line[i + 2]))
        previous = line
    return width, height, colours


@needs_chromium
def test_chromium_screenshot_shows_the_highlighted_diff(rendered_report, tmp_path):
    shot = tmp_path / "report.png"
    done = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1400,1000", "--hide-scrollbars", rendered_report.as_uri())
    assert done.returncode == 0 and shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    width, height, colours = png_pixels(shot)
    assert (width, height) == (1400, 1000)
    # The first file's section is on the first screen: its rows and words are highlighted.
    for name, rgb in {
        "removed line": (0xFF, 0xEB, 0xE9),
        "added line": (0xDA, 0xFB, 0xE1),
        "removed words": (0xFF, 0x81, 0x82),
        "added words": (0x4A, 0xC2, 0x6B),
        "hunk header": (0xDD, 0xF4, 0xFF),
    }.items():
        assert rgb in colours, f"no {name} colour {rgb} on the screenshot"


# Appended to a copy of the report (the report itself has no script): where each line of a
# wrapped cell starts, and whether the collapsed list of unchanged files shows.
MEASURE = """<script>
const result = {wraps: [], listed_visible: null};
for (const cell of document.querySelectorAll("td.c")) {
  const lines = new Map();  // top -> [left of its first non-space character]
  let first = null;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (node.data[i] === " " || (first === null && node.data[i] === "\u2192")) continue;  // the indentation
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (!box.width) continue;
      const top = Math.round(box.top);
      if (first === null) first = top;
      if (!lines.has(top)) lines.set(top, box.left);
    }
  }
  if (lines.size > 1) {
    const tops = [...lines.keys()].sort((a, b) => a - b);
    result.wraps.push({indent: cell.style.getPropertyValue("--i") || "0",
                       lefts: tops.map(t => lines.get(t) - cell.getBoundingClientRect().left)});
  }
}
const item = document.querySelector("details.unchanged li");
result.listed_visible = item ? item.checkVisibility() : null;
document.body.insertAdjacentHTML("beforeend", "<pre id=measured>" + JSON.stringify(result) + "</pre>");
</script>"""


def measured(tmp_path: Path, report: Path, width: int = 900) -> dict:
    import json

    page = tmp_path / "measure.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    done = chromium(tmp_path, f"--window-size={width},800", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    found = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout.decode("utf-8"), re.S)
    assert found, "the measuring script did not run"
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@needs_chromium
def test_chromium_wraps_a_long_line_under_its_own_text(long_lines_report, tmp_path):
    """Each wrapped line starts where the text of its first line starts, past the indentation
    (tabs included), not at the cell's edge."""
    result = measured(tmp_path, long_lines_report)
    wraps = result["wraps"]
    assert {w["indent"] for w in wraps} == {"12", "16", "0"}, wraps
    for wrap in wraps:
        first, *rest = wrap["lefts"]
        assert rest and all(abs(left - first) < 1.5 for left in rest), wrap
    lefts = {w["indent"]: w["lefts"][0] for w in wraps}
    assert lefts["12"] > lefts["0"] + 50 and lefts["16"] > lefts["12"], "the indented text starts further right"


@needs_chromium
def test_chromium_keeps_the_unchanged_files_collapsed(rendered_report, tmp_path):
    assert measured(tmp_path, rendered_report)["listed_visible"] is False
