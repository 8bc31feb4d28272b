"""The syntax stage: Python 2 text to Python 3 text by token edits, proven by the compiler.

    python3_syntax_error(text)            -> the SyntaxError Python 3 reports, or None
    python2_statement(text, newline)      -> does Python 3-parsable text hold a Python 2 print/exec?
    convert_python2(text, ..., transforms) -> StageResult; SourceError at the input's line
    convert_python3(text, ..., transforms) -> StageResult of the few transforms for Python 3 text

The transforms come from the caller (registry.SYNTAX_TRANSFORMS, in run order).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

from threadmod.errors import Diagnostic, SourceError
from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import apply_edits
from threadmod.syntax.print_statement import NOT_A_PRINT_STATEMENT_AFTER
from threadmod.syntax.tokens import NAME, OP, TokenStream, tokenize
from threadmod.transform import StageResult


def python3_syntax_error(text: str) -> SyntaxError | None:
    """The SyntaxError Python 3 reports for text, or None when it compiles."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # A full compile checks __future__ imports, which an AST-only parse does not, and
            # is faster: it makes no Python objects for the tree (0.33 s against 0.50 s).
            compile(text, "<source>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    except (RecursionError, MemoryError):
        error = SyntaxError("too deeply nested for the parser")
        error.lineno, error.offset = 1, 1
        return error
    return None


def convert_python3(
    text: str,
    newline: str,
    transforms: Sequence[type[SyntaxTransform]],
    codes: frozenset[str],
    context: SyntaxContext | None = None,
) -> StageResult:
    """Run the few syntax-stage transforms that concern Python 3 source (TM111, TM301)."""
    result = StageResult(text)
    transforms = [
        t for t in transforms if t.APPLIES_TO_PYTHON3 and t.CODE in codes and t.HINT.search(text)
    ]
    if not transforms:
        return result
    if context is None:
        try:
            context = SyntaxContext(tokenize(text), newline, python2=False)
        except SourceError:
            return result  # newer Python 3 syntax than this tokenizer reads: nothing of ours to do
    edits = [edit for t in transforms for edit in t().edits(context)]
    result.diagnostics.extend(context.diagnostics)
    if not edits:
        return result
    output = apply_edits(text, edits).text()
    if python3_syntax_error(output) is not None:
        return result
    result.applied.update(edit.code for edit in edits)
    result.text = output
    return result


def convert_python2(
    text: str,
    newline: str,
    transforms: Sequence[type[SyntaxTransform]],
    codes: frozenset[str],
    python3_error: SyntaxError | None,
    stream: TokenStream | None = None,
) -> StageResult:
    """Every syntax transform's edits on Python 2 text; the output must compile as Python 3,
    else SourceError at the input line that failed."""
    stream = stream if stream is not None else tokenize(text)
    context = SyntaxContext(stream, newline)
    result = StageResult(text)
    edits = []
    evidence = False
    skipped: set[str] = set()
    for transform in transforms:
        for edit in transform().edits(context):
            evidence = evidence or edit.evidence
            if transform.CODE in codes:
                edits.append(edit)
                result.applied[transform.CODE] += 1
            else:
                skipped.add(f"{transform.CODE} {transform.NAME}")
    result.diagnostics.extend(context.diagnostics)
    if not evidence and python3_error is not None:
        line, col = python3_error.lineno or 1, python3_error.offset or 1
        _raise_with_diagnostic(context.diagnostics, line)
        raise SourceError(line, col, f"{python3_error.msg} (and no Python 2 syntax to convert here)")
    rendered = apply_edits(text, edits)
    output = rendered.text()
    error = python3_syntax_error(output)
    if error is not None:
        out_offset = _offset_of(output, error.lineno or 1, error.offset or 1)
        line, col = stream.line_col(rendered.source_offset(out_offset))
        _raise_with_diagnostic(context.diagnostics, line)
        message = f"{error.msg}: this line is not valid Python 2 or uses a form threadmod cannot convert"
        if skipped:
            message += f" (deselected transforms would change this file: {', '.join(sorted(skipped))})"
        raise SourceError(line, col, message)
    result.text = output
    return result


_PRINT_OR_EXEC = re.compile(r"(?:print|exec)\b")


def _statement_hint(text: str) -> bool:
    """`print` or `exec` first on a line or after `;` or `:`: a regex that says so directly
    must try every position of the text, three times slower than this."""
    for match in _PRINT_OR_EXEC.finditer(text):
        before = match.start()
        while before and text[before - 1] in " \t":
            before -= 1
        if before == 0 or text[before - 1] in "\r\n;:":
            return True
    return False


def python2_statement(text: str, newline: str) -> tuple[bool, SyntaxContext | None]:
    """Whether source that compiles as Python 3 has a print or exec that only Python 2 gives a
    meaning, and the statements read to tell (the Python 3 path reuses them).

    `print`, `print >>f, x`, `print ("%s") % x` and `exec (code) in ns` parse as
    Python 3, as a no-op or an expression that fails at run time; in Python 2 they
    are statements.  Only `print(...)` or `exec(...)`, one parenthesized group, is a
    call in a file that parses as Python 3.
    """
    if not _statement_hint(text):
        return False, None
    try:
        stream = tokenize(text)
    except SourceError:
        return False, None
    context = SyntaxContext(stream, newline, python2=False)  # reused for the Python 3 path
    keywords = {"exec"} if "print_function" in context.futures else {"print", "exec"}
    for statement in context.statements:
        if statement.header or stream.kinds[statement.first] != NAME or stream.tok(statement.first) not in keywords:
            continue
        following = statement.first + 1
        if following == statement.end:
            if stream.tok(statement.first) == "exec":
                continue  # a bare exec is not Python 2 either
            return True, context
        if stream.is_op(following, "(") and stream.is_group(following, statement.end):
            continue
        if stream.kinds[following] == OP and stream.tok(following) in NOT_A_PRINT_STATEMENT_AFTER:
            continue
        return True, context
    return False, context


def _raise_with_diagnostic(diagnostics: list[Diagnostic], line: int) -> None:
    """A transform that saw what stops the file on that line explains it best.  The words
    before the code keep the line apart from a diagnostic on a file that was converted."""
    for diagnostic in diagnostics:
        if diagnostic.line == line:
            raise SourceError(
                diagnostic.line, diagnostic.col, f"cannot convert this line: {diagnostic.code} {diagnostic.message}"
            )


def _offset_of(text: str, line: int, col: int) -> int:
    offset = 0
    for _ in range(line - 1):
        next_newline = text.find("\n", offset)
        if next_newline < 0:
            break
        offset = next_newline + 1
    return min(offset + max(col - 1, 0), len(text))
