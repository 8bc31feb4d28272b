"""The thread stage: the thread codemods a file's gates let through, run on one libcst tree.

    run(text, entries, original, convert_nested) -> StageResult(text, diagnostics, applied)

Each codemod sees the previous one's output; imports are fixed once, at the end, so the
import block keeps its layout.  When every codemod that runs is statement-local, the
top-level statements none of them concern are hidden from libcst first (masking.py),
and put back after; if that fails, the whole module is parsed.  Statements kept by a
`# threadmod: ignore` comment are hidden from every codemod the same way, at any depth,
and must come back unmoved (suppressions.py).  Diagnostics come back at the lines of
`original`, the text the user gave.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence

import libcst

from threadmod.codemods import dual_version
from threadmod.codemods.base import (
    APPLIED_KEY,
    DEFER_IMPORTS_KEY,
    DUAL_MARKERS_KEY,
    HIDDEN_NAMES_KEY,
    MODEL_CACHE_KEY,
    NESTED_CONVERTER_KEY,
    PENDING_KEY,
    SOURCE_TEXT_KEY,
    ThreadContext,
)
from threadmod.codemods.imports import (
    NEEDED_KEY,
    imports_thread_module,
    add_top_imports,
    fix_imports,
    rename_thread_imports,
)
from threadmod.codemods.masking import mask
from threadmod.codemods.positions import node_starts
from threadmod.errors import Diagnostic, SourceError
from threadmod.suppressions import Hidden, Kept, Suppressions
from threadmod.syntax.tokens import tokenize
from threadmod.transform import StageResult


def run(
    text: str,
    entries: Sequence,
    original: str,
    convert_nested: Callable[[str], str] | None = None,
    kept: Suppressions | None = None,
) -> StageResult:
    """The codemods of `entries` (registry.ThreadCodemodEntry, in run order) applied to text.

    `original` is the file as the user gave it (before the syntax stage), for diagnostics'
    lines; `convert_nested` converts the code in exec strings (raises SourceError); `kept`,
    the `# threadmod: ignore` regions of text kept from thread codemods, hidden from all of
    them (suppressions.py), as is dual-version code (dual_version.py).
    Raises SourceError when libcst cannot read the text.
    """
    codemods = [entry.load() for entry in entries]
    # libcst reads lone CR line endings poorly: give it LF and put the CRs back after.
    cr_only = "\r" in text and "\n" not in text
    stage_input = text.replace("\r", "\n") if cr_only else text
    shared = {SOURCE_TEXT_KEY: stage_input, NESTED_CONVERTER_KEY: convert_nested, MODEL_CACHE_KEY: {}}
    kept = _with_dual_version(stage_input, kept)
    hidden = kept.hide(stage_input) if kept is not None else None
    if hidden is None:
        result = _run_all(stage_input, entries, codemods, shared)
    else:
        result = _run_hidden(hidden, entries, codemods, shared)
    if cr_only:
        result.text = result.text.replace("\n", "\r")
    if result.diagnostics:
        to_original = line_mapper(text, original)
        result.diagnostics = [d.__class__(to_original(d.line), d.col, d.code, d.message) for d in result.diagnostics]
    return result


def _with_dual_version(text: str, kept: Suppressions | None) -> Suppressions | None:
    """The kept regions and the dual-version statements of text (hidden alike)."""
    found = dual_version.find(text)
    if not found:
        return kept
    regions = [
        Kept(r.start, r.end, r.first_line, r.last_line, None, r.first_line, 1, r.what, "dual-version", r.bound)
        for r in found
    ]
    if kept is not None:
        regions += kept.regions
        stream = kept.stream
    else:
        try:
            stream = tokenize(text)
        except SourceError:
            return kept
    regions.sort(key=lambda r: (r.start, -r.end))
    return Suppressions(text, regions, stream)


def hide_dual_version(text: str) -> tuple[Hidden, dict] | None:
    """For one codemod run outside the stage (libcst.tool): the text with its dual-version
    statements hidden, and the scratch entries the codemods read; None when it has none."""
    kept = _with_dual_version(text, None)
    hidden = kept.hide(text) if kept is not None else None
    if hidden is None:
        return None
    dual = {number: region.bound for number, region in enumerate(hidden.regions)}
    mentioned = {name for number in dual for name in re.findall(r"[^\W\d]\w*", hidden.hidden[number][0])}
    return hidden, {HIDDEN_NAMES_KEY: hidden.names, DUAL_MARKERS_KEY: (hidden.prefix, dual, mentioned)}


def _run_all(text: str, entries: Sequence, codemods: list, shared: dict) -> StageResult:
    result = _run_masked(text, entries, codemods, shared)
    if result is None:
        result = _parse_and_apply(text, codemods, shared)
    return result


def _run_hidden(hidden: Hidden, entries: Sequence, codemods: list, shared: dict) -> StageResult:
    """The stage with the kept regions hidden, and put back byte for byte.

    A codemod that moves or drops a region's marker (TM204 putting the statements between an
    acquire and its release in a `with` block, one of them kept) is not run on this file: the
    first such codemod in run order is found by running longer and longer prefixes, left out,
    and named in a diagnostic at the comment; then the stage runs again without it.
    """
    dual = {number: region.bound for number, region in enumerate(hidden.regions) if region.kind != "comment"}
    mentioned = {
        name for number in dual for name in re.findall(r"[^\W\d]\w*", hidden.hidden[number][0])
    }
    shared = {**shared, HIDDEN_NAMES_KEY: hidden.names, DUAL_MARKERS_KEY: (hidden.prefix, dual, mentioned)}
    active = list(range(len(entries)))
    left_out: list[tuple[str, Kept]] = []
    while True:
        result = _run_all(hidden.text, [entries[i] for i in active], [codemods[i] for i in active], shared)
        restored, region = hidden.restore(result.text)
        if restored is not None:
            break
        culprit = active[-1]
        for count in range(1, len(active)):
            prefix = active[:count]
            trial = _run_all(hidden.text, [entries[i] for i in prefix], [codemods[i] for i in prefix], shared)
            failed, failed_region = hidden.restore(trial.text)
            if failed is None:
                culprit, region = prefix[-1], failed_region
                break
        left_out.append((entries[culprit].code, region))
        active.remove(culprit)
    result.text = restored
    result.diagnostics = [d.__class__(hidden.original_line(d.line), d.col, d.code, d.message) for d in result.diagnostics]
    for code, region in left_out:
        if region.kind == "comment":
            message = f"not applied to this file: it would move or change what `{region.comment}` here keeps"
        else:
            message = f"not applied to this file: it would move or change {region.comment}, dual-version code left as it is"
        result.diagnostics.append(Diagnostic(region.comment_line, region.comment_col, code, message))
    return result


def _run_masked(text: str, entries: Sequence, codemods: list, shared: dict) -> StageResult | None:
    """The stage on the statements the codemods concern only (masking.py), or None when
    some codemod needs the whole module or masking hides nothing."""
    words: set[str] = set()
    names: set[str] = set()
    for entry in entries:
        relevant = entry.gate.relevant_words(text)
        if relevant is None:
            return None
        words |= relevant[0]
        names |= relevant[1]
    masked = mask(text, words, names)
    if masked is None:
        return None
    try:
        hidden_names = masked.hidden_names | shared.get(HIDDEN_NAMES_KEY, set())
        result = _parse_and_apply(masked.text, codemods, {**shared, HIDDEN_NAMES_KEY: hidden_names})
    except SourceError:
        return None  # the unmasked run reports it at the right line
    restored = text if result.text == masked.text else masked.restore(result.text)
    if restored is None:
        return None
    result.text = restored
    result.diagnostics = [d.__class__(masked.original_line(d.line), d.col, d.code, d.message) for d in result.diagnostics]
    return result


def _parse_and_apply(text: str, codemods: list, shared: dict) -> StageResult:
    try:
        module = libcst.parse_module(text)
    except libcst.ParserSyntaxError as exc:
        raise SourceError(exc.raw_line, exc.raw_column + 1, f"libcst cannot parse this: {exc.message}") from None
    except RecursionError:
        raise SourceError(1, 1, "too deeply nested for libcst, which the thread codemods need") from None
    try:
        return _apply(module, codemods, text, shared)
    except RecursionError:
        raise SourceError(1, 1, "too deeply nested for libcst, which the thread codemods need") from None


THREAD_MODULE_API = "TM206"  # whose docs promise that no `thread` import is left


def _apply(module, codemods: list, text: str, shared: dict) -> StageResult:
    result = StageResult(text)
    first = module
    needed: set[str] = set()
    for codemod in codemods:
        context = ThreadContext(scratch={**shared, DEFER_IMPORTS_KEY: True, NEEDED_KEY: set(needed)})
        transformed = codemod(context).transform_module(module)
        needed |= context.scratch[NEEDED_KEY]
        pending = context.scratch.get(PENDING_KEY)
        if pending:
            result.diagnostics.extend(_locate(module, pending, None if module is first else text))
        counts = context.scratch.get(APPLIED_KEY)
        if counts:
            result.applied.update(counts)
        module = transformed
    if module is not first:
        context = ThreadContext(scratch={NEEDED_KEY: needed})
        module = add_top_imports(fix_imports(module, context), context)
        result.text = module.code
    elif any(getattr(c, "CODE", "") == THREAD_MODULE_API for c in codemods) and imports_thread_module(module.body):
        # No codemod had a use of thread to rewrite; Python 3 cannot import it all the same.
        renamed = rename_thread_imports(module)
        if renamed.code != text:
            result.text = renamed.code
            result.applied[THREAD_MODULE_API] += 1
    return result


def _locate(module, pending, original_text: str | None) -> list[Diagnostic]:
    """Diagnostics for nodes of `module`, at lines of the stage's input text."""
    starts, module_code = node_starts(module, [node for node, _code, _message in pending])
    to_original = line_mapper(module_code, original_text) if original_text is not None else (lambda line: line)
    return [
        Diagnostic(to_original(starts[id(node)][0]), starts[id(node)][1] + 1, code, message)
        for node, code, message in pending
        if id(node) in starts
    ]


def line_mapper(new_text: str, old_text: str) -> Callable[[int], int]:
    """A function from line numbers of new_text to the lines of old_text they came from."""
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
