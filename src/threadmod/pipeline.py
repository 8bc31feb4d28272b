"""One file's conversion: bytes in, bytes out, with diagnostics or one error.

    decode (source.py); `# threadmod: skip-file` first: the bytes as they are
      -> `# threadmod: ignore` regions found (suppressions.py), kept by both stages
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

from threadmod import suppressions
from threadmod.errors import Diagnostic, SourceError
from threadmod.registry import ALL_CODES, SYNTAX_TRANSFORMS, THREAD_CODEMODS
from threadmod.source import decode_source
from threadmod.syntax import dialect
from threadmod.syntax.stage import (
    convert_python2,
    convert_python3,
    python2_statement,
    python3_syntax_error,
)

THREAD_CODES = frozenset(entry.code for entry in THREAD_CODEMODS)


@dataclass
class Conversion:
    output: bytes
    changed: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)  # transform code -> edits made
    read_as: str = dialect.UNDECIDED  # dialect.PYTHON2, PYTHON3, DUAL or UNDECIDED


# The syntax transforms that read Python 2: on a Python 2 file they run whatever --select says.
READS_PYTHON2 = frozenset(t.CODE for t in SYNTAX_TRANSFORMS if t.NEEDED_TO_PARSE)


def convert_text(
    text: str, newline: str = "\n", codes: frozenset[str] = ALL_CODES, assume_python2: bool = False
) -> tuple[str, list[Diagnostic], Counter]:
    """Convert decoded source text; raise SourceError when it cannot be converted.

    `assume_python2` reads a file that compiles as Python 3 and says nothing of which
    Python it is for (dialect.UNDECIDED) as Python 2: its `d.keys()` is then a list, its
    `print (a, b)` prints a tuple.  The runner sets it for such files in a Python 2 tree.
    """
    return convert_text_as(text, newline, codes, assume_python2)[:3]


def convert_text_as(
    text: str, newline: str = "\n", codes: frozenset[str] = ALL_CODES, assume_python2: bool = False,
    package_modules: frozenset[str] | None = None,
) -> tuple[str, list[Diagnostic], Counter, str]:
    """convert_text, and how the text was read: dialect.PYTHON2, PYTHON3, DUAL or UNDECIDED (read
    as Python 3 unless assume_python2).  `package_modules`: the modules next to the file when
    it is in a package (discovery.package_modules), for Python 2's implicit relative imports."""
    if suppressions.skips_file(text):
        return text, [], Counter(), dialect.UNDECIDED
    kept = suppressions.find(text, ALL_CODES)  # None unless a `# threadmod:` comment is there
    python3_error = python3_syntax_error(text)
    python2_found, context = (False, None) if python3_error is not None else python2_statement(text, newline)
    read_as = dialect.PYTHON2
    if python3_error is None and not python2_found:
        read_as = dialect.read_as(text, context.stream if context is not None else None)
        if kept is not None and read_as == dialect.PYTHON2:
            read_as = dialect.UNDECIDED  # an import the comments keep may stay in the output
        # The runner asks for Python 2 only for UNDECIDED files; LEANS_PYTHON3 ones never get here from it.
        python2_found = read_as == dialect.PYTHON2 or (read_as in (dialect.UNDECIDED, dialect.LEANS_PYTHON3) and assume_python2)
    shown = codes  # the codes whose diagnostics are reported
    if python3_error is not None or python2_found:
        stream = context.stream if context is not None else None
        syntax = convert_python2(text, newline, SYNTAX_TRANSFORMS, codes, python3_error, stream, kept, package_modules)
        shown = codes | READS_PYTHON2  # they ran whatever was selected: their warnings count
    else:
        dual = None
        if read_as == dialect.DUAL:
            from threadmod.codemods import dual_version

            dual = [(region.start, region.end) for region in dual_version.find(text)]
            dual += dual_version.definition_headers(text)
        syntax = convert_python3(text, newline, SYNTAX_TRANSFORMS, codes, context, kept, dual=dual)
        if syntax.python2_evidence and read_as in (dialect.UNDECIDED, dialect.LEANS_PYTHON3):
            # A Python 2-only name or module was rewritten: the file is Python 2, read it so.
            read_as = dialect.PYTHON2
            stream = context.stream if context is not None else None
            syntax = convert_python2(text, newline, SYNTAX_TRANSFORMS, codes, None, stream, kept, package_modules)
            shown = codes | READS_PYTHON2
    diagnostics, applied = syntax.diagnostics, syntax.applied
    if kept is not None:
        diagnostics = [d for d in diagnostics if not kept.keeps_line(d.line, d.code)]
    entries = [entry for entry in THREAD_CODEMODS if entry.code in codes and entry.gate.applies(syntax.text)]
    if not entries:  # only files some thread codemod concerns reach libcst, ten times slower than the front end
        return syntax.text, sorted(d for d in diagnostics if d.code in shown), applied, read_as
    from threadmod.codemods import stage

    if kept is not None and syntax.text != text:  # the comments are where the syntax stage left them
        kept = suppressions.find(syntax.text, ALL_CODES)
    if kept is not None:
        kept = kept.concerning(THREAD_CODES)
    thread = stage.run(syntax.text, entries, original=text, convert_nested=_convert_nested, kept=kept)
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
    return thread.text, sorted(d for d in diagnostics if d.code in shown), applied, read_as


def _convert_nested(code: str) -> str:
    """Code inside an exec string, converted as a file of its own (TM209)."""
    return convert_text(code)[0]


def convert_bytes(
    data: bytes, codes: frozenset[str] = ALL_CODES, assume_python2: bool = False,
    package_modules: frozenset[str] | None = None,
) -> Conversion:
    if suppressions.skips_file(data):  # before decoding: a file threadmod cannot read may be skipped too
        return Conversion(data, False)
    decoded = decode_source(data)
    text, diagnostics, applied, read_as = convert_text_as(
        decoded.text, decoded.newline, codes, assume_python2, package_modules
    )
    if text == decoded.text:
        return Conversion(data, False, diagnostics, applied, read_as)
    return Conversion(decoded.encode(text), True, diagnostics, applied, read_as)
