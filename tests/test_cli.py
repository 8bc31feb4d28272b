"""The `threadmod` command line: convert (stdout, stdin, -o, -w, --diff, --check,
--select/--ignore), bad input in a tree of good files, list, explain and --help.

`cli` runs through click's CliRunner, `proc` as `python -m threadmod`, and `run_both`
runs the same test both ways (see conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from threadmod.registry import all_transforms

ALL_TRANSFORMS = all_transforms()

ERROR_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<cause>\S.*)$")

CODES = [t.CODE for t in ALL_TRANSFORMS]  # TM101 ... TM110, and any added since

PY2 = b'print "x"\n'
PY2_OUT = b'print("x")\n'
EXCEPT = b"try:\n    pass\nexcept ValueError, e:\n    pass\n"
EXCEPT_OUT = b"try:\n    pass\nexcept ValueError as e:\n    pass\n"
PLAIN = b"x = 1\n"
ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, data: bytes, mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mode is not None:
        os.chmod(path, mode)
    return path


def files_under(root: Path) -> dict[str, bytes]:
    """Every regular file under root (relative posix path -> bytes); temp files count too."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(path: Path):
    """What must not change when a file is left alone: inode, mode, mtime and bytes."""
    info = os.lstat(path)
    data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
    return info.st_ino, info.st_mode, info.st_mtime_ns, data


def the_error_line(run, path) -> re.Match:
    """Exactly one stderr line names path, and it is `path:line:col: cause`."""
    lines = run.lines_naming(path)
    assert len(lines) == 1, run.stderr
    match = ERROR_LINE.match(lines[0])
    assert match and match["path"] == str(path), lines[0]
    assert int(match["line"]) >= 1 and int(match["col"]) >= 1
    return match


@pytest.fixture
def good_tree(tmp_path):
    """src/ with a changed file, an unchanged one and a changed one in a subfolder."""
    src = tmp_path / "src"
    write(src / "a.py", PY2, 0o755)
    write(src / "pkg" / "b.py", PLAIN, 0o640)
    write(src / "pkg" / "c.py", EXCEPT, 0o644)
    return src


GOOD_OUTPUT = {"a.py": PY2_OUT, "pkg/b.py": PLAIN, "pkg/c.py": EXCEPT_OUT}


# --- stdout mode ------------------------------------------------------------------------


def test_stdout_mode_prints_the_converted_bytes(run_both, tmp_path):
    source = write(tmp_path / "legacy.py", PY2)
    before = fingerprint(source)
    run = run_both("convert", source)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == PY2_OUT
    assert fingerprint(source) == before


def test_stdout_mode_keeps_crlf_and_a_missing_final_newline(cli, tmp_path):
    source = write(tmp_path / "crlf.py", b'import os\r\nprint "x", os.sep\r\nx = 1  \r\nprint')
    run = cli("convert", source)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == b'import os\r\nprint("x", os.sep)\r\nx = 1  \r\nprint()'


def test_stdout_mode_bad_file_prints_nothing_and_exits_2(cli, tmp_path):
    source = write(tmp_path / "bad.py", b"x = 1\ns = 'caf\xe9'\n")
    run = cli("convert", source)
    assert run.exit_code == 2
    assert run.stdout == b""
    assert the_error_line(run, source)["line"] == "2"


def test_a_line_no_transform_can_convert_reads_as_an_error_not_a_diagnostic(cli, tmp_path):
    """A transform's explanation of the line that stops a file is told apart from a warning."""
    source = write(tmp_path / "keyword.py", b'print "x"\nflags.async = 1\n')
    run = cli("convert", source)
    assert run.exit_code == 2
    assert run.stdout == b""
    match = the_error_line(run, source)
    assert (match["line"], match["col"]) == ("2", "7")
    assert run.lines_naming(source)[0].endswith(
        ": cannot convert this line: TM301 `async` is a keyword since Python 3.7: rename this name"
    )


