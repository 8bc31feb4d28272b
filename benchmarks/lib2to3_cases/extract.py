#!/usr/bin/env python3
"""Extract lib2to3's own fixer test cases into tests/data/lib2to3_cases.json.

Runs lib2to3's fixer tests (``lib2to3/tests/test_fixers.py``) under a Python
that still has lib2to3 (3.12 at most; default ``python3.11``), with the
harness's ``check``/``warns``/``warns_unchanged``/``unchanged`` replaced by a
recorder: every case a test method hands the harness, loops and tables
included, for every fixer 2to3 runs by default (the explicit ones, buffer,
idioms, set_literal and ws_comma, are left out).  Both texts get the
normalisation ``FixerTestCase`` applies (``lib2to3.tests.support.reformat``:
``textwrap.dedent(text) + "\\n\\n"``).  Methods named ``test_idempotency*``
are skipped (they test print-function grammar switching, not conversion).
Test_import's cases depend on the files next to the input (its tests fake
``os.path.exists``); they are marked ``depends_on_files``.

Each case records whether ``before`` compiles under Python 2.7; all cases
are checked by ONE ``python2.7`` process fed JSON on stdin.

Usage::

    python benchmarks/lib2to3_cases/extract.py [--python-lib2to3 python3.11] [-o OUT.json]

The output is deterministic (sorted, indented), so regenerating it from the
same input makes no diff.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

DEFAULT_PYTHON_LIB2TO3 = "python3.11"  # any Python that still has lib2to3 (3.12 at most)
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "data" / "lib2to3_cases.json"

# The fixers `2to3` runs by default: every fixer of lib2to3.fixes except the
# explicit ones (buffer, idioms, set_literal, ws_comma), by their test classes.
# Test_import's cases depend on which files lie next to the input (its tests
# fake os.path.exists): they are kept, and marked.
EXPLICIT_FIXERS = frozenset({"buffer", "idioms", "set_literal", "ws_comma"})

# Run by the Python that has lib2to3: imports its fixer tests, replaces the
# harness's comparison with a recorder and runs every test method of the
# default fixers' classes; prints the cases as JSON.
RECORDER = r"""
import json, sys, unittest
from lib2to3.tests import support, test_fixers
from lib2to3 import refactor

explicit = set(json.loads(sys.argv[1]))
cases = []
current = {}

class FakeTree(object):
    was_changed = True

def record(self, before, after, call):
    fixers = current["fixers"]
    cases.append({
        "fixer": getattr(self, "fixer", None) or "+".join(fixers), "fixers": fixers,
        "class": type(self).__name__, "method": self._testMethodName,
        "call": call, "before": support.reformat(before), "expected": support.reformat(after),
    })
    return FakeTree()

FTC = test_fixers.FixerTestCase
FTC.check = lambda self, b, a, ignore_warnings=False: record(self, b, a, "check")
FTC.warns = lambda self, b, a, m, unchanged=False: record(self, b, a, "warns")
FTC.warns_unchanged = lambda self, b, m: record(self, b, b, "warns_unchanged")
FTC.unchanged = lambda self, b, ignore_warnings=False: record(self, b, b, "unchanged")
FTC.assert_runs_after = lambda self, *names: None
original_setup = FTC.setUp
def setUp(self, fix_list=None, fixer_pkg="lib2to3", options=None):
    current["fixers"] = sorted(fix_list or [self.fixer])
    original_setup(self, fix_list, fixer_pkg, options)
FTC.setUp = setUp

loader = unittest.TestLoader()
skipped = []
for name in sorted(dir(test_fixers)):
    cls = getattr(test_fixers, name)
    if not (name.startswith("Test_") and isinstance(cls, type) and issubclass(cls, FTC)):
        continue
    if getattr(cls, "fixer", None) in explicit:
        skipped.append(name)
        continue
    for method in loader.getTestCaseNames(cls):
        if method.startswith("test_idempotency"):
            continue  # print-function grammar switching, not conversion
        test = cls(method)
        result = unittest.TestResult()
        test.run(result)
        for _, trace in result.errors + result.failures:
            # Tests of the harness itself (files checked, fixer order) record no case.
            sys.stderr.write("not a case: %s.%s: %s\n" % (name, method, trace.splitlines()[-1]))
