"""What users install: the sdist and the wheel `python -m build` makes, the lowest versions of
the dependencies pyproject.toml declares, and the wheel on the oldest and newest Python
supported.

Slow: each test builds the project (in a copy of it) or installs into a fresh virtualenv, from
PyPI.  A test skips when PyPI cannot be reached, and says so; any other failure to install is
a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import threadmod
from tests.interpreters import find_python, require_python

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
VERSION = threadmod.__version__

# Not part of the project: what git ignores, and version control.
_NOT_SHIPPED = {".git", ".venv", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".ci"}

# The tests the lowest versions run: the CLI (click), settings (tomli on 3.10), the progress
# bar (rich), the codemods, libcst.tool and the traversal (libcst), the examples of every
# transform, decoding.
LOWEST_VERSIONS_TESTS = [
    "tests/test_cli.py",
    "tests/test_config.py",
    "tests/test_progress.py",
    "tests/test_transform_examples.py",
    "tests/test_thread_scenarios.py",
    "tests/test_traversal.py",
    "tests/test_source.py",
]

_NETWORK = re.compile(
    r"NewConnectionError|Temporary failure in name resolution|Name or service not known|Max retries exceeded"
    r"|ConnectTimeout|ReadTimeout|Network is unreachable|No route to host|Could not fetch URL"
)


def run(command: list[str], *, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(word) for word in command], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if done.returncode != 0 and _NETWORK.search(done.stdout + done.stderr):
        pytest.skip(f"PyPI cannot be reached: {' '.join(map(str, command[:4]))}... failed to download")
    assert done.returncode == 0, f"{' '.join(map(str, command))}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def copy_project(destination: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {name for name in names if name in _NOT_SHIPPED or name.endswith(".egg-info")}
        if os.path.basename(folder) == "benchmarks":
            skipped.add("out")
        return skipped

    shutil.copytree(ROOT, destination, ignore=ignore)
    return destination


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> tuple[Path, Path, str]:
    """(sdist, wheel, build log): `python -m build` in a copy of the project (the wheel is
    built from the sdist, as build does by default)."""
    pytest.importorskip("build", reason="the test extra's `build` is not installed")
    work = tmp_path_factory.mktemp("build")
    project = copy_project(work / "project")
    done = run([sys.executable, "-m", "build", "--outdir", work / "dist", project])
    (sdist,) = (work / "dist").glob("*.tar.gz")
    (wheel,) = (work / "dist").glob("*.whl")
    return sdist, wheel, done.stdout + done.stderr


@pytest.fixture(scope="module")
def unpacked_sdist(dists, tmp_path_factory) -> Path:
    sdist, _, _ = dists
    where = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # 3.10.12, 3.11.4 and later
            archive.extractall(where, filter="data")
        else:
            archive.extractall(where)
    return where / f"threadmod-{VERSION}"


def metadata_field(metadata: str, name: str) -> list[str]:
    return re.findall(rf"^{name}: (.*)$", metadata, re.MULTILINE)


def test_the_wheel_carries_the_license_py_typed_and_the_metadata(dists):
    _, wheel, log = dists
    assert wheel.name == f"threadmod-{VERSION}-py3-none-any.whl", "the version is threadmod.__version__"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"threadmod-{VERSION}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode("utf-8")
        license_text = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
    assert "threadmod/py.typed" in names
    assert "threadmod/codemods/__init__.py" in names, "a regular package, as libcst.tool lists it"
    assert license_text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n\nCopyright (c) 2026 the threadmod authors\n")
    assert metadata_field(metadata, "Version") == [VERSION]
    assert metadata_field(metadata, "License-Expression") == ["MIT"]
    assert metadata_field(metadata, "License-File") == ["LICENSE"]
    assert metadata_field(metadata, "Requires-Python") == [">=3.10"]
    classifiers = set(metadata_field(metadata, "Classifier"))
    for classifier in (
        "Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12", "Programming Language :: Python :: 3.13",
        "Operating System :: OS Independent", "Topic :: Software Development", "Typing :: Typed",
    ):
        assert classifier in classifiers
    requires = metadata_field(metadata, "Requires-Dist")
    assert any(re.fullmatch(r"libcst<2,>=[\d.]+|libcst>=[\d.]+,<2", r) for r in requires), requires
    assert not re.search(r"(?i)warning.*licen[cs]e|licen[cs]e.*deprecat", log), "setuptools warns about the license"


def test_the_sdist_carries_the_license_and_everything_its_tests_read(dists, unpacked_sdist):
    sdist, _, _ = dists
    assert sdist.name == f"threadmod-{VERSION}.tar.gz"
    for name in ("LICENSE", "README.md", "pyproject.toml", "src/threadmod/py.typed", ".libcst.codemod.yaml",
                 ".pre-commit-hooks.yaml", "docs/DESIGN.md"):
        assert (unpacked_sdist / name).is_file(), name
    # Every file of the folders the tests read, as in the project.
    for folder in ("tests", "legacy", "modern", "benchmarks", "docs"):
        wanted = {
            path.relative_to(ROOT) for path in (ROOT / folder).rglob("*")
            if path.is_file() and not _NOT_SHIPPED.intersection(path.parts) and not path.name.endswith(".pyc")
            and not (folder == "benchmarks" and path.relative_to(ROOT).parts[1] == "out")
        }
        shipped = {path.relative_to(unpacked_sdist) for path in (unpacked_sdist / folder).rglob("*") if path.is_file()}
        assert wanted <= shipped, sorted(map(str, wanted - shipped))[:20]


def new_venv(where: Path, python: str) -> Path:
    run([python, "-m", "venv", where])
    return where / "bin" / "python"


def lowest_versions(python_version: str) -> list[str]:
    """`name==X` for each dependency's lower bound `>=X` (and its marker, for that Python)."""
    from packaging.requirements import Requirement

    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for line in project["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate({"python_version": python_version}):
            continue
        lower = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        assert len(lower) == 1, f"{line}: every dependency declares one lower bound, tested here"
        pins.append(f"{requirement.name}=={lower[0]}")
    return pins


def test_the_lowest_declared_versions_pass_the_tests(dists, unpacked_sdist, tmp_path):
    """The oldest Python supported (3.10 when found) with each dependency at its declared
    lower bound, the wheel installed with --no-deps, runs the tests of what each dependency
    serves, from the unpacked sdist."""
    python = find_python("3.10") or sys.executable
    version = run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).stdout.strip()
    venv = new_venv(tmp_path / "lowest", python)
    pins = lowest_versions(version)
    run([venv, "-m", "pip", "install", "-q", *pins, "pytest"])
    _, wheel, _ = dists
    run([venv, "-m", "pip", "install", "-q", "--no-deps", wheel])
    listed = run([venv, "-m", "pip", "list", "--format=freeze"]).stdout
    for pin in pins:
        assert pin.lower() in listed.lower(), (pin, listed)
    where = run([venv, "-c", "import threadmod; print(threadmod.__file__)"], cwd=unpacked_sdist).stdout
    assert "site-packages" in where, "the tests run against the installed wheel"
    done = run(
        [venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", "-W", "ignore::DeprecationWarning",
         *LOWEST_VERSIONS_TESTS],
        cwd=unpacked_sdist,
    )
    assert re.search(r"\d+ passed", done.stdout) and " failed" not in done.stdout, done.stdout[-3000:]


@pytest.mark.parametrize("version", ["3.10", "3.13"])
def test_the_wheel_converts_a_seed_on_the_oldest_and_newest_python(dists, tmp_path, version):
    python = require_python(version)
    venv = new_venv(tmp_path / f"py{version}", python)
    _, wheel, _ = dists
    run([venv, "-m", "pip", "install", "-q", wheel])
    threadmod_command = venv.parent / "threadmod"
    assert run([threadmod_command, "--version"]).stdout.strip().endswith(VERSION)
    converted = subprocess.run(
        [threadmod_command, "convert", ROOT / "legacy" / "threading1.py"], capture_output=True, timeout=120
    )
    assert converted.returncode == 0, converted.stderr.decode(errors="replace")
    assert converted.stdout == (ROOT / "modern" / "threading1.py").read_bytes()
