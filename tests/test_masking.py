"""Masking (hiding statements the statement-local codemods cannot concern) changes nothing.

The differential tests run the whole pipeline with and without masking on every
thread-codemod example, scenario, program and seed, and on the thread-using modules of
the 2.7 library when it is installed, and require the same bytes and diagnostics.
"""

from __future__ import annotations

import glob
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import threadmod.codemods.stage as thread_stage
import threadmod.pipeline as pipeline
from threadmod.errors import SourceError
from threadmod.codemods.masking import MaskedText, mask
from threadmod.registry import all_transforms

from tests.interpreters import python2_stdlib

ROOT = os.path.dirname(os.path.dirname(__file__))


def _inputs() -> list[tuple[str, str]]:
    inputs = []
    for transform in all_transforms():
        for number, example in enumerate(transform.EXAMPLES):
            inputs.append((f"{transform.CODE}-example-{number}", example.before))
    for pattern in ("tests/data/thread_cases/*", "tests/data/programs/*.py", "legacy/*.py"):
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            if not path.endswith(".expected"):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    inputs.append((os.path.relpath(path, ROOT), handle.read()))
    stdlib = python2_stdlib()
    if stdlib:
        for path in sorted(glob.glob(os.path.join(stdlib, "*.py"))):
            with open(path, "rb") as handle:
                data = handle.read()
            if b"thread" in data or b"Queue" in data or b"exec" in data:
                inputs.append((os.path.basename(path), data.decode("latin-1")))
    return inputs


INPUTS = _inputs()


def without_join_gate(monkeypatch) -> None:
    """The pipeline with TM202's confirm (its token check) off: TM202 runs wherever its hint matches."""
    import dataclasses

    entries = tuple(
        dataclasses.replace(entry, gate=dataclasses.replace(entry.gate, confirm=None)) if entry.code == "TM202" else entry
        for entry in pipeline.THREAD_CODEMODS
    )
    monkeypatch.setattr(pipeline, "THREAD_CODEMODS", entries)


def _convert(text: str):
    try:
        return pipeline.convert_text(text)
    except SourceError as error:
        return ("error", error.line, error.col, error.message)


@pytest.fixture
def unmasked(monkeypatch):
    def run(text: str):
        with monkeypatch.context() as patch:
            patch.setattr(thread_stage, "mask", lambda text, words, names: None)
            return _convert(text)

    return run


# The 2.7 library's modules (named without a folder) are slow; the project's own inputs are not.
@pytest.mark.parametrize(
    "name, text",
    [pytest.param(name, text, id=name, marks=pytest.mark.slow if "/" not in name and name.endswith(".py") else ())
     for name, text in INPUTS],
)
def test_masked_conversion_is_the_unmasked_one(name, text, unmasked):
    assert _convert(text) == unmasked(text)


@pytest.mark.slow
@pytest.mark.skipif(python2_stdlib() is None, reason="no Python 2.7 standard library found: "
                    "no real modules to mask (the project's own inputs hide fewer than 10 statements)")
def test_masking_happens_on_real_modules(monkeypatch):
    """The differential test above means something only if masking hid code."""
    masked = []
    real_mask = thread_stage.mask

    def spy(text, words, names):
        result = real_mask(text, words, names)
        if result is not None:
            masked.append(result)
        return result

    monkeypatch.setattr(thread_stage, "mask", spy)
    for _name, text in INPUTS:
        _convert(text)
    assert len(masked) >= 3
    assert sum(len(m.hidden) for m in masked) >= 10


def test_a_marker_that_does_not_come_back_means_an_unmasked_run(monkeypatch):
    text = "import threading\n\n\ndef f():\n    return 1\n\n\nt = threading.currentThread()\n"
    expected = "import threading\n\n\ndef f():\n    return 1\n\n\nt = threading.current_thread()\n"
    assert mask(text, {"currentThread"}) is not None
    monkeypatch.setattr(MaskedText, "restore", lambda self, output: None)
    assert pipeline.convert_text(text)[0] == expected


