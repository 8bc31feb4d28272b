"""threadmod verify: the harness, the comparison, the command, and a mutation suite.

Test data lives in tests/data/verify/:
  modern/       hand-written Python 3 versions of legacy/*.py (what the converter should emit)
  traces/       the legacy seeds' traces recorded under Python 2.7, so the tests that compare
                against them run without Python 2.7.  Regenerate with
                    python -m threadmod.verify --record tests/data/verify/traces legacy/
  scenarios/    scripts that run unchanged under Python 2.7 and 3 (the scheduler must treat
                both the same), and spin/deadlock cases
  oracle/       pairs that must differ and pairs that must agree (tests/test_verify_oracle.py)
  softspace/, leaked/, waits/   Python 2-only scripts (legacy/), their conversions
                (modern/) and recorded traces (traces/); for each NAME:
                    python -m threadmod.verify --record tests/data/verify/NAME/traces tests/data/verify/NAME/legacy
Tests that need Python 2.7 skip when none is found; the rest use the recorded traces.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import time
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from threadmod.interpreters import Python2NotFound, find_python, find_python2
from threadmod.registry import ALL_CODES
from threadmod.verify import run
from threadmod.verify.command import verify as verify_command
from threadmod.verify.comparison import compare
from threadmod.verify.divergences import DEFAULT_ALLOWED, DIVERGENCES, resolve
from threadmod.verify.run import RunError, run_traced
from threadmod.verify.trace import TRACE_SUFFIX, Item, ThreadTrace, Trace

ROOT = Path(__file__).resolve().parent.parent
LEGACY = ROOT / "legacy"
DATA = ROOT / "tests" / "data" / "verify"
MODERN = DATA / "modern"
TRACES = DATA / "traces"
SCENARIOS = DATA / "scenarios"
SEEDS = ["fib_threading.py", "threading1.py", "threading2.py"]
SEED_ALLOWED = DEFAULT_ALLOWED
PY3 = sys.executable


def _python2_or_none():
    try:
        return find_python2()
    except Python2NotFound:
        return None


PYTHON2 = _python2_or_none()
needs_python2 = pytest.mark.skipif(PYTHON2 is None, reason="no Python 2.7 found")


def other_python3s() -> list[str]:
    """The Python 3 interpreters (3.9+) other than this one that can be found, if any."""
    this = "%d.%d" % sys.version_info[:2]
    versions = [f"3.{minor}" for minor in range(9, 15)]
    return [path for path in (find_python(v) for v in versions if v != this) if path]


def recorded(seed: str) -> Trace:
    return Trace.load(TRACES / (seed + TRACE_SUFFIX))


# -- the seeds --------------------------------------------------------------------------------
@needs_python2
def test_seed_pairs_verify_live_under_python2_fast():
    started = time.monotonic()
    results = run.verify(LEGACY, MODERN, allowed=SEED_ALLOWED)
    elapsed = time.monotonic() - started
    assert [r.legacy.name for r in results] == SEEDS
    assert [r.exit_code for r in results] == [0, 0, 0], [r.verdict.render() for r in results if r.verdict]
    # the seeds sleep about 30 s of virtual time in all (20.2 + 7 + 1.2)
    assert sum(r.verdict.legacy.vtime for r in results) == pytest.approx(20.2 + 7 + 1.2)
    # Virtual time: the 28.4 s the seeds sleep are not slept (a bound no load can reach).
    assert elapsed < 28.4, elapsed
    allowed = {r.legacy.name: {a.name for a in r.verdict.allowed} for r in results}
    assert "main-spin" in allowed["threading1.py"] and "main-spin" in allowed["threading2.py"]
    assert {"cut-off-at-exit", "enumerate-lists-converted-threads", "thread-ids"} <= allowed["fib_threading.py"]


def test_seed_pairs_verify_against_recorded_traces_without_python2(tmp_path):
    # No Python 2.7 anywhere: PATH has only a failing shim, no pyenv, no THREADMOD_PYTHON2.
    shim = tmp_path / "bin" / "python2.7"
    shim.parent.mkdir()
    shim.write_text("#!/bin/sh\necho 'pyenv: python2.7: command not found' >&2\nexit 127\n")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYENV", "THREADMOD_"))}
    env.update(PATH=f"{shim.parent}:/usr/bin:/bin", HOME=str(tmp_path), PYENV_ROOT=str(tmp_path / "none"))
    done = subprocess.run(
        [PY3, "-m", "threadmod.verify", "--traces", str(TRACES), str(LEGACY), str(MODERN)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 pairs: 3 agree" in done.stdout
    # and without the traces it says how to name a Python 2.7
    done = subprocess.run([PY3, "-m", "threadmod.verify", str(LEGACY), str(MODERN)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "--python2 PATH" in done.stderr and "THREADMOD_PYTHON2" in done.stderr
    assert "exited with 127" in done.stderr


@needs_python2
def test_recorded_traces_are_current_and_reproducible():
    for seed in SEEDS:
        live = run_traced(PYTHON2, LEGACY / seed)
        live.script = seed
        stored = (TRACES / (seed + TRACE_SUFFIX)).read_text(encoding="utf-8")
        live.python = recorded(seed).python  # the same 2.7 patch release need not be installed
        assert live.dumps() == stored, f"{seed}: re-record with the command in this file's docstring"


def test_recorded_seed_traces_show_spin_and_cut_off():
    for seed in ("threading1.py", "threading2.py"):
        t = recorded(seed)
        assert (t.how, t.detail) == ("spin", "main spun after its workers ended (ended by the harness)")
        assert t.main.end == "spinning"
        assert all(th.end == "finished" for th in t.threads[1:])
    assert recorded("threading1.py").vtime == 20.2
    fib = recorded("fib_threading.py")
    worker = fib.thread("get_fibs#1")
    assert (fib.how, worker.kind, worker.end, worker.cont_end) == ("exit", "raw", "cut-off", "finished")
    assert all(i.after_exit for i in worker.items) and len(worker.lines) == 12
    assert fib.main.lines[0].text == "<ident:main> <ident:get_fibs#1>"


def test_fib_passes_only_through_named_divergences():
    """The modern main's threading.enumerate() lists the worker (TM201 documents it)."""
    modern = run_traced(PY3, MODERN / "fib_threading.py")
    fib = recorded("fib_threading.py")
    strict = compare(fib, modern, resolve((), strict=True))
    assert not strict.ok
    assert [d.thread for d in strict.differences] == ["main", "get_fibs#1", "get_fibs#1"]
    assert "<ident:get_fibs#1> <ident:get_fibs#1>" in strict.render(160)
    allowed = compare(fib, modern)  # the defaults
    assert allowed.ok
    names = [a.name for a in allowed.allowed]
    assert "enumerate-lists-converted-threads" in names and "cut-off-at-exit" in names
    assert "allowed: enumerate-lists-converted-threads (main): 2 extra modern lines" in allowed.render()
    # each named divergence can be passed in explicitly
    explicit = resolve(["enumerate-lists-converted-threads", "cut-off-at-exit"], strict=True)
    assert compare(fib, modern, explicit).ok
    assert not compare(fib, modern, resolve(["cut-off-at-exit"], strict=True)).ok


