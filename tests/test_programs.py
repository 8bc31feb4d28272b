"""End-to-end checks on small legacy Python 2 thread programs (tests/data/programs/NAME.py).

For each program, `threadmod convert NAME.py` must
  (a) exit 0 and print the converted source,
  (b) give source that compiles under Python 3.9 and 3.13 (each skipped where it is not found),
  (c) import neither `thread` nor `_thread` (except in dual-version code, which stays as it
      is: an `if PY2:` branch, a `try: import thread` / `except ImportError` fallback; and
      `_thread` for what threading lacks, `_thread.interrupt_main()`), and keep no
      `while ...: pass` busy-wait,
  (d) convert to itself again,
  (e) run to its end with warnings as errors (PYTHONWARNINGS=error, as `-W error`): the run
      exits 0 by itself, at main's end or by `os._exit(0)` (not a spin, a deadlock or the
      virtual time limit) and no thread ever
      runs a whole scheduler quantum without blocking, so nothing spins, even for a while,
  (f) print what Python 2.7 printed, thread by thread: `threadmod.verify.compare` of the legacy
      trace and the modern one agrees, up to the divergences the transforms document
      (`threadmod verify --list-divergences`).

(e) and (f) run through threadmod verify's deterministic engine (`threadmod.verify.run_traced`):
one scheduler and a virtual clock, so sleeps cost nothing, races resolve the same way on both
sides, and a busy machine changes no verdict; no CPU or wall-clock limits.  Modern runs use
Python 3.13 where found, else the running Python; they get no PYTHON* variables of ours.

The legacy side runs live under Python 2.7 when `threadmod verify` finds one
($THREADMOD_PYTHON2, python2.7/python2 on PATH, pyenv, /usr/bin, /usr/local/bin).  Without it,
the tests compare against the traces recorded in tests/data/programs/traces/ (refused when
recorded from another version of the program).  With it, test_recorded_trace_is_current checks
that those traces are what Python 2.7 gives today.  After changing or adding a program, record
them again (needs Python 2.7):

    threadmod verify --record tests/data/programs/traces tests/data/programs

Converter bugs and documented divergences are marked xfail(strict=True) in CONVERTER_BUGS, one
(program, check) at a time.  Conversions run in-process through the click CLI; the traced runs
(40 short interpreter runs, in parallel) take a second or two in all, so nothing here is slow.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.interpreters import find_python, python2_or_none
from threadmod.cli import main
from threadmod.codemods import dual_version
from threadmod.verify import RunError, Trace, compare, run_traced

PROGRAMS_DIR = Path(__file__).parent / "data" / "programs"
TRACES_DIR = PROGRAMS_DIR / "traces"
TRACE_SUFFIX = ".trace.json"  # `threadmod verify --traces DIR` reads DIR/<relative path>.trace.json
RECORD = "threadmod verify --record tests/data/programs/traces tests/data/programs"
COMPILE_VERSIONS = ("3.9", "3.13")
RUN_TIMEOUT = 120.0  # real seconds for one traced run: only a harness that hangs gets there

PROGRAMS = sorted(path.stem for path in PROGRAMS_DIR.glob("*.py"))
PYTHON2 = python2_or_none()
MODERN_PYTHON = find_python("3.13") or sys.executable

# (program, check) -> reason: converter bugs and documented divergences, reported; strict, so
# a fix turns the mark into a failure that asks for the mark to go.
CONVERTER_BUGS = {
    # Not a bug but a divergence TM101's docs name (`threadmod explain TM101`): Python 2's
    # softspace cannot be known statically.  verify allows the trailing spaces it leaves
    # (`softspace`), not a space written before other output.  The strict xfail keeps the list honest.
    ("print_forms", "output"): (
        "TM101 softspace, documented: `print 'progress:',` + `sys.stdout.write('50%\\n')` gives "
        "'progress: 50%' for Python 2's 'progress:50%' (and `print v,` + bare `print` leaves "
        "trailing spaces, allowed as the `softspace` divergence)"
    ),
}


def _params(check: str):
    params = []
    for name in PROGRAMS:
        reason = CONVERTER_BUGS.get((name, check))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


# -- converting ------------------------------------------------------------------------------
@dataclass
class Converted:
    name: str
    rc: int
    output: bytes
    stderr: str
    path: Path | None = None  # where the output was written, when convert exited 0
    reconvert_rc: int | None = None
    reconverted: bytes = b""
    reconvert_stderr: str = ""
    compiles: dict = field(default_factory=dict)  # version -> (ok, error text)


def _convert(path: Path) -> tuple[int, bytes, str]:
    """`threadmod convert PATH` through the click CLI: (exit code, stdout bytes, stderr)."""
    result = CliRunner().invoke(main, ["convert", str(path)], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


COMPILE_ALL = """
import json, sys
errors = {}
for path in sys.argv[1:]:
    try:
        compile(open(path, "rb").read(), path, "exec")
    except Exception as exc:
        errors[path] = "%s: %s" % (type(exc).__name__, exc)
