"""Fuzzing the front end with hypothesis, bounded in time (about 30 s in all).

* `tokenize` and `convert_text` on arbitrary text and on mutated Python 2 snippets raise
  nothing but `SourceError`;
* `tokenize` accounts for every character: between tokens there is only whitespace,
  comments, line breaks and backslash continuations;
* what they return parses as Python 3, and converting it again changes nothing;
* text that parses as Python 3 and uses nothing threadmod rewrites comes back unchanged;
* in a Python 2 file, lines with no Python 2 construct come through byte for byte.

Bugs the fuzzing found are in KNOWN_BUGS, each with its minimal input as a strict xfail
test at the end; the fuzz tests pass over inputs that hit one of them (so they keep
looking for new ones).  When a bug is fixed, its xfail test passes and fails as strict:
delete its KNOWN_BUGS entry then.

The fuzz tests are marked slow (`pytest -m "not slow"` leaves them out); test_known_bug is not.
"""

from __future__ import annotations

import re
import traceback
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from threadmod.errors import SourceError
from threadmod.syntax.tokens import ENDMARKER, NEWLINE, tokenize
from threadmod.pipeline import convert_text
from threadmod.registry import SYNTAX_TRANSFORMS

LEGACY = Path(__file__).resolve().parent.parent / "legacy"

def fuzz(max_examples: int) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")

TRIVIA = re.compile(r"(?:[ \t\f]+|#[^\r\n]*|\r\n|\n|\r|\\(?:\r\n|\n|\r))*")
# Words that let Python 3 source legitimately change (thread API, print/exec, TM111, TM120-TM136, TM209).
MENTIONS = re.compile(
    r"thread|Thread|Queue|queue|exec|print|unicode|unichr|compile|acquire|release|Lock|exit"
    r"|xrange|raw_input|long|basestring|StandardError|apply|execfile|intern|reduce|reload|getcwdu|maxint|exc_|operator"
)

# What the syntax transforms that read Python 3 files look for: text with none of it is left.
PYTHON3_HINTS = tuple(t.HINT for t in SYNTAX_TRANSFORMS if getattr(t, "APPLIES_TO_PYTHON3", False))


def parses_as_python3(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<fuzz>", "exec", dont_inherit=True)  # as threadmod checks: a full compile
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


# name -> (minimal input, what goes wrong); test_known_bug says what it should give
KNOWN_BUGS: dict[str, tuple[str, str]] = {}  # none open

# Bugs the fuzzing found and that are fixed: the same inputs, now plain regression tests.
FIXED_BUGS = {
    'join-after-forever-wait': (
        "import thread\ndef f():\n    pass\nif __name__ == '__main__':\n"
        "    thread.start_new_thread(f, ())\n    while 1:\n        pass\npass\n",
        'TM202 turns the spin into threading.Event().wait(); a second pass adds f_thread.join() after it',
    ),
    'print-chevron-trailing-comma': (
        'print >>f,\n',
        'IndexError in print_statement._rewrite, not a SourceError',
    ),
    'tuple-parameter-def-without-body': (
        'def f((a, b)):\n',
        'IndexError in context.body_insertion, not a SourceError',
    ),
    'empty-tuple-parameter': (
        'f = lambda (): 1\n',
        'IndexError in tuple_parameters._index_paths, not a SourceError',
    ),
    'cr-newlines-through-libcst': (
        'import thread\rthread.get_ident()\r',
        'with CR-only line endings, the libcst stage drops the final CR: each pass loses one',
    ),
    'lock-with-one-line-try-body': (
        'import threading\nlock = threading.Lock()\ndef f():\n    lock.acquire()\n'
        '    try: return 1\n    finally:\n        lock.release()\n',
        'TM204 writes `with lock:` and moves the one-line try body to column 0: output that is not Python',
    ),
    'imported-thread-name-renamed-everywhere': (
        'from thread import _local as local\ndef f(local):\n    return local\n',
        'TM206 renames every `local` in the module, a parameter too: `def f(threading.local):`',
    ),
    'bare-exec-marks-python2': (
        'print()\nexec\n',
        'a bare `exec` (not Python 2 at all) makes Python 3 `print()` a Python 2 print of a tuple: print(())',
    ),
}

_BARE_EXEC = re.compile(r"(?:^|[;:\r\n])[ \t]*exec[ \t]*(?:$|[;#\r\n])")
_INTERNAL_INDEX_ERRORS: dict[str, str] = {}  # all fixed


def known_exception(exc: BaseException) -> str | None:
    if isinstance(exc, IndexError):
        names = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
        return next((_INTERNAL_INDEX_ERRORS[n] for n in reversed(names) if n in _INTERNAL_INDEX_ERRORS), None)
    return None


# A transform whose known bug writes output that does not parse (found by its removal).
_INVALID_OUTPUT_BY: dict[str, str] = {}  # all fixed


def known_invalid_output(text: str) -> str | None:
    from threadmod.pipeline import ALL_CODES

    for code, bug in _INVALID_OUTPUT_BY.items():
        try:
            if parses_as_python3(convert_text(text, codes=ALL_CODES - {code})[0]):
                return bug
        except Exception:
            continue
    return None


def known_instability(first: str, second: str) -> str | None:
    return None


def convert_or_none(text: str) -> str | None:
    """convert_text's output, or None for a SourceError; any other exception fails the test
    (an input that hits a known bug is passed over)."""
    try:
        return convert_text(text)[0]
    except SourceError as exc:
        assert exc.line >= 1 and exc.col >= 1 and exc.message
        return None
    except Exception as exc:
        assume(known_exception(exc) is None)
        raise


# --- strategies ----------------------------------------------------------------------------

PIECES = [
    "print", "print ", "exec ", " in ", "`", "`x`", "<>", "0777", "10L", "0xffL", "ur'\\\\'", "u'\\u20ac'",
    "b'\\u'", "except E, e:", "raise E, v", "lambda (a, b): a", "def f((a, b)):", "(", ")", "[", "]", "{", "}",
    ",", ":", ";", ".", "=", "\\\n", "\n", "\r\n", "\r", "\t", "    ", "#", "'", '"', "'''", '"""', "\\",
    "\f", "\0", "\ufeff", "\u2028", "x", "1", "1.", ".5j", "if x:", "else:", "import thread",
    "thread.start_new_thread(f, ())", "lock.acquire()", "lock.release()", "while 1: pass", "async",
    "await", "nonlocal", "yield", "@", "->", ":=", "**", "//=", ">>", "print >>f,", "from __future__ import print_function",
]
arbitrary_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join),
)


