"""Bytes in, text out and back (source.py), and lossless conversion of whole files.

Decoding follows PEP 263; the text keeps every line ending, the BOM and the encoding,
so that lines no transform touched come out byte for byte.
"""

from __future__ import annotations

import codecs

import pytest

from threadmod.errors import Diagnostic, SourceError
from threadmod.source import decode_source, find_cookie

BOM = codecs.BOM_UTF8


def same_codec(a: str, b: str) -> bool:
    return codecs.lookup(a).name == codecs.lookup(b).name


# --- decode_source ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "bom", "newline"),
    [
        pytest.param(b"x = 1\n", "utf-8", False, "\n", id="utf-8"),
        pytest.param(b"", "utf-8", False, "\n", id="empty"),
        pytest.param(b"x = 1", "utf-8", False, "\n", id="one-line-no-newline"),
        pytest.param(b"x = 1\r\ny = 2\r\n", "utf-8", False, "\r\n", id="crlf"),
        pytest.param(b"x = 1\ry = 2\r", "utf-8", False, "\r", id="cr"),
        pytest.param(b"x = 1\r\ny = 2\nz = 3\r", "utf-8", False, "\r\n", id="mixed-first-wins"),
        pytest.param(BOM + b"s = 'caf\xc3\xa9'\r\n", "utf-8", True, "\r\n", id="bom-crlf"),
        pytest.param(BOM, "utf-8", True, "\n", id="bom-only"),
        pytest.param(BOM + b"# coding: utf-8\nx = 1\n", "utf-8", True, "\n", id="bom-and-utf-8-cookie"),
        pytest.param(b"# -*- coding: latin-1 -*-\ns = 'caf\xe9'  # \xe9t\xe9\n", "latin-1", False, "\n", id="latin-1"),
        pytest.param(
            b"#!/usr/bin/env python\r\n# -*- coding: latin-1 -*-\r\ns = '\xff'\r\n",
            "latin-1",
            False,
            "\r\n",
            id="cookie-on-line-2",
        ),
        pytest.param(b"# vim: set fileencoding=cp1252 :\ns = '\x80'\n", "cp1252", False, "\n", id="vim-cookie"),
        pytest.param(b"\n\n# coding: latin-1\nx = 1\n", "utf-8", False, "\n", id="cookie-on-line-3-ignored"),
    ],
)
def test_decode_keeps_encoding_bom_and_newlines_and_round_trips(data, encoding, bom, newline):
    decoded = decode_source(data)
    assert same_codec(decoded.encoding, encoding)
    assert decoded.bom is bom
    assert decoded.newline == newline
    body = data[len(BOM):] if bom else data
    assert decoded.text == body.decode(encoding), "no newline translation, no BOM in the text"
    assert decoded.encode(decoded.text) == data


def test_encode_uses_the_file_encoding_and_bom():
    decoded = decode_source(BOM + b"x = 1\n")
    assert decoded.encode("s = '\u00e9'\r\n") == BOM + b"s = '\xc3\xa9'\r\n"
    latin = decode_source(b"# coding: latin-1\n")
    assert latin.encode("# coding: latin-1\ns = '\u00e9'\n") == b"# coding: latin-1\ns = '\xe9'\n"


@pytest.mark.parametrize(
    ("data", "cookie"),
    [
        (b"# -*- coding: latin-1 -*-\n", "latin-1"),
        (b"#!/usr/bin/python\n# coding=utf-8\n", "utf-8"),
        (b"\n# coding: cp1252\n", "cp1252"),
        (b"x = 1\n# coding: latin-1\n", None),  # line 1 is code: line 2 is no cookie
        (b"s = '# coding: latin-1'\n", None),
        (b"#\n#\n# coding: latin-1\n", None),
    ],
)
def test_find_cookie(data, cookie):
    assert find_cookie(data) == cookie


@pytest.mark.parametrize(
    ("data", "line", "col", "fragment"),
    [
        pytest.param(b'x = 1\ny = "a\x00b"\n', 2, 7, "NUL", id="nul"),
        pytest.param(BOM + b"ab\x00", 1, 3, "NUL", id="nul-after-bom"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, 1, "NUL", id="png"),
        pytest.param(b'x = 1\ns = "caf\xe9"\n', 2, 9, "0xe9", id="latin-1-without-cookie"),
        pytest.param(b"x = 1\r\ns = '\xff'\r\n", 2, 6, "0xff", id="undecodable-crlf"),
        pytest.param(b'# -*- coding: ascii -*-\nx = 1\ns = "caf\xc3\xa9"\n', 3, 9, "ascii", id="wrong-cookie"),
        pytest.param(b"x = 1\n# coding: latin-1\ny = '\xe9'\n", 3, 6, "0xe9", id="cookie-after-code-ignored"),
        pytest.param(b"# -*- coding: klingon -*-\nx = 1\n", 1, 1, "klingon", id="unknown-cookie"),
        pytest.param(BOM + b"# coding: latin-1\nx = 1\n", 1, 1, "BOM", id="bom-contradicts-cookie"),
    ],
)
def test_decode_errors_name_the_line_and_column(data, line, col, fragment):
    with pytest.raises(SourceError) as caught:
        decode_source(data)
    assert (caught.value.line, caught.value.col) == (line, col)
    assert fragment in caught.value.message


@pytest.mark.parametrize("codec", ["rot13", "hex", "zlib"])
def test_non_text_codec_cookie_is_a_source_error(codec):
    with pytest.raises(SourceError) as caught:
        decode_source(f"# -*- coding: {codec} -*-\nx = 1\n".encode())
    assert caught.value.line == 1