def test_lock_left_held_by_an_exception_is_a_named_divergence(tmp_path):
    """TM204: `with lock:` releases the lock an exception used to leave held."""
    legacy = Trace.load(DATA / "leaked" / "traces" / "leaked.py.trace.json")
    assert legacy.thread("bad#1").holding == ["lock#1"]
    assert (legacy.thread("good#1").end, legacy.thread("good#1").waiting_on) == ("blocked", "lock lock#1")
    modern = run_traced(PY3, DATA / "leaked" / "modern" / "leaked.py")
    verdict = compare(legacy, modern)
    assert verdict.ok, verdict.render()
    assert [(a.name, a.thread) for a in verdict.allowed] == [
        ("lock-released-on-exception", "bad#1"), ("lock-released-on-exception", "good#1"),
        ("main-spin", "main")]
    assert not compare(legacy, modern, resolve((), strict=True)).ok
    # a modern run that raises something else is not covered
    mutant = tmp_path / "leaked.py"
    mutant.write_text((DATA / "leaked" / "modern" / "leaked.py").read_text().replace("ValueError", "KeyError"))
    assert not compare(legacy, run_traced(PY3, mutant)).ok


def test_legacy_waits_that_tm202_turns_into_joins():
    """`while True: time.sleep(1)`, a poll with sleeps, and a modern wait that does not spin."""
    code, out, _ = _cli("--traces", DATA / "waits" / "traces", DATA / "waits" / "legacy", DATA / "waits" / "modern")
    assert code == 0, out
    assert "allowed: main-spin (main): main slept in a loop after its workers ended" in out
    assert "allowed: poll-became-join (main): 1 line after the legacy main began to poll came up to 0.100 s earlier" in out
    forever = Trace.load(DATA / "waits" / "traces" / "sleep_forever.py.trace.json")
    assert (forever.how, forever.main.end) == ("spin", "spinning")
    verdict = compare(recorded("threading1.py"), run_traced(PY3, DATA / "waits" / "modern" / "event_wait.py"))
    assert verdict.ok and "the modern main waits for ever without spinning" in verdict.render()
    # a poll that the modern run answers *later* is a difference
    poll = Trace.load(DATA / "waits" / "traces" / "poll_sleep.py.trace.json")
    late = run_traced(PY3, DATA / "waits" / "modern" / "poll_sleep.py")
    late.main.items[-1] = Item("out", "all done", 5.0, late.main.items[-1].seq)
    assert not compare(poll, late).ok
    assert not compare(poll, run_traced(PY3, DATA / "waits" / "modern" / "poll_sleep.py"),
                       resolve((), strict=True)).ok


