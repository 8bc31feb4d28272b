"""Benchmarks of `threadmod verify` (run by hand; they need Python 2.7).

    python benchmarks/verify_bench.py timing [ROUNDS]       the three seed pairs, live, all together
    python benchmarks/verify_bench.py determinism [RUNS]    RUNS verdicts in a row, every core busy
    python benchmarks/verify_bench.py quantum               cost of the line trace and the quantum
    python benchmarks/verify_bench.py oracle                the oracle pairs (tests/data/verify/oracle), live:
                                                            false agrees and false differs

PYENV_VERSION is removed from the environment first, so Python 2.7 is found the way a user's
machine would find it (pyenv's versions, not the shim).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.pop("PYENV_VERSION", None)

from threadmod.interpreters import find_python2  # noqa: E402
from threadmod.pipeline import convert_bytes  # noqa: E402
from threadmod.verify.comparison import compare  # noqa: E402
from threadmod.verify.divergences import DEFAULT_ALLOWED, ENUMERATE_LISTS_CONVERTED_THREADS  # noqa: E402
from threadmod.verify.run import run_traced, verify  # noqa: E402
from threadmod.verify.trace import Trace  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT / "legacy"
MODERN = ROOT / "modern"  # what threadmod writes
SCENARIOS = ROOT / "tests" / "data" / "verify" / "scenarios"
ALLOWED = DEFAULT_ALLOWED | {ENUMERATE_LISTS_CONVERTED_THREADS.name}
REAL_SLEEP = 20.2 + 7.0 + 1.2  # what the seeds sleep when they run for real (fib: when waited for)


def verdict_fingerprint(results) -> str:
    h = hashlib.sha256()
    for r in results:
        h.update(f"{r.legacy}|{r.exit_code}|{r.error}\n".encode())
        if r.verdict:
            h.update(r.verdict.render().encode())
            for t in (r.verdict.legacy, r.verdict.modern):
                t = Trace.from_json(t.to_json())
                t.script, t.source_sha256 = "", None
                h.update(t.dumps().encode())
    return h.hexdigest()[:16]


def timing(rounds: int = 5) -> None:
    started = time.monotonic()
    python2 = find_python2()
    print(f"found {python2} in {time.monotonic() - started:.2f} s (PYENV_VERSION unset)")
    walls = []
    for k in range(rounds):
        started = time.monotonic()
        results = verify(LEGACY, MODERN, allowed=ALLOWED)
        walls.append(time.monotonic() - started)
        codes = [r.exit_code for r in results]
        per = ", ".join(f"{r.legacy.name} {r.verdict.legacy.stats['real_seconds']:.3f}+"
                        f"{r.verdict.modern.stats['real_seconds']:.3f} s" for r in results if r.verdict)
        print(f"round {k + 1}: exit codes {codes}, {walls[-1]:.2f} s wall ({per})")
    print(f"three pairs together: min {min(walls):.2f} s, median {statistics.median(walls):.2f} s, "
          f"max {max(walls):.2f} s; their real sleeps add up to {REAL_SLEEP:.1f} s")


def determinism(runs: int = 50) -> None:
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
               for _ in range(os.cpu_count() or 2)]
    try:
        prints, walls = {}, []
        for k in range(runs):
            started = time.monotonic()
            results = verify(LEGACY, MODERN, allowed=ALLOWED)
            walls.append(time.monotonic() - started)
            fp = verdict_fingerprint(results)
            prints.setdefault(fp, []).append(k + 1)
            codes = [r.exit_code for r in results]
            if k == 0 or len(prints) > 1:
                print(f"run {k + 1}: exit codes {codes}, fingerprint {fp}")
        print(f"{runs} runs with {len(burners)} busy-looping processes on {os.cpu_count()} cores: "
              f"{len(prints)} distinct verdict{'s' if len(prints) != 1 else ''} "
              f"(fingerprints of verdict text and both traces: {sorted(prints)}); "
              f"wall per run min {min(walls):.2f} s, median {statistics.median(walls):.2f} s, "
              f"max {max(walls):.2f} s")
        if len(prints) != 1:
            sys.exit(1)
    finally:
        for p in burners:
            p.kill()
            p.wait()


def quantum() -> None:
    python2 = find_python2()
    script = SCENARIOS / "cpu_threads.py"
    for python in (python2, sys.executable):
        started = time.monotonic()
        subprocess.run([python, str(script)], capture_output=True, check=True)
        plain = time.monotonic() - started
        started = time.monotonic()
        subprocess.run([python, "-c", "pass"], capture_output=True, check=True)
        startup = time.monotonic() - started
        print(f"{python}: cpu_threads.py plain {plain:.3f} s (interpreter start {startup:.3f} s)")
        for q in (100, 1000, 10000):
            t = run_traced(python, script, quantum=q)
            print(f"  harness, quantum {q:>5}: {t.stats['real_seconds']:.3f} s, {t.stats['quanta']} quanta, "
                  f"{t.stats['switches']} switches, output {[i.text for i in t.main.lines]}")
    legacy = LEGACY / "threading2.py"
    print("legacy/threading2.py (main spins in `while 1: pass` while the workers sleep):")
    verdicts = set()
    for q in (100, 1000, 10000, 100000):
        t = run_traced(python2, legacy, quantum=q)
        m = run_traced(sys.executable, MODERN / "threading2.py", quantum=q)
        v = compare(t, m, ALLOWED)
        verdicts.add((v.ok, v.render()))
        print(f"  quantum {q:>6}: {t.stats['real_seconds']:.3f} s, {t.stats['quanta']} quanta, "
              f"{t.how}: {t.detail}; verdict {'agree' if v.ok else 'DIFFER'}")
    print(f"  {len(verdicts)} distinct verdict(s) across quanta")


def oracle() -> None:
    data = ROOT / "tests" / "data" / "verify" / "oracle"
    programs = ROOT / "tests" / "data" / "programs"
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as converted:  # the programs, as threadmod converts them now
        for legacy in programs.glob("*.py"):
            (Path(converted) / legacy.name).write_bytes(convert_bytes(legacy.read_bytes()).output)
        by_program = {r.legacy.stem: r for r in verify(programs, converted)}
    for kind, want in (("differ", (1, 2)), ("agree", (0,))):
        results = verify(data / "legacy" / kind, data / "modern" / kind)
        # print_forms differs for real (Python 2's softspace); the other programs agree
        results += [r for stem, r in by_program.items() if (stem == "print_forms") == (kind == "differ")]
        wrong = [r.legacy.stem for r in results if r.exit_code not in want]
        print(f"{kind}: {len(results)} pairs, {len(wrong)} false {'agree' if kind == 'differ' else 'differ'}"
              f"{': ' + ', '.join(wrong) if wrong else ''}")
    print(f"{time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "timing"
    arg = [int(sys.argv[2])] if len(sys.argv) > 2 else []
    {"timing": timing, "determinism": determinism, "quantum": quantum, "oracle": oracle}[what](*arg)
