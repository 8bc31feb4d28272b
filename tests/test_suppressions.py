"""`# threadmod: ignore`, `# threadmod: ignore[CODES]` and `# threadmod: skip-file`
(src/threadmod/suppressions.py): what they keep, in both stages, byte for byte; that the
rest of the file still converts; that a kept line Python 3 cannot compile fails the file
at that line naming the comment; that the comments' mistakes are errors; idempotence.
"""

from __future__ import annotations

import glob
import os
import random
import re

import pytest

from threadmod import suppressions
from threadmod.errors import SourceError
from threadmod.pipeline import convert_bytes, convert_text
from threadmod.registry import ALL_CODES, all_transforms
from threadmod.syntax.tokens import tokenize


def convert(text: str) -> str:
    return convert_text(text)[0]


def diagnostics(text: str) -> list[str]:
    return [f"{d.line}:{d.col} {d.code}" for d in convert_text(text)[1]]


def error_of(text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        convert_text(text)
    return caught.value


def lines_kept(before: str, after: str, numbers: list[int]) -> bool:
    """The lines numbered (1-based) in `before` appear, in order and byte for byte, in `after`."""
    old = before.splitlines(keepends=True)
    wanted = "".join(old[n - 1] for n in numbers)
    found = [line for line in after.splitlines(keepends=True) if line in {old[n - 1] for n in numbers}]
    return "".join(found) == wanted


def assert_idempotent(text: str) -> None:
    once = convert(text)
    assert convert(once) == once


# --- the syntax stage ---------------------------------------------------------------------


def test_a_kept_line_stays_and_the_others_convert():
    source = 'print "a"\ns = unicode(x)  # threadmod: ignore\nt = unicode(y)\nprint (1, 2)  # threadmod: ignore\n'
    assert convert(source) == (
        'print("a")\ns = unicode(x)  # threadmod: ignore\nt = str(y)\nprint (1, 2)  # threadmod: ignore\n'
    )
    assert_idempotent(source)


def test_codes_in_brackets_keep_the_line_from_those_transforms_only():
    source = (
        'print "a"; s = unicode(x)  # threadmod: ignore[TM111]\n'
        'print "b"; t = unicode(y)  # threadmod: ignore[TM101, tm105]\n'
    )
    error = error_of(source)  # line 2 keeps its print statement: not Python 3
    assert (error.line, error.col) == (2, 1)
    source = 'print "a"; s = unicode(x)  # threadmod: ignore[TM111]\nt = unicode(y)  # threadmod: ignore[TM101,TM105]\n'
    assert convert(source) == (
        'print("a"); s = unicode(x)  # threadmod: ignore[TM111]\nt = str(y)  # threadmod: ignore[TM101,TM105]\n'
    )


def test_a_statement_over_several_lines_is_kept_whole_wherever_the_comment_is():
    source = (
        "print 1\ns = f(unicode(a),  # threadmod: ignore\n      unicode(b))\n"
        "t = f(unicode(a),\n      unicode(b))  # threadmod: ignore\n"
    )
    assert convert(source) == source.replace("print 1", "print(1)")


def test_a_compound_statement_is_kept_whole_from_its_header_a_clause_or_a_decorator():
    body = "    s = unicode(x)\n"
    for source, kept in [
        ("def f():  # threadmod: ignore\n" + body + "\n\nprint 1\n", [1, 2]),
        ("@dec  # threadmod: ignore\n@other\ndef f():\n" + body + "print 1\n", [1, 2, 3, 4]),
        ("@dec\ndef f():  # threadmod: ignore\n" + body + "print 1\n", [1, 2, 3]),
        ("if a:\n" + body + "elif b:\n" + body + "else:  # threadmod: ignore\n" + body + "print 1\n", [1, 2, 3, 4, 5, 6]),
        ("try:\n" + body + "except E:  # threadmod: ignore\n" + body + "finally:\n" + body + "print 1\n", [1, 2, 3, 4, 5, 6]),
        ("for i in r:  # threadmod: ignore\n" + body + "else:\n" + body + "print 1\n", [1, 2, 3, 4]),
        ("if a: s = unicode(x)  # threadmod: ignore\nelse: s = unicode(y)\nprint 1\n", [1, 2]),
    ]:
        output = convert(source)
        assert lines_kept(source, output, kept), source
        assert "print(1)" in output and "unicode" not in output.replace("s = unicode(x)", "").replace("unicode(y)", "")
        assert_idempotent(source)


def test_a_line_in_a_block_keeps_only_itself():
    source = "def f():\n    s = unicode(x)  # threadmod: ignore\n    t = unicode(y)\n"
    assert convert(source) == "def f():\n    s = unicode(x)  # threadmod: ignore\n    t = str(y)\n"


def test_an_insertion_before_a_kept_line_is_made_and_the_line_kept():
    """TM109 renames the tuple parameter and unpacks it first in the body: the unpacking goes
    before the kept line, which is right only because the rename is made too."""
    source = "def f((a, b)):\n    return a + b  # threadmod: ignore\n"
    output = convert(source)
    assert output == "def f(a_b):\n    (a, b) = a_b\n    return a + b  # threadmod: ignore\n"
    namespace: dict = {}
    exec(output, namespace)
    assert namespace["f"]((1, 2)) == 3


def test_a_kept_header_keeps_the_parameters_and_so_fails():
    error = error_of("def f((a, b)):  # threadmod: ignore\n    return a + b\n")
    assert error.line == 1 and "`# threadmod: ignore` keeps Python 2 here" in error.message


def test_diagnostics_on_a_kept_line_are_silenced_for_its_codes():
    source = (
        "if coerce(a, b): pass\n"
        "if coerce(a, b): pass  # threadmod: ignore[TM301]\n"
        "if coerce(a, b): pass  # threadmod: ignore[TM111]\n"
    )
    assert [d.split()[1] for d in diagnostics(source)] == ["TM301", "TM301"]
    assert [d.split()[0].split(":")[0] for d in diagnostics(source)] == ["1", "3"]


# --- Python 2 that a comment keeps --------------------------------------------------------


@pytest.mark.parametrize(
    "source, line, col",
    [
        ("x = 1\ny = 0777  # threadmod: ignore\n", 2, 5),
        ('x = 1\nprint "a"  # threadmod: ignore\n', 2, 1),
        ("x = 1\nif a <> b:  # threadmod: ignore\n    pass\n", 2, 6),
        ('print "a"\nwhile 1:  # threadmod: ignore\n    print "b"\n', 3, 5),
        ("try:\n    pass\nexcept E, e:  # threadmod: ignore[TM102]\n    pass\n", 3, 8),
    ],
)
def test_kept_python2_that_python3_cannot_compile_fails_the_file_there(source, line, col):
    error = error_of(source)
    assert (error.line, error.col) == (line, col)
    assert "# threadmod: ignore" in error.message and "keeps Python 2 here" in error.message
    assert "left as it was" in error.message
    assert convert_bytes(source.replace("# threadmod: ignore", "#").encode()).changed  # converts without it


@pytest.mark.parametrize(
    "source",
    ['import sys\nprint >>sys.stderr, "x"  # threadmod: ignore\nprint 2\n', "print 2\nexec (code) in ns  # threadmod: ignore\n"],
)
def test_a_kept_python2_statement_that_python3_reads_otherwise_fails_the_file(source):
    """`print >>f, x` compiles as Python 3 (a shift and a tuple), but it would make the output
    read as Python 2 again, and mean something else."""
    error = error_of(source)
    assert error.line == 2 and "statement here, which Python 3 reads otherwise" in error.message


def test_kept_tabs_that_python3_rejects_fail_the_file_naming_the_comment():
    source = "if a:\n        x = 1\n\ty = unicode(2)  # threadmod: ignore\n"
    error = error_of(source)
    assert "# threadmod: ignore" in error.message and error.line == 3


# --- the thread stage ---------------------------------------------------------------------


THREADS = """\
import thread

lock = thread.allocate_lock()
done = []


def worker(n):  # threadmod: ignore
    lock.acquire()
    done.append(n)
    lock.release()


def other(n):
    lock.acquire()
    done.append(n)
    lock.release()

print "start"
thread.start_new_thread(other, (1,))
"""


def test_a_kept_block_in_a_file_whose_other_lines_convert():
    output = convert(THREADS)
    assert lines_kept(THREADS, output, [7, 8, 9, 10])
    assert "lock = threading.Lock()" in output
    assert "def other(n):\n    with lock:\n        done.append(n)\n" in output
    assert 'print("start")' in output and "other_thread.start()" in output
    assert_idempotent(THREADS)


def test_a_kept_start_new_thread_is_left_and_not_joined():
    source = "import thread\nthread.start_new_thread(f, ())  # threadmod: ignore\nthread.start_new_thread(g, ())\n"
    output = convert(source)
    assert "thread.start_new_thread(f, ())  # threadmod: ignore\n" in output
    assert "g_thread.start()" in output and "f_thread" not in output
    assert_idempotent(source)


def test_a_codemod_that_would_move_a_kept_line_is_not_applied_to_the_file():
    source = (
        "import threading\nlock = threading.Lock()\n"
        "lock.acquire()\ncount = 1  # threadmod: ignore\nlock.release()\n"
        "lock.acquire()\nother = 2\nlock.release()\n"
        "t = threading.currentThread()\n"
    )
    output, found, _applied = convert_text(source)
    assert output == source.replace("currentThread", "current_thread")
    assert [(d.line, d.code) for d in found] == [(4, "TM204")]
    assert "not applied to this file" in found[0].message and "# threadmod: ignore" in found[0].message
    assert_idempotent(source)


def test_a_kept_line_keeps_a_codemod_from_it_alone_by_code():
    source = "import threading\nt = threading.currentThread()  # threadmod: ignore[TM207]\nu = threading.currentThread()\n"
    assert convert(source) == source.replace("u = threading.currentThread()", "u = threading.current_thread()")
    source = source.replace("[TM207]", "[TM101]")
    assert convert(source).count("current_thread()") == 2


def test_fresh_names_avoid_the_names_of_kept_statements():
    source = (
        "import thread\n\ndef worker():\n    pass\n\nthread.start_new_thread(worker, ())\n"
        "if 1:  # threadmod: ignore\n    worker_thread = 5\n    print(worker_thread)\n"
    )
    output = convert(source)
    assert "worker_thread2 = threading.Thread(target=worker)" in output
    assert "worker_thread2.join()" in output


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_kept_lines_come_back_byte_for_byte_with_any_newline(newline):
    source = THREADS.replace("\n", newline)
    output = convert(source)
    assert lines_kept(source, output, [7, 8, 9, 10])
    assert not re.search(r"[\r\n]", output.replace(newline, ""))  # no other newline crept in


def test_a_kept_case_keeps_the_whole_match_statement():
    source = (
        "import threading\nmatch x:\n    case 1:  # threadmod: ignore\n        t = threading.currentThread()\n"
        "    case _:\n        pass\nu = threading.currentThread()\n"
    )
    assert convert(source) == source.replace("u = threading.currentThread()", "u = threading.current_thread()")


def test_a_kept_docstring_or_future_import_stays_first():
    source = (
        '"""Doc."""  # threadmod: ignore\nfrom __future__ import print_function  # threadmod: ignore\n'
        "import thread\nthread.start_new_thread(f, ())\n"
    )
    output = convert(source)
    assert output.startswith('"""Doc."""  # threadmod: ignore\nfrom __future__ import print_function  # threadmod: ignore\n')
    assert "f_thread.start()" in output
    compile(output, "<output>", "exec")


# --- skip-file ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "# threadmod: skip-file\n",
        "#!/usr/bin/env python\n# -*- coding: latin-1 -*-\n#\n# Licence...\n\n  #threadmod:skip-file (generated)\n",
        "\ufeff# threadmod: skip-file\r\n",
    ],
)
def test_skip_file_leaves_the_file_byte_for_byte(header):
    data = (header + 'print "x"\nexec "y"\n').encode("utf-8")
    conversion = convert_bytes(data)
    assert conversion.output == data and not conversion.changed and conversion.diagnostics == []


