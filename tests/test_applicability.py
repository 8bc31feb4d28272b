"""The cheap tests that decide which thread codemods see a file.

Each gate's `words` prefilter must never reject a text its hint matches: every
match of the hint contains one of the words.  Checked on every match in the
thread-codemod examples, the scenario and program files, the seeds and the thread-using
2.7 modules.  The TM202
gate (no libcst for a file with nothing to join) is checked on cases, and against
running TM202 anyway on every input of tests/test_masking.py.
"""

from __future__ import annotations

import glob
import os

import pytest

from threadmod.codemods.gates import imports_thread
from threadmod.registry import THREAD_CODEMODS, THREAD_CODEMODS_BY_CODE, all_transforms
from threadmod.syntax.stage import _statement_hint

from tests.test_masking import INPUTS, _convert, without_join_gate

ROOT = os.path.dirname(os.path.dirname(__file__))


def _texts() -> list[str]:
    """The differential inputs (tests/test_masking.py), and what they should become."""
    texts = [text for _name, text in INPUTS]
    for transform in all_transforms():
        texts += [example.after for example in transform.EXAMPLES] + list(transform.LEAVE_ALONE_EXAMPLES)
    for pattern in ("tests/data/thread_cases/*.expected", "modern/*.py"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            with open(path, encoding="utf-8", errors="replace") as handle:
                texts.append(handle.read())
    return texts


TEXTS = _texts()


@pytest.mark.parametrize("entry", THREAD_CODEMODS, ids=lambda entry: entry.code)
def test_every_hint_match_contains_a_word(entry):
    gate = entry.gate
    matches = [m.group(0) for text in TEXTS for m in gate.hint.finditer(text)]
    assert matches, f"{entry.code}: no text to check the words against"
    missing = [m for m in matches if not any(word in m for word in gate.words)]
    assert not missing, f"{entry.code}: hint matches without any of {gate.words}: {missing[:5]}"


@pytest.mark.parametrize(
    "text, imports, applies",
    [
        ("import thread\nthread.exit()\n", True, True),
        ("import sys\nsys.exit()\n", False, False),  # TM205 needs a thread import
        ("from thread import exit\nexit()\n", True, True),
        ("from thread import exit\n", True, False),
        ("x = 'thread'\nexit()\n", False, False),
    ],
)
def test_thread_import_gate(text, imports, applies):
    assert imports_thread(text) is imports
    assert THREAD_CODEMODS_BY_CODE["TM205"].gate.applies(text) is applies


@pytest.mark.parametrize(
    "text, expected",
    [
        ("print 'x'\n", True),
        ("if x: print y\n", True),
        ("a = 1; exec code\n", True),
        ("    print\n", True),
        ("fingerprint = 1\n", False),
        ("x.print = 1\n", False),
        ("s = 'no statement here'\n", False),
        ("log(printer)\n", False),
    ],
)
def test_statement_hint(text, expected):
    assert _statement_hint(text) is expected


@pytest.mark.parametrize(
    "text, may_act",
    [
        ("import threading\nt = threading.Thread(target=f)\nt.start()\n", True),
        ("import threading\nthreading.Thread(target=f).start()\n", False),  # no name to join
        ("import threading\nthreading.Thread(target=f)\nwhile 1: pass\n", True),
        ("import threading\nthreading.Thread(target=f)\nwhile busy():\n    # wait\n    time.sleep(1)\n", True),
        ("import threading\nthreading.Thread(target=f)\nwhile busy():\n    (time.sleep(1))\n", True),
        ("import threading\nthreading.Thread(target=f)\nwhile busy():\n    work()\n", False),
        ("import threading\nthreading.Thread(target=f)\nwhile (a and\n       b):\n    pass\n", True),
    ],
)
def test_join_threads_gate(text, may_act):
    assert THREAD_CODEMODS_BY_CODE["TM202"].gate.applies(text) is may_act


@pytest.mark.parametrize("name, text", INPUTS, ids=[name for name, _ in INPUTS])
def test_join_threads_gate_changes_no_conversion(name, text, monkeypatch):
    """Files the TM202 gate keeps from libcst convert exactly as if it had run."""
    gated = _convert(text)
    without_join_gate(monkeypatch)
    assert _convert(text) == gated
