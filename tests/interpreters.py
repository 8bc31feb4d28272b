"""Other Pythons for the tests, found through threadmod's own interpreter lookup
(threadmod.interpreters: PATH, then pyenv, then /usr/bin and /usr/local/bin); never a
hard-coded path.  A test that needs one it cannot find skips and says which.
"""

from __future__ import annotations

import pytest

from threadmod.interpreters import find_python, stdlib_dir
from threadmod.verify import Python2NotFound, find_python2

__all__ = ["find_python", "python2_or_none", "python2_stdlib", "require_python"]


def require_python(version: str) -> str:
    """The path of a working Python `version` (X.Y); skips the calling test when there is none."""
    python = find_python(version)
    if python is None:
        pytest.skip(f"no Python {version} found (PATH, pyenv, /usr/bin, /usr/local/bin)")
    return python


def python2_or_none() -> str | None:
    """The Python 2.7 `threadmod verify` would use ($THREADMOD_PYTHON2, PATH, pyenv...), or None."""
    try:
        return find_python2()
    except Python2NotFound:
        return None


def python2_stdlib() -> str | None:
    """The folder of Python 2.7's standard library, or None."""
    python2 = find_python("2.7")
    return stdlib_dir(python2) if python2 is not None else None
