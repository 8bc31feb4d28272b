"""`threadmod verify`: run a legacy script under Python 2.7 and its conversion under Python 3
with virtual time and one deterministic scheduler, and compare their output thread by thread.

The library API is importable from here (run_traced, compare, find_python2, verify, record,
Trace, Verdict, RunError, Python2NotFound); the click command is
`threadmod.verify.command.verify`.  Names are imported on first use, so registering the
command with the CLI costs nothing.
"""

from __future__ import annotations

import importlib

_API = {
    "run_traced": "threadmod.verify.engine",
    "compare": "threadmod.verify.engine",
    "verify": "threadmod.verify.engine",
    "record": "threadmod.verify.engine",
    "Trace": "threadmod.verify.engine",
    "Verdict": "threadmod.verify.engine",
    "RunError": "threadmod.verify.engine",
    "find_python2": "threadmod.interpreters",
    "Python2NotFound": "threadmod.interpreters",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(name)