SOURCE = (
    '"""Doc."""\n'  # the first statement is always kept
    "import os\n"
    "# a comment before f\n"
    "@decorator\n"
    "def f():\n"
    "    return 1\n"
    "\n"
    "try:\n"
    "    pass\n"
    "except ValueError:\n"
    "    pass\n"
    "finally:\n"
    "    x = 2\n"
    "t = threading.currentThread()\n"
    "if a:\n"
    "    b = 1\n"
    "else:\n"
    "    b = 2"  # no newline at the end
)


def test_units_hidden_and_restored():
    masked = mask(SOURCE, {"currentThread"})
    assert masked is not None
    assert masked.text == (
        '"""Doc."""\n'
        "import os\n"
        "# a comment before f\n"
        "__threadmod_unit_0__\n"
        "\n"
        "__threadmod_unit_1__\n"
        "t = threading.currentThread()\n"
        "__threadmod_unit_2__"
    )
    assert masked.hidden[0] == "@decorator\ndef f():\n    return 1\n"
    assert masked.restore(masked.text) == SOURCE
    # Lines of the masked text -> lines of the source.
    assert [masked.original_line(line) for line in range(1, 9)] == [1, 2, 3, 4, 7, 8, 14, 15]


def test_restore_refuses_a_lost_or_doubled_marker():
    masked = mask(SOURCE, {"currentThread"})
    assert masked.restore(masked.text.replace("__threadmod_unit_1__\n", "")) is None
    assert masked.restore(masked.text + "\n__threadmod_unit_0__\n") is None


@pytest.mark.parametrize(
    "text",
    [
        "from threading import *\nx = 1\ny = currentThread()\n",  # star import: names unknown
        "t = importlib.import_module('threading')\nx = 1\n",
        "t = __import__('Queue')\nx = 1\n",
        "x = '__threadmod_unit_0__'\ny = 2\n",  # the marker text is taken
        "x = currentThread()\n",  # one statement: nothing to hide
    ],
)
def test_not_masked(text):
    assert mask(text, {"currentThread"}) is None


def test_names_bound_by_thread_imports_keep_their_statements():
    text = "from threading import currentThread as me\nimport Queue as Q\nx = 1\ny = me()\nz = Q.Queue()\n"
    masked = mask(text, {"currentThread"})
    assert masked is not None
    assert masked.hidden == ["x = 1\n"]


def test_names_are_whole_names():
    """A one-letter alias or exec argument keeps the statements that use it, not every
    statement that contains the letter; a dynamic __import__ binds nothing followed."""
    text = "import Queue as Q\nsize = 1\nq = Q.Queue(size)\nexec(s)\nqs = []\nm = __import__(name)\n"
    masked = mask(text, {"exec"}, {"s"})
    assert masked is not None
    assert masked.hidden == ["size = 1\n", "qs = []\n", "m = __import__(name)\n"]


def test_statements_before_the_last_import_stay():
    text = "import threading\nx = 1\nimport Queue\ny = 2\nz = threading.currentThread()\n"
    masked = mask(text, {"currentThread"})
    assert masked is not None and masked.hidden == ["y = 2\n"]


def test_crlf_units():
    text = "import threading\r\ndef f():\r\n    pass\r\nx = threading.currentThread()\r\n"
    masked = mask(text, {"currentThread"})
    assert masked.text == "import threading\r\n__threadmod_unit_0__\r\nx = threading.currentThread()\r\n"
    assert masked.restore(masked.text) == text


