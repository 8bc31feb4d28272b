"""Issue 12's programs: at least two legacy programs for each class of conversion that hung,
crashed or printed otherwise, 40 in all.

Each program says its class in its leading comment ("issue 12, class N").  The programs of
tests/data/programs run under Python 2.7 and, converted, under Python 3.13 through verify's
engine (tests/test_programs.py: ends by itself, spins nowhere, prints per thread what 2.7
printed, converts to itself); those of tests/data/thread_waits, whose lock events differ by
design, run for real (tests/test_small_fixes.py).  This file checks that none is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA = Path(__file__).parent / "data"
CLASSES = range(1, 12)
CLASS_MARK = re.compile(r"issue 12, class (\d+)")


def _leading_comment(path: Path) -> str:
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return " ".join(lines)


def programs_by_class() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {n: [] for n in CLASSES}
    for folder in ("programs", "thread_waits"):
        for path in sorted((DATA / folder).glob("*.py")):
            for number in {int(n) for n in CLASS_MARK.findall(_leading_comment(path))}:
                found[number].append(f"{folder}/{path.name}")
    return found


def test_every_class_has_two_programs():
    found = programs_by_class()
    short = {n: names for n, names in found.items() if len(names) < 2}
    assert not short, f"classes with fewer than two programs: {short}"


def test_forty_programs_in_all():
    names = {name for names in programs_by_class().values() for name in names}
    assert len(names) >= 40, sorted(names)


def test_thread_waits_are_run_for_real():
    from tests import test_small_fixes

    assert {p.name for p in test_small_fixes.WAITS} == {p.name for p in (DATA / "thread_waits").glob("*.py")}