def _snippets() -> list[str]:
    found = [path.read_text() for path in sorted(LEGACY.glob("*.py"))]
    found += [
        'print "a", b,\nprint >>sys.stderr, "x"\nprint\n',
        "try:\n    x = 0777 + 10L\nexcept (IOError, OSError), e:\n    raise ValueError, `e`\n",
        "def f((a, b), c=1):\n    exec 'x = 1' in globals()\n    return lambda (x, y): x <> y\n",
        "if 1:\n\tif 2:\n\t\tx = ur'\\d'\n        y = 2\n",
        "import thread\nlock = thread.allocate_lock()\nlock.acquire()\ntry:\n    x = 1\nfinally:\n    lock.release()\n",
        "class A:\n    def m(self):\n        print 'm'; return unicode(self)\n",
    ]
    return found


SNIPPETS = _snippets()


@st.composite
def mutated_python2(draw) -> str:
    text = draw(st.sampled_from(SNIPPETS))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "swap-lines", "newline-style"]))
        at = draw(st.integers(0, len(text)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "duplicate":
            end = min(len(text), at + draw(st.integers(1, 40)))
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "swap-lines":
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 2))
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
                text = "".join(lines)
        else:
            text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n"])))
    return text


# --- tokenize ------------------------------------------------------------------------------


def check_tokens(text: str) -> None:
    try:
        stream = tokenize(text)
    except SourceError as exc:
        assert exc.line >= 1 and exc.col >= 1
        return
    assert stream.kinds[-1] == ENDMARKER
    position = 0
    for kind, start, end in zip(stream.kinds, stream.starts, stream.ends):
        assert position <= start <= end <= len(text)
        if kind in (NEWLINE, ENDMARKER) and start == end:
            continue
        assert TRIVIA.fullmatch(text, position, start), (text[position:start], start)
        position = end
    assert TRIVIA.fullmatch(text, position, len(text)), text[position:]
    for opening, closing in stream.pairs.items():
        assert (stream.tok(opening) + stream.tok(closing)) in ("()", "[]", "{}")


@pytest.mark.slow
@fuzz(400)
@given(arbitrary_text)
@example("x = (\\\r\n1)\r\n")
@example("'''\\\n'''")
def test_tokenize_arbitrary_text(text):
    check_tokens(text)


@pytest.mark.slow
@fuzz(300)
@given(mutated_python2())
def test_tokenize_mutated_python2(text):
    check_tokens(text)


