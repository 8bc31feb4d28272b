"""`threadmod verify`: run a legacy script under Python 2.7 and its conversion under Python 3
with virtual time and one deterministic scheduler, and compare their output thread by thread.

The rooms: `trace` (a run's trace, its normalisation, trace files), `run` (running scripts
under `_bootstrap.py`, verifying pairs, recording traces), `comparison` (the verdict),
`divergences` (what a comparison may allow), `render` (a verdict as text), `command` (the
click command).

The library API is importable from here (run_traced, compare, ending, verify, record, find_python2,
Trace, ThreadTrace, Item, Verdict, Difference, Allowance, PairResult, Divergence, RunError,
Python2NotFound); the click command is `threadmod.verify.command.verify`.  Names are imported
on first use, so registering the command with the CLI costs nothing.
"""

from __future__ import annotations

import importlib

_API = {
    "run_traced": "threadmod.verify.run",
    "verify": "threadmod.verify.run",
    "record": "threadmod.verify.run",
    "PairResult": "threadmod.verify.run",
    "RunError": "threadmod.verify.run",
    "compare": "threadmod.verify.comparison",
    "ending": "threadmod.verify.comparison",
    "Verdict": "threadmod.verify.comparison",
    "Difference": "threadmod.verify.comparison",
    "Allowance": "threadmod.verify.comparison",
    "Trace": "threadmod.verify.trace",
    "ThreadTrace": "threadmod.verify.trace",
    "Item": "threadmod.verify.trace",
    "Divergence": "threadmod.verify.divergences",
    "find_python2": "threadmod.interpreters",
    "Python2NotFound": "threadmod.interpreters",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(name)
