"""Run scripts under the harness, and verify pairs of them.

    trace = run_traced(python, script, timeout)      # -> Trace (raises RunError)
    results = verify(legacy, modern)                  # -> [PairResult] for a pair of files or trees
    record(legacy, traces_dir)                        # store legacy traces to compare against later

`_bootstrap.py` (Python 2.7 and 3) does the running: virtual time, one deterministic
scheduler, output tagged by thread.  This module is Python 3 only.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from threadmod.interpreters import Python2NotFound, find_python2
from threadmod.verify.comparison import Verdict, compare
from threadmod.verify.trace import TRACE_SUFFIX, Trace

BOOTSTRAP = Path(__file__).with_name("_bootstrap.py")
DEFAULT_TIMEOUT = 60.0
DEFAULT_SEED = 0  # random's seed in both runs (--seed)
STALL = 2.0  # real seconds a thread may sit in a real call, using no CPU, before it counts as blocked


class RunError(Exception):
    """A script could not be run (exit 2): no interpreter, a syntax error, a runaway, a crash."""


# -- one script ---------------------------------------------------------------------------------
def child_env(base: dict | None = None) -> dict:
    """The environment of a traced run: deterministic hashing, UTC, no bytecode files."""
    env = dict(os.environ if base is None else base)
    env.update(PYTHONHASHSEED="0", TZ="UTC", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    for key in ("PYTHONHOME", "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONBREAKPOINT"):
        env.pop(key, None)
    return env


def sha256_of(path: str | os.PathLike) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_traced(python: str, script: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT, *,
               args: Sequence[str] = (), cwd: str | os.PathLike | None = None,
               env: dict | None = None, quantum: int | None = None,
               max_vtime: float | None = None, seed: int = DEFAULT_SEED, stall: float = STALL) -> Trace:
    """Run `script` under `python` with the harness; its Trace.  RunError when it cannot run
    (its interpreter refuses the file, or the harness fails).

    The script runs as `python SCRIPT ARGS` would in `cwd` (default: this process's), with
    stdin empty.  `timeout` is real seconds: a script still running near it ends as a
    runaway (how == "runaway"), with where each thread stood; virtual time is limited
    separately (`max_vtime`, default 3600 virtual seconds).  A thread that sits in a real
    call (a socket, a pipe) for `stall` real seconds without using the CPU counts as blocked
    for ever from then on.  `seed` seeds random in the script (the same in both runs).
    """
    script = Path(script)
    if not script.is_file():
        raise RunError(f"{script}: no such file")
    with tempfile.TemporaryDirectory(prefix="threadmod-verify-") as tmp:
        out = Path(tmp) / "trace.json"
        cmd = [str(python), str(BOOTSTRAP), "--trace", str(out)]
        if quantum is not None:
            cmd += ["--quantum", str(int(quantum))]
        if max_vtime is not None:
            cmd += ["--max-vtime", repr(float(max_vtime))]
        real_limit = max(timeout * 0.8, timeout - 5.0)
        cmd += ["--seed", str(int(seed)), "--real-limit", repr(float(real_limit)), "--stall", repr(float(stall))]
        cmd += ["--", str(script.resolve()), *map(str, args)]
        started = time.monotonic()
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout + 10.0, cwd=cwd, env=child_env(env))
        except subprocess.TimeoutExpired:
            raise RunError(f"{script}: did not finish within {timeout:g} s of real time under "
                           f"{python} (a runaway script? --timeout raises the limit)") from None
        except OSError as e:
            raise RunError(f"{script}: cannot start {python}: {e.strerror or e}") from None
        elapsed = time.monotonic() - started
        if not out.exists():
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-6:]
            raise RunError(f"{script}: the harness failed under {python} (exit status "
                           f"{proc.returncode})" + ("".join("\n    " + x for x in tail)))
        raw = json.loads(out.read_text(encoding="utf-8"))
    # Tracebacks name the script by its absolute path: keep only the name, so that a
    # recorded trace is the same in every checkout.
    folder = str(script.resolve().parent) + os.sep
    raw = _without_prefix(raw, folder)
    if raw["how"] == "cannot-run":
        raise RunError(f"{script}: cannot run under Python {raw['python']}: {raw['detail']}")
    trace = Trace.from_raw(raw, proc.stdout.decode("utf-8", "replace").replace(folder, ""),
                           proc.stderr.decode("utf-8", "replace").replace(folder, ""))
    trace.source_sha256 = sha256_of(script)
    trace.stats["real_seconds"] = round(elapsed, 3)
    return trace


def _without_prefix(value, prefix: str):
    if isinstance(value, str):
        return value.replace(prefix, "")
    if isinstance(value, list):
        return [_without_prefix(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: _without_prefix(v, prefix) for k, v in value.items()}
    return value


# -- pairs of files, recorded traces -------------------------------------------------------------
@dataclass
class PairResult:
    legacy: Path
    modern: Path | None
    verdict: Verdict | None = None
    error: str | None = None

    @property
    def exit_code(self) -> int:
        return 2 if self.error is not None else (0 if self.verdict.ok else 1)


def trace_path_for(traces_dir: str | os.PathLike, rel: str | os.PathLike) -> Path:
    return Path(traces_dir) / (str(rel) + TRACE_SUFFIX)


def pair_paths(legacy: str | os.PathLike, modern: str | os.PathLike | None) -> list[tuple[Path, Path | None, str]]:
    """(legacy file, modern file or None when missing, relative name) for a file or a tree."""
    legacy = Path(legacy)
    if legacy.is_dir():
        out = []
        for p in sorted(legacy.rglob("*.py")):
            rel = p.relative_to(legacy)
            m = Path(modern) / rel if modern is not None else None
            out.append((p, m if m is None or m.is_file() else None, rel.as_posix()))
        return out
    if modern is not None and Path(modern).is_dir():
        m = Path(modern) / legacy.name
        return [(legacy, m if m.is_file() else None, legacy.name)]
    return [(legacy, Path(modern) if modern is not None else None, legacy.name)]


def load_recorded(legacy: Path, traces_dir: str | os.PathLike | None, rel: str) -> Trace | None:
    """The recorded trace of `legacy`, or None; RunError when it is stale."""
    if legacy.name.endswith(TRACE_SUFFIX) or legacy.suffix == ".json":
        return Trace.load(legacy)
    if traces_dir is None:
        return None
    path = trace_path_for(traces_dir, rel)
    if not path.is_file():
        return None
    trace = Trace.load(path)
    if trace.source_sha256 and trace.source_sha256 != sha256_of(legacy):
        raise RunError(f"{path}: recorded from a different version of {legacy}; record it again: "
                       f"threadmod verify --record {traces_dir} {legacy}")
    return trace


def record(legacy: str | os.PathLike, traces_dir: str | os.PathLike, *, python2: str | None = None,
           timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None,
           seed: int = DEFAULT_SEED) -> list[tuple[Path, Path | None, str | None]]:
    """Run LEGACY (a file or a tree) under Python 2.7 and store each trace in traces_dir.

    Returns (legacy file, trace path or None, error or None) per file."""
    python = find_python2(python2)
    pairs = pair_paths(legacy, None)

    def one(p):
        src, _, rel = p
        try:
            trace = run_traced(python, src, timeout, seed=seed)
        except RunError as e:
            return src, None, str(e)
        trace.script = rel
        return src, trace.save(trace_path_for(traces_dir, rel)), None

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        return list(pool.map(one, pairs))


def verify(legacy: str | os.PathLike, modern: str | os.PathLike, *, python2: str | None = None,
           python3: str | None = None, timeout: float = DEFAULT_TIMEOUT,
           allowed: Iterable[str] | None = None, traces_dir: str | os.PathLike | None = None,
           jobs: int | None = None, seed: int = DEFAULT_SEED) -> list[PairResult]:
    """Verify a pair of files, or two trees paired by relative path.  Runs in parallel."""
    python3 = python3 or sys.executable
    allowed = None if allowed is None else frozenset(allowed)
    pairs = pair_paths(legacy, modern)
    results = [PairResult(lp, mp) for lp, mp, _ in pairs]
    python2_box: list = []
    python2_lock = threading.Lock()

    def python2_path():  # found once, only when some legacy file has no recorded trace
        with python2_lock:
            if not python2_box:
                try:
                    python2_box.append(find_python2(python2))
                except Python2NotFound as e:
                    python2_box.append(e)
        if isinstance(python2_box[0], Exception):
            raise python2_box[0]
        return python2_box[0]

    def run_legacy(k):
        lp, _, rel = pairs[k]
        recorded = load_recorded(lp, traces_dir, rel)
        if recorded is not None and recorded.seed != seed:
            raise RunError(f"{lp}: its recorded trace was run with --seed {recorded.seed}, not {seed}; "
                           f"record it again: threadmod verify --record {traces_dir} --seed {seed} {lp}")
        return recorded if recorded is not None else run_traced(python2_path(), lp, timeout, seed=seed)

    def run_modern(k):
        return run_traced(python3, pairs[k][1], timeout, seed=seed)

    jobs = jobs or os.cpu_count() or 2
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = []
        for k, (lp, mp, _) in enumerate(pairs):
            if mp is None:
                results[k].error = f"{lp}: no modern counterpart" + (f" under {modern}" if modern else "")
                futures.append(None)
                continue
            futures.append((pool.submit(run_legacy, k), pool.submit(run_modern, k)))
        for k, fs in enumerate(futures):
            if fs is None:
                continue
            errors, traces = [], []
            for f in fs:
                try:
                    traces.append(f.result())
                except (RunError, Python2NotFound) as e:
                    errors.append(str(e))
            if errors:
                results[k].error = "\n".join(errors)
            else:
                results[k].verdict = compare(traces[0], traces[1], allowed)
    return results