sys.stdout.write(json.dumps(errors))
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Converted]:
    """Every program converted, its output converted again and compiled under 3.9 and 3.13."""
    workdir = tmp_path_factory.mktemp("programs")
    results = {}
    for name in PROGRAMS:
        result = Converted(name, *_convert(PROGRAMS_DIR / f"{name}.py"))
        if result.rc == 0:
            result.path = workdir / name / f"{name}.py"  # each in its own folder: its cwd when run
            result.path.parent.mkdir()
            result.path.write_bytes(result.output)
            result.reconvert_rc, result.reconverted, result.reconvert_stderr = _convert(result.path)
        results[name] = result
    paths = [str(r.path) for r in results.values() if r.path is not None]
    for version in COMPILE_VERSIONS:
        python = find_python(version)
        if python is None or not paths:
            continue
        done = subprocess.run([python, "-c", COMPILE_ALL, *paths], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"compiling under {python} failed:\n{done.stderr}"
        errors = json.loads(done.stdout)
        for result in results.values():
            if result.path is not None:
                error = errors.get(str(result.path))
                result.compiles[version] = (error is None, error or "")
    return results


def _ok(converted: dict[str, Converted], name: str) -> Converted:
    result = converted[name]
    assert result.rc == 0, f"convert exited {result.rc}:\n{result.stderr}"
    return result


# (a)
@pytest.mark.parametrize("name", _params("convert"))
def test_convert_exits_0(converted, name):
    result = converted[name]
    assert result.rc == 0, f"convert exited {result.rc}:\n{result.stderr}"
    assert result.output, "convert printed nothing"


# (b)
@pytest.mark.parametrize("version", COMPILE_VERSIONS)
@pytest.mark.parametrize("name", _params("compiles"))
def test_output_compiles(converted, name, version):
    result = _ok(converted, name)
    if version not in result.compiles:
        pytest.skip(f"no Python {version} found")
    ok, error = result.compiles[version]
    assert ok, f"does not compile under Python {version}:\n{error}"


def _busy_waits(tree: ast.AST) -> list[int]:
    """Lines of `while ...:` loops whose body is only `pass` (or `...`)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.While) and all(
            isinstance(stmt, ast.Pass)
            or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))
            for stmt in node.body
        ):
            found.append(node.lineno)
    return found


# What only `_thread` offers: a program that calls it keeps `import _thread`.
ONLY_IN_THREAD_MODULE = frozenset({"interrupt_main"})


def _thread_imports(tree: ast.AST, source: bytes = b"") -> list[int]:
    """Lines importing a thread module, outside dual-version statements (left as written);
    `import _thread` counts only if the program uses more of it than threading lacks."""
    dual = [(r.first_line, r.last_line) for r in dual_version.find(source.decode("utf-8"))] if source else []
    uses = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "_thread"
    }
    found = []
    for node in ast.walk(tree):
        if any(first <= getattr(node, "lineno", 0) <= last for first, last in dual):
            continue
        only_what_threading_lacks = bool(uses) and uses <= ONLY_IN_THREAD_MODULE
        if isinstance(node, ast.Import) and [a.name for a in node.names] == ["_thread"] and only_what_threading_lacks:
            continue
        if isinstance(node, ast.Import) and any(a.name in ("thread", "_thread") for a in node.names):
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module in ("thread", "_thread") and not node.level:
            found.append(node.lineno)
    return found


# (c)
@pytest.mark.parametrize("name", _params("modern"))
def test_no_thread_module_no_busy_wait(converted, name):
    output = _ok(converted, name).output
    tree = ast.parse(output)
    lines = _thread_imports(tree, output)
    assert not lines, f"thread module still imported on lines {lines}"
    assert not _busy_waits(tree), f"busy-wait left on lines {_busy_waits(tree)}"


# (d)
@pytest.mark.parametrize("name", _params("idempotent"))
def test_idempotent(converted, name):
    result = _ok(converted, name)
    assert result.reconvert_rc == 0, f"second convert exited {result.reconvert_rc}:\n{result.reconvert_stderr}"
    assert result.reconverted == result.output


# -- running, through verify's deterministic engine --------------------------------------------
def _run_env(**extra) -> dict:
    """Our environment without PYTHON* variables (run_traced adds its own deterministic ones)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_trace_path(name: str) -> Path:
    return TRACES_DIR / f"{name}.py{TRACE_SUFFIX}"


def recorded_trace(name: str) -> Trace:
    """The recorded legacy trace of NAME; a test failure when missing or recorded from another source."""
    path = recorded_trace_path(name)
    if not path.is_file():
        pytest.fail(f"no recorded trace {path.relative_to(PROGRAMS_DIR.parent.parent.parent)}: {RECORD}")
    trace = Trace.load(path)
    if trace.source_sha256 != _sha256(PROGRAMS_DIR / f"{name}.py"):
        pytest.fail(f"{path.name} was recorded from another version of {name}.py; record again: {RECORD}")
    return trace


@dataclass
class Runs:
    modern: Trace | None = None
    modern_error: str | None = None
    live_legacy: Trace | None = None  # run now under Python 2.7, when there is one
    live_legacy_error: str | None = None


def _traced(python: str, script: Path, cwd: Path, **env) -> tuple[Trace | None, str | None]:
    try:
        return run_traced(python, script, RUN_TIMEOUT, cwd=cwd, env=_run_env(**env)), None
    except RunError as exc:
        return None, str(exc)


@pytest.fixture(scope="module")
def runs(converted, tmp_path_factory) -> dict[str, Runs]:
    """Every converted program traced under MODERN_PYTHON with warnings as errors (in its own
    folder), and every legacy program under Python 2.7 when there is one (in an empty folder);
    all at once."""
    results = {name: Runs() for name in PROGRAMS}
    legacy_cwd = tmp_path_factory.mktemp("legacy-cwd")

    def modern(name):
        script = converted[name].path
        if script is not None:
            results[name].modern, results[name].modern_error = _traced(
                MODERN_PYTHON, script, script.parent, PYTHONWARNINGS="error")

    def legacy(name):
        results[name].live_legacy, results[name].live_legacy_error = _traced(
            PYTHON2, PROGRAMS_DIR / f"{name}.py", legacy_cwd)

    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as pool:
        futures = [pool.submit(modern, name) for name in PROGRAMS]
        if PYTHON2 is not None:
            futures += [pool.submit(legacy, name) for name in PROGRAMS]
        for future in futures:
            future.result()
    return results


def _modern(converted, runs, name) -> Trace:
    _ok(converted, name)
    ran = runs[name]
    assert ran.modern is not None, f"the converted program could not be run under {MODERN_PYTHON}:\n{ran.modern_error}"
    return ran.modern


def legacy_trace(runs, name) -> tuple[Trace, str]:
    """(the legacy trace, where it comes from): live under Python 2.7 if found, else recorded."""
    if PYTHON2 is None:
        return recorded_trace(name), f"recorded {recorded_trace_path(name).name} (no Python 2.7 found)"
    ran = runs[name]
    assert ran.live_legacy is not None, f"the legacy program could not be run under {PYTHON2}:\n{ran.live_legacy_error}"
    return ran.live_legacy, f"live under {PYTHON2}"


def _threads(trace: Trace) -> str:
    rows = []
    for thread in trace.threads:
        raised = f" ({thread.exception}: {thread.exc_message})" if thread.exception else ""
        rows.append(f"  {thread.name}: {thread.end}{raised}")
        rows += [f"    {item.t:.3f} [{item.kind}] {item.text}" for item in thread.items if item.kind != "sync"]
    return "\n".join(rows)


# (e)
@pytest.mark.parametrize("name", _params("runs"))
def test_runs_to_its_end(converted, runs, name):
    trace = _modern(converted, runs, name)
    ended = f"ended by {trace.how} ({trace.detail}), exit status {trace.exit_code}\n{_threads(trace)}"
    assert trace.how in ("exit", "os-exit") and trace.exit_code == 0, ended
    assert not trace.warnings, f"warnings: {trace.warnings}"
    quanta = trace.stats.get("quanta")
    assert quanta == 0, f"a thread ran {quanta} scheduler quanta without blocking: something spins\n{_threads(trace)}"


# (f)
@pytest.mark.parametrize("name", _params("output"))
def test_prints_what_python2_printed(converted, runs, name):
    modern = _modern(converted, runs, name)
    legacy, origin = legacy_trace(runs, name)
    verdict = compare(legacy, modern)
    if not verdict.ok:
        pytest.fail(f"legacy {origin}, modern under {MODERN_PYTHON}: they differ\n{verdict.render()}")


@pytest.mark.parametrize("name", PROGRAMS)
def test_recorded_trace_is_current(runs, name):
    """The recorded trace is what Python 2.7 gives today, so the fallback compares the same."""
    if PYTHON2 is None:
        pytest.skip(f"no Python 2.7 found: the legacy side uses the recorded traces in {TRACES_DIR.name}/")
    ran = runs[name]
    assert ran.live_legacy is not None, ran.live_legacy_error
    live = ran.live_legacy
    stored = recorded_trace(name)
    live.script = f"{name}.py"  # as --record names it: relative to the folder recorded
    live.python = stored.python  # the same 2.7 patch release need not be installed
    assert live.dumps() == recorded_trace_path(name).read_text(encoding="utf-8"), f"record again: {RECORD}"


def test_every_program_has_a_recorded_trace():
    assert len(PROGRAMS) >= 29  # none lost
    for name in PROGRAMS:
        trace = recorded_trace(name)  # present, and recorded from this very source
        assert trace.script == f"{name}.py"
        assert trace.python.startswith("2.7"), trace.python
    extra = sorted({p.name for p in TRACES_DIR.iterdir()} - {recorded_trace_path(n).name for n in PROGRAMS})
    assert not extra, f"traces of no program: {extra}"
