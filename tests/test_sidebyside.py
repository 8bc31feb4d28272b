"""`convert --side-by-side`: old lines left, new lines right on the same row, changed parts
marked, fitted to the terminal's width, coloured only on a terminal and never with NO_COLOR.

The model (`sidebyside.compare`) is tested directly; the command through CliRunner (never a
terminal), and through a pseudo-terminal for colour (tests/terminal.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from threadmod import sidebyside
from threadmod.errors import Diagnostic
from threadmod.sidebyside import ADDED, CHANGED, REMOVED, SAME, compare, render_text, text_width, two_columns, wrap_text
from threadmod.terminal import paint

from .terminal import ESC, clean_env, run_in_terminal

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "legacy" / "threading1.py"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BAR = "\u2502"


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def rows(diff):
    return [row for hunk in diff.hunks for row in hunk.rows]


def split_row(line: str) -> tuple[str, str]:
    """A rendered line's left and right halves."""
    left, _, right = line.partition(f" {BAR} ")
    return left, right


# --- the model --------------------------------------------------------------------------


def test_a_changed_line_is_paired_with_its_new_version_and_the_changed_words_marked():
    diff = compare('x = 1\nprint "a", x\ny = 2\n', 'x = 1\nprint("a", x)\ny = 2\n')
    (hunk,) = diff.hunks
    assert [r.kind for r in hunk.rows] == [SAME, CHANGED, SAME]
    row = hunk.rows[1]
    assert (row.old.number, row.new.number) == (2, 2)
    assert row.old.text == 'print "a", x' and row.new.text == 'print("a", x)'
    assert [t for t, changed in row.new.segments if changed] == ["(", ")"]
    assert [t for t, changed in row.old.segments if changed] == [" "]
    assert (diff.removed, diff.added) == (1, 1)


def test_one_line_becoming_several_is_paired_with_the_most_alike():
    old = "import thread\nthread.start_new_thread(work, (1,))\nx = 1\n"
    new = (
        "import threading\nwork_thread = threading.Thread(target=work, args=(1,))\n"
        "work_thread.start()\nx = 1\n"
    )
    diff = compare(old, new)
    kinds = [(r.kind, r.old and r.old.number, r.new and r.new.number) for r in rows(diff)]
    assert kinds[0] == (CHANGED, 1, 1) and kinds[-1] == (SAME, 3, 4)
    assert sorted(kinds[1:3], key=str) in (
        [(ADDED, None, 3), (CHANGED, 2, 2)],
        [(ADDED, None, 2), (CHANGED, 2, 3)],
    ), kinds
    assert [k[2] for k in kinds] == [1, 2, 3, 4], "new lines stay in order"


def test_lines_that_have_nothing_in_common_are_not_paired():
    diff = compare("while 1:\n    pass\n", "t.join()\n")
    assert [r.kind for r in rows(diff)] == [REMOVED, REMOVED, ADDED]


def test_hunks_keep_three_lines_of_context_and_merge_when_close():
    old = "".join(f"line{i}\n" for i in range(1, 31))
    new = old.replace("line5\n", "LINE5\n").replace("line25\n", "LINE25\n")
    diff = compare(old, new)
    assert [h.header for h in diff.hunks] == ["@@ -2,7 +2,7 @@", "@@ -22,7 +22,7 @@"]
    near = old.replace("line5\n", "LINE5\n").replace("line11\n", "LINE11\n")
    assert [h.header for h in compare(old, near).hunks] == ["@@ -2,13 +2,13 @@"]


def test_diagnostics_sit_at_their_line_even_where_nothing_changed():
    old = "".join(f"x{i} = {i}\n" for i in range(1, 21))
    note = Diagnostic(15, 4, "TM301", "xrange is Python 2 only")
    diff = compare(old, old, [note])
    (hunk,) = diff.hunks
    (carrier,) = [r for r in hunk.rows if r.notes]
    assert carrier.old.number == 15 and carrier.notes == (note,)
    assert hunk.old_start == 12
    assert compare(old, old).hunks == []


def test_unchanged_text_has_no_hunks_and_renders_nothing():
    diff = compare("x = 1\n", "x = 1\n")
    assert diff.hunks == [] and (diff.removed, diff.added) == (0, 0)
    assert render_text(diff, "a", 80, colour=False) == ""


def test_line_endings_are_not_shown_but_every_break_counts():
    diff = compare('print "a"\r\nx = 1\r\n', 'print("a")\r\nx = 1\r\n')
    assert [r.old.text for r in rows(diff)] == ['print "a"', "x = 1"]
    # \f and U+2028 are not line breaks for Python: one row each, shown as markers.
    diff = compare('print "a"\ns = "a\u2028b"\n', 'print("a")\ns = "a\u2028b"\n')
    text = render_text(diff, "a", 100, colour=False)
    assert "<U+2028>" in text and "\u2028" not in text


def test_control_characters_are_never_sent_to_the_terminal():
    diff = compare('print "\x1b[2J"\n', 'print("\x1b[2J")\n')
    text = render_text(diff, "a", 100, colour=False)
    assert "\x1b" not in text and "\u241b" in text