# --- convert_text --------------------------------------------------------------------------


def check_conversion(text: str) -> None:
    output = convert_or_none(text)
    if output is None:
        return
    if not parses_as_python3(output):
        assume(known_invalid_output(text) is None)
    assert parses_as_python3(output), output
    if output == text:
        return
    again = convert_or_none(output)
    if again != output and again is not None:
        assume(known_instability(output, again) is None)
    assert again == output, "a second conversion changes the output"


@pytest.mark.slow
@fuzz(300)
@given(arbitrary_text)
@example("print")
@example("\ufeffprint 1")
def test_convert_arbitrary_text(text):
    check_conversion(text)


@pytest.mark.slow
@fuzz(300)
@given(mutated_python2())
def test_convert_mutated_python2(text):
    check_conversion(text)


@pytest.mark.slow
@fuzz(300)
@given(arbitrary_text)
def test_python3_text_that_uses_nothing_threadmod_rewrites_round_trips(text):
    assume(parses_as_python3(text) and not MENTIONS.search(text))
    assume(not any(hint.search(text) for hint in PYTHON3_HINTS))  # e.g. an unbound `imap`
    assert convert_or_none(text) == text


# --- untouched lines -----------------------------------------------------------------------

# Each line alone is a statement that means the same in Python 2 and 3 ({n} makes it unique),
# with what must survive: trailing whitespace, tabs and odd spacing in comments, semicolons.
PLAIN = [
    "v{n} = 1",
    "v{n} = f(a, b)  # comment\twith a tab ",
    "v{n}=[1,2 ,3]   ",
    "if v{n}: pass",
    "v{n} = {{'k': (1, 2)}}; w{n} = 3",
    "# comment {n} with <> and `backticks` and print x",
    "v{n} = 'print x <> y'  # not code",
    "v{n} = 0o17 + 0x1F + 1e3 + 2j",
    "v{n} = r'\\d' + b'x' + '\\n'",
    "",
    "   ",
    "def f{n}(a, *args, **kw): return a",
    "v{n} = lambda x, y=2: x",
]
PYTHON2 = [
    'print "p{n}", x',
    "print",
    "v{n} = 1 <> 2",
    "v{n} = `x`",
    "v{n} = 0777 + 10L",
    "v{n} = ur'\\d'",
    "exec 'x = {n}' in ns",
    "raise ValueError, 'v{n}'",
    "def g{n}((a, b)): return a",
    "v{n} = lambda (a, b): a",
]


@st.composite
def mixed_file(draw) -> tuple[str, list[str]]:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines, plain = [], []
    for n in range(draw(st.integers(1, 25))):
        if draw(st.booleans()):
            line = draw(st.sampled_from(PLAIN)).format(n=n)
            plain.append(line + newline)
        else:
            line = draw(st.sampled_from(PYTHON2)).format(n=n)
        lines.append(line + newline)
    lines.append('print "surely Python 2"' + newline)  # so the file is Python 2
    return "".join(lines), plain


@pytest.mark.slow
@fuzz(200)
@given(mixed_file())
def test_lines_without_python2_constructs_come_through_unchanged(case):
    text, plain = case
    output, _, _ = convert_text(text, "\r\n" if "\r\n" in text else "\n")
    assert parses_as_python3(output)
    output_lines = output.splitlines(keepends=True)
    position = 0
    for line in plain:  # in order, byte for byte
        assert line in output_lines[position:], f"{line!r} did not come through"
        position = output_lines.index(line, position) + 1
    assert len(output_lines) == len(text.splitlines(keepends=True))


# --- what the fuzzing found, reduced --------------------------------------------------------


def _known_bug_params():
    for name, (source, what) in sorted(KNOWN_BUGS.items()):
        yield pytest.param(source, id=name, marks=pytest.mark.xfail(strict=True, reason=f"BUG: {what}"))
    for name, (source, _what) in sorted(FIXED_BUGS.items()):
        yield pytest.param(source, id=name)


@pytest.mark.parametrize("source", list(_known_bug_params()))
def test_known_bug(source):
    """What each of these inputs should give: a SourceError, or a sound and stable conversion."""
    try:
        first = convert_text(source)[0]
    except SourceError:
        return
    assert parses_as_python3(first)
    if source == FIXED_BUGS["bare-exec-marks-python2"][0]:
        assert first == source, "Python 3 source with no Python 2-only statement must come out as it went in"
    assert first[-1:] == source[-1:], "the final line ending is kept"
    assert convert_text(first)[0] == first, "a second pass changes the output"
