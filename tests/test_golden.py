"""modern/ is exactly what `threadmod convert legacy -o modern` writes today, and it runs.

Regenerate after a deliberate change with:  threadmod convert legacy -o modern
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.interpreters import find_python
from threadmod.pipeline import convert_bytes

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
    python = find_python(version)
    if python is None:
        pytest.skip(f"no Python {version} here")
    path = os.path.join(MODERN, name)
    result = subprocess.run([python, "-W", "error", "-c", f"compile(open({path!r}).read(), {path!r}, 'exec')"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _start(python: str, path: str):
    return subprocess.Popen([python, "-W", "error", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(process) -> tuple[int, float, str]:
    """Exit code, CPU seconds (this child's own, from wait4) and stderr."""
    stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime, stderr


def test_modern_seeds_run_to_their_end_under_warnings_as_errors():
    """Real runs, with real sleeps, all at once: each ends by itself, quietly, without spinning.

    (Their output is compared thread by thread with Python 2.7's in test_verify_engine.py.)
    """
    import time

    python = find_python("3.13") or sys.executable
    start = time.monotonic()
    processes = {name: _start(python, os.path.join(MODERN, name)) for name in SEEDS}
    import threading

    watchdog = threading.Timer(45, lambda: [p.kill() for p in processes.values()])  # a spinning seed
    watchdog.start()
    try:
        results = {name: _finish(process) for name, process in processes.items()}
    finally:
        watchdog.cancel()
    wall = time.monotonic() - start
    assert wall < 30, f"the seeds took {wall:.1f} s"
    for name, (code, cpu, stderr) in results.items():
        assert code == 0, f"{name}: {stderr}"
        assert stderr == "", f"{name} wrote to stderr: {stderr}"
        assert cpu < 1.0, f"{name} used {cpu:.2f} s of CPU: something spins"