def test_skip_file_skips_a_file_threadmod_cannot_read():
    data = b"# threadmod: skip-file\nx = '\xff\xfe'\0\n"
    assert convert_bytes(data).output == data


@pytest.mark.parametrize(
    "source",
    [
        '"""Doc."""\n# threadmod: skip-file\nprint "x"\n',
        'print "x"  # threadmod: skip-file\n',
        'x = 1\n# threadmod: skip-file\n',
    ],
)
def test_skip_file_after_the_first_line_of_code_is_an_error(source):
    error = error_of(source)
    assert "skip-file" in error.message and "before the file's first line of code" in error.message


def test_directives_inside_strings_are_text():
    source = 'x = "# threadmod: ignore"\ny = """\n# threadmod: skip-file\n"""\nprint "a"\n'
    assert convert(source) == source.replace('print "a"', 'print("a")')


# --- the comments' mistakes ---------------------------------------------------------------


@pytest.mark.parametrize(
    "source, line, words",
    [
        ("x = 1\n# threadmod: ignore\ny = 2\n", 2, "on a line with no code"),
        ("x = 1  # threadmod: ignore[TM999]\n", 1, "no transform has the code TM999"),
        ("x = 1  # threadmod: ignore[]\n", 1, "names no code"),
        ("x = 1  # threadmod: ignored\n", 1, "unknown directive"),
        ("x = 1  # threadmod: noqa\n", 1, "unknown directive"),
    ],
)
def test_a_comment_that_keeps_nothing_or_names_nothing_is_an_error(source, line, words):
    error = error_of(source)
    assert error.line == line and words in error.message


