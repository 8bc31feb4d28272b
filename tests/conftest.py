"""Shared fixtures: run the threadmod CLI in-process (click's CliRunner) or as a subprocess.

The report header names the other Pythons the tests found (tests/interpreters.py); a test
that needs one that is missing skips and says so.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from threadmod.cli import main


@dataclass
class Run:
    exit_code: int
    stdout: bytes  # exact bytes written to stdout
    stderr: str

    def lines_naming(self, path) -> list[str]:
        """The stderr lines that start with `path:`."""
        return [line for line in self.stderr.splitlines() if line.startswith(f"{path}:")]


def _invoke_cli(*args) -> Run:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return Run(result.exit_code, result.stdout_bytes, result.stderr)


def _invoke_subprocess(*args, timeout: float = 30) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "threadmod", *map(str, args)], capture_output=True, timeout=timeout
    )
    return Run(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


@pytest.fixture
def cli():
    """threadmod through click's CliRunner: cli("convert", path, "-o", out) -> Run."""
    return _invoke_cli


@pytest.fixture
def proc():
    """threadmod as a real `python -m threadmod` subprocess -> Run."""
    return _invoke_subprocess


@pytest.fixture(params=["clirunner", "subprocess"])
def run_both(request):
    """The same test through CliRunner and through a subprocess."""
    return _invoke_cli if request.param == "clirunner" else _invoke_subprocess


def pytest_report_header(config):
    from tests.interpreters import find_python, python2_or_none

    python2 = python2_or_none()
    found = ", ".join(f"{v}: {find_python(v) or 'none'}" for v in ("3.9", "3.13"))
    if python2:
        legacy = f"{python2} (tests/data/programs run live under it)"
    else:
        legacy = "none (tests/data/programs compared with their recorded traces)"
    return [f"threadmod: Python 2.7: {legacy}; {found}"]
