"""One file's conversion: bytes in, bytes out, with diagnostics or one error.

    decode (source.py)
      -> compiles as Python 3?  yes: the text goes on (syntax/stage.convert_python3)
                               no:  the syntax stage (syntax/stage.convert_python2)
      -> the result must compile as Python 3, else SourceError at the input's line
      -> the thread stage (codemods/stage.run), only for codemods whose gate lets the text in
      -> the result must compile as Python 3, else SourceError
      -> encode with the input's encoding and BOM
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from threadmod.errors import Diagnostic, SourceError
from threadmod.registry import ALL_CODES, SYNTAX_TRANSFORMS, THREAD_CODEMODS
from threadmod.source import decode_source
from threadmod.syntax.stage import (
    convert_python2,
    convert_python3,
    python2_statement,
    python3_syntax_error,
)


@dataclass
class Conversion:
    output: bytes
    changed: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)  # transform code -> edits made


def convert_text(text: str, newline: str = "\n", codes: frozenset[str] = ALL_CODES) -> tuple[str, list[Diagnostic], Counter]:
    """Convert decoded source text; raise SourceError when it cannot be converted."""
    python3_error = python3_syntax_error(text)
    python2_found, context = (False, None) if python3_error is not None else python2_statement(text, newline)
    if python3_error is not None or python2_found:
        stream = context.stream if context is not None else None
        syntax = convert_python2(text, newline, SYNTAX_TRANSFORMS, codes, python3_error, stream)
    else:
        syntax = convert_python3(text, newline, SYNTAX_TRANSFORMS, codes, context)
    diagnostics, applied = syntax.diagnostics, syntax.applied
    entries = [entry for entry in THREAD_CODEMODS if entry.code in codes and entry.gate.applies(syntax.text)]
    if not entries:  # only files some thread codemod concerns reach libcst, ten times slower than the front end
        return syntax.text, sorted(d for d in diagnostics if d.code in codes), applied
    from threadmod.codemods import stage

    thread = stage.run(syntax.text, entries, original=text, convert_nested=_convert_nested)
    if thread.text != syntax.text:
        error = python3_syntax_error(thread.text)
        if error is not None:  # a codemod bug: never write code that does not parse
            raise SourceError(
                error.lineno or 1, error.offset or 1,
                f"internal error: the thread codemods made invalid code here ({error.msg}); "
                "the file is left as it was (please report)",
            )
    applied.update(thread.applied)
    diagnostics += thread.diagnostics
    return thread.text, sorted(d for d in diagnostics if d.code in codes), applied


def _convert_nested(code: str) -> str:
    """Code inside an exec string, converted as a file of its own (TM209)."""
    return convert_text(code)[0]


def convert_bytes(data: bytes, codes: frozenset[str] = ALL_CODES) -> Conversion:
    decoded = decode_source(data)
    text, diagnostics, applied = convert_text(decoded.text, decoded.newline, codes)
    if text == decoded.text:
        return Conversion(data, False, diagnostics, applied)
    return Conversion(decoded.encode(text), True, diagnostics, applied)