def test_tabs_are_shown_so_an_indentation_change_is_visible():
    diff = compare("if x:\n\tprint 1\n", "if x:\n        print(1)\n")
    text = render_text(diff, "a", 100, colour=False)
    (line,) = [shown for shown in text.splitlines() if "print" in shown]
    left, right = split_row(line)
    assert "\u2192" in left and "\u2192" not in right


# --- rendering: fitted to the width -----------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_every_line_fits_the_width_and_long_lines_wrap_without_losing_text(width):
    old = 'print "' + "x" * 150 + '"\n' + "y = '\u65e5\u672c\u8a9e' * 3\n"
    new = 'print("' + "x" * 150 + '")\n' + "y = '\u65e5\u672c\u8a9e' * 4\n"
    text = render_text(compare(old, new), "old.py", width, colour=False)
    lines = text.splitlines()
    assert max(text_width(line) for line in lines) <= width
    body = [split_row(line) for line in lines[2:] if BAR in line]
    rebuilt_old = "".join(left[4:].rstrip() if left[4:].strip() else "" for left, _ in body)
    assert "x" * 150 in rebuilt_old.replace(" ", "")
    assert "\u65e5\u672c\u8a9e" in text


def test_each_changed_row_shows_old_left_and_new_right_with_markers_and_numbers():
    old = SEED.read_text()
    from threadmod.pipeline import convert_bytes

    new = convert_bytes(SEED.read_bytes()).output.decode()
    text = render_text(compare(old, new), "legacy/threading1.py", 120, colour=False)
    lines = text.splitlines()
    assert lines[0] == "legacy/threading1.py"
    (row,) = [line for line in lines if "import thread" in line]
    left, right = split_row(row)
    assert re.fullmatch(r"\s*4 - import thread\s*", left), row
    assert re.fullmatch(r"\s*4 \+ import threading", right), row
    (row,) = [line for line in lines if "print \"{}. {}\"" in line]
    left, right = split_row(row)
    assert "- " in left and 'print "{}. {}".format(counter, string)' in left
    assert '+ ' in right and 'print("{}. {}".format(counter, string))' in right


def test_colour_marks_the_changed_words_and_resets_every_line():
    diff = compare('print "a"\n', 'print("a")\n')
    text = render_text(diff, "a", 80, colour=True)
    assert "\x1b[1;97;41m" in text and "\x1b[1;97;42m" in text
    for line in text.splitlines():
        assert line.endswith("\x1b[0m") or "\x1b" not in line.rsplit("\x1b[0m", 1)[-1]
    assert ANSI.sub("", text) == render_text(diff, "a", 80, colour=False), "the same text, coloured"


def test_ascii_glyphs_for_a_terminal_that_cannot_show_box_drawing():
    text = render_text(compare("if x:\n\tprint 1\n", "if x:\n    print(1)\n"), "a", 80, False, sidebyside.ASCII_GLYPHS)
    assert text.isascii()


# --- two columns of any text ------------------------------------------------------------


def test_two_columns_pads_the_left_by_cells_not_by_colour_codes_or_characters():
    lines = two_columns([(["ab", paint("old", "cd"), "\u4f60"], ["x"]), ([], ["y"])], 4, bar="|")
    assert lines == ["ab   | x", paint("old", "cd") + "   |", "\u4f60   |", "     | y"]


def test_wrap_text_breaks_like_side_by_side_views_and_shows_tabs_and_controls():
    lines = wrap_text("call(alpha, beta, gamma)\t\x07", 12)
    assert lines == ["call(alpha, ", "beta, gamma)", "\u2192       \u2407"]
    assert all(text_width(line) <= 12 for line in lines)


# --- the command ------------------------------------------------------------------------


def test_side_by_side_on_a_seed_shows_old_and_new_lines_beside_each_other(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "140")
    run = cli("convert", "legacy/threading1.py", "--side-by-side")
    assert run.exit_code == 0, run.stderr
    text = run.stdout.decode()
    assert "\x1b" not in text, "no colour when stdout is not a terminal"
    lines = text.splitlines()
    assert max(text_width(line) for line in lines) <= 140
    assert lines[0] == "legacy/threading1.py"
    pairs = [split_row(line) for line in lines if BAR in line]
    assert any("import thread" in left and right.strip().endswith("import threading") for left, right in pairs)
    assert any('print "thread Started' in left and 'print("thread Started' in right for left, right in pairs)
    assert any(not left.strip() and "myfunction_thread.join()" in right for left, right in pairs), (
        "an added line has nothing beside it"
    )
    assert (ROOT / "legacy" / "threading1.py").read_bytes() == SEED.read_bytes()