# --- the module's parts -------------------------------------------------------------------


def test_no_directive_means_no_work():
    assert suppressions.find("x = 1  # threadmod keeps nothing here\n", ALL_CODES) is None
    assert suppressions.find("x = 1\n", ALL_CODES) is None


def test_regions_are_whole_lines_and_statements():
    text = "a = 1\nif x:  # threadmod: ignore[TM204]\n    b = 2\nelse:\n    c = 3\nd = 4  # threadmod: ignore\n"
    kept = suppressions.find(text, ALL_CODES)
    assert [(r.first_line, r.last_line, r.codes) for r in kept.regions] == [(2, 5, frozenset({"TM204"})), (6, 6, None)]
    assert kept.keeps_line(3, "TM204") and not kept.keeps_line(3, "TM101") and kept.keeps_line(6, "TM101")
    first = kept.regions[0]
    assert text[first.start : first.end] == "if x:  # threadmod: ignore[TM204]\n    b = 2\nelse:\n    c = 3\n"


def test_hidden_regions_come_back_only_where_they_were():
    text = "a = 1\nif x:\n    b = 2  # threadmod: ignore\n    c = 3\n"
    hidden = suppressions.find(text, ALL_CODES).concerning({"TM204"}).hide(text)
    assert re.fullmatch(r"a = 1\nif x:\n    __tm_kept_0__\n    c = 3\n", hidden.text)
    assert hidden.restore(hidden.text) == (text, None)
    moved = hidden.text.replace("    __tm_kept_0__\n", "    with lock:\n        __tm_kept_0__\n")
    assert hidden.restore(moved) == (None, hidden.regions[0])
    assert hidden.restore(hidden.text.replace("    __tm_kept_0__\n", ""))[0] is None
    assert hidden.original_line(4) == 4 and "b" in hidden.names