def test_sleep_loop_that_reads_the_clock_is_not_stuck(tmp_path):
    script = tmp_path / "until.py"
    script.write_text("import time\nend = time.time() + 1.0\nwhile time.time() < end:\n"
                      "    time.sleep(0.1)\nprint('woke', round(time.time() - end, 3))\n")
    t = run_traced(PY3, script)
    assert (t.how, [i.text for i in t.main.lines]) == ("exit", ["woke 0.0"])


@pytest.mark.skipif(not (ROOT / "modern").is_dir(), reason="no modern/ (converter output)")
def test_converter_output_in_modern_verifies():
    """modern/ is threadmod's own conversion of legacy/ (regenerated by the converter)."""
    for seed in SEEDS:
        if (ROOT / "modern" / seed).is_file():
            verdict = compare(recorded(seed), run_traced(PY3, ROOT / "modern" / seed))
            assert verdict.ok, f"modern/{seed}\n{verdict.render()}"


@pytest.mark.parametrize("python3", other_python3s() or [PY3])
def test_modern_seeds_agree_on_each_python3(python3):
    for seed in SEEDS:
        verdict = compare(recorded(seed), run_traced(python3, MODERN / seed), SEED_ALLOWED)
        assert verdict.ok, f"{python3} {seed}\n{verdict.render()}"


def test_stale_recorded_trace_is_refused(tmp_path):
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "threading2.py").write_text((LEGACY / "threading2.py").read_text() + "\n# edited\n")
    with pytest.raises(RunError, match="record it again"):
        run.load_recorded(legacy / "threading2.py", TRACES, "threading2.py")


