"""[tool.threadmod] in pyproject.toml: select, ignore, exclude and extend-exclude, from the
nearest pyproject.toml with that table above the first path (or --stdin-filename); options on
the command line win, except --extend-exclude, which adds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadmod.cli import main
from threadmod.config import ConfigError, Settings, find_settings, read_settings

# `unicode` (TM111) and a camelCase threading call (TM207), as in test_cli.py.
SOURCE = b"import threading\nname = threading.currentThread().getName()\ns = unicode(name)\n"
BOTH = b"import threading\nname = threading.current_thread().name\ns = str(name)\n"
ONLY_STR = b"import threading\nname = threading.currentThread().getName()\ns = str(name)\n"
ONLY_CAMEL = b"import threading\nname = threading.current_thread().name\ns = unicode(name)\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.fixture
def project(tmp_path):
    """project/pyproject.toml (no settings yet) and project/src/pkg/f.py."""
    root = tmp_path / "project"
    write(root / "pyproject.toml", '[project]\nname = "threadmod"\n')
    write(root / "src" / "pkg" / "f.py", SOURCE)
    return root


def settings(root: Path, body: str) -> None:
    write(root / "pyproject.toml", f'[project]\nname = "x"\n\n[tool.threadmod]\n{body}\n')


# --- where the settings come from -------------------------------------------------------


def test_no_table_no_settings(project):
    assert find_settings(str(project / "src" / "pkg" / "f.py")) == Settings()


def test_the_nearest_pyproject_with_the_table_wins(project):
    settings(project, 'select = ["TM101"]')
    nested = project / "src" / "pkg"
    write(nested / "pyproject.toml", '[tool.black]\nline-length = 100\n')  # no table: skipped
    found = find_settings(str(nested / "f.py"))
    assert found.path == str(project / "pyproject.toml") and found.select == ("TM101",)
    write(nested / "pyproject.toml", '[tool.threadmod]\nignore = "TM107, TM110"\n')
    found = find_settings(str(nested / "f.py"))
    assert found.path == str(nested / "pyproject.toml")
    assert (found.select, found.ignore) == (None, ("TM107", "TM110"))


def test_settings_are_found_from_a_folder_or_a_missing_path(project):
    settings(project, 'exclude = ["build"]')
    assert find_settings(str(project / "src")).exclude == ("build",)
    assert find_settings(str(project / "src" / "missing.py")).exclude == ("build",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('selct = ["TM101"]', "no setting 'selct'"),
        ("select = 101", "must be a list of strings"),
        ('select = ["TM101", 2]', "must be a list of strings"),
        ("select = [", "not valid TOML"),
    ],
)
def test_a_bad_table_is_an_error_naming_the_file(project, body, message):
    settings(project, body)
    with pytest.raises(ConfigError, match=message) as caught:
        read_settings(str(project / "pyproject.toml"))
    assert str(project / "pyproject.toml") in str(caught.value)


def test_tomllib_is_not_imported_without_a_threadmod_table(project):
    code = (
        "import sys; from threadmod.config import find_settings; "
        f"find_settings({str(project / 'src')!r}); print('tomllib' in sys.modules, 'tomli' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


# --- the command uses them ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "options", "expected"),
    [
        ("", [], BOTH),
        ('select = ["TM111"]', [], ONLY_STR),
        ('select = ["unicode-builtins"]', [], ONLY_STR),
        ('ignore = ["TM111"]', [], ONLY_CAMEL),
        ('select = "TM1, TM2"\nignore = ["threading-camelcase"]', [], ONLY_STR),
        ('select = ["TM111"]', ["--select", "TM207"], ONLY_CAMEL),  # the option replaces the setting
        ('ignore = ["TM111"]', ["--ignore", "TM207"], ONLY_STR),
        ('select = ["TM111"]', ["--no-config"], BOTH),
    ],
)
def test_select_and_ignore_from_pyproject(cli, project, body, options, expected):
    settings(project, body)
    run = cli("convert", project / "src" / "pkg" / "f.py", *options)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == expected


def test_exclude_from_pyproject_applies_to_walks_and_with_force_exclude_to_named_files(cli, project, monkeypatch):
    settings(project, 'exclude = ["src/pkg/generated", "*_pb2.py"]')
    src = project / "src"
    write(src / "pkg" / "generated" / "g.py", SOURCE)
    write(src / "pkg" / "api_pb2.py", SOURCE)
    run = cli("convert", src, "--check")
    assert run.exit_code == 1
    assert "1 file: 1 would change" in run.stderr, "only pkg/f.py"
    assert run.stderr.count("would convert ") == 1 and f"would convert {src / 'pkg' / 'f.py'}\n" in run.stderr
    monkeypatch.chdir(project)
    named = ["src/pkg/generated/g.py", "src/pkg/api_pb2.py"]
    # A file named on the command line is always read...
    run = cli("convert", *named, "--check")
    assert run.exit_code == 1, run.stderr
    assert "2 files: 2 would change" in run.stderr
    # ... unless --force-exclude, as pre-commit's hooks say (it names files relative to the root).
    run = cli("convert", *named, "--check", "--force-exclude")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == "nothing to convert: every file given is excluded\n"
    run = cli("convert", *named, "src/pkg/f.py", "--check", "--force-exclude")
    assert run.exit_code == 1
    assert run.stderr.splitlines() == ["would convert src/pkg/f.py", "1 file: 1 would change, 0 unchanged, 0 failed"]


def test_exclude_option_replaces_the_setting_and_extend_exclude_adds_to_it(cli, project):
    settings(project, 'exclude = ["*_pb2.py"]\nextend-exclude = ["legacy_*.py"]')
    src = project / "src"
    for name in ["api_pb2.py", "legacy_a.py", "gen/g.py"]:
        write(src / "pkg" / name, SOURCE)

    def converted(*options: str) -> list[str]:
        run = cli("convert", src, "--check", *options)
        assert run.exit_code == 1, run.stderr
        prefix = f"would convert {src}{os.sep}"
        return sorted(line[len(prefix):] for line in run.stderr.splitlines() if line.startswith(prefix))

    assert converted() == ["pkg/f.py", "pkg/gen/g.py"]
    assert converted("--extend-exclude", "gen") == ["pkg/f.py"], "--extend-exclude adds to both settings"
    assert converted("--exclude", "f.py") == ["pkg/api_pb2.py", "pkg/gen/g.py"], "--exclude replaces exclude only"
    assert converted("--exclude", "f.py", "--extend-exclude", "g.py") == ["pkg/api_pb2.py"]
    assert converted("--no-config") == ["pkg/api_pb2.py", "pkg/f.py", "pkg/gen/g.py", "pkg/legacy_a.py"]


def test_extend_exclude_patterns_are_also_relative_to_the_pyproject(cli, project, monkeypatch, tmp_path):
    settings(project, 'extend-exclude = ["src/pkg/f.py"]')
    write(project / "src" / "pkg" / "keep.py", SOURCE)
    monkeypatch.chdir(tmp_path)  # elsewhere: the pattern still reads from the project's folder
    run = cli("convert", project / "src", "--check")
    assert run.exit_code == 1, run.stderr
    assert "would convert" in run.stderr and "keep.py" in run.stderr and "f.py" not in run.stderr


def test_an_excluded_file_named_with_force_exclude_prints_nothing_and_exits_0(cli, project, monkeypatch):
    settings(project, 'exclude = ["src"]')
    monkeypatch.chdir(project)
    run = cli("convert", "src/pkg/f.py", "--force-exclude")
    assert (run.exit_code, run.stdout) == (0, b"")
    assert "excluded" in run.stderr
    run = cli("convert", "src/pkg/f.py")
    assert (run.exit_code, run.stdout) == (0, BOTH), "named without --force-exclude: converted"


def convert_stdin(source: bytes, *options):
    """`threadmod convert - OPTIONS` with source on stdin -> (exit code, stdout bytes)."""
    result = CliRunner().invoke(main, ["convert", "-", *map(str, options)], input=source, catch_exceptions=False)
    return result.exit_code, result.stdout_bytes


def test_settings_for_stdin_come_from_the_stdin_filename(project, monkeypatch, tmp_path):
    settings(project, 'select = ["TM111"]\nexclude = ["generated"]')
    monkeypatch.chdir(tmp_path)  # no settings here
    assert convert_stdin(SOURCE) == (0, BOTH)
    assert convert_stdin(SOURCE, "--stdin-filename", project / "src" / "pkg" / "f.py") == (0, ONLY_STR)
    # An excluded stdin-filename with --force-exclude: the source comes back as it went in.
    excluded = project / "generated" / "g.py"
    assert convert_stdin(SOURCE, "--stdin-filename", excluded, "--force-exclude") == (0, SOURCE)
    assert convert_stdin(SOURCE, "--stdin-filename", excluded, "--force-exclude", "--check") == (0, b"")
    assert convert_stdin(SOURCE, "--stdin-filename", excluded) == (0, ONLY_STR), "no --force-exclude: converted"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('select = ["TM999"]', "TM999"),
        ('ignore = ["no-such-thing"]', "no-such-thing"),
        ('colour = "always"', "colour"),
        ("select = [", "not valid TOML"),
    ],
)
def test_bad_settings_exit_2_and_name_the_file(cli, project, body, message):
    settings(project, body)
    before = (project / "src" / "pkg" / "f.py").read_bytes()
    run = cli("convert", project / "src", "-w")
    assert run.exit_code == 2
    assert message in run.stderr and "pyproject.toml" in run.stderr
    assert (project / "src" / "pkg" / "f.py").read_bytes() == before


def test_no_config_ignores_even_a_broken_table(cli, project):
    settings(project, "select = [")
    run = cli("convert", project / "src", "--check", "--no-config")
    assert run.exit_code == 1, run.stderr


def test_an_unknown_code_on_the_command_line_is_a_usage_error_even_with_settings(cli, project):
    settings(project, 'select = ["TM101"]')
    run = cli("convert", project / "src", "--check", "--ignore", "TM998")
    assert run.exit_code == 2
    assert "TM998" in run.stderr and "Usage:" in run.stderr and "pyproject.toml" not in run.stderr