def test_empty_file_converts_to_an_empty_file(cli, tmp_path):
    source = write(tmp_path / "empty.py", b"")
    run = cli("convert", source)
    assert (run.exit_code, run.stdout) == (0, b"")
    out = tmp_path / "out"
    run = cli("convert", source, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert files_under(out) == {"empty.py": b""}
    assert cli("convert", source, "--check").exit_code == 0


@pytest.mark.parametrize("what", ["two files", "a folder", "a folder with one file"])
def test_several_files_or_a_folder_without_a_mode_is_a_usage_error(cli, tmp_path, what):
    src = tmp_path / "src"
    write(src / "a.py", PY2)
    if what == "two files":
        write(src / "b.py", PY2)
        args = [src / "a.py", src / "b.py"]
    else:
        if what == "a folder":
            write(src / "b.py", PY2)
        args = [src]
    run = cli("convert", *args)
    assert run.exit_code == 2
    assert run.stdout == b""
    assert "-o" in run.stderr and "-w" in run.stderr
    assert (src / "a.py").read_bytes() == PY2


def test_output_dir_and_write_cannot_be_combined(cli, good_tree, tmp_path):
    before = files_under(good_tree)
    run = cli("convert", good_tree, "-o", tmp_path / "out", "-w")
    assert run.exit_code == 2
    assert "cannot be combined" in run.stderr
    assert not (tmp_path / "out").exists()
    assert files_under(good_tree) == before


# --- stdin ------------------------------------------------------------------------------


def stdin_run(source: bytes, *args, cwd=None) -> subprocess.CompletedProcess:
    """`python -m threadmod ARGS` with source on its stdin."""
    return subprocess.run(
        [sys.executable, "-m", "threadmod", *map(str, args)], input=source, capture_output=True, cwd=cwd, timeout=60
    )


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "legacy").glob("*.py")))
def test_stdin_prints_what_the_file_prints(name):
    legacy = ROOT / "legacy" / name
    from_file = stdin_run(b"", "convert", legacy)
    from_stdin = stdin_run(legacy.read_bytes(), "convert", "-")
    assert from_file.returncode == from_stdin.returncode == 0, from_stdin.stderr
    assert from_stdin.stdout == from_file.stdout == (ROOT / "modern" / name).read_bytes()
    assert from_stdin.stderr == b""


def test_stdin_keeps_the_bytes_crlf_and_bom(tmp_path):
    source = b"\xef\xbb\xbf# -*- coding: utf-8 -*-\r\nprint 'caf\xc3\xa9'\r\nx = 1"
    path = write(tmp_path / "f.py", source)
    assert stdin_run(source, "convert", "-").stdout == stdin_run(b"", "convert", path).stdout
    assert stdin_run(source, "convert", "-").stdout == b"\xef\xbb\xbf# -*- coding: utf-8 -*-\r\nprint('caf\xc3\xa9')\r\nx = 1"


def test_stdin_with_check_and_diff(tmp_path):
    run = stdin_run(PY2, "convert", "-", "--check")
    assert (run.returncode, run.stdout) == (1, b"")
    assert run.stderr.decode().splitlines() == ["would convert -", "1 file: 1 would change, 0 unchanged, 0 failed"]
    run = stdin_run(PY2_OUT, "convert", "-", "--check")
    assert (run.returncode, run.stdout) == (0, b"")
    run = stdin_run(PY2, "convert", "-", "--diff", "--stdin-filename", "app/x.py")
    assert run.returncode == 0
    assert run.stdout.decode() == '--- a/app/x.py\n+++ b/app/x.py\n@@ -1 +1 @@\n-print "x"\n+print("x")\n'
    run = stdin_run(PY2, "convert", "-", "--diff", "--check")
    assert run.returncode == 1
    assert run.stdout.decode().startswith("--- -\n+++ -\n@@ -1 +1 @@\n")


def test_stdin_names_the_source_in_messages(tmp_path):
    run = stdin_run(b"x = 1\ny = (\n", "convert", "-")
    assert (run.returncode, run.stdout) == (2, b"")
    assert re.fullmatch(r"-:2:\d+: .+\n", run.stderr.decode())
    run = stdin_run(b"x = 1\ny = (\n", "convert", "-", "--stdin-filename", "src/app.py")
    assert re.fullmatch(r"src/app\.py:2:\d+: .+\n", run.stderr.decode())
    run = stdin_run(b"for i in coerce(3): pass\n", "convert", "-", "--stdin-filename", "src/app.py")
    assert run.returncode == 0 and run.stdout == b"for i in coerce(3): pass\n"
    assert run.stderr.decode().startswith("src/app.py:1:10: TM301 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-", "-w"], "-w cannot write stdin"),
        (["-", "-o", "out"], "-o cannot write stdin"),
        (["-", "{file}"], "- (stdin) cannot be combined with other paths"),
        (["{file}", "--stdin-filename", "x.py"], "give - as the path"),
    ],
)
def test_stdin_usage_errors(cli, tmp_path, args, message):
    file = write(tmp_path / "f.py", PY2)
    run = cli("convert", *[a.format(file=file) for a in args])
    assert run.exit_code == 2
    assert message in run.stderr
    assert file.read_bytes() == PY2 and not (tmp_path / "out").exists()


