"""Whole legacy thread programs and their exact conversions (tests/data/thread_cases/).

Each NAME.py converts to NAME.expected byte for byte, and the expected output converts
to itself.  Regenerate an expected file after a deliberate change with:
    threadmod convert tests/data/thread_cases/NAME.py > tests/data/thread_cases/NAME.expected
and read the diff before committing it.
"""

from __future__ import annotations

import glob
import os
import re

import pytest

from threadmod.pipeline import convert_text

CASES = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "data", "thread_cases", "*.py")))


def _read(path: str) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize("path", CASES, ids=os.path.basename)
def test_converts_exactly(path):
    assert convert_text(_read(path))[0] == _read(path[:-3] + ".expected")


@pytest.mark.parametrize("path", CASES, ids=os.path.basename)
def test_expected_is_stable_and_clean(path):
    expected = _read(path[:-3] + ".expected")
    assert convert_text(expected)[0] == expected
    code = re.sub(r"#.*", "", expected)
    assert not re.search(r"^\s*while\b[^\n]*:\s*(?:\n\s*)?pass\b", code, re.MULTILINE), "a busy-wait is left"
    assert not re.search(r"^\s*(?:import|from)\s+_?thread\b", code, re.MULTILINE), "a thread import is left"
