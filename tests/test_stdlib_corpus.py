"""The 206 top-level modules of the CPython 2.7 library: a real corpus no one here wrote.

All convert in one call, every output parses under Python 3.9 and 3.13, and a second pass
changes nothing.  Skipped (with the reason) where Python 2.7's library is not installed.
Marked slow (`pytest -m "not slow"` leaves it out).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys

import pytest

from tests.interpreters import python2_stdlib, require_python

STDLIB = python2_stdlib()
pytestmark = [pytest.mark.slow, pytest.mark.skipif(STDLIB is None, reason="no Python 2.7 standard library found")]

COMPILE_ALL = """
import sys, warnings
warnings.simplefilter("ignore")
bad = []
for path in sys.argv[1:]:
    try:
        compile(open(path, "rb").read(), path, "exec")
    except SyntaxError as exc:
        bad.append("%s: %s" % (path, exc))
print("\\n".join(bad))
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    source = tmp_path_factory.mktemp("py27")
    for path in glob.glob(os.path.join(STDLIB, "*.py")):
        shutil.copy(path, source)
    first = tmp_path_factory.mktemp("pass1")
    second = tmp_path_factory.mktemp("pass2")
    run1 = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", str(source), "-o", str(first), "-j", "2"],
        capture_output=True,
        text=True,
    )
    run2 = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", str(first), "-o", str(second), "-j", "2"],
        capture_output=True,
        text=True,
    )
    return source, first, second, run1, run2


def test_all_206_modules_convert_without_error(converted):
    source, first, _, run1, _ = converted
    assert len(os.listdir(source)) == 206
    assert run1.returncode == 0, run1.stderr
    assert "Traceback" not in run1.stderr
    assert sorted(os.listdir(first)) == sorted(os.listdir(source))
    assert "206 files: 1" in run1.stderr  # most of them change
    changed = sum(
        open(os.path.join(source, n), "rb").read() != open(os.path.join(first, n), "rb").read()
        for n in os.listdir(source)
    )
    assert changed >= 140


def test_second_pass_changes_nothing(converted):
    _, first, second, _, run2 = converted
    assert run2.returncode == 0, run2.stderr
    for name in os.listdir(first):
        assert open(os.path.join(first, name), "rb").read() == open(os.path.join(second, name), "rb").read(), name


@pytest.mark.parametrize("version", ["3.9", "3.13", "current"])
def test_outputs_compile(converted, version):
    _, first, _, _, _ = converted
    python = sys.executable if version == "current" else require_python(version)
    files = sorted(glob.glob(os.path.join(first, "*.py")))
    result = subprocess.run([python, "-c", COMPILE_ALL, *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
