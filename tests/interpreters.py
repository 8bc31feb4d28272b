"""The Python 2.7 library the corpus tests read, found through threadmod's own interpreter lookup."""

from __future__ import annotations

import os
import subprocess

from threadmod.interpreters import find_python

__all__ = ["find_python", "python2_stdlib"]


def python2_stdlib() -> str | None:
    python2 = find_python("2.7")
    if python2 is None:
        return None
    result = subprocess.run(
        [python2, "-c", "import os; print(os.path.dirname(os.__file__))"], capture_output=True, text=True
    )
    path = result.stdout.strip()
    return path if result.returncode == 0 and os.path.isdir(path) else None