# -- the command ------------------------------------------------------------------------------------
def _cli(*args):
    result = CliRunner().invoke(verify_command, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_changed_string_fails_with_exit_1_side_by_side(tmp_path):
    source = (MODERN / "threading2.py").read_text()
    assert source.count('"Produced {}"') == 1
    changed = tmp_path / "threading2.py"
    changed.write_text(source.replace('"Produced {}"', '"Produced: {}"'))
    code, out, _ = _cli("--traces", TRACES, LEGACY / "threading2.py", changed)
    assert code == 1, out
    assert "DIFFER" in out
    assert "producer#1: first difference at item 2 (legacy) / 2 (modern)" in out
    marked = [line for line in out.splitlines() if line.lstrip().startswith(">")]
    assert marked and "Produced 0" in marked[0] and "Produced: 0" in marked[0]
    # the unchanged pair agrees through the same path
    code, out, _ = _cli("--traces", TRACES, LEGACY / "threading2.py", MODERN / "threading2.py")
    assert code == 0 and "agree" in out and "allowed: main-spin" in out


def test_cli_exit_2_cases(tmp_path):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "modern").mkdir()
    shutil.copy(LEGACY / "threading1.py", tmp_path / "legacy" / "threading1.py")
    shutil.copy(LEGACY / "threading2.py", tmp_path / "legacy" / "threading2.py")
    shutil.copy(MODERN / "threading1.py", tmp_path / "modern" / "threading1.py")
    # threading2 has no modern counterpart; threading1 still verifies
    code, out, err = _cli("--traces", TRACES, tmp_path / "legacy", tmp_path / "modern")
    assert code == 2
    assert "threading2.py: no modern counterpart" in err
    assert "threading1.py: agree" in out.replace(str(tmp_path / "modern") + "/", "")
    # a script that cannot be compiled by its interpreter
    code, out, err = _cli("--traces", TRACES, LEGACY / "threading1.py", LEGACY / "threading1.py")
    assert code == 2 and "SyntaxError" in err
    # unknown divergence name: a usage error
    code, out, err = _cli("--allow", "no-such-thing", LEGACY / "threading1.py", MODERN / "threading1.py")
    assert code == 2 and "unknown divergence" in err


@pytest.mark.slow
def test_runaway_script_is_cut_by_the_real_timeout(tmp_path):
    """Near --timeout the harness ends the run itself: a runaway ending, where it spins."""
    script = tmp_path / "runaway.py"
    script.write_text("i = 0\nwhile True:\n    i += 1\n")
    started = time.monotonic()
    t = run_traced(PY3, script, timeout=1.5)
    assert t.how == "runaway" and t.where["main"] in ("runaway.py:2 in <module>", "runaway.py:3 in <module>")
    assert time.monotonic() - started < 30  # ended by the harness, not by a hang
    exits = tmp_path / "exits.py"
    exits.write_text("i = 0\n")
    v = compare(run_traced(PY3, exits), t)
    assert not v.ok and "the modern run ran away where the legacy run exited" in v.render()


def test_cli_help_and_divergence_list():
    code, out, _ = _cli("--help")
    assert code == 0
    for text in ("threadmod verify legacy/ modern/", "--record", "--traces", "--python2", "Exit codes"):
        assert text in out
    code, out, _ = _cli("--list-divergences")
    assert code == 0
    for name in DIVERGENCES:
        assert name in out


def test_library_api_names_resolve_after_every_room_is_imported():
    import threadmod.verify as api  # this file imported every room: no module may shadow a name

    for name in api.__all__:
        assert not isinstance(getattr(api, name), types.ModuleType), name
    assert api.compare is compare and api.Trace is Trace


def test_every_divergence_names_the_transforms_that_cause_it():
    for rule in DIVERGENCES.values():
        assert set(rule.caused_by) <= ALL_CODES, f"{rule.name}: {rule.caused_by}"
        assert rule.caused_by or rule.always, f"{rule.name} names no transform that causes it"
        assert callable(rule.applies), rule.name
    # the one divergence no transform causes: addresses differ between any two processes
    assert [rule.name for rule in DIVERGENCES.values() if not rule.caused_by] == ["addresses"]


def test_verify_names_divergences_only_through_their_constants():
    import threadmod.verify.comparison as comparison_module
    import threadmod.verify.render as render_module
    import threadmod.verify.trace as trace_module

    for module in (comparison_module, run, render_module, trace_module):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
        assert not literals & set(DIVERGENCES), f"{module.__name__}: {sorted(literals & set(DIVERGENCES))}"


