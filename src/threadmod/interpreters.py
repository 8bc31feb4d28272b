"""Finding other Python interpreters: Python 2.7 for `verify`, any X.Y for the tests and benchmarks.

A candidate counts only when running it works and it reports the version asked for: a
pyenv shim with no version selected is on PATH but does not run.  The order is the
one a user can steer: what they name (an option, $THREADMOD_PYTHON2), then PATH, then
pyenv's versions (newest first), then the usual system places.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Mapping

HOW_TO_NAME_PYTHON2 = (
    "Name one with --python2 PATH or the THREADMOD_PYTHON2 environment variable, e.g.\n"
    "  threadmod verify --python2 /usr/bin/python2.7 LEGACY MODERN\n"
    "  export THREADMOD_PYTHON2=~/.pyenv/versions/2.7.18/bin/python2.7\n"
    "or compare against recorded traces: threadmod verify --traces DIR LEGACY MODERN\n"
    "(record them where Python 2.7 runs: threadmod verify --record DIR LEGACY)."
)


class Python2NotFound(LookupError):
    """No working Python 2.7; the message says what was tried and how to name one."""


def probe(path: str, version: str) -> tuple[str | None, str]:
    """(the interpreter's real executable, "") when `path` runs as Python `version` (X.Y),
    else (None, why not)."""
    try:
        proc = subprocess.run(
            [path, "-c", "import sys; sys.stdout.write('%d.%d %s' % (sys.version_info[0], "
                         "sys.version_info[1], sys.executable))"],
            capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as e:
        return None, f"cannot run: {e}"
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, f"exited with {proc.returncode}" + (f" ({err[0]})" if err else "")
    found, _, executable = proc.stdout.decode("utf-8", "replace").partition(" ")
    if found != version:
        return None, f"is Python {found}, not {version}"
    return (executable or path), ""


def candidates(version: str, environ: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(where, path) of every interpreter that may be Python `version`, in the order tried."""
    environ = os.environ if environ is None else environ
    found = []
    path = environ.get("PATH", os.defpath)
    names = [f"python{version}"] + (["python2"] if version.startswith("2.") else [])
    for name in names:
        on_path = shutil.which(name, path=path)
        if on_path:
            found.append((f"{name} on PATH", on_path))
    root = environ.get("PYENV_ROOT") or os.path.join(environ.get("HOME") or os.path.expanduser("~"), ".pyenv")
    pattern = os.path.join(root, "versions", f"{version}.*", "bin", f"python{version}")
    for exe in sorted(glob.glob(pattern), key=_version_key, reverse=True):
        found.append(("pyenv", exe))
    for directory in ("/usr/bin", "/usr/local/bin"):
        exe = os.path.join(directory, f"python{version}")
        if os.path.exists(exe):
            found.append(("system", exe))
    return found


def _version_key(path: str) -> tuple[int, ...]:
    # .../versions/3.13.0/bin/python3.13: compare 3.13.0 as numbers, not text.
    parts = os.path.basename(os.path.dirname(os.path.dirname(path))).split(".")
    return tuple(int(p) if p.isdigit() else -1 for p in parts)


def _first_working(version: str, environ: Mapping[str, str]) -> tuple[str | None, list[str]]:
    tried, seen = [], set()
    for where, candidate in candidates(version, environ):
        if candidate in seen:
            continue
        seen.add(candidate)
        exe, why = probe(candidate, version)
        if exe is not None:
            return exe, tried
        tried.append(f"  {where}: {candidate} {why}")
    return None, tried


_FOUND: dict[tuple, str] = {}  # only what was found: a missing interpreter may be installed later


def _find_cached(version: str, path: str | None, pyenv_root: str | None, home: str | None) -> tuple[str | None, list[str]]:
    key = (version, path, pyenv_root, home)
    if key in _FOUND:
        return _FOUND[key], []
    environ = {k: v for k, v in (("PATH", path), ("PYENV_ROOT", pyenv_root), ("HOME", home)) if v is not None}
    exe, tried = _first_working(version, environ)
    if exe is not None:
        _FOUND[key] = exe
    return exe, tried


def find_python(version: str, environ: Mapping[str, str] | None = None) -> str | None:
    """A working interpreter for `version` (X.Y), or None."""
    environ = os.environ if environ is None else environ
    return _find_cached(version, environ.get("PATH"), environ.get("PYENV_ROOT"), environ.get("HOME"))[0]


def find_python2(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """A working Python 2.7: `explicit` (--python2), then $THREADMOD_PYTHON2, then python2.7 or
    python2 on PATH, then pyenv's versions, then /usr/bin and /usr/local/bin.  Raises
    Python2NotFound with what was tried and how to name one."""
    environ = os.environ if environ is None else environ
    from_environment = environ.get("THREADMOD_PYTHON2")
    for label, named in ((f"--python2 {explicit}", explicit), (f"THREADMOD_PYTHON2={from_environment}", from_environment)):
        if named:
            exe, why = _probe_cached(named)
            if exe is None:
                raise Python2NotFound(f"{label}: {why}.\n{HOW_TO_NAME_PYTHON2}")
            return exe
    exe, tried = _find_cached("2.7", environ.get("PATH"), environ.get("PYENV_ROOT"), environ.get("HOME"))
    if exe is not None:
        return exe
    raise Python2NotFound(
        "threadmod verify runs LEGACY under Python 2.7 and found no working Python 2.7 "
        "interpreter.\n" + HOW_TO_NAME_PYTHON2
        + ("\nTried:\n" + "\n".join(tried) if tried else "\nNo python2.7 or python2 on PATH, none under pyenv."))


def _probe_cached(path: str) -> tuple[str | None, str]:
    key = ("named", path)
    if key not in _FOUND:
        exe, why = probe(path, "2.7")
        if exe is None:
            return None, why
        _FOUND[key] = exe
    return _FOUND[key], ""


def stdlib_dir(python: str) -> str | None:
    """The folder of that interpreter's standard library (where os.py lies), or None."""
    try:
        done = subprocess.run(
            [python, "-c", "import os, sys; sys.stdout.write(os.path.dirname(os.__file__))"],
            capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path = done.stdout.strip()
    return path if done.returncode == 0 and os.path.isdir(path) else None
