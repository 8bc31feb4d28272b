"""`threadmod verify` as an oracle: never a false "agree", few false "differ", real hangs named.

Data: tests/data/verify/oracle/
  legacy/differ/NAME.py, modern/differ/NAME.py   the modern program really behaves differently
                                                  (a crash, a hang, a deadlock, a changed, lost
                                                  or reordered line, a file an interpreter refuses...)
  legacy/agree/NAME.py, modern/agree/NAME.py     the two really behave the same (random sleeps,
                                                  lock type checks, polls that became joins, TM202's
                                                  fallback polls)
  traces/{differ,agree}/NAME.py.trace.json       the legacy files' runs recorded under Python 2.7,
                                                  so this runs without it.  Record them again with
      threadmod verify --record tests/data/verify/oracle/traces tests/data/verify/oracle/legacy
  (it exits 2: the two legacy files Python 2 refuses get no trace, as they should not).

The programs of tests/data/programs count too, as program_NAME, against what threadmod makes
of them now (their traces are tests/data/programs/traces): print_forms differs (Python 2's
softspace), every other one agrees.

Every differ pair must give DIFFER or cannot-run (0 false agree); every agree pair must agree,
naming the divergences it used (0 false differ).  The seeds (legacy/ against threadmod's own
modern/ and against tests/data/verify/modern/) count as agree pairs too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadmod.interpreters import Python2NotFound, find_python2
from threadmod.pipeline import convert_bytes
from threadmod.verify import run
from threadmod.verify.comparison import compare, ending
from threadmod.verify.divergences import resolve
from threadmod.verify.run import RunError, run_traced
from threadmod.verify.trace import Item

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "verify"
ORACLE = DATA / "oracle"
PY3 = sys.executable
NORMALISATIONS = {"thread-ids", "addresses", "thread-names"}

try:
    PYTHON2 = find_python2()
except Python2NotFound:
    PYTHON2 = None
needs_python2 = pytest.mark.skipif(PYTHON2 is None, reason="no Python 2.7 found")

PROGRAMS = ROOT / "tests" / "data" / "programs"
PROGRAMS_THAT_DIFFER = {"print_forms"}  # Python 2's softspace: a real difference, documented in TM101
PROGRAM_PAIRS = {
    f"program_{p.stem}": "differ" if p.stem in PROGRAMS_THAT_DIFFER else "agree" for p in PROGRAMS.glob("*.py")
}
DIFFER = sorted([p.stem for p in (ORACLE / "legacy" / "differ").glob("*.py")]
                + [name for name, kind in PROGRAM_PAIRS.items() if kind == "differ"])
AGREE = sorted([p.stem for p in (ORACLE / "legacy" / "agree").glob("*.py")]
               + [name for name, kind in PROGRAM_PAIRS.items() if kind == "agree"])

# What each differ pair must be reported as: a text of the verdict (or of the error).
DIFFER_SHOWS = {
    "condition_notify_missing": "the modern run deadlocked where the legacy run exited",
    "deadlock_event_never_set": "the modern run deadlocked where the legacy run exited",
    "deadlock_self_lock": "worker#3 (lock lock#1)",
    "queue_lost_item": "the modern run deadlocked where the legacy run exited",
    "modern_hangs_where_legacy_exits": "the modern run deadlocked where the legacy run exited (killing threads at exit)",
    "runaway_spin": "the modern run ran away where the legacy run exited",
    "runaway_virtual_time": "ran past the virtual-time limit",
    "main_crash": "modern crashed (TypeError",
    "stdin_input_crash": "modern crashed (EOFError",
    "crash_in_worker": "modern raised TypeError",
    "exception_type_changed": "legacy raised ValueError: x; modern raised KeyError",
    "exit_status": "exit status 0 in the legacy run, 2 in the modern run",
    "os_exit_code_changed": "exit status 0 in the legacy run, 1 in the modern run",
    "timing_changed": "the same line at virtual time 0.100 (legacy) and 0.200 (modern)",
    "lost_line": "the modern thread stops after 1 item",
    "extra_line": "the modern thread goes on after the legacy one's 2 items",
    "lost_thread": "worker#3: started in the legacy run, never in the modern run",
    "extra_thread": "worker#4: started only in the modern run",
    "daemons_not_waited_for": "killed at exit: worker#1, worker#2, worker#3",
    "py2_refuses_cookie_on_line_3": "cannot run",
    "py2_refuses_utf8_without_cookie": "cannot run",
    "py3_refuses_latin1_without_cookie": "cannot run under Python 3",
    "cookie_after_code_line_2": "cannot run under Python 3",
    "unknown_encoding": "unknown encoding: no-such-codec",
    "modern_syntax_error": "SyntaxError",
}

# The divergences (other than the normalisations) each agree pair is allowed through.
AGREE_RULES = {
    "cut_off_worker_waited_for": {"cut-off-at-exit"},
    "fallback_poll_spin": {"fallback-poll-sleep"},
    "fallback_poll_then_wave": {"fallback-poll-sleep"},
    "poll_then_more_work": {"poll-became-join"},
    "poll_waves": {"poll-became-join"},
    "poll_waves_threading": {"poll-became-join"},
    "program_kwargs_workers": {"main-spin"},
    "program_sleep_forever": {"main-spin"},
    "program_handshake_state": {"fallback-poll-sleep"},
    "program_interrupt_main_spin": {"fallback-poll-sleep"},
    "program_poll_dict_keys": {"fallback-poll-sleep"},
    "program_poll_flag_paths": {"fallback-poll-sleep"},
    "program_poll_self_attribute": {"fallback-poll-sleep"},
    "program_py3_parsable_prints": {"poll-became-join"},
}


def _text(r: run.PairResult) -> str:
    return r.error if r.error is not None else r.verdict.render(200)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, run.PairResult]:
    """Every pair, verified once (the legacy side from the recorded traces where there is one)."""
    out = {}
    for kind in ("differ", "agree"):
        for r in run.verify(ORACLE / "legacy" / kind, ORACLE / "modern" / kind,
                            traces_dir=ORACLE / "traces" / kind, timeout=30):
            out[f"{kind}/{r.legacy.stem}"] = r
    converted = tmp_path_factory.mktemp("programs")
    for legacy in PROGRAMS.glob("*.py"):
        (converted / legacy.name).write_bytes(convert_bytes(legacy.read_bytes()).output)
    for r in run.verify(PROGRAMS, converted, traces_dir=PROGRAMS / "traces", timeout=30):
        name = f"program_{r.legacy.stem}"
        out[f"{PROGRAM_PAIRS[name]}/{name}"] = r
    return out


def test_the_oracle_has_enough_pairs():
    assert len(DIFFER) >= 30 and len(AGREE) >= 30, (len(DIFFER), len(AGREE))
    for kind, names in (("differ", DIFFER), ("agree", AGREE)):
        own = sorted(name for name in names if name not in PROGRAM_PAIRS)
        assert sorted(p.stem for p in (ORACLE / "modern" / kind).glob("*.py")) == own
    assert set(DIFFER_SHOWS) <= set(DIFFER) and set(AGREE_RULES) <= set(AGREE)


@pytest.mark.slow
@pytest.mark.parametrize("name", DIFFER)
def test_no_false_agree(results, name):
    r = results[f"differ/{name}"]
    assert r.exit_code in (1, 2), f"{name}: a false agree\n{_text(r)}"
    if name in DIFFER_SHOWS and (r.error is None or PYTHON2 is not None or "Python 2.7" not in r.error):
        assert DIFFER_SHOWS[name] in _text(r), _text(r)


@pytest.mark.slow
@pytest.mark.parametrize("name", AGREE)
def test_no_false_differ(results, name):
    r = results[f"agree/{name}"]
    assert r.exit_code == 0, f"{name}: a false differ\n{_text(r)}"
    used = {a.name for a in r.verdict.allowed} - NORMALISATIONS
    assert used == AGREE_RULES.get(name, set()), (name, used)
    for a in r.verdict.allowed:  # each rule applied is named in the text
        assert f"allowed: {a.name}" in r.verdict.render()


@pytest.mark.slow
def test_the_seeds_agree_as_well():
    for modern in (ROOT / "modern", DATA / "modern"):
        if not modern.is_dir():
            continue
        results = run.verify(ROOT / "legacy", modern, traces_dir=DATA / "traces")
        assert [r.exit_code for r in results] == [0, 0, 0], [_text(r) for r in results]
        assert all(any(a.name == "main-spin" for a in r.verdict.allowed)
                   for r in results if r.legacy.name != "fib_threading.py")


# -- each side runs as its interpreter runs the file ------------------------------------------------
def _real(python: str, script: Path) -> subprocess.CompletedProcess:
    return subprocess.run([python, script.name], cwd=script.parent, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=30, errors="replace")


REFUSED_BY_PY2 = ["py2_refuses_cookie_on_line_3", "py2_refuses_utf8_without_cookie"]
REFUSED_BY_PY3 = ["py3_refuses_latin1_without_cookie", "cookie_after_code_line_2", "unknown_encoding"]


@needs_python2
@pytest.mark.parametrize("name", REFUSED_BY_PY2)
def test_a_file_python2_refuses_cannot_run(name):
    script = ORACLE / "legacy" / "differ" / f"{name}.py"
    real = _real(PYTHON2, script)
    assert real.returncode == 1 and "Non-ASCII character" in real.stderr
    with pytest.raises(RunError) as e:
        run_traced(PYTHON2, script)
    # the real interpreter's message, word for word
    message = real.stderr.strip().splitlines()[-1].replace("SyntaxError: ", "")
    assert message in str(e.value) and "cannot run under Python 2.7" in str(e.value)
    # Python 3 reads the same bytes as UTF-8 and refuses them too
    assert run.verify(script, ORACLE / "modern" / "differ" / f"{name}.py")[0].exit_code == 2


@pytest.mark.parametrize("name", REFUSED_BY_PY3)
def test_a_file_python3_refuses_cannot_run(name):
    script = ORACLE / "modern" / "differ" / f"{name}.py"
    assert _real(PY3, script).returncode == 1
    with pytest.raises(RunError, match="cannot run under Python 3.*SyntaxError"):
        run_traced(PY3, script)


def test_encodings_that_both_interpreters_accept():
    for name in ("cookie_latin1_both", "bom_utf8_both"):
        script = ORACLE / "modern" / "agree" / f"{name}.py"
        real = _real(PY3, script)
        assert real.returncode == 0
        assert [i.text for t in run_traced(PY3, script).threads for i in t.lines] == real.stdout.splitlines()


@needs_python2
@pytest.mark.parametrize("name", ["lock_type_checks", "random_choice_shuffle", "main_guard_argv_cwd",
                                  "stdin_empty", "cookie_latin1_both", "bom_utf8_both", "main_crash_same",
                                  "thread_repr_shape", "exit_code_same"])
def test_legacy_harness_prints_what_real_python2_prints(name):
    script = ORACLE / "legacy" / "agree" / f"{name}.py"
    real = _real(PYTHON2, script)
    trace = run_traced(PYTHON2, script, cwd=script.parent)
    assert [i.text for t in trace.threads for i in t.lines if i.kind == "out"] == real.stdout.splitlines()
    assert trace.exit_code == real.returncode


@pytest.mark.parametrize("name", ["lock_type_checks", "main_guard_argv_cwd", "stdin_empty", "main_crash_same",
                                  "thread_repr_shape", "exit_code_same"])
def test_modern_harness_prints_what_real_python3_prints(name):
    script = ORACLE / "modern" / "agree" / f"{name}.py"
    real = _real(PY3, script)
    trace = run_traced(PY3, script, cwd=script.parent)
    assert sorted(i.text for t in trace.threads for i in t.lines if i.kind == "out") == sorted(real.stdout.splitlines())
    assert trace.exit_code == real.returncode


def test_lock_reprs_have_the_real_shape(tmp_path):
    script = tmp_path / "reprs.py"
    script.write_text("import _thread, threading\nlk = _thread.allocate_lock()\nprint(repr(type(lk)))\n"
                      "print(repr(lk).split(' at ')[0])\nlk.acquire()\nprint(repr(lk).split(' at ')[0])\n"
                      "r = threading.RLock()\nprint(repr(type(r)), repr(r).split(' at ')[0])\n"
                      "print(isinstance(threading.Lock(), _thread.LockType))\n")
    real = _real(PY3, script).stdout.splitlines()
    assert [i.text for i in run_traced(PY3, script).main.lines] == real
    assert real[:3] == ["<class '_thread.lock'>", "<unlocked _thread.lock object", "<locked _thread.lock object"]


@needs_python2
def test_python2_lock_reprs_have_the_real_shape(tmp_path):
    script = tmp_path / "reprs.py"
    script.write_text("import thread, threading\nlk = thread.allocate_lock()\nprint repr(type(lk))\n"
                      "print repr(lk).split(' at ')[0]\nr = threading.RLock()\nprint repr(r)\nr.acquire()\n"
                      "print repr(r)\nprint type(r), isinstance(threading.Lock(), thread.LockType)\n")
    real = _real(PYTHON2, script).stdout.splitlines()
    assert [i.text for i in run_traced(PYTHON2, script).main.lines] == real
    assert real[:2] == ["<type 'thread.lock'>", "<thread.lock object"]


# -- randomness --------------------------------------------------------------------------------------
def test_random_draws_follow_the_seed_option(tmp_path):
    script = tmp_path / "draws.py"
    script.write_text("import random\nprint([random.randint(1, 6) for _ in range(6)], random.choice('abcdef'))\n")
    default = run_traced(PY3, script).main.lines[0].text
    assert run_traced(PY3, script).main.lines[0].text == default
    assert run_traced(PY3, script, seed=5).main.lines[0].text != default
    assert run_traced(PY3, script, seed=5).seed == 5


@needs_python2
def test_random_draws_match_between_python2_and_python3(tmp_path):
    script = tmp_path / "draws.py"
    script.write_text("from __future__ import print_function\nimport random\nxs = list(range(20))\n"
                      "random.shuffle(xs)\nprint([random.randint(1, 6) for _ in range(6)], random.choice('abcdef'), xs,\n"
                      "      random.sample(range(10 ** 6), 3), random.randrange(3, 99, 4), '%.15f' % random.random())\n"
                      "r = random.Random('text seed')\nprint(r.randint(1, 10 ** 9), '%.15f' % r.uniform(2, 3))\n")
    for seed in (0, 1, 12345):
        legacy = [i.text for i in run_traced(PYTHON2, script, seed=seed).main.lines]
        modern = [i.text for i in run_traced(PY3, script, seed=seed).main.lines]
        assert legacy == modern
    # and Python 2.7's own functions draw these very numbers
    real = _real(PYTHON2, ORACLE / "legacy" / "agree" / "random_choice_shuffle.py").stdout.splitlines()
    assert [i.text for i in run_traced(PY3, ORACLE / "modern" / "agree" / "random_choice_shuffle.py").main.lines] == real


def test_a_recorded_trace_of_another_seed_is_refused():
    legacy = ORACLE / "legacy" / "agree" / "random_sleeps.py"
    (r,) = run.verify(legacy, ORACLE / "modern" / "agree" / "random_sleeps.py",
                      traces_dir=ORACLE / "traces" / "agree", seed=3)
    assert r.exit_code == 2 and "--seed 3" in r.error


# -- endings -----------------------------------------------------------------------------------------
def test_endings_are_named():
    t = run.load_recorded(ORACLE / "legacy" / "differ" / "modern_hangs_where_legacy_exits.py",
                          ORACLE / "traces" / "differ", "modern_hangs_where_legacy_exits.py")
    e = ending(t)
    assert e["kind"] == "killed-at-exit" and e["killed_at_exit"] == ["waiter#1"]
    assert "blocked on a real call at modern_hangs_where_legacy_exits.py:5 in waiter" in e["text"]
    crash = run_traced(PY3, ORACLE / "modern" / "agree" / "main_crash_same.py")
    assert ending(crash)["kind"] == "crashed" and ending(crash)["exit_code"] == 1
    assert ending(run_traced(PY3, ORACLE / "modern" / "agree" / "deadlock_both.py"))["kind"] == "deadlocked"
    spin = run_traced(PY3, ORACLE / "modern" / "differ" / "runaway_spin.py")
    assert ending(spin)["kind"] == "runaway" and ending(spin)["where"] == {"main": "runaway_spin.py:14 in <module>"}
    v = compare(t, t)
    assert v.to_dict()["legacy_ending"]["kind"] == "killed-at-exit"


@pytest.mark.slow
def test_a_real_runaway_is_an_ending_not_a_timeout(tmp_path):
    script = tmp_path / "busy.py"
    script.write_text("i = 0\nwhile True:\n    i += 1\n")
    t = run_traced(PY3, script, timeout=2)
    assert t.how == "runaway" and ending(t)["kind"] == "runaway"
    assert t.where["main"].startswith("busy.py:")


# -- the poll rules ----------------------------------------------------------------------------------
def test_poll_rules_are_needed_and_bounded():
    pairs = [("poll_waves", "poll-became-join"), ("fallback_poll_then_wave", "fallback-poll-sleep")]
    for name, rule in pairs:
        legacy = run.load_recorded(ORACLE / "legacy" / "agree" / f"{name}.py", ORACLE / "traces" / "agree", f"{name}.py")
        modern = run_traced(PY3, ORACLE / "modern" / "agree" / f"{name}.py")
        assert compare(legacy, modern).ok
        assert not compare(legacy, modern, resolve((), strict=True)).ok
        assert compare(legacy, modern, resolve([rule, "main-spin", "cut-off-at-exit"], strict=True)).ok
        # a later worker's line moved by another amount than its start is a difference
        worker = next(t for t in modern.threads if t.name in legacy.after_poll and t.lines)
        k = worker.items.index(worker.lines[-1])
        item = worker.items[k]
        worker.items[k] = Item(item.kind, item.text, item.t + 0.05, item.seq)
        assert not compare(legacy, modern).ok


def test_json_carries_each_side_ending_and_the_rules_applied():
    from click.testing import CliRunner

    from threadmod.verify.command import verify as verify_command

    pairs = [("differ", "deadlock_event_never_set"), ("agree", "poll_waves")]
    for kind, name in pairs:
        done = CliRunner().invoke(verify_command, [
            "--json", "--traces", str(ORACLE / "traces" / kind),
            str(ORACLE / "legacy" / kind / f"{name}.py"), str(ORACLE / "modern" / kind / f"{name}.py")])
        (result,) = json.loads(done.output)
        verdict = result["verdict"]
        assert verdict["legacy_ending"]["kind"] == "exited"
        if kind == "differ":
            assert done.exit_code == 1 and verdict["modern_ending"]["kind"] == "deadlocked"
        else:
            assert done.exit_code == 0 and "poll-became-join" in {a["name"] for a in verdict["allowed"]}


@needs_python2
@pytest.mark.slow
def test_recorded_oracle_traces_are_current(tmp_path):
    done = run.record(ORACLE / "legacy", tmp_path, python2=PYTHON2)
    refused = sorted(src.stem for src, path, error in done if error)
    assert refused == sorted(REFUSED_BY_PY2)
    for src, path, error in done:
        if path is not None:
            rel = path.relative_to(tmp_path)
            recorded = (ORACLE / "traces" / rel).read_text(encoding="utf-8")
            fresh = path.read_text(encoding="utf-8")
            python = json.loads(recorded)["python"]  # the same 2.7 patch release need not be installed
            fresh = fresh.replace(f'"python": "{json.loads(fresh)["python"]}"', f'"python": "{python}"')
            assert fresh == recorded, f"{rel}: record again (see this file's docstring)"
