#!/usr/bin/env python3
"""Extract lib2to3's own fixer test cases into tests/data/lib2to3_cases.json.

Reads CPython's ``lib2to3/tests/test_fixers.py`` (default: the pyenv 3.11.7
copy) *without importing it*: the file is parsed with :mod:`ast` and, inside
every test method of the selected ``Test_<fixer>`` classes, the string
assignments are evaluated in order.  Each

* ``self.check(b, a)``            gives (before=b, expected=a),
* ``self.unchanged(s)``           gives (before=s, expected=s),
* ``self.warns_unchanged(s, m)``  gives (before=s, expected=s),

using the values current at that call.  Both texts get the normalisation
``FixerTestCase`` applies (``lib2to3.tests.support.reformat``:
``textwrap.dedent(text) + "\\n\\n"``).  Methods named ``test_idempotency*``
are skipped (they test print-function grammar switching, not conversion).

Each case records whether ``before`` compiles under Python 2.7; all cases
are checked by ONE ``python2.7`` process fed JSON on stdin.

Usage::

    python benchmarks/lib2to3_cases/extract.py [TEST_FIXERS_PY] [-o OUT.json]

The output is deterministic (sorted, indented), so regenerating it from the
same input makes no diff.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

DEFAULT_SOURCE = (
    "/root/.pyenv/versions/3.11.7/lib/python3.11/lib2to3/tests/test_fixers.py"
)
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO_ROOT / "tests" / "data" / "lib2to3_cases.json"

CLASSES = (
    "Test_print",
    "Test_except",
    "Test_exec",
    "Test_raise",
    "Test_repr",
    "Test_ne",
    "Test_numliterals",
    "Test_unicode",
    "Test_tuple_params",
)

# Harness methods that turn into cases, and which positional argument is
# (before, expected).  None for expected means "same as before".
CASE_CALLS = {
    "check": (0, 1),
    "unchanged": (0, None),
    "warns_unchanged": (0, None),
}
# Harness methods that are known not to be cases (none occur today in the
# selected classes; anything else on ``self`` is an error, so a changed
# upstream file cannot silently lose cases).
IGNORED_CALLS: frozenset[str] = frozenset()

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


def reformat(text: str) -> str:
    """Same as lib2to3.tests.support.reformat."""
    return textwrap.dedent(text) + "\n\n"


def _eval_str(node: ast.expr, env: dict[str, str], where: str) -> str:
    """Evaluate a string expression made of literals, known locals, + and %."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ExtractError(f"{where}: unknown name {node.id!r}")
        return env[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _eval_str(node.left, env, where) + _eval_str(node.right, env, where)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        left = _eval_str(node.left, env, where)
        if isinstance(node.right, ast.Tuple):
            args = tuple(_eval_str(e, env, where) for e in node.right.elts)
        else:
            args = _eval_str(node.right, env, where)
        return left % args
    raise ExtractError(
        f"{where}: cannot evaluate {ast.unparse(node)!r} to a string"
    )


def _is_self_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "self"
    )


def _method_cases(fixer: str, cls: str, func: ast.FunctionDef) -> list[dict]:
    env: dict[str, str] = {}
    cases: list[dict] = []
    for stmt in func.body:
        where = f"{cls}.{func.name} line {stmt.lineno}"
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
                raise ExtractError(f"{where}: unsupported assignment")
            env[stmt.targets[0].id] = _eval_str(stmt.value, env, where)
        elif isinstance(stmt, ast.Expr) and _is_self_call(stmt.value):
            call = stmt.value
            name = call.func.attr
            if name in IGNORED_CALLS:
                continue
            if name not in CASE_CALLS:
                raise ExtractError(f"{where}: unknown harness call self.{name}")
            bi, ai = CASE_CALLS[name]
            before = _eval_str(call.args[bi], env, where)
            expected = before if ai is None else _eval_str(call.args[ai], env, where)
            cases.append(
                {
                    "fixer": fixer,
                    "method": func.name,
                    "index": len(cases),
                    "call": name,
                    "before": reformat(before),
                    "expected": reformat(expected),
                }
            )
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # docstring
        elif isinstance(stmt, ast.Pass):
            continue
        else:
            # Loops, conditionals, grammar switching ...: refuse rather than
            # guess, so that a changed upstream file cannot silently lose or
            # mangle cases.
            if any(_is_self_call(n) for n in ast.walk(stmt)):
                raise ExtractError(f"{where}: unsupported statement with harness call")
            raise ExtractError(f"{where}: unsupported statement {type(stmt).__name__}")
    return cases


def extract(source_text: str) -> list[dict]:
    tree = ast.parse(source_text)
    found: dict[str, ast.ClassDef] = {
        node.name: node for node in tree.body if isinstance(node, ast.ClassDef)
    }
    missing = [c for c in CLASSES if c not in found]
    if missing:
        raise ExtractError(f"classes not found: {', '.join(missing)}")
    cases: list[dict] = []
    for cls_name in CLASSES:
        cls = found[cls_name]
        fixer = None
        for node in cls.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "fixer"
            ):
                fixer = ast.literal_eval(node.value)
        if not isinstance(fixer, str):
            raise ExtractError(f"{cls_name}: no 'fixer = \"...\"' attribute")
        for node in cls.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            if not node.name.startswith("test") or node.name.startswith(
                "test_idempotency"
            ):
                continue
            cases.extend(_method_cases(fixer, cls_name, node))
    return cases


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
        "source",
        nargs="?",
        default=DEFAULT_SOURCE,
        help=f"path to lib2to3/tests/test_fixers.py (default: {DEFAULT_SOURCE})",
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

    raw = Path(args.source).read_bytes()
    try:
        cases = extract(raw.decode("utf-8"))
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
        "classes": list(CLASSES),
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
