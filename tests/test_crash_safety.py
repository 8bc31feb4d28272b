"""`convert -w` killed with SIGKILL at random moments: every file is as it was or fully converted.

A tree of 200 Python 2 files (copies of legacy/*.py, each made unique) is converted in
place with `threadmod convert TREE -w -j 2`, a real subprocess in its own process group.
The whole group (the CLI and its worker processes) is killed with SIGKILL after a random
delay between 0 and the time a full run takes.  Then:

* every file is byte for byte its original or its full conversion (computed once, with -o);
* nothing that looks like source is left behind: a leftover of the atomic write
  (`.NAME.*.tmp`) is counted and reported, and fails the test only if it ends in .py;
* a new `-w` run over a killed tree finishes the job: every file is then its conversion.

CRASH_SEED=N picks other delays.  Marked slow (`pytest -m "not slow"` leaves it out).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")]

LEGACY = Path(__file__).resolve().parent.parent / "legacy"
FILES = 200
KILLS = 15
RESUMES = 2  # killed trees that a new -w run must complete (each costs part of a full run)


def make_tree(root: Path) -> dict[str, bytes]:
    sources = sorted(LEGACY.glob("*.py"))
    files = {}
    for index in range(FILES):
        source = sources[index % len(sources)].read_bytes()
        relative = f"pkg{index % 4}/sub{index % 3}/mod{index:03d}.py"
        files[relative] = source + b"# copy %d\n" % index  # unique, still Python 2
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def threadmod(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "threadmod", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the CLI and its workers
    )


def group_alive(pgid: int) -> bool:
    """Whether a process of that group is still running (zombies do not count)."""
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            return True
    return False


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    deadline = time.monotonic() + 10
    while group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not group_alive(process.pid), "a worker outlived SIGKILL of its group"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The original tree, its expected conversion, and how long a full -w run takes."""
    base = tmp_path_factory.mktemp("crash")
    original = base / "original"
    files = make_tree(original)
    expected_root = base / "expected"
    done = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", original, "-o", expected_root, "-j", "2"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    expected = snapshot(expected_root)
    assert set(expected) == set(files)
    assert sum(expected[r] != files[r] for r in files) == FILES, "every copy must change"

    timing = base / "timing"
    shutil.copytree(original, timing)
    start = time.monotonic()
    process = threadmod("convert", timing, "-w", "-j", "2")
    _, stderr = process.communicate(timeout=600)
    full_run = time.monotonic() - start
    assert process.returncode == 0, stderr.decode()
    assert snapshot(timing) == expected, "an uninterrupted -w run gives the -o result"
    return base, original, files, expected, full_run


def test_sigkill_at_random_moments_leaves_every_file_old_or_new(corpus, capsys):
    base, original, files, expected, full_run = corpus
    rng = random.Random(int(os.environ.get("CRASH_SEED", "20240525")))
    report = []
    leftovers_total = 0
    resumed = 0
    for run in range(KILLS):
        tree = base / f"killed{run}"
        shutil.copytree(original, tree)
        delay = rng.uniform(0, full_run)
        process = threadmod("convert", tree, "-w", "-j", "2")
        time.sleep(delay)
        finished = process.poll() is not None
        kill_group(process)

        after = snapshot(tree)
        converted = unchanged = 0
        leftovers = []
        for relative, data in after.items():
            if relative in files:
                if data == expected[relative]:
                    converted += 1
                elif data == files[relative]:
                    unchanged += 1
                else:
                    pytest.fail(f"kill after {delay:.2f}s: {relative} is neither the original nor its conversion")
            else:
                leftovers.append(relative)
        missing = set(files) - set(after)
        assert not missing, f"kill after {delay:.2f}s: files vanished: {sorted(missing)[:5]}"
        assert not [name for name in leftovers if name.endswith(".py")], leftovers
        assert all(Path(name).name.startswith(".") and name.endswith(".tmp") for name in leftovers), leftovers
        leftovers_total += len(leftovers)
        report.append(f"  kill {run:2}: {delay:5.2f}s  {converted:3} converted, {unchanged:3} as they were, "
                      f"{len(leftovers)} temp files left{' ' + str(leftovers) if leftovers else ''}"
                      f"{' (run had finished)' if finished else ''}")

        if 0 < converted < FILES and resumed < RESUMES:
            # A new run finishes the job; leftover temp files are not taken for source.
            resumed += 1
            rerun = subprocess.run(
                [sys.executable, "-m", "threadmod", "convert", tree, "-w", "-j", "2"], capture_output=True, text=True
            )
            assert rerun.returncode == 0, rerun.stderr
            final = snapshot(tree)
            assert {r: final[r] for r in files} == expected
            report[-1] += "; a new -w run completed it"
        shutil.rmtree(tree)
    with capsys.disabled():
        print(f"\n{FILES} files, full -w run {full_run:.2f}s, {KILLS} SIGKILLs; "
              f"{leftovers_total} leftover temp files in all")
        print("\n".join(report))
