"""Which files `convert` reads (discovery.py): a real project's layout with a virtualenv,
tool folders and .gitignore files; files named on the command line; --no-ignore; the -o
folder; exclude patterns; and what an empty walk says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from threadmod import discovery
from threadmod.discovery import Excludes, discover

PY2 = b'print "x"\n'
PY2_OUT = b'print("x")\n'


def write(path: Path, data: bytes = PY2) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main", *args],
        cwd=root, capture_output=True, text=True, check=True,
    )
    return done.stdout


def found(*paths, **options) -> list[str]:
    """The paths discover() yields, as posix strings."""
    return [path.replace(os.sep, "/") for path, _relative in discover([str(p) for p in paths], **options).files]


needs_git = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="no git")

# The project's own files (Python 2, to be converted) and everything a walk must leave alone.
OWN = ["main.py", "app/__init__.py", "app/worker.py", "app/sub/deep.py"]
LEFT_ALONE = [
    ".venv/lib/python3.11/site-packages/six.py",  # a virtualenv: holds pyvenv.cfg
    "env2/bin/tool.py",  # a virtualenv with any name
    "build/lib/app/worker.py",  # .gitignore'd (and built)
    "node_modules/pkg/gyp.py",  # .gitignore'd (and a tool folder)
    "generated/api.py",  # .gitignore'd only
    "app/sub/scratch.py",  # ignored by app/.gitignore
    ".tox/py27/lib/x.py",
    ".nox/tests/x.py",
    "dist/app/x.py",
    ".eggs/pkg/x.py",
    "app/__pycache__/worker.py",
    "vendor/site-packages/x.py",
    ".hg/x.py",
    ".svn/x.py",
    "notes/local.py",  # .git/info/exclude
]


@pytest.fixture
def project(tmp_path):
    """A git project with a virtualenv, tool folders and .gitignore files, all committed."""
    root = tmp_path / "project"
    for name in OWN + LEFT_ALONE:
        write(root / name)
    write(root / ".venv" / "pyvenv.cfg", b"home = /usr/bin\n")
    write(root / "env2" / "pyvenv.cfg", b"home = /usr/bin\n")
    write(root / ".gitignore", b"# built and fetched\nbuild/\nnode_modules/\n/generated\n")
    write(root / "app" / ".gitignore", b"scratch.py\n")
    git(root, "init", "-q")
    write(root / ".git" / "info" / "exclude", b"notes/\n")
    git(root, "add", "-A")
    git(root, "add", "-f", ".")
    git(root, "commit", "-q", "-m", "start")
    return root


@needs_git
def test_convert_write_in_a_real_project_touches_only_its_own_files(proc, project, monkeypatch):
    before = files_under(project)
    monkeypatch.chdir(project)
    run = proc("convert", ".", "-w")
    assert run.exit_code == 0, run.stderr
    assert sorted(git(project, "status", "--porcelain", "--ignored", "--untracked-files=all").splitlines()) == sorted(
        f" M {name}" for name in OWN
    )
    after = files_under(project)
    for name in OWN:
        assert after[name] == PY2_OUT, name
    assert {k: v for k, v in after.items() if k not in OWN and not k.startswith(".git/")} == {
        k: v for k, v in before.items() if k not in OWN and not k.startswith(".git/")
    }
    assert sorted(run.stderr.splitlines()) == sorted(
        [f"converted {name}" for name in OWN] + ["4 files: 4 changed, 0 unchanged, 0 failed"]
    )


@needs_git
def test_the_walk_finds_the_projects_files_in_order(project, monkeypatch):
    monkeypatch.chdir(project)
    assert found(".") == ["main.py", "app/__init__.py", "app/worker.py", "app/sub/deep.py"]
    assert found("app") == ["app/__init__.py", "app/worker.py", "app/sub/deep.py"]
    assert found(project / "app" / "sub") == [f"{project.as_posix()}/app/sub/deep.py"], "app/.gitignore above it applies"


@needs_git
def test_no_ignore_walks_everything(project, monkeypatch):
    monkeypatch.chdir(project)
    assert sorted(found(".", use_ignore=False)) == sorted(OWN + LEFT_ALONE)


@needs_git
def test_a_file_or_folder_named_is_read_even_when_ignored(proc, project, monkeypatch):
    monkeypatch.chdir(project)
    assert found("build/lib/app/worker.py", ".venv/lib/python3.11/site-packages/six.py") == [
        "build/lib/app/worker.py", ".venv/lib/python3.11/site-packages/six.py"
    ]
    assert found("build") == ["build/lib/app/worker.py"], "a named folder is walked, though .gitignore names it"
    assert found("generated", "node_modules") == ["generated/api.py", "node_modules/pkg/gyp.py"]
    assert found(".venv") == [], "inside a virtualenv named, site-packages is still skipped"
    run = proc("convert", "build/lib/app/worker.py", "-w")
    assert run.exit_code == 0, run.stderr
    assert (project / "build" / "lib" / "app" / "worker.py").read_bytes() == PY2_OUT


@needs_git
def test_the_skips_are_counted_by_why(project, monkeypatch):
    monkeypatch.chdir(project)
    skipped = discover(["."]).skipped
    # .git .hg .svn .tox .nox .eggs dist build node_modules .venv env2 app/__pycache__ vendor/site-packages
    assert skipped[discovery.BUILT_IN] == 13
    assert skipped[discovery.GITIGNORE] == 3  # generated, notes (info/exclude), app/sub/scratch.py
    assert skipped[discovery.EXCLUDED] == 0
    skipped = discover(["."], Excludes.of((["sub"], None))).skipped
    assert (skipped[discovery.GITIGNORE], skipped[discovery.EXCLUDED]) == (2, 1)


def test_gitignore_rules_as_git_reads_them(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    for name in [
        "keep.py", "skip_me.py", "a/skip_me.py", "a/keep_me.py", "a/b/only_here.py", "only_here.py",
        "logs/x.py", "data/x.py", "data/keep/x.py", "c/unignored.py", "c/other.py",
    ]:
        write(root / name)
    write(root / ".gitignore", b"skip_me.py\n/only_here.py\nlogs/\ndata/*\n!data/keep/\nc/*.py\n  \n# comment\n")
    write(root / "a" / ".gitignore", b"!skip_me.py\n")  # a deeper file overrides a shallower one
    write(root / "c" / ".gitignore", b"!unignored.py\n")
    monkeypatch.chdir(root)
    assert sorted(found(".")) == sorted(
        ["keep.py", "a/skip_me.py", "a/keep_me.py", "a/b/only_here.py", "data/keep/x.py", "c/unignored.py"]
    )


def test_a_pattern_for_folders_only_leaves_files_of_that_name(tmp_path, monkeypatch):
    write(tmp_path / ".gitignore", b"gen.py/\n")
    write(tmp_path / "gen.py")
    write(tmp_path / "pkg" / "gen.py" / "inner.py")
    monkeypatch.chdir(tmp_path)
    assert found(".") == ["gen.py"]


def test_without_a_git_work_tree_only_the_walked_folders_gitignore_files_count(tmp_path):
    write(tmp_path / ".gitignore", b"*.py\n")  # above the walked folder, and no .git: not read
    src = tmp_path / "src"
    write(src / "a.py")
    write(src / "b.py")
    write(src / ".gitignore", b"b.py\n")
    assert found(src) == [f"{src.as_posix()}/a.py"]


def test_a_nested_repository_has_its_own_rules(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", b"x.py\n")
    write(tmp_path / "x.py")
    (tmp_path / "sub" / ".git").mkdir(parents=True)
    write(tmp_path / "sub" / "x.py")
    monkeypatch.chdir(tmp_path)
    assert found(".") == ["sub/x.py"]


def test_the_output_folder_is_never_walked(tmp_path, monkeypatch):
    write(tmp_path / "a.py")
    write(tmp_path / "converted" / "a.py")
    monkeypatch.chdir(tmp_path)
    assert found(".", never_walk=["converted"]) == ["a.py"]
    assert found(".", never_walk=[str(tmp_path / "converted")], use_ignore=False) == ["a.py"]


def test_output_inside_the_input_does_not_nest(cli, tmp_path, monkeypatch):
    write(tmp_path / "a.py")
    write(tmp_path / "pkg" / "b.py")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        run = cli("convert", ".", "-o", "converted")
        assert run.exit_code == 0, run.stderr
        assert run.stderr.splitlines()[-1] == "2 files: 2 changed, 0 unchanged, 0 failed"
    assert files_under(tmp_path / "converted") == {"a.py": PY2_OUT, "pkg/b.py": PY2_OUT}


def test_exclude_patterns_against_relative_paths_parts_and_bases(tmp_path):
    src = tmp_path / "src"
    for name in ["a.py", "gen/b.py", "pkg/c_pb2.py", "pkg/gen/d.py"]:
        write(src / name)
    assert found(src, excludes=Excludes.of((["gen"], None))) == [f"{src.as_posix()}/a.py", f"{src.as_posix()}/pkg/c_pb2.py"]
    assert found(src, excludes=Excludes.of((["pkg/*"], None))) == [f"{src.as_posix()}/a.py", f"{src.as_posix()}/gen/b.py"]
    assert found(src, excludes=Excludes.of((["src/gen"], str(tmp_path)), (["*_pb2.py"], None))) == [
        f"{src.as_posix()}/a.py", f"{src.as_posix()}/pkg/gen/d.py"
    ]
    named = [src / "pkg" / "c_pb2.py", src / "a.py"]
    excludes = Excludes.of((["*_pb2.py"], None))
    assert found(*named, excludes=excludes) == [str(p) for p in named], "named files are read..."
    assert found(*named, excludes=excludes, force_exclude=True) == [str(src / "a.py")], "... unless force_exclude"


def test_each_file_once_and_symlinked_folders_not_followed(tmp_path, monkeypatch):
    write(tmp_path / "src" / "a.py")
    (tmp_path / "src" / "loop").symlink_to(tmp_path / "src")
    monkeypatch.chdir(tmp_path)
    assert found("src", "src/a.py", "./src/a.py") == ["src/a.py"]


def test_pathspec_is_imported_only_for_a_gitignore(tmp_path):
    write(tmp_path / "a" / "x.py")
    write(tmp_path / "b" / "x.py")
    write(tmp_path / "b" / ".gitignore", b"# nothing but a comment\n")
    write(tmp_path / "c" / "x.py")
    write(tmp_path / "c" / ".gitignore", b"y.py\n")
    code = (
        "import sys; from threadmod.discovery import discover\n"
        "for folder in sys.argv[1:]:\n"
        "    discover([folder]); print('pathspec' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *(str(tmp_path / n) for n in "abc")], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False", "True"]


# --- what an empty walk says -------------------------------------------------------------


def test_an_empty_folder_says_so_and_exits_0(run_both, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for options in (["--check"], ["-w"], ["--diff"], ["-o", str(tmp_path / "out")]):
        run = run_both("convert", empty, *options)
        assert (run.exit_code, run.stdout) == (0, b""), run.stderr
        assert run.stderr == f"no Python files found under {empty}\n"
    assert not (tmp_path / "out").exists()
    run = run_both("convert", empty, "--check", "-q")
    assert (run.exit_code, run.stderr) == (0, "")


def test_a_folder_where_everything_was_skipped_says_why(cli, tmp_path):
    root = tmp_path / "root"
    write(root / ".venv" / "pyvenv.cfg", b"")
    write(root / ".venv" / "lib" / "x.py")
    write(root / "build" / "x.py")
    write(root / "gen" / "x.py")
    write(root / "old.py")
    write(root / ".gitignore", b"gen/\n")
    run = cli("convert", root, "--check", "--exclude", "old.py")
    assert run.exit_code == 0
    assert run.stderr == (
        f"no Python files found under {root}; left out: 2 folders skipped by default (version control, virtualenvs, "
        "build...), 1 ignored by .gitignore, 1 excluded by a pattern; --no-ignore looks there too\n"
    )
    run = cli("convert", root, "--check", "--exclude", "old.py", "--no-ignore")
    assert run.exit_code == 1
    assert run.stderr.count("would convert ") == 3
