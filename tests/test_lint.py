"""ruff (pyflakes and pycodestyle, configured in pyproject.toml) finds nothing in the project."""

from __future__ import annotations

import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_ruff_finds_nothing():
    from ruff.__main__ import find_ruff_bin  # installed with the test extras

    done = subprocess.run([find_ruff_bin(), "check", "--no-cache", ROOT], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
