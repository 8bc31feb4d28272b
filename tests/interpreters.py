"""Finding other Python interpreters for the tests (pyenv's, or on PATH)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess


def find_python(version: str) -> str | None:
    """An interpreter for a major.minor version: pythonX.Y on PATH or under pyenv."""
    candidates = [shutil.which(f"python{version}")]
    root = os.environ.get("PYENV_ROOT", os.path.expanduser("~/.pyenv"))
    candidates += sorted(glob.glob(os.path.join(root, "versions", f"{version}.*", "bin", f"python{version}")), reverse=True)
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            try:
                subprocess.run([candidate, "-c", "pass"], check=True, capture_output=True, timeout=30)
            except (OSError, subprocess.SubprocessError):
                continue
            return candidate
    return None


def python2_stdlib() -> str | None:
    python2 = find_python("2.7")
    if python2 is None:
        return None
    result = subprocess.run(
        [python2, "-c", "import os; print(os.path.dirname(os.__file__))"], capture_output=True, text=True
    )
    path = result.stdout.strip()
    return path if result.returncode == 0 and os.path.isdir(path) else None