# --- the command line ---------------------------------------------------------------------


def test_convert_keeps_suppressed_files_and_lines_byte_for_byte(cli, tmp_path):
    tree = tmp_path / "src"
    tree.mkdir()
    (tree / "skipped.py").write_bytes(b"# threadmod: skip-file\r\nprint 'x'\r\n")
    (tree / "kept.py").write_text(THREADS)
    (tree / "bad.py").write_text("x = 1\nprint 'y'  # threadmod: ignore\n")
    before = {p.name: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in tree.iterdir()}
    run = cli("convert", tree, "-w", "-q")
    assert run.exit_code == 2
    assert re.search(r"bad\.py:2:1: `# threadmod: ignore` keeps Python 2 here", run.stderr), run.stderr
    after = {p.name: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in tree.iterdir()}
    assert after["skipped.py"] == before["skipped.py"] and after["bad.py"] == before["bad.py"]
    converted = after["kept.py"][0].decode()
    assert lines_kept(THREADS, converted, [7, 8, 9, 10]) and converted != THREADS
    again = cli("convert", tree / "kept.py", "--check")
    assert again.exit_code == 0, again.stderr


# --- any statement kept, in every input the project has ----------------------------------


def _inputs() -> list[tuple[str, str]]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = [(f"{t.CODE}-example-{n}", e.before) for t in all_transforms() for n, e in enumerate(t.EXAMPLES)]
    for pattern in ("tests/data/thread_cases/*", "tests/data/programs/*.py", "legacy/*.py"):
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            if not path.endswith(".expected"):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    found.append((os.path.relpath(path, root), handle.read()))
    return found


@pytest.mark.parametrize("name, text", [pytest.param(name, text, id=name) for name, text in _inputs()])
def test_any_statement_kept_is_kept_or_the_file_fails_naming_the_comment(name, text):
    """Comments put at the end of random statements (the same ones each run): the file fails
    at a kept line, naming the comment, or converts with each kept statement byte for byte
    (a whole-file comment), output that compiles, and converting it again changes nothing."""
    try:
        convert_text(text)
        stream = tokenize(text)
    except SourceError:
        return  # inputs that fail without comments are other tests' business
    chooser = random.Random(name)
    for trial in range(3):
        lines = chooser.sample(range(len(stream.lines)), min(len(stream.lines), chooser.choice([1, 2, 3])))
        code = chooser.choice([None, "TM204", "TM202", "TM201", "TM101", "TM207,TM203", "TM206"])
        comment = "  # threadmod: ignore" + (f"[{code}]" if code else "")
        source = text
        for offset in sorted({stream.starts[stream.lines[i].newline] for i in lines}, reverse=True):
            source = source[:offset] + comment + source[offset:]
        try:
            output = convert(source)
        except SourceError as error:
            assert "# threadmod: ignore" in error.message, (trial, error.message)
            continue
        compile(output, name, "exec", dont_inherit=True)
        if code is None:
            for region in suppressions.find(source, ALL_CODES).regions:
                assert source[region.start : region.end] in output, (trial, region)
        assert convert(output) == output, trial
