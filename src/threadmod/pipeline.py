"""One file's conversion: bytes in, bytes out, with diagnostics or one error.

    decode (source.py)
      -> compiles as Python 3?  yes: the text goes on unchanged
                               no:  Python 2 front end (frontend/ + codemods' syntax transforms)
      -> the result must compile as Python 3, else SourceError at the input's line
      -> thread codemods (libcst), only on files that use the thread APIs
      -> encode with the input's encoding and BOM
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field

from threadmod.codemods.gates import THREAD_CODEMOD_SPECS
from threadmod.errors import Diagnostic, SourceError
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import apply_edits
from threadmod.syntax.print_statement import NOT_A_PRINT_STATEMENT_AFTER
from threadmod.syntax.tokens import NAME, OP, TokenStream, tokenize
from threadmod.codemods.masking import mask
from threadmod.registry import ALL_CODES, SYNTAX_TRANSFORMS, load_codemod
from threadmod.source import decode_source


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


def convert_text(text: str, newline: str = "\n", codes: frozenset[str] = ALL_CODES) -> tuple[str, list[Diagnostic], Counter]:
    """Convert decoded source text; raise SourceError when it cannot be converted."""
    diagnostics: list[Diagnostic] = []
    applied: Counter = Counter()
    original = text
    python3_error = python3_syntax_error(text)
    python2_statement, context = (False, None) if python3_error is not None else _python2_statement(text, newline)
    if python3_error is not None or python2_statement:
        stream = context.stream if context is not None else None
        text = _convert_python2(text, newline, codes, python3_error, diagnostics, applied, stream)
    else:
        text = _convert_python3(text, newline, codes, diagnostics, applied, context)
    specs = [spec for spec in THREAD_CODEMOD_SPECS if spec.code in codes and spec.applies(text)]
    if specs:  # only files some thread codemod concerns reach libcst, ten times slower than the front end
        front_end_output = text
        thread_diagnostics: list[Diagnostic] = []
        text = _run_thread_codemods(text, specs, thread_diagnostics, applied)
        if text != front_end_output:
            error = python3_syntax_error(text)
            if error is not None:  # a codemod bug: never write code that does not parse
                raise SourceError(
                    error.lineno or 1, error.offset or 1,
                    f"internal error: the thread codemods made invalid code here ({error.msg}); "
                    "the file is left as it was (please report)",
                )
        if thread_diagnostics:
            to_input = line_mapper(front_end_output, original)
            diagnostics += [d.__class__(to_input(d.line), d.col, d.code, d.message) for d in thread_diagnostics]
    return text, sorted(d for d in diagnostics if d.code in codes), applied


def _convert_python3(
    text: str,
    newline: str,
    codes: frozenset[str],
    diagnostics: list[Diagnostic],
    applied: Counter,
    context: SyntaxContext | None = None,
) -> str:
    """Run the few syntax-stage transforms that concern Python 3 source (TM111, TM301)."""
    transforms = [
        t for t in SYNTAX_TRANSFORMS if t.APPLIES_TO_PYTHON3 and t.CODE in codes and t.HINT.search(text)
    ]
    if not transforms:
        return text
    if context is None:
        try:
            context = SyntaxContext(tokenize(text), newline, python2=False)
        except SourceError:
            return text  # newer Python 3 syntax than this tokenizer reads: nothing of ours to do
    edits = [edit for t in transforms for edit in t().edits(context)]
    diagnostics.extend(context.diagnostics)
    if not edits:
        return text
    output = apply_edits(text, edits).text()
    if python3_syntax_error(output) is not None:
        return text
    applied.update(edit.code for edit in edits)
    return output


def _run_thread_codemods(text: str, specs: list, diagnostics: list[Diagnostic], applied: Counter) -> str:
    codemods = [load_codemod(spec) for spec in specs]
    # libcst reads lone CR line endings poorly: give it LF and put the CRs back after.
    cr_only = "\r" in text and "\n" not in text
    if cr_only:
        text = text.replace("\r", "\n")
    result = _run_masked(text, specs, codemods, diagnostics, applied)
    if result is None:
        result = _parse_and_apply(text, codemods, text, diagnostics, applied)
    return result.replace("\n", "\r") if cr_only else result


def _run_masked(text: str, specs: list, codemods: list, diagnostics: list[Diagnostic], applied: Counter) -> str | None:
    """The thread stage on the statements the codemods concern only (masking.py), or None
    when some codemod needs the whole module or masking hides nothing."""
    words: set[str] = set()
    names: set[str] = set()
    for spec in specs:
        relevant = spec.relevant_words(text)
        if relevant is None:
            return None
        words |= relevant[0]
        names |= relevant[1]
    masked = mask(text, words, names)
    if masked is None:
        return None
    masked_diagnostics: list[Diagnostic] = []
    masked_applied: Counter = Counter()
    try:
        output = _parse_and_apply(masked.text, codemods, text, masked_diagnostics, masked_applied, masked.hidden_names)
    except SourceError:
        return None  # the unmasked run reports it at the right line
    restored = text if output == masked.text else masked.restore(output)
    if restored is None:
        return None
    diagnostics += [d.__class__(masked.original_line(d.line), d.col, d.code, d.message) for d in masked_diagnostics]
    applied.update(masked_applied)
    return restored


def _parse_and_apply(
    text: str,
    codemods: list,
    source_text: str,
    diagnostics: list[Diagnostic],
    applied: Counter,
    hidden_names: set[str] = frozenset(),
) -> str:
    import libcst

    try:
        module = libcst.parse_module(text)
    except libcst.ParserSyntaxError as exc:
        raise SourceError(exc.raw_line, exc.raw_column + 1, f"libcst cannot parse this: {exc.message}") from None
    except RecursionError:
        raise SourceError(1, 1, "too deeply nested for libcst, which the thread codemods need") from None
    try:
        return _apply_thread_codemods(module, codemods, text, source_text, diagnostics, applied, hidden_names)
    except RecursionError:
        raise SourceError(1, 1, "too deeply nested for libcst, which the thread codemods need") from None


def _apply_thread_codemods(
    module, codemods, text: str, source_text: str, diagnostics: list[Diagnostic], applied: Counter,
    hidden_names: set[str],
) -> str:
    from threadmod.codemods.base import (
        APPLIED_KEY,
        DEFER_IMPORTS_KEY,
        HIDDEN_NAMES_KEY,
        NEEDED_KEY,
        PENDING_KEY,
        SOURCE_TEXT_KEY,
        ThreadContext,
        add_top_imports,
        fix_imports,
    )

    first = module
    needed: set[str] = set()
    for codemod in codemods:
        scratch = {
            DEFER_IMPORTS_KEY: True,
            NEEDED_KEY: set(needed),
            SOURCE_TEXT_KEY: source_text,
            HIDDEN_NAMES_KEY: hidden_names,
        }
        context = ThreadContext(scratch=scratch)
        result = codemod(context).transform_module(module)
        needed |= context.scratch[NEEDED_KEY]
        pending = context.scratch.get(PENDING_KEY)
        if pending:
            diagnostics.extend(_locate(module, pending, None if module is first else text))
        counts = context.scratch.get(APPLIED_KEY)
        if counts:
            applied.update(counts)
        module = result
    if module is not first:
        # One import fix-up for all codemods keeps the import block's layout.
        context = ThreadContext(scratch={NEEDED_KEY: needed})
        module = add_top_imports(fix_imports(module, context), context)
    return text if module is first else module.code


def _locate(module, pending, original_text: str | None) -> list[Diagnostic]:
    """Diagnostics for nodes of `module`, at lines of the thread stage's input text."""
    from threadmod.codemods.positions import node_starts

    starts, module_code = node_starts(module, [node for node, _code, _message in pending])
    to_original = line_mapper(module_code, original_text) if original_text is not None else (lambda line: line)
    return [
        Diagnostic(to_original(starts[id(node)][0]), starts[id(node)][1] + 1, code, message)
        for node, code, message in pending
        if id(node) in starts
    ]


def line_mapper(new_text: str, old_text: str):
    """A function from line numbers of new_text to the lines of old_text they came from."""
    import difflib

    new_lines, old_lines = new_text.splitlines(), old_text.splitlines()
    if len(new_lines) == len(old_lines):
        return lambda line: line
    blocks = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()

    def mapped(line: int) -> int:
        index = line - 1
        for _tag, i1, i2, j1, j2 in blocks:
            if j1 <= index < j2:
                return i1 + min(index - j1, max(i2 - i1 - 1, 0)) + 1
        return min(line, len(old_lines))

    return mapped


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


def _python2_statement(text: str, newline: str) -> tuple[bool, SyntaxContext | None]:
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
    stream: TokenStream | None = None,
) -> str:
    stream = stream if stream is not None else tokenize(text)
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
    return output


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
