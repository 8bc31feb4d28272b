"""The rest of the command-line surface, as a user meets it: the seeds under --check, -j,
--exclude, the summary, each exit code, --help everywhere, the README's exit-code table,
`| head`, and the pre-commit hook."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from threadmod import runner

ROOT = Path(__file__).resolve().parent.parent


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- the seeds --------------------------------------------------------------------------


def test_check_on_legacy_exits_1_and_on_modern_exits_0(proc, monkeypatch):
    monkeypatch.chdir(ROOT)
    legacy = proc("convert", "--check", "legacy")
    assert legacy.exit_code == 1, legacy.stderr
    assert legacy.stdout == b""
    assert legacy.stderr.splitlines()[-1] == "3 files: 3 would change, 0 unchanged, 0 failed"
    modern = proc("convert", "--check", "modern")
    assert modern.exit_code == 0, modern.stderr
    assert modern.stderr.splitlines()[-1] == "3 files: 0 would change, 3 unchanged, 0 failed"


# --- -j -----------------------------------------------------------------------------------


def test_jobs_give_the_same_result_as_one_process(cli, tmp_path):
    src = tmp_path / "src"
    for n in range(20):
        write(src / f"d{n % 3}" / f"f{n}.py", b'print "x", %d\n' % n if n % 2 else b"x = %d\n" % n)
    outputs = []
    for jobs in (["-j", "1"], ["-j", "2"], ["-j", "7"], []):
        out = tmp_path / f"out{len(outputs)}"
        run = cli("convert", src, "-o", out, *jobs)
        assert run.exit_code == 0, run.stderr
        outputs.append((files_under(out), run.stderr))
    assert all(o == outputs[0] for o in outputs)


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_bad_jobs_is_a_usage_error(cli, tmp_path, value):
    run = cli("convert", write(tmp_path / "f.py", b"x = 1\n"), "--check", "-j", value)
    assert run.exit_code == 2 and "--jobs" in run.stderr


def test_default_jobs_is_the_number_of_usable_cores():
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert runner.default_jobs() == expected


# --- --exclude ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "left"),
    [
        ([], ["a.py", "gen/b.py", "pkg/c_pb2.py", "pkg/d.py"]),
        (["gen"], ["a.py", "pkg/c_pb2.py", "pkg/d.py"]),
        (["*_pb2.py"], ["a.py", "gen/b.py", "pkg/d.py"]),
        (["pkg/*"], ["a.py", "gen/b.py"]),
        (["gen", "*_pb2.py"], ["a.py", "pkg/d.py"]),
    ],
)
def test_exclude(cli, tmp_path, patterns, left):
    src = tmp_path / "src"
    for name in ["a.py", "gen/b.py", "pkg/c_pb2.py", "pkg/d.py"]:
        write(src / name, b'print "x"\n')
    out = tmp_path / "out"
    args = [a for p in patterns for a in ("--exclude", p)]
    run = cli("convert", src, "-o", out, *args)
    assert run.exit_code == 0, run.stderr
    assert sorted(files_under(out)) == left


# --- the summary ----------------------------------------------------------------------------


def test_summary_counts_changed_unchanged_failed_and_diagnostics_by_code(cli, tmp_path):
    src = tmp_path / "src"
    write(src / "a.py", b'print "a"\n')
    write(src / "b.py", b"x = 1\n")
    write(src / "c.py", b"for i in coerce(2):\n    d = buffer(i)\n")
    write(src / "d.py", b"import md5\n")
    write(src / "bad.py", b"(\n")
    run = cli("convert", src, "-o", tmp_path / "out")
    assert run.exit_code == 2
    last = run.stderr.splitlines()[-1]
    assert re.fullmatch(r"5 files: 1 changed, 3 unchanged, 1 failed; diagnostics: TM301 x3", last), last
    run = cli("convert", src, "--check", "-q")
    assert run.stderr.count("\n") == run.stderr.count(": TM301 ") + 1, "-q: no summary line"


# --- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["convert", "{modern}", "--check"], 0),  # nothing to do
        (["convert", "{empty}", "--check"], 0),  # no Python file found
        (["convert", "{legacy}", "--check", "--exclude", "legacy.py", "--force-exclude"], 0),
        (["convert", "{legacy}", "-o", "{out}"], 0),  # done
        (["convert", "{legacy}", "--diff"], 0),
        (["convert", "{legacy}", "--side-by-side"], 0),
        (["convert", "{legacy}", "--report", "{out}/r.html"], 0),
        (["list"], 0),
        (["explain", "TM201"], 0),
        (["convert", "{legacy}", "--check"], 1),  # changes found in check mode
        (["convert", "{legacy}", "--check", "--diff"], 1),
        (["convert", "{legacy}", "--check", "--side-by-side"], 1),
        (["convert", "{legacy}", "--check", "--report", "{out}/r.html"], 1),
        (["convert", "{bad}", "--check"], 2),  # input that could not be converted
        (["convert", "{legacy}", "{bad}", "-o", "{out}"], 2),
        (["convert", "{missing}", "--check"], 2),
        (["convert", "{legacy}", "--no-such-option"], 2),  # usage errors
        (["convert"], 2),
        (["convert", "{legacy}", "--select", "TM999"], 2),
        (["convert", "{legacy}", "--diff", "--side-by-side"], 2),
        (["convert", "-", "-w"], 2),
        (["convert", "{legacy}", "--color", "sometimes"], 2),
        (["explain", "TM999"], 2),
        (["no-such-command"], 2),
    ],
)
def test_exit_codes(cli, tmp_path, args, code):
    paths = {
        "legacy": write(tmp_path / "legacy.py", b'print "x"\n'),
        "modern": write(tmp_path / "modern.py", b'print("x")\n'),
        "bad": write(tmp_path / "bad.py", b"x = (\n"),
        "missing": tmp_path / "missing.py",
        "out": tmp_path / "out",
        "empty": tmp_path / "empty",
    }
    paths["empty"].mkdir()
    run = cli(*[a.format(**paths) for a in args])
    assert run.exit_code == code, (run.stdout, run.stderr)


def test_exit_codes_are_documented_alike_in_the_readme_and_every_help(cli):
    readme = (ROOT / "README.md").read_text()
    table = re.search(r"### Exit codes\n(?:.*\n)*?\| code \| meaning \|\n\|---\|---\|\n((?:\|.*\|\n)+)", readme)
    assert table, "README has an exit-code table"
    rows = dict(re.findall(r"^\| (\d) \| (.+) \|$", table.group(1), re.M))
    assert set(rows) == {"0", "1", "2"}
    assert "no Python files found" in rows["0"]
    assert "--check" in rows["1"] and "verify" in rows["1"]
    assert "usage" in rows["2"] and "could not be read or converted" in rows["2"]
    top = cli("--help").stdout.decode()
    assert re.search(r"0 nothing to do or done; 1 changes\s+found", top)
    for command in ["convert", "explain", "verify"]:
        text = cli(command, "--help").stdout.decode()
        assert "Exit code" in text, command


@pytest.mark.parametrize("command", [[], ["convert"], ["list"], ["explain"], ["verify"]])
def test_every_command_has_help_with_examples(cli, command):
    run = cli(*command, "--help")
    assert run.exit_code == 0
    text = run.stdout.decode()
    assert "Examples:" in text
    name = command[0] if command else "convert"
    assert re.search(rf"^\s+threadmod {name}\b", text, re.M), text


# --- | head -------------------------------------------------------------------------------------


def test_a_closed_pipe_stops_the_output_not_the_run(tmp_path):
    src = tmp_path / "src"
    for n in range(150):
        write(src / f"f{n:03}.py", b'print "line %d"\nx = 1 <> 2\n' % n)
    process = subprocess.Popen(
        [sys.executable, "-m", "threadmod", "convert", str(src), "--diff", "--check", "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1, stderr
    assert first.startswith(b"--- a/")
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
    assert stderr.splitlines()[-1] == "150 files: 150 would change, 0 unchanged, 0 failed"


# --- pre-commit ---------------------------------------------------------------------------------


def _hooks() -> list[dict[str, str]]:
    """The hooks of .pre-commit-hooks.yaml (a list of flat mappings; no YAML library needed)."""
    hooks: list[dict[str, str]] = []
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        match = re.fullmatch(r"(- |  )(\w+): (.*)", line)
        assert match, line
        if match.group(1) == "- ":
            hooks.append({})
        hooks[-1][match.group(2)] = match.group(3)
    return hooks


def test_pre_commit_hooks_run_threadmod_serially_on_python_files():
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert hooks["threadmod"]["entry"] == "threadmod convert --check --force-exclude"
    assert hooks["threadmod-write"]["entry"] == "threadmod convert -w --force-exclude"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == "[python]"
        assert hook["require_serial"] == "true", "one run: pre-commit would split the files over several at once"


@pytest.mark.parametrize("hook_id", ["threadmod", "threadmod-write"])
def test_pre_commit_hook_entry_as_pre_commit_runs_it(tmp_path, hook_id):
    """pre-commit appends the staged file names (relative to the root) to the entry and fails
    on a non-zero exit or, for the writing hook, on a changed file; the output names them."""
    entry = shlex.split({h["id"]: h for h in _hooks()}[hook_id]["entry"])
    assert entry[0] == "threadmod"
    write(tmp_path / "pyproject.toml", b'[tool.threadmod]\nextend-exclude = ["vendored"]\n')
    legacy = write(tmp_path / "app" / "legacy.py", b'print "x"\n')
    modern = write(tmp_path / "app" / "modern.py", b'print("x")\n')
    vendored = write(tmp_path / "vendored" / "old.py", b'print "v"\n')

    def hook(*files: Path) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "threadmod", *entry[1:], *(str(f.relative_to(tmp_path)) for f in files)]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)

    assert hook(modern).returncode == 0
    assert hook(vendored).returncode == 0, "excluded in pyproject.toml: left alone though named"
    run = hook(legacy, modern, vendored)
    if hook_id == "threadmod":
        assert run.returncode == 1
        assert run.stderr.splitlines()[0] == f"would convert {os.path.join('app', 'legacy.py')}"
        assert legacy.read_bytes() == b'print "x"\n'
    else:
        assert run.returncode == 0
        assert run.stderr.splitlines()[0] == f"converted {os.path.join('app', 'legacy.py')}"
        assert legacy.read_bytes() == b'print("x")\n'
    assert vendored.read_bytes() == b'print "v"\n'
