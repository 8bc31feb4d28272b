"""Shared fixtures: run the threadmod CLI in-process (click's CliRunner) or as a subprocess."""

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
