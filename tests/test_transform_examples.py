"""Each transform's own examples, the same ones `threadmod explain` shows, hold."""

from __future__ import annotations

import pytest

from threadmod.pipeline import convert_text, convert_text_as
from threadmod.registry import SYNTAX_TRANSFORMS, all_transforms, select_codes
from threadmod.syntax.base import SyntaxTransform

ALL_TRANSFORMS = all_transforms()


def alone(transform) -> frozenset[str]:
    """Only the transform itself, as `--select CODE` runs it: on Python 2 source the syntax
    transforms that read it run too, so each example shows one transform's work."""
    return frozenset({transform.CODE})

def reads_python2(transform) -> bool:
    """A syntax transform that reads Python 2: its examples are Python 2 even where they
    also compile as Python 3 (`x = d.keys()`), as in a tree converted --assume-python2."""
    return issubclass(transform, SyntaxTransform) and (
        not transform.APPLIES_TO_PYTHON3 or getattr(transform, "PYTHON2_ONLY", False)
    )


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
    example = next(e for e in transform.EXAMPLES if e.before == before)
    output, diagnostics, applied, _ = convert_text_as(
        before, codes=alone(transform), assume_python2=reads_python2(transform), package_modules=example.package_modules
    )
    assert output == after
    ours = [f"{d.line}:{d.col} {d.code}" for d in diagnostics if d.code == transform.CODE]
    if example.diagnostics:
        assert ours == list(example.diagnostics)
    else:
        assert applied[transform.CODE] > 0, "the example must exercise its own transform"


@pytest.mark.parametrize(("transform", "before", "after"), EXAMPLES)
def test_example_is_idempotent(transform, before, after):
    # A second run reads the output as the Python 3 it now is.
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


# --- selecting transforms on Python 2 files ---------------------------------------------
# The syntax transforms that read Python 2 (those that do not apply to Python 3 too) run on
# a Python 2 file whatever --select and --ignore say; the selection chooses among the rest.

READERS = [t for t in SYNTAX_TRANSFORMS if t.NEEDED_TO_PARSE]
READER_EXAMPLES = [
    pytest.param(t, example.before, example.after, id=f"{t.CODE}-{i}")
    for t in READERS
    for i, example in enumerate(t.EXAMPLES)
]


def test_the_python2_readers_are_the_tm1_transforms_but_tm111():
    assert sorted(t.CODE for t in READERS) == [f"TM1{n:02d}" for n in range(1, 13) if n != 11]


@pytest.mark.parametrize(("transform", "before", "after"), READER_EXAMPLES)
@pytest.mark.parametrize("select", [["TM2"], ["TM201"], ["TM301"]], ids=lambda s: ",".join(s))
def test_selecting_other_transforms_still_reads_python2(transform, before, after, select):
    """`--select TM2` on a Python 2 file converts whatever syntax libcst needs to read it."""
    assert convert_text(before, codes=select_codes(select))[0] == after


@pytest.mark.parametrize(("transform", "before", "after"), READER_EXAMPLES)
def test_ignoring_a_reader_does_not_leave_python2(transform, before, after):
    assert convert_text(before, codes=select_codes(ignore=[transform.CODE]))[0] == after


PYTHON2_THREADS = (
    "import thread\n"
    "def work(n):\n"
    "    print 'working', n\n"
    "    s = unicode(n)\n"
    "thread.start_new_thread(work, (1,))\n"
    "while 1: pass\n"
)


def test_select_tm2_converts_thread_code_and_the_syntax_it_needs():
    output, _, applied = convert_text(PYTHON2_THREADS, codes=select_codes(["TM2"]))
    assert output == (
        "import threading\n"
        "def work(n):\n"
        "    print('working', n)\n"
        "    s = unicode(n)\n"  # TM111 renames a builtin, a choice left to the selection
        "work_thread = threading.Thread(target=work, args=(1,))\n"
        "work_thread.start()\n"
        "work_thread.join()\n"
    )
    assert applied["TM101"] and applied["TM201"] and "TM111" not in applied


def test_the_selection_still_chooses_tm111_and_the_thread_codemods():
    output = convert_text(PYTHON2_THREADS, codes=select_codes(ignore=["TM2"]))[0]
    assert "print('working', n)" in output and "str(n)" in output and "start_new_thread" in output


def test_a_whole_conversion_is_the_same_as_before():
    assert convert_text(PYTHON2_THREADS)[0] == convert_text(PYTHON2_THREADS, codes=select_codes(["TM"]))[0]
    assert "s = str(n)" in convert_text(PYTHON2_THREADS)[0]


def test_select_tm2_on_the_legacy_scripts_gives_the_full_conversion_but_tm111():
    """The seeds use no builtin TM111 renames: --select TM2 gives modern/ byte for byte."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for legacy in sorted((root / "legacy").glob("*.py")):
        modern = (root / "modern" / legacy.name).read_text(encoding="utf-8")
        assert convert_text(legacy.read_text(encoding="utf-8"), codes=select_codes(["TM2"]))[0] == modern, legacy.name


def test_cli_select_tm2_on_a_python2_file(cli, tmp_path):
    source = tmp_path / "work.py"
    source.write_text(PYTHON2_THREADS)
    for options in (["--select", "TM2"], ["--ignore", "TM101"], ["--select", "TM201,TM202"]):
        run = cli("convert", source, *options)
        assert run.exit_code == 0, (options, run.stderr)
        assert "not valid Python 2" not in run.stderr
        assert b"print('working', n)" in run.stdout


def test_a_deselected_transform_the_output_needs_is_named():
    """When leaving out a selectable transform is what keeps the output from compiling, the
    message names it, never "not valid Python 2"."""
    from threadmod.errors import SourceError
    from threadmod.syntax.base import SyntaxTransform
    from threadmod.syntax.edits import Edit
    from threadmod.syntax.stage import convert_python2

    class Needed(SyntaxTransform):  # a selectable transform whose edit the file needs
        CODE, NAME, APPLIES_TO_PYTHON3 = "TM199", "needed-here", True

        def edits(self, context):
            start = context.text.index("@@")
            yield Edit.replace(start, start + 2, "1", self.CODE)

    text = "print 'x', @@\n"
    transforms = (*READERS, Needed)
    assert convert_python2(text, "\n", transforms, frozenset({"TM199"}), None).text == "print('x', 1)\n"
    with pytest.raises(SourceError) as raised:
        convert_python2(text, "\n", transforms, frozenset(), None)
    assert "needs TM199 needed-here, which --select/--ignore leave out" in str(raised.value)
    assert "not valid Python 2" not in str(raised.value)
    with pytest.raises(SourceError) as raised:
        convert_python2("print 'x', @@ @@\n", "\n", transforms, frozenset(), None)
    assert "not valid Python 2" in str(raised.value), "no selection would help: the line is the cause"


def test_convert_help_says_the_python2_readers_always_run(cli):
    text = " ".join(cli("convert", "--help").stdout.decode().split())
    assert "On a Python 2 file the syntax transforms that read it (TM101-TM110, TM112) run whatever --select" in text


def test_readme_lists_every_transform():
    import pathlib
    import re

    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| (TM\d{3}) \|", readme, re.MULTILINE))
    assert listed == {t.CODE for t in ALL_TRANSFORMS}
