"""TM107 keeps every string's Python 2 value and spells it so Python 3 reads it without a
SyntaxWarning: a backslash that starts no escape is doubled.

Python 2 and Python 3 both keep an unknown escape's backslash (`'\\d'` is two characters in
each), so in a byte string or a `u''` string the value Python 2 gave is what Python 3 gives
the original literal, warnings aside; plain strings were bytes in Python 2, where `\\u`,
`\\U` and `\\N` are no escapes either.  Each literal here is converted inside a Python 2 file.
"""

from __future__ import annotations

import ast
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

from threadmod.pipeline import convert_text

# Pieces that make escapes valid, invalid, and runs of backslashes.
PIECES = ["a", "\\", "\\\\", "d", "[", "n", "t", "u20ac", "U0001F600", "N{EM DASH}", "x41", "0", "7", "8", " ", "'", "q"]


def python2_value(prefix: str, body: str) -> str | bytes:
    """What Python 2 made of the literal: Python 3's reading, but for \\u, \\U, \\N in byte strings."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if prefix == "":
            return ast.literal_eval("b'" + body + "'").decode("latin-1")
        return ast.literal_eval(prefix + "'" + body + "'")


def converted_literal(prefix: str, body: str) -> str:
    output = convert_text(f"s = {prefix}'{body}'\nprint s\n")[0]
    assert output.endswith("\nprint(s)\n"), output
    return output[len("s = "): -len("\nprint(s)\n")]


def valid_bodies():
    return st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join).filter(_parses_in_both)


def _parses_in_both(body: str) -> bool:
    if body.endswith("\\") and (len(body) - len(body.rstrip("\\"))) % 2:
        return False  # the backslash would escape the closing quote
    if "'" in body.replace("\\'", ""):
        return False
    for prefix in ("b", "u"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.literal_eval(prefix + "'" + body + "'")
        except (SyntaxError, ValueError):
            return False
    return True


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "b", "u"]), valid_bodies())
def test_value_kept_and_no_warning(prefix, body):
    literal = converted_literal(prefix, body)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a SyntaxWarning for an invalid escape fails here
        value = ast.literal_eval(literal)
    expected = python2_value(prefix, body)
    if prefix == "":
        assert value == expected, (body, literal)  # a plain str: Python 3 text with the bytes' characters
    else:
        assert value == expected, (body, literal)


def test_raw_strings_and_valid_escapes_are_left_alone():
    source = "s = r'\\d' + b'\\x00\\n\\\\' + u'\\u20ac\\t'\nprint s\n"
    assert convert_text(source)[0] == "s = r'\\d' + b'\\x00\\n\\\\' + u'\\u20ac\\t'\nprint(s)\n"


def test_a_file_that_is_python3_already_is_not_touched():
    # Only Python 2 files go through the syntax stage; Python 3 text stays as it is.
    assert convert_text("import re\nP = re.compile('\\d+')\n")[0] == "import re\nP = re.compile('\\d+')\n"
