"""The progress bar: on stderr, for trees, only when stderr is a terminal, never with -q; and
what `convert` prints meanwhile (diagnostics, errors, diffs, the summary) stays whole.

Runs `python -m threadmod` on a pseudo-terminal (tests/terminal.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from threadmod.progress import Terminal
from threadmod.terminal import COLOR_CHOICES, colour_wanted, terminal_width

from .terminal import ESC, clean_env, run_in_terminal

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
BAR = "\u2501".encode()  # rich's bar


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "src"
    for n in range(12):
        write(src / f"m{n:02}.py", b'print "x"\n' if n % 3 else b"x = 1\n")
    write(src / "pkg" / "leftover.py", b"for i in coerce(3):\n    pass\n")
    return src


def screen_lines(raw: bytes) -> list[str]:
    """The lines a person reads once the bar is gone: escapes and carriage returns removed."""
    text = ANSI.sub(b"", raw).decode("utf-8", "replace")
    return [line.split("\r")[-1] for line in text.replace("\r\n", "\n").split("\n")]


def test_a_tree_on_a_terminal_shows_a_progress_bar_on_stderr_then_the_summary(tree):
    run = run_in_terminal("convert", tree, "--check", stdout_tty=False)
    assert run.exit_code == 1
    assert BAR in run.terminal and b"converting" in run.terminal
    assert b"13/13" in run.terminal, "the bar reaches the end"
    assert run.stdout == b""
    lines = [line for line in screen_lines(run.terminal) if line.strip()]
    assert lines[-1] == "13 files: 8 would change, 5 unchanged, 0 failed; diagnostics: TM301 x1"
    assert any(re.fullmatch(r".*leftover\.py:1:\d+: TM301 .*", line) for line in lines), lines


def test_no_progress_bar_when_stderr_is_not_a_terminal(tree):
    run = run_in_terminal("convert", tree, "--check", stderr_tty=False)
    assert run.exit_code == 1
    assert BAR not in run.stderr and ESC not in run.stderr and b"converting" not in run.stderr
    assert run.stderr.decode().splitlines()[-1].startswith("13 files: 8 would change")


def test_no_progress_bar_for_one_file_or_with_quiet(tree):
    one = run_in_terminal("convert", tree / "m01.py", "--check")
    assert one.exit_code == 1 and BAR not in one.terminal
    quiet = run_in_terminal("convert", tree, "--check", "-q")
    assert quiet.exit_code == 1 and BAR not in quiet.terminal and b"files:" not in quiet.terminal


def test_progress_bar_has_no_colour_with_NO_COLOR(tree):
    run = run_in_terminal("convert", tree, "--check", env=clean_env(NO_COLOR="1"))
    assert BAR in run.terminal
    assert not re.search(rb"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;5;\d+)m", run.terminal), "no colour codes"


@pytest.mark.parametrize(("choice", "env", "coloured"), [("never", {}, False), ("always", {"NO_COLOR": "1"}, True)])
def test_progress_bar_colour_follows_the_color_option(tree, choice, env, coloured):
    run = run_in_terminal("convert", tree, "--check", "--color", choice, env=clean_env(**env))
    assert BAR in run.terminal
    found = re.search(rb"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;5;\d+)m", run.terminal)
    assert bool(found) is coloured


def test_diffs_printed_during_the_bar_reach_the_screen_whole(tree):
    run = run_in_terminal("convert", tree, "--diff", columns=120)
    assert run.exit_code == 0
    lines = screen_lines(run.terminal)
    assert lines.count('+print("x")') == 8
    assert sum(line.startswith("--- a/") for line in lines) == 8


def test_a_tree_with_a_bad_file_writes_the_others_names_it_and_exits_2(tree, tmp_path):
    bad = write(tree / "pkg" / "bad.py", b"x = 1\ny = (\n")
    out = tmp_path / "out"
    run = run_in_terminal("convert", tree, "-o", out)
    assert run.exit_code == 2
    lines = screen_lines(run.terminal)
    assert any(re.fullmatch(rf"{re.escape(str(bad))}:2:\d+: .+", line) for line in lines), lines
    assert (out / "m01.py").read_bytes() == b'print("x")\n'
    assert len(list(out.rglob("*.py"))) == 13 and not (out / "pkg" / "bad.py").exists()
    assert [line for line in lines if line.strip()][-1].startswith("14 files: 8 changed, 5 unchanged, 1 failed")


# --- the helpers, without a terminal ----------------------------------------------------


def test_colour_is_never_wanted_off_a_terminal_or_with_NO_COLOR(monkeypatch, tmp_path):
    with open(tmp_path / "f", "w") as handle:
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert not colour_wanted(handle)
    assert not colour_wanted(None)


@pytest.mark.parametrize(("name", "value", "wanted"), [("NO_COLOR", "1", False), ("NO_COLOR", "", True), ("TERM", "dumb", False)])
def test_colour_on_a_terminal_follows_NO_COLOR_and_TERM(monkeypatch, name, value, wanted):
    import pty

    master, slave = pty.openpty()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv(name, value)
    with open(slave, "w") as handle:
        assert colour_wanted(handle) is wanted
    os.close(master)


@pytest.mark.parametrize(
    ("env", "choice", "on_terminal", "wanted"),
    [
        ({}, "auto", True, True),
        ({}, "auto", False, False),
        ({"FORCE_COLOR": "1"}, "auto", False, True),
        ({"FORCE_COLOR": "0"}, "auto", False, True),  # any value but the empty string
        ({"FORCE_COLOR": ""}, "auto", False, False),
        ({"CLICOLOR_FORCE": "1"}, "auto", False, True),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, "auto", True, True),
        ({"TERM": "dumb"}, "auto", True, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", True, False),  # NO_COLOR wins, as in rich and CPython
        ({"NO_COLOR": "1"}, "always", False, True),  # the option wins over the environment
        ({"FORCE_COLOR": "1"}, "never", True, False),
        ({}, "never", True, False),
        ({}, "always", False, True),
    ],
)
def test_colour_follows_the_option_then_NO_COLOR_then_FORCE_COLOR(monkeypatch, tmp_path, env, choice, on_terminal, wanted):
    import pty

    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    master, slave = pty.openpty()
    try:
        with open(slave if on_terminal else tmp_path / "f", "w") as handle:
            assert colour_wanted(handle, choice) is wanted
    finally:
        os.close(master)
        if not on_terminal:
            os.close(slave)


def test_an_unknown_colour_choice_is_refused():
    assert COLOR_CHOICES == ("auto", "always", "never")
    with pytest.raises(ValueError):
        colour_wanted(None, "sometimes")


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, False),  # a pipe
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"CLICOLOR_FORCE": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--color=auto"], {"FORCE_COLOR": "yes"}, True),
    ],
)
def test_diff_colour_in_a_pipe_follows_color_and_the_environment(tree, args, env, coloured):
    run = run_in_terminal("convert", tree, "--diff", *args, stdout_tty=False, env=clean_env(**{"CLICOLOR_FORCE": None, **env}))
    assert run.exit_code == 0
    assert (ESC in run.stdout) is coloured
    assert ANSI.sub(b"", run.stdout).count(b'+print("x")') == 8
    if coloured:
        assert b'\x1b[32m+print("x")\x1b[0m' in run.stdout


def test_color_never_on_a_terminal_prints_plain_diffs(tree):
    run = run_in_terminal("convert", tree / "m01.py", "--diff", "--color", "never", stderr_tty=False)
    assert run.exit_code == 0
    assert ESC not in run.terminal and b'+print("x")' in run.terminal
    run = run_in_terminal("convert", tree / "m01.py", "--diff", stderr_tty=False)
    assert ESC in run.terminal


def test_bad_color_is_a_usage_error(cli, tree):
    run = cli("convert", tree, "--diff", "--color", "sometimes")
    assert run.exit_code == 2 and "--color" in run.stderr


def test_terminal_width_follows_COLUMNS(monkeypatch):
    monkeypatch.setenv("COLUMNS", "123")
    assert terminal_width() == 123
    monkeypatch.setenv("COLUMNS", "junk")
    assert terminal_width() > 0


def test_rich_is_not_imported_off_a_terminal(capsys):
    import sys

    already = "rich" in sys.modules
    with Terminal(100, show_progress=True) as terminal:
        terminal.err("line")
        terminal.advance()
    assert not terminal.progress_shown
    assert capsys.readouterr().err == "line\n"
    assert already or "rich" not in sys.modules
