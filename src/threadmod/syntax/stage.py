"""The syntax stage: Python 2 text to Python 3 text by token edits, proven by the compiler.

    python3_syntax_error(text)            -> the SyntaxError Python 3 reports, or None
    python2_statement(text, newline)      -> does Python 3-parsable text hold a Python 2 print/exec?
    convert_python2(text, ..., transforms) -> StageResult; SourceError at the input's line
    convert_python3(text, ..., transforms) -> StageResult of the few transforms for Python 3 text

The transforms come from the caller (registry.SYNTAX_TRANSFORMS, in run order).  On Python 2
text, the transforms that read Python 2 (those that do not also apply to Python 3: TM101-TM110,
TM112) run whatever the selected codes say: without them the file is not Python 3, so no
thread codemod could read it, and threadmod's output always compiles.  The selection chooses
among the others (TM111, TM301's diagnostics) and the thread codemods.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

from threadmod.errors import Diagnostic, SourceError
from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import apply_edits
from threadmod.syntax.print_statement import NOT_A_PRINT_STATEMENT_AFTER
from threadmod.syntax.statements import Statement
from threadmod.syntax.tokens import NAME, OP, TokenStream, tokenize
from threadmod.transform import StageResult

if TYPE_CHECKING:
    from threadmod.suppressions import Suppressions


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
    kept: Suppressions | None = None,
    dual: Sequence[tuple[int, int]] | None = None,
) -> StageResult:
    """Run the few syntax-stage transforms that concern Python 3 source (TM111, TM301);
    `kept`, the `# threadmod: ignore` regions, drops the edits that would change them.
    `dual`: for code written for Python 2 and 3 (dialect.DUAL), the offsets of its version
    branches, import fallbacks and version-choosing headers: they stay as they are (no rewrite
    right only for Python 2 code there, no diagnostic)."""
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
    if dual:
        edits = [edit for edit in edits if not (edit.evidence and _inside(dual, edit.start, edit.end))]
        context.diagnostics = [d for d in context.diagnostics if not _inside(dual, _offset_of(text, d.line, d.col), None)]
    if kept is not None:
        edits = [edit for edit in edits if kept.keeps_edit(edit.start, edit.end, edit.code) is None]
    result.diagnostics.extend(context.diagnostics)
    if not edits:
        return result
    edits += context.import_edits({edit.code for edit in edits})
    output = apply_edits(text, edits).text()
    if python3_syntax_error(output) is not None:
        return result
    result.applied.update(edit.code for edit in edits)
    result.python2_evidence = any(edit.evidence for edit in edits)
    result.text = output
    return result


def _inside(regions: Sequence[tuple[int, int]], start: int, end: int | None) -> bool:
    return any(low <= start and (end if end is not None else start) <= high for low, high in regions)


def convert_python2(
    text: str,
    newline: str,
    transforms: Sequence[type[SyntaxTransform]],
    codes: frozenset[str],
    python3_error: SyntaxError | None,
    stream: TokenStream | None = None,
    kept: Suppressions | None = None,
    package_modules: frozenset[str] | None = None,
) -> StageResult:
    """Every syntax transform's edits on Python 2 text; the output must compile as Python 3,
    else SourceError at the input line that failed.

    A transform Python 3 needs to parse the file (NEEDED_TO_PARSE) runs whether `codes` has it or
    not; the others run when `codes` has them.

    `kept`, the `# threadmod: ignore` regions, drops the edits that would change them; a kept
    line that Python 3 cannot compile as it is fails the file with a message naming its comment.
    """
    stream = stream if stream is not None else tokenize(text)
    context = SyntaxContext(stream, newline)
    context.package_modules = package_modules
    result = StageResult(text)
    edits = []
    dropped = []  # (edit, the region that keeps it from being made)
    evidence = False
    skipped = []  # the edits of deselected transforms
    for transform in transforms:
        runs = transform.CODE in codes or transform.NEEDED_TO_PARSE
        for edit in transform().edits(context):
            evidence = evidence or edit.evidence
            region = kept.keeps_edit(edit.start, edit.end, transform.CODE) if kept is not None else None
            if runs and region is not None:
                dropped.append((edit, region))
            elif runs:
                edits.append(edit)
                result.applied[transform.CODE] += 1
            else:
                skipped.append(edit)
    # After every transform: each import once, for the transforms whose edits are made.
    edits += context.import_edits({edit.code for edit in edits})
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
        source_offset = rendered.source_offset(out_offset)
        line, col = stream.line_col(source_offset)
        if dropped:
            _raise_if_kept(text, stream, edits, dropped, source_offset, error)
        _raise_with_diagnostic(context.diagnostics, line)
        needed = _needed(text, edits, skipped, transforms)
        if needed:
            message = f"{error.msg}: converting this file needs {needed}, which --select/--ignore leave out"
        else:
            message = f"{error.msg}: this line is not valid Python 2 or uses a form threadmod cannot convert"
        raise SourceError(line, col, message)
    if dropped:
        _raise_if_kept_statement(output, newline, rendered, stream, dropped)
    result.text = output
    return result


def _needed(text: str, edits: list, skipped: list, transforms: Sequence[type[SyntaxTransform]]) -> str:
    """The deselected transforms whose edits would make the output compile ("TM111
    unicode-builtins"), or "" when they would not: then the line itself is the cause."""
    if not skipped or python3_syntax_error(apply_edits(text, edits + skipped).text()) is not None:
        return ""
    codes = {edit.code for edit in skipped}
    return ", ".join(f"{t.CODE} {t.NAME}" for t in transforms if t.CODE in codes)


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
    return _python2_only_statement(context) is not None, context


def _python2_only_statement(context: SyntaxContext) -> Statement | None:
    """The first print or exec statement of Python 3-parsable text that only Python 2 gives a meaning."""
    stream = context.stream
    keywords = {"exec"} if "print_function" in context.futures else {"print", "exec"}
    for statement in context.statements:
        if statement.header or stream.kinds[statement.first] != NAME or stream.tok(statement.first) not in keywords:
            continue
        following = statement.first + 1
        if following == statement.end:
            if stream.tok(statement.first) == "exec":
                continue  # a bare exec is not Python 2 either
            return statement
        if stream.is_op(following, "(") and stream.is_group(following, statement.end):
            continue
        if stream.kinds[following] == OP and stream.tok(following) in NOT_A_PRINT_STATEMENT_AFTER:
            continue
        return statement
    return None


def _raise_if_kept(text: str, stream: TokenStream, edits: list, dropped: list, source_offset: int, error: SyntaxError) -> None:
    """When the output fails to compile because edits were kept from a `# threadmod: ignore`
    region, say so at the kept line: where the error is if it is kept, else at the first edit
    left out (when the output with every edit compiles)."""
    for _edit, region in dropped:
        if region.start <= source_offset < region.end:
            at = source_offset
            break
    else:
        if python3_syntax_error(apply_edits(text, edits + [edit for edit, _region in dropped]).text()) is not None:
            return  # the file fails with every edit made too: not the comment's doing
        first, region = min(dropped, key=lambda pair: pair[0].start)
        at = first.start
    line, col = stream.line_col(at)
    comment = f"`{region.comment}`" if region.comment_line == line else region.describe()
    raise SourceError(
        line, col,
        f"{comment} keeps Python 2 here that Python 3 cannot compile ({error.msg}): let threadmod "
        "convert it (drop the comment, or name only other codes in it) or change it by hand; the file is left as it was",
    )


def _raise_if_kept_statement(output: str, newline: str, rendered, stream: TokenStream, dropped: list) -> None:
    """A kept Python 2 print or exec statement that compiles as Python 3 (`print >>f, x`,
    `exec (code) in ns`) means something else there, and would make the output read as
    Python 2 again: the file fails at it, naming the comment."""
    try:
        context = SyntaxContext(tokenize(output), newline, python2=False)
    except SourceError:
        return
    statement = _python2_only_statement(context)
    if statement is None:
        return
    at = rendered.source_offset(context.stream.starts[statement.first])
    region = next((region for _edit, region in dropped if region.start <= at < region.end), dropped[0][1])
    line, col = stream.line_col(at)
    comment = f"`{region.comment}`" if region.comment_line == line else region.describe()
    word = context.stream.tok(statement.first)
    raise SourceError(
        line, col,
        f"{comment} keeps a Python 2 {word} statement here, which Python 3 reads otherwise: let threadmod "
        "convert it (drop the comment, or name only other codes in it) or change it by hand; the file is left as it was",
    )


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
