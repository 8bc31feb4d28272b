#!/usr/bin/env python3
"""Score a converter on lib2to3's own fixer test cases, by meaning.

Every py27-valid case of tests/data/lib2to3_cases.json has its ``before``
written to ``OUT/in/<fixer>/<method>_<index>.py``; ONE converter run turns
``OUT/in`` into ``OUT/out`` (default: ``threadmod convert OUT/in -o OUT/out``),
and each output is compared with lib2to3's expected text by AST, at three
strictness levels:

  exact         ast.dump(ast.parse(got)) == ast.dump(ast.parse(expected))
  ignore-kind   the same, after dropping Constant.kind (the u'' prefix
                marker, which has no meaning in Python 3)
  alpha-rename  the same, after also renaming fresh names -- names that
                occur in the code but not in the input (temporaries a
                converter introduces, e.g. 2to3's ``xxx_todo_changeme`` vs.
                a nicer ``a_b``) -- on each side separately to ``_fresh0``,
                ``_fresh1``, ... in order of first appearance in ast.walk.
                Builtin names (``repr``, ``str``, ``exec`` ...) are never
                fresh, so ``repr(x)`` still differs from ``str(x)``.

Output that does not exist or does not parse fails all three measures.
A case whose ``expected`` does not parse under this Python 3 (e.g. lib2to3
leaves ``raise "foo", 5`` unchanged, with a warning) is reported and left
out of the denominator.

Exit status: 0, or 1 with ``--min-percent P`` when alpha-rename < P,
or 2 when the converter cannot be found.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import tokenize
import warnings
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CASES = REPO_ROOT / "tests" / "data" / "lib2to3_cases.json"
MEASURES = ("exact", "ignore-kind", "alpha-rename")

# Names never treated as fresh temporaries: Python 3 builtins plus the
# Python 2 ones a converter rewrites (they occur in inputs anyway).
_BUILTIN_NAMES = frozenset(dir(builtins)) | {
    "unicode", "unichr", "long", "basestring", "xrange", "raw_input",
    "execfile", "reduce", "intern", "coerce", "apply", "buffer", "file",
    "cmp", "reload",
}


# --------------------------------------------------------------------------
# Locating and running the converter


def find_threadmod() -> str | None:
    """``threadmod`` next to sys.executable, else on PATH, else None."""
    exe_dir = Path(sys.executable).parent
    for name in ("threadmod", "threadmod.exe"):
        candidate = exe_dir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("threadmod")


def converter_command(template: str | None, in_dir: Path, out_dir: Path) -> list[str]:
    """The command to run; ``template`` may use {python}, {in}, {out}."""
    if template is None:
        exe = find_threadmod()
        if exe is None:
            raise FileNotFoundError("threadmod command not found")
        return [exe, "convert", str(in_dir), "-o", str(out_dir)]
    return [
        part.format(python=sys.executable, **{"in": str(in_dir), "out": str(out_dir)})
        for part in shlex.split(template)
    ]


# --------------------------------------------------------------------------
# AST normalisation


def _input_names(source: str) -> set[str]:
    """Variable names of a Python 2 input (tokenised, since ast can't parse it).

    A name right after a dot is an attribute, not a variable: a converter may bind a
    fresh variable of the same spelling (`except E, a.foo:` -> `except E as foo:`).
    """
    try:
        names: set[str] = set()
        previous = None
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and not (previous is not None and previous.string == "."):
                names.add(tok.string)
            if tok.type not in (tokenize.NL, tokenize.COMMENT):
                previous = tok
        return names
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # A superset is safe: it can only make fewer names count as fresh.
        return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source))


def _strip_kind(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            node.kind = None


# (node type, attribute holding a variable-like identifier)
_NAME_SLOTS = ((ast.Name, "id"), (ast.arg, "arg"), (ast.ExceptHandler, "name"))


def _alpha_rename(tree: ast.AST, input_names: set[str]) -> None:
    mapping: dict[str, str] = {}
    for node in ast.walk(tree):
        for typ, attr in _NAME_SLOTS:
            if isinstance(node, typ):
                name = getattr(node, attr)
                if name is None or name in input_names or name in _BUILTIN_NAMES:
                    continue
                if name not in mapping:
                    mapping[name] = f"_fresh{len(mapping)}"
                setattr(node, attr, mapping[name])
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            node.names = [mapping.get(n, n) for n in node.names]


def _parse(source: str) -> ast.Module:
    # Some cases hold literals like b'\\\u20ac' (an invalid escape in bytes):
    # silence the Deprecation/SyntaxWarning that parsing them emits.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ast.parse(source)


def dumps(source: str, input_names: set[str]) -> tuple[str, str, str]:
    """ast.dump of ``source`` under each measure (raises SyntaxError)."""
    exact = ast.dump(_parse(source))
    tree = _parse(source)
    _strip_kind(tree)
    no_kind = ast.dump(tree)
    _alpha_rename(tree, input_names)
    return exact, no_kind, ast.dump(tree)


# --------------------------------------------------------------------------
# Evaluation


@dataclass
class CaseResult:
    case: dict
    got: str | None
    passed: tuple[bool, bool, bool] = (False, False, False)
    error: str | None = None

    @property
    def name(self) -> str:
        return case_name(self.case)


@dataclass
class Report:
    results: list[CaseResult] = field(default_factory=list)
    bad_expected: list[tuple[dict, str]] = field(default_factory=list)
    skipped_py3_only: int = 0
    converter_cmd: list[str] = field(default_factory=list)
    converter_rc: int | None = None
    converter_stderr: str = ""

    @property
    def total(self) -> int:
        return len(self.results)

    def score(self, measure: int) -> int:
        return sum(r.passed[measure] for r in self.results)

    def percent(self, measure: int) -> float:
        return 100.0 * self.score(measure) / self.total if self.total else 0.0


def case_name(case: dict) -> str:
    return f"{case['method']}_{case['index']}"


def load_cases(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def _find_output(out_dir: Path, in_dir: Path, rel: Path) -> Path | None:
    for candidate in (out_dir / rel, out_dir / in_dir.name / rel):
        if candidate.is_file():
            return candidate
    return None


def evaluate(
    cases: list[dict], work: Path, converter: str | None = None
) -> Report:
    report = Report()
    in_dir, out_dir = work / "in", work / "out"
    for d in (in_dir, out_dir):
        if d.exists():
            shutil.rmtree(d)
    in_dir.mkdir(parents=True)

    selected = []
    for case in cases:
        if not case["py27_valid"]:
            report.skipped_py3_only += 1
            continue
        rel = Path(case["fixer"]) / f"{case_name(case)}.py"
        (in_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (in_dir / rel).write_text(case["before"], encoding="utf-8")
        selected.append((case, rel))

    cmd = converter_command(converter, in_dir, out_dir)
    report.converter_cmd = cmd
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    report.converter_rc = proc.returncode
    report.converter_stderr = proc.stderr

    for case, rel in selected:
        input_names = _input_names(case["before"])
        try:
            expected = dumps(case["expected"], input_names)
        except SyntaxError as exc:
            report.bad_expected.append((case, f"{exc.msg} (line {exc.lineno})"))
            continue
        out_file = _find_output(out_dir, in_dir, rel)
        if out_file is None:
            report.results.append(CaseResult(case, None, error="no output file"))
            continue
        got_src = out_file.read_text(encoding="utf-8")
        result = CaseResult(case, got_src)
        try:
            got = dumps(got_src, input_names)
        except SyntaxError as exc:
            result.error = f"output does not parse: {exc.msg} (line {exc.lineno})"
        else:
            result.passed = tuple(g == e for g, e in zip(got, expected))
        report.results.append(result)
    return report


# --------------------------------------------------------------------------
# Output


def _block(label: str, text: str | None) -> list[str]:
    if text is None:
        return [f"    {label}: <none>"]
    lines = text.rstrip("\n").split("\n") or [""]
    return [f"    {label}:"] + [f"      | {line}" for line in lines]


def format_report(report: Report) -> str:
    out = []
    out.append("converter: " + shlex.join(report.converter_cmd))
    if report.converter_rc:
        out.append(f"converter exit status: {report.converter_rc}")
        tail = report.converter_stderr.strip().splitlines()[-20:]
        out.extend("  stderr: " + line for line in tail)
    out.append(
        f"cases: {report.total} scored, "
        f"{report.skipped_py3_only} skipped (before is not valid Python 2.7), "
        f"{len(report.bad_expected)} left out (expected does not parse under "
        f"Python {sys.version_info[0]}.{sys.version_info[1]})"
    )
    for case, err in report.bad_expected:
        out.append(f"  expected unparsable: {case['fixer']}/{case_name(case)}: {err}")
    out.append("")
    for i, measure in enumerate(MEASURES):
        out.append(
            f"{measure}: {report.score(i)}/{report.total} ({report.percent(i):.1f}%)"
        )

    failures = [r for r in report.results if not all(r.passed)]
    out.append("")
    if not failures:
        out.append("no failures")
        return "\n".join(out) + "\n"
    out.append(f"failures ({len(failures)}); 'fails' lists the measures failed:")
    w_fixer = max(len("fixer"), *(len(r.case["fixer"]) for r in failures))
    w_case = max(len("case"), *(len(r.name) for r in failures))
    out.append(f"  {'fixer':<{w_fixer}}  {'case':<{w_case}}  fails")
    for r in failures:
        failed = ",".join(m for m, ok in zip(MEASURES, r.passed) if not ok)
        note = f"  [{r.error}]" if r.error else ""
        out.append(f"  {r.case['fixer']:<{w_fixer}}  {r.name:<{w_case}}  {failed}{note}")
    out.append("")
    for r in failures:
        out.append(f"  {r.case['fixer']}/{r.name}")
        if r.error:
            out.append(f"    error: {r.error}")
        out.extend(_block("before", r.case["before"]))
        out.extend(_block("got", r.got))
        out.extend(_block("expected", r.case["expected"]))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Score a Python 2 -> 3 converter on lib2to3's fixer test cases."
    )
    parser.add_argument(
        "--cases", default=str(DEFAULT_CASES), help="cases JSON (from extract.py)"
    )
    parser.add_argument(
        "--out",
        help="work directory (gets in/ and out/; default: a temporary "
        "directory, removed afterwards)",
    )
    parser.add_argument(
        "--converter",
        help="converter command instead of 'threadmod convert {in} -o {out}'; "
        "{python}, {in} and {out} are substituted, e.g. "
        "'{python} -m fissix -f print -n -w -W --no-diffs -o {out} {in}'",
    )
    parser.add_argument(
        "--min-percent",
        type=float,
        help="exit 1 when the alpha-rename measure is below this percentage",
    )
    args = parser.parse_args(argv)

    cases = load_cases(Path(args.cases))
    tmp = None
    if args.out:
        work = Path(args.out)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="lib2to3_cases_")
        work = Path(tmp.name)
    try:
        report = evaluate(cases, work, args.converter)
    except FileNotFoundError as exc:
        print(f"evaluate.py: error: {exc}", file=sys.stderr)
        return 2
    finally:
        if tmp is not None:
            tmp.cleanup()

    sys.stdout.write(format_report(report))
    if args.min_percent is not None and report.percent(2) < args.min_percent:
        print(
            f"alpha-rename {report.percent(2):.1f}% is below --min-percent "
            f"{args.min_percent:g}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
