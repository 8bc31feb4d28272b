"""The registry is the one list of transforms: its order, gates and entries agree with the code.

Order is data: an entry's `after` names the codemods it must follow, and the table's
order honours every one.  Each entry names a class that carries the same code, and the
libcst.tool commands are made from the same table.
"""

from __future__ import annotations

import dataclasses

import pytest

from threadmod import registry
from threadmod.codemods.base import ThreadCodemod
from threadmod.registry import ALL_CODES, SYNTAX_TRANSFORMS, THREAD_CODEMODS, ThreadCodemodEntry
from threadmod.syntax.base import SyntaxTransform


def test_the_table_order_honours_every_after():
    position = {entry.code: index for index, entry in enumerate(THREAD_CODEMODS)}
    for entry in THREAD_CODEMODS:
        for earlier, why in entry.after.items():
            assert earlier in position, f"{entry.code} follows {earlier}, which is no thread codemod"
            assert position[earlier] < position[entry.code], f"{entry.code} must run after {earlier}: {why}"
            assert why.strip(), f"{entry.code}: say why it follows {earlier}"


def test_an_order_that_breaks_an_after_is_caught():
    # The check above can fail: move TM202 before TM201 and it must.
    codes = [entry.code for entry in THREAD_CODEMODS]
    swapped = list(THREAD_CODEMODS)
    i, j = codes.index("TM201"), codes.index("TM202")
    swapped[i], swapped[j] = swapped[j], swapped[i]
    position = {entry.code: index for index, entry in enumerate(swapped)}
    broken = [(e.code, c) for e in swapped for c in e.after if position[c] > position[e.code]]
    assert ("TM202", "TM201") in broken


@pytest.mark.parametrize("entry", THREAD_CODEMODS, ids=lambda entry: entry.code)
def test_each_entry_names_its_class(entry: ThreadCodemodEntry):
    codemod = entry.load()
    assert issubclass(codemod, ThreadCodemod)
    assert codemod.CODE == entry.code
    assert codemod.NAME and codemod.DESCRIPTION and codemod.EXAMPLES


def test_codes_are_unique_and_cover_both_stages():
    syntax = [t.CODE for t in SYNTAX_TRANSFORMS]
    thread = [entry.code for entry in THREAD_CODEMODS]
    assert len(set(syntax + thread)) == len(syntax + thread)
    assert ALL_CODES == frozenset(syntax + thread)
    assert all(issubclass(t, SyntaxTransform) for t in SYNTAX_TRANSFORMS)


def test_all_transforms_is_both_stages_in_run_order():
    codes = [t.CODE for t in registry.all_transforms()]
    assert codes == [t.CODE for t in SYNTAX_TRANSFORMS] + [entry.code for entry in THREAD_CODEMODS]


def test_selecting_by_prefix_name_and_code():
    assert registry.select_codes(["TM2"]) == frozenset(entry.code for entry in THREAD_CODEMODS)
    assert registry.select_codes(["join-threads"]) == {"TM202"}
    assert registry.select_codes(ignore=["TM1", "TM3"]) == frozenset(entry.code for entry in THREAD_CODEMODS)
    with pytest.raises(registry.UnknownTransform):
        registry.select_codes(["no-such-transform"])


def test_a_gate_without_its_confirm_lets_more_files_in():
    # TM202's confirm keeps files with nothing to join away from libcst.
    entry = registry.THREAD_CODEMODS_BY_CODE["TM202"]
    text = "import threading\nthreading.Thread(target=f).start()\n"
    assert not entry.gate.applies(text)
    assert dataclasses.replace(entry.gate, confirm=None).applies(text)


def _thread_texts() -> list[str]:
    """The thread codemods' examples and the tests' legacy thread programs."""
    import glob
    import os

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    texts = [e.before for entry in THREAD_CODEMODS for e in entry.load().EXAMPLES]
    for pattern in ("tests/data/thread_cases/*.py", "tests/data/programs/*.py", "legacy/*.py"):
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            with open(path, encoding="utf-8") as handle:
                texts.append(handle.read())
    return texts


AFTERS = [(entry.code, earlier) for entry in THREAD_CODEMODS for earlier in entry.after]


@pytest.mark.slow
@pytest.mark.parametrize("later, earlier", AFTERS, ids=[f"{a}-after-{b}" for a, b in AFTERS])
def test_each_after_is_needed(later, earlier, monkeypatch):
    """Running `later` just before `earlier` instead of just after it changes some output."""
    from threadmod import pipeline
    from threadmod.errors import SourceError

    others = [entry for entry in THREAD_CODEMODS if entry.code != later]
    moved = registry.THREAD_CODEMODS_BY_CODE[later]
    at = [entry.code for entry in others].index(earlier)

    def outputs(order):
        monkeypatch.setattr(pipeline, "THREAD_CODEMODS", tuple(order))
        results = []
        for text in TEXTS:
            try:
                results.append(pipeline.convert_text(text)[0])
            except SourceError as error:
                results.append(error.message)
        return results

    before = outputs(others[:at] + [moved] + others[at:])
    after = outputs(others[: at + 1] + [moved] + others[at + 1 :])
    assert before != after, f"nothing shows that {later} must follow {earlier}"


TEXTS = _thread_texts()
