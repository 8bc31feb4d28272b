"""One file's conversion: bytes in, bytes out, with diagnostics or one error.

    decode (source.py)
      -> parses as Python 3?  yes: the text goes on unchanged
                              no:  Python 2 front end (frontend/ + codemods' syntax transforms)
      -> the result must parse as Python 3, else SourceError at the input's line
      -> thread codemods (libcst), only on files that use the thread APIs
      -> encode with the input's encoding and BOM
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

from threadmod.errors import Diagnostic, SourceError
from threadmod.frontend.context import SyntaxContext
from threadmod.frontend.edits import apply_edits
from threadmod.frontend.tokens import tokenize
from threadmod.registry import ALL_TRANSFORMS, SYNTAX_TRANSFORMS
from threadmod.source import decode_source

ALL_CODES = frozenset(t.CODE for t in ALL_TRANSFORMS)


@dataclass
class Conversion:
    output: bytes
    changed: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)  # transform code -> edits made


def python3_syntax_error(text: str) -> SyntaxError | None:
    """The SyntaxError Python 3 reports for text, or None when it parses."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<source>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        return exc
    except (RecursionError, MemoryError):
        error = SyntaxError("too deeply nested for the parser")
        error.lineno, error.offset = 1, 1
        return error
    return None


def convert_text(text: str, newline: str = "\n", codes: frozenset[str] = ALL_CODES) -> tuple[str, list[Diagnostic], Counter]:
    """Convert decoded source text; raise SourceError when it cannot be converted."""
    diagnostics: list[Diagnostic] = []
    applied: Counter = Counter()
    python3_error = python3_syntax_error(text)
    if python3_error is not None or _has_python2_print(text):
        text = _convert_python2(text, newline, codes, python3_error, diagnostics, applied)
    return text, sorted(diagnostics), applied


_PRINT_HINT = re.compile(r"^[ \t]*print[ \t]*(?:>>|[;#\r\n]|$)", re.MULTILINE)


def _has_python2_print(text: str) -> bool:
    """Whether Python 3 source has a print that only Python 2 gives a meaning.

    A bare `print` statement (a no-op in Python 3) and `print >>f, x` (a TypeError in
    Python 3) parse as Python 3 but are Python 2 print statements.
    """
    if not _PRINT_HINT.search(text):
        return False
    stream = tokenize(text)
    context = SyntaxContext(stream, "\n")
    if "print_function" in context.futures:
        return False
    for statement in context.statements:
        if not statement.header and stream.is_name(statement.first, "print"):
            following = statement.first + 1
            if following == statement.end or stream.is_op(following, ">>"):
                return True
    return False


def convert_bytes(data: bytes, codes: frozenset[str] = ALL_CODES) -> Conversion:
    decoded = decode_source(data)
    text, diagnostics, applied = convert_text(decoded.text, decoded.newline, codes)
    if text == decoded.text:
        return Conversion(data, False, diagnostics, applied)
    return Conversion(decoded.encode(text), True, diagnostics, applied)


def _convert_python2(
    text: str,
    newline: str,
    codes: frozenset[str],
    python3_error: SyntaxError | None,
    diagnostics: list[Diagnostic],
    applied: Counter,
) -> str:
    stream = tokenize(text)
    context = SyntaxContext(stream, newline)
    edits = []
    evidence = False
    skipped: set[str] = set()
    for transform in SYNTAX_TRANSFORMS:
        for edit in transform().edits(context):
            evidence = evidence or edit.evidence
            if transform.CODE in codes:
                edits.append(edit)
                applied[transform.CODE] += 1
            else:
                skipped.add(f"{transform.CODE} {transform.NAME}")
    diagnostics.extend(context.diagnostics)
    if not evidence and python3_error is not None:
        line, col = python3_error.lineno or 1, python3_error.offset or 1
        raise SourceError(line, col, f"{python3_error.msg} (and no Python 2 syntax to convert here)")
    rendered = apply_edits(text, edits)
    output = rendered.text()
    error = python3_syntax_error(output)
    if error is not None:
        out_offset = _offset_of(output, error.lineno or 1, error.offset or 1)
        line, col = stream.line_col(rendered.source_offset(out_offset))
        message = f"{error.msg}: this line is not valid Python 2 or uses a form threadmod cannot convert"
        if skipped:
            message += f" (deselected transforms would change this file: {', '.join(sorted(skipped))})"
        raise SourceError(line, col, message)
    return output


def _offset_of(text: str, line: int, col: int) -> int:
    offset = 0
    for _ in range(line - 1):
        next_newline = text.find("\n", offset)
        if next_newline < 0:
            break
        offset = next_newline + 1
    return min(offset + max(col - 1, 0), len(text))