def test_record_writes_traces(tmp_path):
    if PYTHON2 is None:
        code, _, err = _cli("--python2", "/nonexistent/python2.7", "--record", tmp_path, LEGACY)
        assert code == 2 and "--python2 /nonexistent/python2.7" in err
        return
    code, out, _ = _cli("--record", tmp_path, LEGACY)
    assert code == 0, out
    for seed in SEEDS:
        assert (tmp_path / (seed + ".trace.json")).read_text() == (TRACES / (seed + ".trace.json")).read_text()
    for name in ("softspace", "leaked", "waits"):  # the other recorded traces are current too
        code, out, _ = _cli("--record", tmp_path / name, DATA / name / "legacy")
        assert code == 0, out
        for stored in (DATA / name / "traces").iterdir():
            assert (tmp_path / name / stored.name).read_text() == stored.read_text(), stored


# -- finding Python 2.7 --------------------------------------------------------------------------
def test_find_python2_order_and_failures(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    shim = bindir / "python2.7"
    shim.write_text("#!/bin/sh\necho 'pyenv: python2.7: command not found' >&2\nexit 127\n")
    fake = bindir / "python2"
    fake.write_text(f"#!/bin/sh\nexec {PY3} \"$@\"\n")
    for f in (shim, fake):
        f.chmod(0o755)
    env = {"PATH": str(bindir), "PYENV_ROOT": str(tmp_path / "pyenv")}
    with pytest.raises(Python2NotFound) as info:
        find_python2(None, env)
    message = str(info.value)
    assert "exited with 127" in message and "is Python 3." in message
    assert "--python2 PATH" in message and "THREADMOD_PYTHON2" in message and "--traces" in message
    with pytest.raises(Python2NotFound, match="--python2 /nonexistent"):
        find_python2("/nonexistent", env)
    with pytest.raises(Python2NotFound, match="THREADMOD_PYTHON2=/nonexistent"):
        find_python2(None, {**env, "THREADMOD_PYTHON2": "/nonexistent"})
    if PYTHON2 is not None:
        # a pyenv tree counts when PATH has only the failing shim
        versions = tmp_path / "pyenv" / "versions" / "2.7.99" / "bin"
        versions.mkdir(parents=True)
        (versions / "python2.7").symlink_to(PYTHON2)
        assert find_python2(None, env) == PYTHON2 or Path(find_python2(None, env)).name.startswith("python2")
        assert find_python2(PYTHON2, {"PATH": ""}) == PYTHON2


# -- the harness: the same schedule in both interpreters ---------------------------------------------
@needs_python2
@pytest.mark.parametrize("scenario", ["sync_primitives.py", "polling.py", "deadlock.py", "exceptions.py"])
def test_same_source_runs_identically_under_python2_and_python3(scenario):
    legacy = run_traced(PYTHON2, SCENARIOS / scenario)
    strict = resolve((), strict=True)
    for python3 in [PY3] + other_python3s()[:1]:
        verdict = compare(legacy, run_traced(python3, SCENARIOS / scenario), strict)
        assert verdict.ok, f"{python3}\n{verdict.render()}"
    if scenario == "deadlock.py":
        assert legacy.how == "deadlock"
        assert {t.name: t.end for t in legacy.threads} == {"main": "blocked", "one#1": "blocked", "two#1": "blocked"}
    if scenario == "exceptions.py":
        assert (legacy.exit_code, legacy.thread("bad#1").exception) == (3, "ValueError")
    if scenario == "sync_primitives.py":
        main = [i.text for i in legacy.main.lines]
        assert main[-1] == "done at 1.4 Sat Jan  1 00:00:01 2000"  # virtual clock, fixed epoch, UTC


def test_spin_detection_ends_runs_that_cannot_progress():
    t = run_traced(PY3, SCENARIOS / "spin_blocked.py")
    assert (t.how, t.detail) == ("spin", "main spun forever with nothing left to wait for (ended by the harness)")
    assert {th.name: th.end for th in t.threads} == {"main": "spinning", "worker#1": "blocked"}
    t = run_traced(PY3, SCENARIOS / "spin_worker.py")
    assert t.how == "spin" and t.detail.startswith("poller#1 spun forever")
    assert t.vtime == 1.0
    assert {th.name: th.end for th in t.threads} == {"main": "blocked", "poller#1": "spinning"}


def test_softspace_across_threads_is_not_a_difference():
    legacy = Trace.load(DATA / "softspace" / "traces" / "softspace.py.trace.json")
    modern = run_traced(PY3, DATA / "softspace" / "modern" / "softspace.py")
    assert [i.text for i in legacy.main.lines] == ["left right", "trail"]
    assert [i.text for i in legacy.thread("other#1").lines] == ["other line"]
    verdict = compare(legacy, modern)
    assert verdict.ok and [a.name for a in verdict.allowed] == ["softspace"]
    strict = compare(legacy, modern, resolve((), strict=True))
    assert not strict.ok and "'trail '" in strict.render()


def test_virtual_time_makes_sleeps_free():
    started = time.monotonic()
    trace = run_traced(PY3, MODERN / "threading1.py")
    assert trace.vtime == 20.2
    assert [i.t for i in trace.thread("myfunction#1").lines] == [round(0.2 + 2 * k, 9) for k in range(10)]
    assert time.monotonic() - started < trace.vtime  # the 20.2 s of sleeps were not slept


def test_determinism_same_trace_every_run():
    """Ties (producer and consumer both wake at t=1 and t=3) break the same way every run."""
    runs = 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        traces = list(pool.map(lambda _: run_traced(PY3, MODERN / "threading2.py"), range(runs)))
        if PYTHON2 is not None:
            traces += list(pool.map(lambda _: run_traced(PYTHON2, LEGACY / "threading2.py"), range(runs)))
    for t in traces:
        t.script, t.source_sha256, t.stats = "", None, {}
    modern = {t.dumps() for t in traces if not t.python.startswith("2.")}
    assert len(modern) == 1
    verdicts = {compare(recorded("threading2.py"), t).render() for t in traces if not t.python.startswith("2.")}
    assert len(verdicts) == 1
    if PYTHON2 is not None:
        legacy = {t.dumps() for t in traces if t.python.startswith("2.")}
        assert len(legacy) == 1
        stored = recorded("threading2.py")
        stored.script, stored.source_sha256 = "", None
        stored.python = traces[-1].python
        assert legacy == {stored.dumps()}


# -- the comparison rules on hand-made traces -------------------------------------------------------------
def _trace(threads, how="exit", exit_code=0, python="3.11.7", detail=""):
    t = Trace(python=python, script="x.py", how=how, detail=detail, exit_code=exit_code, exit_vtime=1.0)
    for order, (name, end, items, *rest) in enumerate(threads):
        t.threads.append(ThreadTrace(
            name=name, order=order, kind="main" if name == "main" else "threading",
            callable=name.split("#")[0], parent=None if name == "main" else "main",
            daemon=False, end=end, exception=rest[0] if rest else None,
            items=[Item(kind, text, tt, k) for k, (kind, text, tt) in enumerate(items)]))
    return t


OUT = [("out", "a", 0.0), ("out", "b", 1.0)]


def test_compare_rules():
    base = _trace([("main", "exited", []), ("w#1", "finished", OUT)])
    assert compare(base, _trace([("main", "exited", []), ("w#1", "finished", OUT)])).ok
    # a changed time is a difference unless timing is allowed
    later = _trace([("main", "exited", []), ("w#1", "finished", [OUT[0], ("out", "b", 2.0)])])
    assert not compare(base, later).ok
    assert compare(base, later, DEFAULT_ALLOWED | {"timing"}).ok
    # a lock event the modern run lacks
    locked = _trace([("main", "exited", []), ("w#1", "finished", [("sync", "acquire lock#1", 0.0)] + OUT)])
    assert not compare(locked, base).ok
    assert compare(locked, base, DEFAULT_ALLOWED | {"locking"}).ok
    # missing and extra threads
    v = compare(base, _trace([("main", "exited", [])]))
    assert [d.message for d in v.differences] == ["started in the legacy run, never in the modern run"]
    v = compare(_trace([("main", "exited", [])]), base)
    assert [d.message for d in v.differences] == ["started only in the modern run"]
    # a dropped join: the thread outlives main in the modern run only
    v = compare(base, _trace([("main", "exited", []), ("w#1", "outlived-main", OUT)]))
    assert "(a dropped join?)" in v.differences[0].message
    # exception types and exit status
    v = compare(base, _trace([("main", "exited", []), ("w#1", "finished", OUT, "TypeError")]))
    assert "legacy raised no exception; modern raised TypeError" in v.render()
    v = compare(base, _trace([("main", "exited", []), ("w#1", "finished", OUT)], exit_code=1))
    assert "exit status 0 in the legacy run, 1 in the modern run" in v.render()
    # the legacy main spin: allowed by default, a difference under --strict or a failing modern main
    spun = _trace([("main", "spinning", []), ("w#1", "finished", OUT)], how="spin",
                  detail="main spun after its workers ended (ended by the harness)")
    assert [a.name for a in compare(spun, base).allowed] == ["main-spin"]
    assert not compare(spun, base, resolve((), strict=True)).ok
    assert not compare(spun, _trace([("main", "exited", []), ("w#1", "finished", OUT)], exit_code=2)).ok


def test_compare_cut_off_rule():
    legacy = _trace([("main", "exited", []), ("w#1", "cut-off", [])])
    legacy.threads[1].kind = "raw"
    legacy.threads[1].cont_end = "finished"
    legacy.threads[1].items = [Item("out", "a", 0.0, 1, True), Item("out", "b", 1.0, 2, True)]
    modern = _trace([("main", "exited", []), ("w#1", "outlived-main", OUT)])
    v = compare(legacy, modern)
    assert v.ok and [a.name for a in v.allowed] == ["cut-off-at-exit"]
    wrong = _trace([("main", "exited", []), ("w#1", "outlived-main", [OUT[0], ("out", "c", 1.0)])])
    assert not compare(legacy, wrong).ok  # what it would have printed must match
    assert not compare(legacy, modern, resolve((), strict=True)).ok


def test_normaliser_idents_addresses_names():
    raw = {"python": "2.7.18", "script": "x.py", "how": "exit", "exit_code": 0, "threads": [
        {"name": "main", "order": 0, "kind": "main", "callable": "main", "parent": None, "daemon": False,
         "ident": 1401, "tname": None, "start_seq": 0, "end_seq": None, "end": "exited",
         "items": [["out", "1401 started 55501 <function f at 0x7f00deadbeef> Thread-1 (f) Thread-10", 0, 5, 0]]},
        {"name": "f#1", "order": 1, "kind": "threading", "callable": "f", "parent": "main", "daemon": False,
         "ident": 55501, "tname": "Thread-1 (f)", "start_seq": 1, "end_seq": 4, "end": "finished", "items": []},
        {"name": "f#2", "order": 2, "kind": "threading", "callable": "f", "parent": "main", "daemon": False,
         "ident": 55501, "tname": "Thread-2 (f)", "start_seq": 4, "end_seq": 9, "end": "finished", "items": []},
    ]}
    t = Trace.from_raw(raw)
    assert t.main.items[0].text == "<ident:main> started <ident:f#2> <function f at 0x<addr>> <name:f#1> Thread-10"
    assert t.normalised == {"addresses": 1, "thread-ids": 2, "thread-names": 1}


# -- the mutation suite ----------------------------------------------------------------------------------
class _Mutator(ast.NodeTransformer):
    """Applies operator `op` at its `target`-th site (counting sites in ast.walk order)."""

    def __init__(self, op, target, skip_ids):
        self.op, self.target, self.site, self.skip_ids, self.done = op, target, 0, skip_ids, False

    def _take(self, node, count=1):
        hit = self.target - self.site
        self.site += count
        return hit if 0 <= hit < count and not self.done else None

    def visit(self, node):
        op = self.op
        if op in ("drop-join", "no-start", "drop-print") and isinstance(node, ast.Expr) \
                and isinstance(node.value, ast.Call):
            f = node.value.func
            kind = {"drop-join": "join", "no-start": "start"}.get(op)
            matches = (isinstance(f, ast.Attribute) and f.attr == kind) if kind else \
                (isinstance(f, ast.Name) and f.id == "print")
            if matches and self._take(node) is not None:
                self.done = True
                return ast.copy_location(ast.Pass(), node)
        if op == "remove-lock" and isinstance(node, ast.With) and any(
                "lock" in ast.unparse(item.context_expr).lower() for item in node.items):
            if self._take(node) is not None:
                self.done = True
                node = self.generic_visit(node)
                return ast.copy_location(ast.If(test=ast.Constant(True), body=node.body, orelse=[]), node)
        if op == "change-sleep" and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "sleep" and node.args:
            if self._take(node) is not None:
                self.done = True
                node.args[0] = ast.BinOp(node.args[0], ast.Add(), ast.Constant(0.5))
        if op == "swap-args" and isinstance(node, ast.Call):
            seqs = [node.args] + [k.value.elts for k in node.keywords
                                  if k.arg == "args" and isinstance(k.value, ast.Tuple)]
            for seq in seqs:
                pairs = [i for i in range(len(seq) - 1) if ast.unparse(seq[i]) != ast.unparse(seq[i + 1])]
                hit = self._take(node, len(pairs))
                if hit is not None:
                    self.done = True
                    i = pairs[hit]
                    seq[i], seq[i + 1] = seq[i + 1], seq[i]
        if op == "change-string" and isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in self.skip_ids and self._take(node) is not None:
            self.done = True
            return ast.copy_location(ast.Constant(node.value + "!"), node)
        if op == "change-number" and isinstance(node, ast.Constant) and type(node.value) is int \
                and self._take(node) is not None:
            self.done = True
            return ast.copy_location(ast.Constant(node.value + 1), node)
        return self.generic_visit(node)


MUTATION_OPERATORS = ["remove-lock", "drop-join", "no-start", "swap-args", "change-sleep",
                      "drop-print", "change-string", "change-number"]


def mutants(source: str):
    """(operator, site, mutated source) for every site of every operator."""
    for op in MUTATION_OPERATORS:
        site = 0
        while True:
            tree = ast.parse(source)
            skip = {id(n.values[0] if isinstance(n, ast.Expr) else n) for n in ast.walk(tree)
                    if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}  # docstrings
            skip |= {id(c) for n in ast.walk(tree) if isinstance(n, ast.Compare)
                     for c in ast.walk(n) if isinstance(c, ast.Constant)}  # __name__ == "__main__"
            m = _Mutator(op, site, skip)
            tree = m.visit(tree)
            if not m.done:
                break
            yield op, site, ast.unparse(ast.fix_missing_locations(tree))
            site += 1


@pytest.mark.slow
def test_mutation_suite_catches_at_least_90_percent(tmp_path):
    jobs = []
    for seed in SEEDS:
        baseline = compare(recorded(seed), run_traced(PY3, MODERN / seed), SEED_ALLOWED)
        assert baseline.ok, baseline.render()
        for op, site, source in mutants((MODERN / seed).read_text()):
            path = tmp_path / f"{seed[:-3]}-{op}-{site}" / seed
            path.parent.mkdir()
            path.write_text(source)
            jobs.append((seed, op, site, path))

    def caught(job):
        seed, op, site, path = job
        try:
            return not compare(recorded(seed), run_traced(PY3, path, timeout=20), SEED_ALLOWED).ok
        except RunError:
            return True  # cannot run: a failing verify (exit 2) is caught too

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = list(pool.map(caught, jobs))
    by_op = {}
    for (seed, op, site, _), hit in zip(jobs, results):
        by_op.setdefault(op, []).append(hit)
    survivors = [f"{seed}:{op}#{site}" for (seed, op, site, _), hit in zip(jobs, results) if not hit]
    score = sum(results) / len(results)
    summary = (f"mutation score {sum(results)}/{len(results)} = {score:.1%}; by operator: "
               + ", ".join(f"{op} {sum(h)}/{len(h)}" for op, h in by_op.items())
               + f"; survivors: {survivors}")
    print(summary)
    assert set(by_op) == set(MUTATION_OPERATORS), summary
    assert len(results) >= 40, summary
    assert score >= 0.9, summary
