"""Each transform's own examples, the same ones `threadmod explain` shows, hold."""

from __future__ import annotations

import pytest

from threadmod.pipeline import convert_text
from threadmod.registry import SYNTAX_TRANSFORMS, all_transforms

ALL_TRANSFORMS = all_transforms()

SYNTAX_CODES = frozenset(t.CODE for t in SYNTAX_TRANSFORMS)


def alone(transform) -> frozenset[str]:
    """The transform itself plus the Python 2 front end: each example shows one codemod's work."""
    return SYNTAX_CODES | {transform.CODE}

EXAMPLES = [
    pytest.param(t, example.before, example.after, id=f"{t.CODE}-{i}")
    for t in ALL_TRANSFORMS
    for i, example in enumerate(t.EXAMPLES)
]
LEAVE_ALONE = [
    pytest.param(t, source, id=f"{t.CODE}-alone-{i}")
    for t in ALL_TRANSFORMS
    for i, source in enumerate(t.LEAVE_ALONE_EXAMPLES)
]


@pytest.mark.parametrize(("transform", "before", "after"), EXAMPLES)
def test_example_converts(transform, before, after):
    output, diagnostics, applied = convert_text(before, codes=alone(transform))
    assert output == after
    ours = [f"{d.line}:{d.col} {d.code}" for d in diagnostics if d.code == transform.CODE]
    example = next(e for e in transform.EXAMPLES if e.before == before)
    if example.diagnostics:
        assert ours == list(example.diagnostics)
    else:
        assert applied[transform.CODE] > 0, "the example must exercise its own transform"


@pytest.mark.parametrize(("transform", "before", "after"), EXAMPLES)
def test_example_is_idempotent(transform, before, after):
    assert convert_text(after, codes=alone(transform))[0] == after


@pytest.mark.parametrize(("transform", "source"), LEAVE_ALONE)
def test_leave_alone_example(transform, source):
    assert convert_text(source, codes=alone(transform))[0] == source


@pytest.mark.parametrize("transform", ALL_TRANSFORMS, ids=lambda t: t.CODE)
def test_docs_have_every_section(transform):
    page = transform.explain()
    for heading in ("What it does", "Why", "Example", "Use instead", "When it leaves code alone"):
        assert f"## {heading}\n" in page
    for line in transform.EXAMPLES[0].before.splitlines() + transform.EXAMPLES[0].after.splitlines():
        assert "    " + line in page


def test_codes_and_names_are_unique():
    codes = [t.CODE for t in ALL_TRANSFORMS]
    names = [t.NAME for t in ALL_TRANSFORMS]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)


def test_python3_files_do_not_import_libcst():
    import subprocess
    import sys

    code = (
        "import sys; from threadmod.pipeline import convert_text; "
        "convert_text('import os\\nprint(os.sep)\\n'); print('libcst' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