@pytest.mark.parametrize("bom", [b"", BOM], ids=["no-bom", "bom"])
def test_utf_8_sig_cookie_is_read_as_utf_8(bom):
    data = bom + b"# -*- coding: utf-8-sig -*-\ns = 'caf\xc3\xa9'\n"
    compile(data, "<data>", "exec")  # Python accepts it
    decoded = decode_source(data)
    assert decoded.text == "# -*- coding: utf-8-sig -*-\ns = 'caf\u00e9'\n"
    assert decoded.encode(decoded.text) == data


@pytest.mark.parametrize(
    "data", [b"x = 1\ry = 2\rz = '\x00'\r", b"x = 1\ry = 2\rz = '\xe9'\r"], ids=["nul", "undecodable"]
)
def test_decode_error_line_in_a_cr_only_file(data):
    with pytest.raises(SourceError) as caught:
        decode_source(data)
    assert (caught.value.line, caught.value.col) == (3, 6)


def test_error_and_diagnostic_format():
    assert SourceError(3, 7, "bad thing").format("pkg/x.py") == "pkg/x.py:3:7: bad thing"
    diagnostic = Diagnostic(2, 5, "TM103", "string exception")
    assert diagnostic.format("x.py") == "x.py:2:5: TM103 string exception"
    assert sorted([Diagnostic(9, 1, "TM101", "b"), Diagnostic(2, 8, "TM103", "a")])[0].line == 2


# --- lossless conversion of whole files, through the CLI --------------------------------

LOSSLESS = {
    # name: (input, indexes of the input lines a rewrite touches, expected output)
    "crlf": (
        b'import sys\r\nprint "x"\r\nx = 1  \r\n# tab\there\t\r\nprint >>sys.stderr, "e"\r\n',
        {1, 4},
        b'import sys\r\nprint("x")\r\nx = 1  \r\n# tab\there\t\r\nprint("e", file=sys.stderr)\r\n',
    ),
    "bom-crlf": (
        BOM + b'# caf\xc3\xa9\r\nprint "caf\xc3\xa9"\r\ny = 2 \r\n',
        {1},
        BOM + b'# caf\xc3\xa9\r\nprint("caf\xc3\xa9")\r\ny = 2 \r\n',
    ),
    "latin-1": (
        b'# -*- coding: latin-1 -*-\n# r\xe9sum\xe9 \xa9\nprint "caf\xe9"  # \xe9t\xe9\nz = "\xff"\t\n',
        {2},
        b'# -*- coding: latin-1 -*-\n# r\xe9sum\xe9 \xa9\nprint("caf\xe9")  # \xe9t\xe9\nz = "\xff"\t\n',
    ),
    "latin-1-crlf-nel": (
        b"# -*- coding: latin-1 -*-\r\nprint 'a\x85b'  # \x85\r\nx = 1\r\n",
        {1},
        b"# -*- coding: latin-1 -*-\r\nprint('a\x85b')  # \x85\r\nx = 1\r\n",
    ),
    "trailing-whitespace-and-tabs-in-comments": (
        b"x = 1   \n\t# \ttabbed\tcomment \t\nprint x \t\ny = 2\t \n\n\n",
        {2},
        b"x = 1   \n\t# \ttabbed\tcomment \t\nprint(x) \t\ny = 2\t \n\n\n",
    ),
    "no-final-newline": (b'x = 1\nprint "a"', {1}, b'x = 1\nprint("a")'),
    "no-final-newline-untouched-last-line": (b'print "a"\nx = 1  ', {0}, b'print("a")\nx = 1  '),
    "cr-only": (b'print "a"\rx = 1 \r# \t\r', {0}, b'print("a")\rx = 1 \r# \t\r'),
    "form-feed": (b'print "a"\n\x0c\nx = 1\n', {0}, b'print("a")\n\x0c\nx = 1\n'),
}


def assert_untouched_lines_identical(before: bytes, after: bytes, touched: set[int]) -> None:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    for index, (a, b) in enumerate(zip(old, new)):
        if index in touched:
            assert a != b, f"line {index + 1} should have been rewritten"
        else:
            assert a == b, f"line {index + 1} changed although no rewrite touched it"


@pytest.mark.parametrize("name", LOSSLESS)
def test_conversion_is_lossless_and_idempotent(cli, tmp_path, name):
    source, touched, expected = LOSSLESS[name]
    src = tmp_path / "src"
    src.mkdir()
    (src / "f.py").write_bytes(source)
    out = tmp_path / "out"
    run = cli("convert", src, "-o", out)
    assert run.exit_code == 0, run.stderr
    converted = (out / "f.py").read_bytes()
    assert_untouched_lines_identical(source, converted, touched)
    assert converted.startswith(BOM) == source.startswith(BOM)
    assert decode_source(converted).encoding == decode_source(source).encoding
    assert converted == expected
    # converting the output again changes nothing
    again = cli("convert", out / "f.py")
    assert (again.exit_code, again.stdout) == (0, converted)
    assert cli("convert", out, "--check").exit_code == 0


def test_crlf_file_keeps_crlf_on_an_inserted_line(cli, tmp_path):
    source = tmp_path / "f.py"
    source.write_bytes(b"# -*- coding: latin-1 -*-\r\ndef f((a, b)):\r\n    return '\xe9'\r\n")
    run = cli("convert", source)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        b"# -*- coding: latin-1 -*-\r\ndef f(a_b):\r\n    (a, b) = a_b\r\n    return '\xe9'\r\n"
    )
