"""modern/ is exactly what `threadmod convert legacy -o modern` writes today, and it runs.

Regenerate after a deliberate change with:  threadmod convert legacy -o modern

How the seeds run is checked twice: through threadmod verify's deterministic engine (virtual
time, one scheduler: the same verdict on a busy machine), where each ends by itself and
nothing spins; and once for real, with real sleeps and real threads (about 20 s, marked
slow), where each ends by itself and quietly under `-W error`.  Their output is compared
thread by thread with Python 2.7's in tests/test_verify_engine.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading

import pytest

from tests.interpreters import find_python, require_python
from threadmod.pipeline import convert_bytes
from threadmod.verify import run_traced

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEGACY = os.path.join(ROOT, "legacy")
MODERN = os.path.join(ROOT, "modern")
SEEDS = sorted(name for name in os.listdir(LEGACY) if name.endswith(".py"))


def test_the_three_seeds_are_there():
    assert SEEDS == ["fib_threading.py", "threading1.py", "threading2.py"]
    assert sorted(n for n in os.listdir(MODERN) if n.endswith(".py")) == SEEDS


@pytest.mark.parametrize("name", SEEDS)
def test_modern_is_todays_output(name):
    with open(os.path.join(LEGACY, name), "rb") as handle:
        converted = convert_bytes(handle.read()).output
    with open(os.path.join(MODERN, name), "rb") as handle:
        committed = handle.read()
    assert converted == committed, f"modern/{name} is stale: run `threadmod convert legacy -o modern`"


@pytest.mark.parametrize("name", SEEDS)
def test_modern_converts_to_itself(name):
    with open(os.path.join(MODERN, name), "rb") as handle:
        data = handle.read()
    assert convert_bytes(data).output == data


@pytest.mark.parametrize("name", SEEDS)
def test_no_thread_module_and_no_busy_wait(name):
    with open(os.path.join(MODERN, name), encoding="utf-8") as handle:
        text = re.sub(r"#.*", "", handle.read())  # comments may mention thread.exit_thread
    assert not re.search(r"^\s*(?:import|from)\s+_?thread\b|(?<![\w.])_?thread\.", text, re.MULTILINE)
    assert not re.search(r"^\s*while\b.*:\s*\n\s*pass\b", text, re.MULTILINE), "no busy-wait"
    assert "threading.Thread(" in text and ".join()" in text


@pytest.mark.parametrize("version", ["3.9", "3.13"])
@pytest.mark.parametrize("name", SEEDS)
def test_modern_compiles(name, version):
    python = require_python(version)
    path = os.path.join(MODERN, name)
    code = f"compile(open({path!r}).read(), {path!r}, 'exec')"
    result = subprocess.run([python, "-W", "error", "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Python 3.13 where found, else the running Python.
RUN_PYTHON = find_python("3.13") or sys.executable


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


@pytest.mark.parametrize("name", SEEDS)
def test_modern_seeds_end_by_themselves_without_spinning(name):
    """Under verify's engine, with warnings as errors: exit 0, quiet, and no thread ever runs a
    scheduler quantum without blocking (a spin, even a bounded one, would)."""
    trace = run_traced(RUN_PYTHON, os.path.join(MODERN, name), 120, env=_env(PYTHONWARNINGS="error"))
    lines = "\n".join(f"  {t.name}: {t.end} {[i.text for i in t.items if i.kind != 'sync']}" for t in trace.threads)
    assert (trace.how, trace.exit_code) == ("exit", 0), f"{trace.how} ({trace.detail}), exit {trace.exit_code}\n{lines}"
    assert not [i.text for t in trace.threads for i in t.items if i.kind == "err"], f"wrote to stderr\n{lines}"
    assert not trace.warnings, trace.warnings
    assert trace.stats.get("quanta") == 0, f"{trace.stats.get('quanta')} quanta without blocking: something spins\n{lines}"
    assert all(t.end in ("exited", "finished") for t in trace.threads), lines


HANG = 300  # real seconds: only a seed that never ends gets there (they sleep about 20 s)


@pytest.mark.slow
def test_modern_seeds_run_to_their_end_under_warnings_as_errors():
    """Real runs, with real sleeps, all at once: each ends by itself, exit 0, nothing on stderr.

    No wall-clock or CPU-time limits (a busy machine would break them): whether a seed spins
    is checked deterministically above; a seed that hangs is killed after HANG s and fails.
    """
    processes = {
        name: subprocess.Popen([RUN_PYTHON, "-W", "error", os.path.join(MODERN, name)], env=_env(),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name in SEEDS
    }
    killed = []

    def kill_all():
        for name, process in processes.items():
            if process.poll() is None:
                killed.append(name)
                process.kill()

    watchdog = threading.Timer(HANG, kill_all)
    watchdog.start()
    try:
        results = {name: (process.communicate()[1].decode(), process.returncode) for name, process in processes.items()}
    finally:
        watchdog.cancel()
    assert not killed, f"still running after {HANG} s under {RUN_PYTHON}: {killed}"
    for name, (stderr, code) in results.items():
        assert code == 0, f"{name} exited {code} under {RUN_PYTHON}: {stderr}"
        assert stderr == "", f"{name} wrote to stderr: {stderr}"
