"""Bytes in, text out, and back: encodings, BOMs and line endings kept exactly.

Decoding follows PEP 263 (a coding cookie on line 1 or 2, else UTF-8, a UTF-8 BOM
allowed).  Newlines are not translated: the text keeps ``\\r\\n`` and ``\\r`` as they
were, so untouched lines are written back byte for byte.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from threadmod.errors import SourceError

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_BLANK_OR_COMMENT = re.compile(rb"^[ \t\f]*(?:[#\r\n]|$)")
_BOM = codecs.BOM_UTF8


@dataclass(frozen=True)
class DecodedSource:
    text: str
    encoding: str
    bom: bool

    def encode(self, text: str) -> bytes:
        data = text.encode(self.encoding)
        return _BOM + data if self.bom else data

    @property
    def newline(self) -> str:
        """The file's first line ending, used for lines threadmod inserts."""
        match = re.search(r"\r\n|\n|\r", self.text)
        return match.group(0) if match else "\n"


_NEWLINE = re.compile(rb"\r\n|\n|\r")


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line, line_start = 1, 0
    for match in _NEWLINE.finditer(data, 0, offset):
        line, line_start = line + 1, match.end()
    return line, offset - line_start + 1


def find_cookie(data: bytes) -> str | None:
    lines = data.splitlines(keepends=True)[:2]
    for index, line in enumerate(lines):
        match = _COOKIE.match(line)
        if match:
            return match.group(1).decode("ascii")
        if index == 0 and not _BLANK_OR_COMMENT.match(line):
            break
    return None


def _normal_name(cookie: str) -> str:
    name = cookie.lower().replace("_", "-")
    if name == "utf-8" or name.startswith("utf-8-"):
        return "utf-8"
    return name


def decode_source(data: bytes) -> DecodedSource:
    """Decode a source file; raise SourceError naming the line of any problem."""
    bom = data.startswith(_BOM)
    body = data[len(_BOM):] if bom else data
    nul = body.find(b"\0")
    if nul >= 0:
        line, col = _line_col(body, nul)
        raise SourceError(line, col, "source contains a NUL byte (binary file?)")
    cookie = find_cookie(body)
    encoding = "utf-8"
    if cookie is not None:
        try:
            info = codecs.lookup(cookie)
        except LookupError:
            raise SourceError(1, 1, f"unknown encoding {cookie!r} in the coding cookie") from None
        if not getattr(info, "_is_text_encoding", True):
            raise SourceError(1, 1, f"the coding cookie names {cookie!r}, which is not a text encoding")
        # As Python's tokenizer does: utf-8-sig and friends are UTF-8 (the BOM is handled here).
        encoding = "utf-8" if info.name.startswith("utf-8") else info.name
        if bom and _normal_name(cookie) != "utf-8":
            # CPython's own rule (tokenizer get_normal_name): even `utf8` is refused with a BOM.
            raise SourceError(1, 1, f"UTF-8 BOM contradicts the coding cookie {cookie!r}")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _line_col(body, exc.start)
        why = f"byte 0x{body[exc.start]:02x} is not valid {encoding}"
        if cookie is None:
            why += " and there is no coding cookie"
        raise SourceError(line, col, why) from None
    if text.encode(encoding) != body:
        raise SourceError(1, 1, f"encoding {encoding} does not round-trip this file's bytes")
    return DecodedSource(text=text, encoding=encoding, bom=bom)


def count_lines(text: str) -> int:
    """Line breaks in text: LF, CRLF and lone CR each count once."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def trailing_newline(text: str) -> str:
    """The line break text ends with (CRLF, LF or CR), or ""."""
    for newline in ("\r\n", "\n", "\r"):
        if text.endswith(newline):
            return newline
    return ""