# --- -o DIR -----------------------------------------------------------------------------


def test_output_dir_writes_the_whole_tree_with_modes(cli, tmp_path):
    src = tmp_path / "src"
    write(src / "a.py", PY2, 0o755)
    write(src / "pkg" / "b.py", b"# unchanged\r\nx = 1 \t\n", 0o640)
    write(src / "pkg" / "deep" / "c.py", EXCEPT, 0o600)
    write(src / "empty.py", b"", 0o644)
    before = files_under(src)
    out = tmp_path / "out"
    run = cli("convert", src, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert files_under(out) == {
        "a.py": PY2_OUT,
        "empty.py": b"",
        "pkg/b.py": b"# unchanged\r\nx = 1 \t\n",
        "pkg/deep/c.py": EXCEPT_OUT,
    }  # unchanged files copied byte for byte, no temp file left behind
    for relative in before:
        assert mode_of(out / relative) == mode_of(src / relative), relative
    assert files_under(src) == before


def test_output_dir_with_one_file_argument(cli, tmp_path):
    source = write(tmp_path / "deep" / "dir" / "legacy.py", PY2)
    out = tmp_path / "out"
    run = cli("convert", source, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert files_under(out) == {"legacy.py": PY2_OUT}


def test_output_dir_mode_follows_the_source_on_a_second_run(cli, tmp_path):
    src = tmp_path / "src"
    write(src / "a.py", PY2, 0o644)
    write(src / "b.py", PLAIN, 0o644)
    out = tmp_path / "out"
    assert cli("convert", src, "-o", out).exit_code == 0
    os.chmod(src / "a.py", 0o755)
    os.chmod(src / "b.py", 0o755)
    assert cli("convert", src, "-o", out).exit_code == 0
    assert (mode_of(out / "a.py"), mode_of(out / "b.py")) == (0o755, 0o755)


def test_a_directory_named_like_a_python_file_is_walked(cli, tmp_path):
    src = tmp_path / "src"
    write(src / "pkg.py" / "inner.py", PY2)
    out = tmp_path / "out"
    run = cli("convert", src, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert files_under(out) == {"pkg.py/inner.py": PY2_OUT}


# --- -w ---------------------------------------------------------------------------------


def test_write_rewrites_changed_files_atomically_and_keeps_the_mode(cli, tmp_path):
    src = tmp_path / "src"
    changed = write(src / "changed.py", PY2, 0o755)
    unchanged = write(src / "unchanged.py", PLAIN, 0o755)
    changed_inode = changed.stat().st_ino
    unchanged_before = fingerprint(unchanged)
    run = cli("convert", src, "-w")
    assert run.exit_code == 0, run.stderr
    assert changed.read_bytes() == PY2_OUT
    assert changed.stat().st_ino != changed_inode, "a changed file is replaced by a rename"
    assert mode_of(changed) == 0o755
    assert fingerprint(unchanged) == unchanged_before, "an unchanged file is not rewritten"
    assert sorted(os.listdir(src)) == ["changed.py", "unchanged.py"], "no temp file left behind"


@pytest.mark.parametrize("options", [[], ["--diff"], ["--check"], ["--diff", "--check"]])
def test_without_write_or_output_dir_the_original_is_never_touched(cli, tmp_path, options):
    source = write(tmp_path / "legacy.py", PY2, 0o755)
    before = fingerprint(source)
    run = cli("convert", source, *options)
    assert run.exit_code in (0, 1), run.stderr
    assert fingerprint(source) == before
    assert os.listdir(tmp_path) == ["legacy.py"]


# --- --diff -----------------------------------------------------------------------------


def test_diff_prints_a_unified_diff_and_writes_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "src" / "a.py", b'print "x"\ny = 1\n')
    write(tmp_path / "src" / "b.py", PLAIN)
    before = files_under(tmp_path)
    run = cli("convert", "src", "--diff")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.decode() == (
        "--- a/src/a.py\n"
        "+++ b/src/a.py\n"
        "@@ -1,2 +1,2 @@\n"
        '-print "x"\n'
        '+print("x")\n'
        " y = 1\n"
    )
    assert files_under(tmp_path) == before


@pytest.mark.parametrize(
    ("source", "context"),
    [
        pytest.param(b'print "x"\n\x0c\nx = 1\n', " \x0c\n x = 1\n", id="form-feed"),
        pytest.param('print "x"\ns = "a\u2028b"\n'.encode(), ' s = "a\u2028b"\n', id="line-separator"),
    ],
)
def test_diff_of_a_file_with_other_unicode_line_breaks(cli, tmp_path, monkeypatch, source, context):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "f.py", source)
    run = cli("convert", "f.py", "--diff")
    count = source.count(b"\n")
    assert run.stdout.decode() == (
        f"--- a/f.py\n+++ b/f.py\n@@ -1,{count} +1,{count} @@\n" '-print "x"\n+print("x")\n' + context
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="no git")
@pytest.mark.parametrize("how", ["relative", "dot", "absolute", "files"])
def test_diff_applies_with_git_apply(cli, tmp_path, monkeypatch, how):
    """`threadmod convert ... --diff | git apply` makes what -o makes."""
    repo = tmp_path / "repo"
    write(repo / "app" / "x.py", b'import thread\nprint "a"\nx = 1 <> 2\n')
    write(repo / "app" / "pkg" / "y.py", EXCEPT)
    write(repo / "z.py", b"print\r\nprint 1,\r\n")
    write(repo / "same.py", PLAIN)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    monkeypatch.chdir(repo)
    expected = tmp_path / "expected"
    assert cli("convert", ".", "-o", expected).exit_code == 0
    args = {
        "relative": ["app", "z.py"],
        "dot": ["."],
        "absolute": [repo],
        "files": ["./app/x.py", repo / "app" / "pkg" / "y.py", "z.py", "same.py"],
    }[how]
    run = cli("convert", *args, "--diff")
    assert run.exit_code == 0, run.stderr
    headers = [line for line in run.stdout.decode().splitlines() if line.startswith(("--- ", "+++ "))]
    names = ["app/x.py", "app/pkg/y.py", "z.py"]
    assert sorted(headers) == sorted([f"--- a/{name}" for name in names] + [f"+++ b/{name}" for name in names])
    applied = subprocess.run(["git", "apply", "-"], input=run.stdout, cwd=repo, capture_output=True)
    assert applied.returncode == 0, applied.stderr
    assert {k: v for k, v in files_under(repo).items() if not k.startswith(".git/")} == files_under(expected)


def test_diff_headers_of_a_file_outside_the_current_folder(cli, tmp_path, monkeypatch):
    source = write(tmp_path / "elsewhere" / "f.py", PY2)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    header = cli("convert", source, "--diff").stdout.decode().splitlines()[:2]
    stripped = str(source).lstrip("/")
    assert header == [f"--- a/{stripped}", f"+++ b/{stripped}"], "as git diff --no-index writes an absolute path"


# --- --check ----------------------------------------------------------------------------


def test_check_exits_1_when_something_would_change_and_writes_nothing(run_both, good_tree):
    before = files_under(good_tree)
    run = run_both("convert", good_tree, "--check")
    assert run.exit_code == 1, run.stderr
    assert run.stdout == b""
    assert files_under(good_tree) == before


def test_check_exits_0_when_nothing_would_change(run_both, tmp_path):
    src = tmp_path / "src"
    write(src / "a.py", PLAIN)
    write(src / "b.py", PY2_OUT)
    run = run_both("convert", src, "--check")
    assert run.exit_code == 0, run.stderr


def test_check_with_a_bad_file_exits_2(cli, good_tree):
    bad = write(good_tree / "bad.py", b"x = (\n")
    run = cli("convert", good_tree, "--check")
    assert run.exit_code == 2
    the_error_line(run, bad)


def test_check_names_each_file_that_would_change_once(run_both, good_tree):
    bad = write(good_tree / "pkg" / "bad.py", b"x = (\n")
    write(good_tree / "pkg" / "leftover.py", b'print "x"\nfor i in coerce(2): pass\n')
    run = run_both("convert", good_tree, "--check")
    assert run.exit_code == 2
    named = [line for line in run.stderr.splitlines() if line.startswith("would convert ")]
    assert named == [
        f"would convert {good_tree / 'a.py'}",
        f"would convert {good_tree / 'pkg' / 'c.py'}",
        f"would convert {good_tree / 'pkg' / 'leftover.py'}",
    ], "each changed file once, in order; neither the unchanged nor the failed one"
    assert len(run.lines_naming(bad)) == 1
    assert run.stderr.splitlines()[-1] == "5 files: 3 would change, 1 unchanged, 1 failed; diagnostics: TM301 x1"
    run = run_both("convert", good_tree, "--check", "--diff")
    assert sum(line.startswith("would convert ") for line in run.stderr.splitlines()) == 3
    assert run.stdout.count(b"\n--- a/") + run.stdout.startswith(b"--- a/") == 3
    run = run_both("convert", good_tree, "--check", "-q")
    assert "would convert" not in run.stderr and "files:" not in run.stderr


def test_write_names_each_file_it_converted(cli, good_tree, tmp_path):
    run = cli("convert", good_tree, "-w")
    assert run.exit_code == 0
    assert run.stderr.splitlines() == [
        f"converted {good_tree / 'a.py'}",
        f"converted {good_tree / 'pkg' / 'c.py'}",
        "3 files: 2 changed, 1 unchanged, 0 failed",
    ]
    assert cli("convert", good_tree, "-w").stderr.splitlines() == ["3 files: 0 changed, 3 unchanged, 0 failed"]
    run = cli("convert", good_tree, "-o", tmp_path / "out")
    assert "converted" not in run.stderr, "-o writes a tree: only the summary"


# --- --select / --ignore ----------------------------------------------------------------

# `unicode` (TM111) and a camelCase threading call (TM207) in a file that compiles as
# Python 3: each transform can run without the other.  (On a Python 2 file, the syntax
# transforms that read it run whatever --select says.)
SELECTABLE = b"import threading\nname = threading.currentThread().getName()\ns = unicode(name)\n"
BOTH = b"import threading\nname = threading.current_thread().name\ns = str(name)\n"
ONLY_STR = b"import threading\nname = threading.currentThread().getName()\ns = str(name)\n"
ONLY_CAMEL = b"import threading\nname = threading.current_thread().name\ns = unicode(name)\n"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], BOTH),
        (["--select", "TM111"], ONLY_STR),
        (["--select", "tm111"], ONLY_STR),
        (["--select", "unicode-builtins"], ONLY_STR),
        (["--ignore", "TM111"], ONLY_CAMEL),
        (["--ignore", "unicode-builtins"], ONLY_CAMEL),
        (["--select", "TM207"], ONLY_CAMEL),
        (["--select", "TM111,threading-camelcase"], BOTH),
        (["--select", "TM111", "--select", "TM207"], BOTH),
        (["--select", "TM1"], ONLY_STR),
        (["--select", "TM1,TM2"], BOTH),
        (["--select", "TM111", "--ignore", "TM111"], SELECTABLE),
    ],
)
def test_select_and_ignore_by_code_or_name(cli, tmp_path, options, expected):
    source = write(tmp_path / "f.py", SELECTABLE)
    run = cli("convert", source, *options)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == expected


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("code", ["TM999", "no-such-transform"])
def test_unknown_code_is_a_usage_error(cli, tmp_path, option, code):
    source = write(tmp_path / "f.py", PY2)
    before = fingerprint(source)
    run = cli("convert", source, "-w", option, code)
    assert run.exit_code == 2
    assert code in run.stderr
    assert fingerprint(source) == before


