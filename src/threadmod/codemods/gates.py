"""Gates: which files, and which statements, a thread codemod can concern, told without libcst.

Substring tests, then a regex, then for some codemods a closer look (`confirm`), cheap
enough to run on every file, decide which thread codemods run at all, so libcst (0.1 s
to import, ten times slower than the front end to run) only sees files that need it.
`local_words` and `relevant_words` say which top-level statements a statement-local
codemod needs to see (masking.py hides the others).  Each codemod's gate is written in
its entry of registry.THREAD_CODEMODS; this module has the machinery and the confirms.
This module never imports libcst.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# A module that imports the thread module (or 2to3's _thread) in any style.
THREAD_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t][^\r\n#]*\b_?thread\b|from[ \t]+_?thread[ \t]+import\b)", re.MULTILINE
)


def imports_thread(text: str) -> bool:
    return "thread" in text and THREAD_IMPORT.search(text) is not None


@dataclass(frozen=True)
class Gate:
    hint: re.Pattern
    # One of these substrings is in every text the hint matches: `in` tests them twenty
    # times faster than a regex that starts with `\b` scans (tests/test_applicability.py).
    words: tuple[str, ...]
    needs_thread_import: bool = False
    # For a codemod that reads and rewrites only statements mentioning one of these (and
    # the imports): the rest of the module may be hidden from it (masking.py).  None: it
    # needs the whole module (thread targets, lock variables, the main thread's flow).
    local_words: tuple[str, ...] | None = None
    # Regexes whose first group, wherever they match the text, is a name whose statements
    # count too (matched as a whole name): exec(CODE), a thread's function...
    local_names: tuple[re.Pattern, ...] = ()
    # A closer look once the hint matched: False means the codemod would change nothing.
    confirm: Callable[[str], bool] | None = None
    # Where this matches the text, the codemod needs the whole module after all (TM207: a
    # method's receiver is proven a Thread by statements that mention none of its words).
    needs_whole: re.Pattern | None = None

    def relevant_words(self, text: str) -> tuple[set[str], set[str]] | None:
        """What a top-level statement must mention to concern this codemod: (substrings,
        whole names), or None when it needs the whole module."""
        if self.local_words is None or (self.needs_whole is not None and self.needs_whole.search(text)):
            return None
        names = {name for pattern in self.local_names for name in pattern.findall(text)}
        return set(self.local_words), names

    def applies(self, text: str) -> bool:
        if not any(word in text for word in self.words):
            return False
        if self.needs_thread_import and not imports_thread(text):
            return False
        if not self.hint.search(text):
            return False
        return self.confirm is None or self.confirm(text)


STARTED_NAME = re.compile(r"(?<![.\w])(\w+)\s*\.\s*start\s*\(")
# A list appended to in the statement after a start (blank and comment lines between): TM202
# joins a conditional start from it when a statement before the start's binds it.
APPENDED_AFTER_START = re.compile(
    r"\.[ \t]*start[ \t]*\([ \t]*\)[^\r\n]*"  # the start's line
    r"(?:\r?\n[ \t]*(?:#[^\r\n]*)?)*"  # blank and comment lines
    r"\r?\n[ \t]*(\w+)[ \t]*\.[ \t]*append\b"
)
THREAD_TARGET = re.compile(r"(?:\btarget\s*=\s*|\bstart_new(?:_thread)?\s*\(\s*)(\w+)")
CODE_ARGUMENT_NAME = re.compile(r"(?<![.\w])(?:exec|compile)\s*\(\s*(\w+)")
_EXEC_OF_NAME = re.compile(r"(?<![.\w])exec\s*\(\s*(\w+)\s*[,)]")


def join_threads_may_act(text: str) -> bool:
    """Whether TM202 could change anything: it acts only after a `NAME.start()` (which TM201
    writes for each `start_new_thread`) or on a `while` loop whose body is pass or sleep
    calls.  Tokens tell (a thousandth of a second for a module that libcst parses in a
    tenth: pydoc.py starts threads but never waits)."""
    if "start_new" in text:
        return True
    from threadmod.errors import SourceError
    from threadmod.syntax.statements import split_statements
    from threadmod.syntax.tokens import NAME, tokenize

    try:
        stream = tokenize(text)
    except SourceError:
        return True
    kinds = stream.kinds
    for index in range(len(kinds) - 3):
        if kinds[index + 2] == NAME and stream.tok(index + 2) == "start" and stream.is_op(index + 1, "."):
            if kinds[index] == NAME and stream.is_op(index + 3, "("):
                return True
    statements = split_statements(stream)
    for position, statement in enumerate(statements[:-1]):
        if statement.header and stream.is_name(statement.first, "while"):
            body = statements[position + 1]
            first = stream.tok(body.first)
            if first == "pass" and kinds[body.first] == NAME:
                return True
            # Any `sleep(` in that first statement, even in brackets: `(time.sleep(1))` is one too.
            for index in range(body.first, body.end):
                if kinds[index] == NAME and stream.tok(index) == "sleep" and stream.is_op(index + 1, "("):
                    return True
    return False


# exec("...") and compile(..., "exec") but not re.compile(
EXEC_OF_LITERAL = re.compile(r"(?<![.\w])(?:exec\s*\(\s*[rRuU]?['\"]|compile\s*\([^)]*['\"]exec['\"])")


def exec_of_literal(text: str) -> bool:
    """exec or compile(..., "exec") of a string literal, or of a name assigned one."""
    if EXEC_OF_LITERAL.search(text):
        return True
    for name in set(_EXEC_OF_NAME.findall(text)):
        if re.search(rf"^[ \t]*{re.escape(name)}\s*=\s*[rRuUbB]*['\"]", text, re.MULTILINE):
            return True
    return False