# Top-level units to shuffle: thread-local codemod triggers, imports in every style, names
# that shadow, decorators, clauses, comments, a docstring, Python 2 statements.
UNITS = [
    '"""Module docstring."""\n',
    "import threading\n",
    "import thread\n",
    "import Queue\n",
    "from threading import currentThread as me\n",
    "from thread import get_ident, allocate_lock\n",
    "import os, sys\n",
    "# a comment\n\n",
    "def helper(x):\n    return x.isSet()\n",
    "class Flag(object):\n    def isSet(self):\n        return True\n",
    "@decorate\ndef run():\n    t = threading.currentThread()\n    print t.getName()\n",
    "try:\n    import threading as _t\nexcept ImportError:\n    _t = None\nelse:\n    pass\n",
    "lock = thread.allocate_lock()\n",
    "lock.acquire_lock()\n",
    "ident = get_ident()\n",
    "q = Queue.Queue()\n",
    "queue = []\n",
    "CODE = 'print 1'\n",
    "exec CODE\n",
    "exec 'print 2'\n",
    "if x:\n    y = me()\nelif z:\n    pass\n",
    "for i in range(3):\n    print i\n",
    "def get_ident():\n    return 0\n",
    "me = None\n",
    "x = 1  # trailing comment\n",
    "print 'plain'\n",
    "    # an indented comment\n",
    "while done.isSet():\n    done.clear()\n",
    "import time\n",
    "t = threading.Thread(target=helper)\n",
    "t.start()\n",
    "thread.start_new_thread(helper, (1,))\n",
    "while 1:\n    pass\n",
    "while not ready:\n    time.sleep(0.1)\n",
    "time.sleep(1)\n",
    "lock2 = threading.Lock()\n",
    "def put(l, item):\n    pass\n",
    "def put(l, item):\n    l.acquire()\n    items.append(item)\n    l.release()\n",
    "thread.start_new_thread(put, (lock2, 1))\n",
    "mutex.acquire()\ncount = 1\nmutex.release()\n",
    "locks = [thread.allocate_lock() for i in range(3)]\n",
    "for m in locks:\n    m.acquire()\n    m.release()\n",
    "threads = []\n",
    "threads.append(t)\n",
    "for t in threads:\n    t.join()\n",
    "t.daemon = True\n",
    "t_threads = 0\n",  # a name TM202 would otherwise make
    'label = f"{t_threads}"\n',
    "if __name__ == '__main__':\n    t.start()\n",
    "def main():\n    w = threading.Thread(target=helper)\n    w.start()\n",
    "while threading.active_count() > 1:\n    pass\n",
    "for i in range(2):\n    t = threading.Thread(target=helper)\n    t.start()\n",
]


def _masked_and_unmasked(text: str):
    """The conversion as threadmod makes it (masked, TM202 gated), and without either."""
    fast = _convert(text)
    plain = pytest.MonkeyPatch()
    try:
        plain.setattr(thread_stage, "mask", lambda text, words, names: None)
        without_join_gate(plain)
        slow = _convert(text)
    finally:
        plain.undo()
    return fast, slow


@pytest.mark.slow
@given(st.lists(st.sampled_from(UNITS), min_size=2, max_size=12), st.sampled_from(["\n", "\r\n"]))
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_masked_equals_unmasked_on_shuffled_units(units, newline):
    """Masking and the TM202 gate (tests/test_applicability.py) change no conversion."""
    text = "".join(units).replace("\n", newline)
    fast, slow = _masked_and_unmasked(text)
    assert fast == slow


def test_an_import_after_a_hidden_compound_statement_counts_as_unmasked():
    # Found by the shuffled-units test: the import fix-up counts only the imports before the
    # first compound statement; a marker hid the `if` and the later import counted.
    text = "while 1:\n    pass\nif x:\n    y = me()\nelif z:\n    pass\nimport threading\nt = threading.Thread(target=helper)\n"
    fast, slow = _masked_and_unmasked(text)
    assert fast == slow


def test_comment_lines_after_the_last_statement_are_never_hidden():
    # Found by the shuffled-units test: libcst puts comment lines after the module's last
    # statement in the module's footer, after the joins TM202 adds; hidden with the last
    # statement, they came back before them.
    text = (
        "for i in range(2):\n    t = threading.Thread(target=helper)\n    t.start()\n"
        '"""Module docstring."""\n    # an indented comment\n'
    )
    fast, slow = _masked_and_unmasked(text)
    assert fast == slow


def test_indented_comment_after_a_hidden_block_stays_with_it():
    # Found by the shuffled-units test: a comment indented under a def that ends the module
    # went with the module's footer when the def was hidden, and the joins moved past it.
    text = (
        "for i in range(2):\n    t = threading.Thread(target=helper)\n    t.start()\n"
        "def put(l, item):\n    pass\n    # an indented comment\n"
    )
    fast, slow = _masked_and_unmasked(text)
    assert fast == slow
    assert fast[0].endswith("    pass\n    # an indented comment\nfor t in t_threads:\n    t.join()\n")