@pytest.mark.parametrize("columns", ["50", "100", "180"])
def test_side_by_side_fits_COLUMNS(cli, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    run = cli("convert", SEED, "--side-by-side")
    lines = run.stdout.decode().splitlines()
    assert max(text_width(line) for line in lines) <= int(columns)
    assert max(text_width(line) for line in lines) >= int(columns) - 12, "uses the room it has"


def test_side_by_side_of_a_tree_shows_only_changed_files_and_writes_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    src = tmp_path / "src"
    write(src / "a.py", b'print "a"\n')
    write(src / "b.py", b"x = 1\n")
    write(src / "c" / "d.py", b"if x <> 1:\n    pass\n")
    before = {p: p.read_bytes() for p in src.rglob("*.py")}
    run = cli("convert", src, "--side-by-side")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.decode().splitlines()
    headers = [lines[i - 1] for i, line in enumerate(lines) if set(line) <= {"\u2500", "\u252c"} and line]
    assert headers == [str(src / "a.py"), str(src / "c" / "d.py")]
    assert {p: p.read_bytes() for p in src.rglob("*.py")} == before
    assert "3 files: 2 would change, 1 unchanged, 0 failed" in run.stderr


@pytest.mark.parametrize(("source", "code"), [(b'print "a"\n', 1), (b'print("a")\n', 0)])
def test_side_by_side_with_check_exits_1_on_a_change(cli, tmp_path, source, code):
    path = write(tmp_path / "f.py", source)
    run = cli("convert", path, "--side-by-side", "--check")
    assert run.exit_code == code, run.stderr
    assert bool(run.stdout) == bool(code)


@pytest.mark.parametrize("other", [["--diff"], ["-w"], ["-o", "out"]])
def test_side_by_side_cannot_be_combined_with_another_output(cli, tmp_path, other):
    path = write(tmp_path / "f.py", b'print "a"\n')
    run = cli("convert", path, "--side-by-side", *other)
    assert run.exit_code == 2
    assert "cannot be combined" in run.stderr
    assert path.read_bytes() == b'print "a"\n'


def test_side_by_side_with_a_bad_file_shows_the_others_and_exits_2(cli, tmp_path):
    src = tmp_path / "src"
    write(src / "a.py", b'print "a"\n')
    bad = write(src / "bad.py", b"x = 1\ndef f(:\n")
    run = cli("convert", src, "--side-by-side")
    assert run.exit_code == 2
    assert 'print("a")' in run.stdout.decode()
    assert re.search(rf"^{re.escape(str(bad))}:2:\d+: ", run.stderr, re.M), run.stderr


# --- colour: a terminal, and never NO_COLOR ----------------------------------------------


def test_colour_on_a_terminal(tmp_path):
    path = write(tmp_path / "f.py", b'print "a"\n')
    run = run_in_terminal("convert", path, "--side-by-side", columns=90)
    assert run.exit_code == 0
    assert ESC + b"1;97;42m" in run.terminal, run.terminal
    lines = ANSI.sub("", run.terminal.decode()).splitlines()
    assert max(text_width(line) for line in lines) <= 90, "fitted to the terminal's own width"
    assert max(text_width(line) for line in lines) >= 78


@pytest.mark.parametrize("value", ["1", "yes", "0"])
def test_no_colour_with_NO_COLOR(tmp_path, value):
    path = write(tmp_path / "f.py", b'print "a"\n')
    run = run_in_terminal("convert", path, "--side-by-side", env=clean_env(NO_COLOR=value))
    assert run.exit_code == 0
    assert b'print("a")' in run.terminal
    assert ESC not in run.terminal


def test_no_colour_when_stdout_is_a_pipe_even_if_stderr_is_a_terminal(tmp_path):
    path = write(tmp_path / "f.py", b'print "a"\n')
    run = run_in_terminal("convert", path, "--side-by-side", stdout_tty=False)
    assert run.exit_code == 0
    assert b'print("a")' in run.stdout and ESC not in run.stdout


def test_unified_diff_is_coloured_only_on_a_terminal(tmp_path):
    path = write(tmp_path / "f.py", b'print "a"\n')
    on_terminal = run_in_terminal("convert", path, "--diff")
    assert ESC + b"31m-print" in on_terminal.terminal and ESC + b'32m+print("a")' in on_terminal.terminal
    no_colour = run_in_terminal("convert", path, "--diff", env=clean_env(NO_COLOR="1"))
    assert ESC not in no_colour.terminal and b'+print("a")' in no_colour.terminal
    piped = run_in_terminal("convert", path, "--diff", stdout_tty=False)
    assert ESC not in piped.stdout and b'+print("a")' in piped.stdout


def test_diagnostics_show_under_their_line_in_the_view(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    path = write(tmp_path / "f.py", b'import md5\nprint "x"\n')
    run = cli("convert", path, "--side-by-side")
    lines = run.stdout.decode().splitlines()
    (index,) = [i for i, line in enumerate(lines) if "import md5" in line]
    assert re.fullmatch(r"\s+\u25b2 1:8: TM301 module md5 is Python 2 only.*", lines[index + 1]), lines
    assert f"{path}:1:8: TM301" in run.stderr, "and on stderr as always"


def test_a_stdout_that_cannot_encode_box_drawing_gets_ascii(tmp_path):
    import subprocess
    import sys

    path = write(tmp_path / "f.py", 'if x:\n\tprint u"caf\u00e9"\n'.encode())
    env = clean_env(PYTHONIOENCODING="ascii", COLUMNS="80")
    done = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", str(path), "--side-by-side"], capture_output=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    assert b" | " in done.stdout and b"caf\\xe9" in done.stdout