# --- bad input in a tree of good files --------------------------------------------------


def _make_socket(path: Path) -> None:
    old = os.getcwd()
    os.chdir(path.parent)  # bind a relative name: AF_UNIX paths are limited to ~107 bytes
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(path.name)
        sock.close()
    finally:
        os.chdir(old)


def _make_unreadable(path: Path) -> None:
    write(path, PLAIN, 0o000)


# kind -> (make the bad file, expected line or None for "within the file", cause pattern)
BAD_INPUTS = {
    "syntax-error": (lambda p: write(p, b"x = 1\ndef f(:\n    pass\n"), 2, r"\S"),
    "syntax-error-after-python2": (lambda p: write(p, b'print "a"\nprint "b" +\n'), 2, r"\S"),
    "png-bytes": (
        lambda p: write(p, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x08\x06"),
        None,
        r"(?i)nul|binary|0x89",
    ),
    "nul-byte": (lambda p: write(p, b'x = 1\ny = "a\x00b"\n'), 2, r"(?i)nul"),
    "undecodable": (lambda p: write(p, b'x = 1\ns = "caf\xe9"\n'), 2, r"0xe9"),
    "unknown-cookie": (lambda p: write(p, b"# -*- coding: klingon -*-\nx = 1\n"), 1, r"klingon"),
    "wrong-cookie": (
        lambda p: write(p, b'# -*- coding: ascii -*-\nx = 1\ns = "caf\xc3\xa9"\n'),
        3,
        r"ascii",
    ),
    "dangling-symlink": (lambda p: p.symlink_to(p.parent / "missing-target"), 1, r"(?i)no such file"),
    "symlink-loop": (lambda p: p.symlink_to(p.name), 1, r"(?i)symbolic links"),
    "socket": (_make_socket, 1, r"\S"),
    "chmod-000": (_make_unreadable, 1, r"(?i)permission denied"),
}


def _bad_file(kind: str, src: Path) -> tuple[Path, int | None, str]:
    if kind == "chmod-000" and os.geteuid() == 0:
        pytest.skip("root reads a chmod 000 file; dangling-symlink, symlink-loop and socket cover it")
    make, line, cause = BAD_INPUTS[kind]
    bad = src / "pkg" / "bad.py"
    make(bad)
    return bad, line, cause


def _check_error(run, bad: Path, line: int | None, cause: str) -> None:
    assert run.exit_code == 2, run.stderr
    match = the_error_line(run, bad)
    if line is None:
        data = bad.read_bytes()
        assert int(match["line"]) <= data.count(b"\n") + 1, match[0]
    else:
        assert int(match["line"]) == line, match[0]
    assert re.search(cause, match["cause"]), match[0]
    others = [line for line in run.stderr.splitlines() if ERROR_LINE.match(line) and not line.startswith(f"{bad}:")]
    assert others == [], "the good files report nothing"


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_with_output_dir(cli, good_tree, tmp_path, kind):
    bad, line, cause = _bad_file(kind, good_tree)
    out = tmp_path / "out"
    run = cli("convert", good_tree, "-o", out)
    _check_error(run, bad, line, cause)
    assert files_under(out) == GOOD_OUTPUT, "the good files are written, nothing for the bad one"
    assert not os.path.lexists(out / "pkg" / "bad.py")


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_with_write(cli, good_tree, kind):
    bad, line, cause = _bad_file(kind, good_tree)
    before = fingerprint(bad)
    run = cli("convert", good_tree, "-w")
    _check_error(run, bad, line, cause)
    assert fingerprint(bad) == before, "the bad file is untouched"
    assert (good_tree / "a.py").read_bytes() == PY2_OUT
    assert (good_tree / "pkg" / "c.py").read_bytes() == EXCEPT_OUT


def test_bad_input_with_output_dir_as_a_subprocess(proc, good_tree, tmp_path):
    bad = write(good_tree / "pkg" / "bad.py", b"x = 1\ny = 2\n# caf\xe9\n")
    out = tmp_path / "out"
    run = proc("convert", good_tree, "-o", out)
    _check_error(run, bad, 3, r"0xe9")
    assert files_under(out) == GOOD_OUTPUT


def test_nonexistent_path_argument(cli, good_tree, tmp_path):
    missing = tmp_path / "missing.py"
    out = tmp_path / "out"
    run = cli("convert", good_tree, missing, "-o", out)
    _check_error(run, missing, 1, r"(?i)no such file")
    assert files_under(out) == GOOD_OUTPUT


def test_nonexistent_path_argument_in_stdout_mode(cli, tmp_path):
    missing = tmp_path / "missing.py"
    run = cli("convert", missing)
    assert run.stdout == b""
    _check_error(run, missing, 1, r"(?i)no such file")


def test_fifo_in_a_tree_is_reported_not_waited_for(proc, good_tree, tmp_path):
    fifo = good_tree / "pkg" / "bad.py"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    try:
        run = proc("convert", good_tree, "-o", out, "-j", "1", timeout=2)
    except Exception as exc:  # subprocess.TimeoutExpired: the child was killed
        pytest.fail(f"threadmod hung on a FIFO: {exc}")
    _check_error(run, fifo, 1, r"\S")
    assert files_under(out) == GOOD_OUTPUT


@pytest.mark.parametrize("codec", ["rot13", "hex"])
def test_cookie_naming_a_non_text_codec_is_a_source_error(cli, good_tree, tmp_path, codec):
    bad = write(good_tree / "pkg" / "bad.py", f"# -*- coding: {codec} -*-\nx = 1\n".encode())
    out = tmp_path / "out"
    run = cli("convert", good_tree, "-o", out)
    _check_error(run, bad, 1, codec[:3])
    assert "internal error" not in run.stderr
    assert files_under(out) == GOOD_OUTPUT


# --- Python 3 input ---------------------------------------------------------------------

PYTHON3 = (
    b"import asyncio\n"
    b'name = "w"\n'
    b'print("a", name)\n'
    b'print(f"{name!r:>10} {{braces}} {3.5:.2f}", end="")\n'
    b'print(*[1, 2], sep="\\t", file=None)\n'
    b"async def main(items):\n"
    b"    async with asyncio.Lock():\n"
    b"        pass\n"
    b"    if (n := len(items)) > 3:\n"
    b"        await asyncio.sleep(n)\n"
    b"    return [x async for x in items]\n"
    b"def f(a, /, b, *, c=0o17 + 1_000): ...\n"
    b"try:\n"
    b"    pass\n"
    b"except (ValueError, TypeError) as e:\n"
    b'    raise RuntimeError("x") from e\n'
    b'exec("x = 1")\n'
    b'data = b"\\u00e9"\n'
    b"match name:\n"
    b'    case "w" | "v":\n'
    b"        pass\n"
)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(PYTHON3, id="lf"),
        pytest.param(PYTHON3.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(PYTHON3.rstrip(b"\n"), id="no-final-newline"),
        pytest.param(b"\xef\xbb\xbf" + PYTHON3, id="bom"),
    ],
)
def test_python3_input_comes_out_byte_for_byte(cli, tmp_path, source):
    src = tmp_path / "src"
    path = write(src / "modern.py", source)
    run = cli("convert", path)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == source
    assert cli("convert", src, "--check").exit_code == 0
    out = tmp_path / "out"
    assert cli("convert", src, "-o", out).exit_code == 0
    assert (out / "modern.py").read_bytes() == source
    before = fingerprint(path)
    assert cli("convert", src, "-w").exit_code == 0
    assert fingerprint(path) == before