json.dump({"cases": cases, "skipped_classes": skipped, "python": sys.version.split()[0]}, sys.stdout)
"""


# Checker run under Python 2.7: reads [[name, source], ...] as JSON on stdin,
# prints {name: true|false} as JSON.  dont_inherit=True so that no
# __future__ flag of the checker itself leaks into the compiled code.
PY27_CHECKER = r"""
import json, sys
cases = json.loads(sys.stdin.read())
result = {}
for name, src in cases:
    try:
        compile(src.encode("utf-8"), name, "exec", 0, True)
    except SyntaxError:
        result[name] = False
    else:
        result[name] = True
sys.stdout.write(json.dumps(result))
"""


class ExtractError(Exception):
    pass


def record_cases(python: list[str]) -> tuple[list[dict], list[str], bytes]:
    """Every case of the default fixers' tests, as the test harness receives it."""
    proc = subprocess.run(
        python + ["-W", "ignore", "-c", RECORDER, json.dumps(sorted(EXPLICIT_FIXERS))],
        capture_output=True, text=True, check=False,
    )
    if proc.returncode != 0:
        raise ExtractError(f"recording failed (exit {proc.returncode}):\n{proc.stderr}")
    if proc.stderr.strip():
        print(proc.stderr, file=sys.stderr, end="")
    source = subprocess.run(
        python + ["-c", "import lib2to3.tests.test_fixers as t, sys; sys.stdout.write(t.__file__)"],
        capture_output=True, text=True, check=True,
    ).stdout
    document = json.loads(proc.stdout)
    cases = document["cases"]
    counters: dict[tuple[str, str], int] = {}
    for case in cases:
        key = (case["fixer"], case["method"])
        case["index"] = counters.get(key, 0)
        counters[key] = case["index"] + 1
        case["depends_on_files"] = case["fixer"] == "import"
    return cases, document["skipped_classes"], Path(source).read_bytes()


def case_id(case: dict) -> str:
    return f"{case['fixer']}/{case['method']}_{case['index']}"


def py27_validity(cases: list[dict], python2: list[str]) -> dict[str, bool]:
    payload = json.dumps([[case_id(c), c["before"]] for c in cases])
    env = dict(os.environ)
    env.setdefault("PYENV_VERSION", "2.7.18")
    try:
        proc = subprocess.run(
            python2 + ["-c", PY27_CHECKER],
            input=payload,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise ExtractError(f"cannot run Python 2.7 ({' '.join(python2)}): {exc}")
    if proc.returncode != 0:
        raise ExtractError(
            f"Python 2.7 checker failed (exit {proc.returncode}):\n{proc.stderr}"
        )
    result = json.loads(proc.stdout)
    if set(result) != {case_id(c) for c in cases}:
        raise ExtractError("Python 2.7 checker returned an unexpected set of cases")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--python-lib2to3",
        default=DEFAULT_PYTHON_LIB2TO3,
        help="a Python that still has lib2to3, run with PYENV_VERSION unset (default: python3.11)",
    )
    parser.add_argument(
        "-o",
        "--output",
        default=str(DEFAULT_OUTPUT),
        help="JSON file to write (default: tests/data/lib2to3_cases.json)",
    )
    parser.add_argument(
        "--python2",
        default="python2.7",
        help="Python 2.7 interpreter used for the py27_valid check "
        "(run with PYENV_VERSION=2.7.18 unless already set; default: python2.7)",
    )
    args = parser.parse_args(argv)

    try:
        cases, skipped, raw = record_cases(args.python_lib2to3.split())
        validity = py27_validity(cases, args.python2.split())
    except ExtractError as exc:
        print(f"extract.py: error: {exc}", file=sys.stderr)
        return 1

    for case in cases:
        case["py27_valid"] = validity[case_id(case)]
    cases.sort(key=lambda c: (c["fixer"], c["method"], c["index"]))

    document = {
        "source": "lib2to3/tests/test_fixers.py",
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "fixers": sorted({c["fixer"] for c in cases}),
        "explicit_fixers_left_out": skipped,
        "normalisation": "textwrap.dedent(text) + '\\n\\n' (lib2to3.tests.support.reformat)",
        "cases": cases,
    }
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(document, indent=2, sort_keys=True, ensure_ascii=True) + "\n",
        encoding="utf-8",
    )
    n_valid = sum(c["py27_valid"] for c in cases)
    print(f"{len(cases)} cases, {n_valid} py27-valid -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
