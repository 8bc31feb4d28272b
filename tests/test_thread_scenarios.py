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


@pytest.mark.parametrize(
    "source, expected",
    [
        # Outside functions the names may be used by importers (threading.local): kept, and
        # imported from _thread, which Python 3 has.
        (
            "import threading\ntry:\n    from thread import _local as local\nexcept ImportError:\n"
            "    from _threading_local import local\nt = threading.currentThread()\n",
            "import threading\ntry:\n    from _thread import _local as local\nexcept ImportError:\n"
            "    from _threading_local import local\nt = threading.current_thread()\n",
        ),
        (
            "import threading\nclass Pool:\n    import thread as _thread\nt = threading.currentThread()\n",
            "import threading\nclass Pool:\n    import _thread\nt = threading.current_thread()\n",
        ),
        # In a function, an import nothing uses any more goes (TM206 moved `thread.LockType`
        # to the module's `_thread`).
        (
            "def f():\n"
            "    import thread\n"
            "    thread.start_new_thread(g, ())\n"
            "\n"
            "def h():\n"
            "    import thread\n"
            "    return thread.LockType\n",
            "import _thread\nimport threading\n\n"
            "def f():\n    g_thread = threading.Thread(target=g, daemon=True)\n    g_thread.start()\n\n"
            "def h():\n    return _thread.LockType\n",
        ),
    ],
)
def test_thread_imports_in_blocks(source, expected):
    output = convert_text(source)[0]
    assert output == expected
    compile(output, "<output>", "exec")