# --- list, explain, --help --------------------------------------------------------------


def test_list_prints_one_line_per_transform_starting_with_its_code(cli):
    run = cli("list")
    assert run.exit_code == 0
    lines = run.stdout.decode().splitlines()
    assert [line.split()[0] for line in lines] == sorted(CODES)
    assert sorted(CODES)[:10] == [f"TM{n}" for n in range(101, 111)]
    for line, transform in zip(lines, sorted(ALL_TRANSFORMS, key=lambda t: t.CODE)):
        assert line.split()[1] == transform.NAME
        assert len(line.split()) >= 3, "code, name and a description"
    assert lines[0].split()[:2] == ["TM101", "print-statement"]


SECTIONS = ["What it does", "Why", "Example", "Use instead", "When it leaves code alone"]


@pytest.mark.parametrize("code", CODES)
def test_explain_prints_every_section_in_order(cli, code):
    run = cli("explain", code)
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.decode().splitlines()
    assert lines[0].startswith(code)
    headings = [line.strip().lstrip("#").strip().rstrip(":") for line in lines]
    positions = [headings.index(section) for section in SECTIONS]
    assert positions == sorted(positions), headings
    for here, after in zip(positions, positions[1:] + [len(lines)]):
        assert any(line.strip() for line in lines[here + 1 : after]), "no empty section"


def test_explain_by_name_and_lowercase_code_match_the_code(cli):
    expected = cli("explain", "TM101").stdout
    assert b'print "Hello", name' in expected and b'print("Hello", name)' in expected
    assert cli("explain", "print-statement").stdout == expected
    assert cli("explain", "tm101").stdout == expected


@pytest.mark.parametrize("code", ["TM999", "nope"])
def test_explain_unknown_code_exits_2(cli, code):
    run = cli("explain", code)
    assert run.exit_code == 2
    assert run.stdout == b""
    assert code in run.stderr


@pytest.mark.parametrize("command", [[], ["convert"], ["list"], ["explain"]])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_exits_0_and_shows_an_example(cli, command, flag):
    run = cli(*command, flag)
    assert run.exit_code == 0
    text = run.stdout.decode()
    assert "Example" in text
    assert re.search(rf"^\s+threadmod {command[0] if command else 'convert'}\b", text, re.M), text
