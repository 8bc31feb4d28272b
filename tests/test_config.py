"""[tool.threadmod] in pyproject.toml: select, ignore and exclude, from the nearest
pyproject.toml with that table above the first path; options on the command line win."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from threadmod.config import ConfigError, Settings, find_settings, read_settings

# A bare `print` (TM101) and a \u escape in a byte string (TM107), as in test_cli.py.
SOURCE = b'print\ns = "\\u00e9"\n'
BOTH = b'print()\ns = "\\\\u00e9"\n'
ONLY_PRINT = b'print()\ns = "\\u00e9"\n'
ONLY_STRINGS = b'print\ns = "\\\\u00e9"\n'


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
        ('select = ["TM101"]', [], ONLY_PRINT),
        ('select = ["print-statement"]', [], ONLY_PRINT),
        ('ignore = ["TM101"]', [], ONLY_STRINGS),
        ('select = "TM1"\nignore = ["string-literals"]', [], ONLY_PRINT),
        ('select = ["TM101"]', ["--select", "TM107"], ONLY_STRINGS),  # the option replaces the setting
        ('ignore = ["TM101"]', ["--ignore", "TM107"], ONLY_PRINT),
        ('select = ["TM101"]', ["--no-config"], BOTH),
    ],
)
def test_select_and_ignore_from_pyproject(cli, project, body, options, expected):
    settings(project, body)
    run = cli("convert", project / "src" / "pkg" / "f.py", *options)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == expected


def test_exclude_from_pyproject_applies_to_walks_and_to_named_files(cli, project, monkeypatch):
    settings(project, 'exclude = ["src/pkg/generated", "*_pb2.py"]')
    src = project / "src"
    write(src / "pkg" / "generated" / "g.py", SOURCE)
    write(src / "pkg" / "api_pb2.py", SOURCE)
    run = cli("convert", src, "--check")
    assert run.exit_code == 1
    assert "1 file: 1 would change" in run.stderr, "only pkg/f.py"
    # pre-commit names the files, relative to the repository's root.
    monkeypatch.chdir(project)
    run = cli("convert", "src/pkg/generated/g.py", "src/pkg/api_pb2.py", "--check")
    assert run.exit_code == 0, run.stderr
    assert "0 files" in run.stderr
    # --exclude on the command line replaces the setting.
    run = cli("convert", src, "--check", "--exclude", "f.py")
    assert "2 files: 2 would change" in run.stderr


def test_a_named_file_that_is_excluded_prints_nothing_and_exits_0(cli, project, monkeypatch):
    settings(project, 'exclude = ["src"]')
    monkeypatch.chdir(project)
    run = cli("convert", "src/pkg/f.py")
    assert (run.exit_code, run.stdout) == (0, b"")
    assert "excluded" in run.stderr


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
