"""Which files, and which statements, each thread codemod can concern, without libcst.

Substring tests, then regexes (and for TM202 a look at the tokens), cheap enough to run
on every file, decide which thread codemods run at all, so libcst (0.1 s to import, ten
times slower than the front end to run) only sees files that need it.  `local_words` and
`relevant_words` say which top-level statements a statement-local codemod needs to see
(masking.py hides the others).  The codemod classes take their HINT from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A module that imports the thread module (or 2to3's _thread) in any style.
THREAD_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t][^\r\n#]*\b_?thread\b|from[ \t]+_?thread[ \t]+import\b)", re.MULTILINE
)


def imports_thread(text: str) -> bool:
    return "thread" in text and THREAD_IMPORT.search(text) is not None


@dataclass(frozen=True)
class CodemodSpec:
    code: str
    name: str
    location: str  # module:Class
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

    def relevant_words(self, text: str) -> tuple[set[str], set[str]] | None:
        """What a top-level statement must mention to concern this codemod: (substrings,
        whole names), or None when it needs the whole module."""
        if self.local_words is None:
            return None
        names = {name for pattern in self.local_names for name in pattern.findall(text)}
        return set(self.local_words), names

    def applies(self, text: str) -> bool:
        if not any(word in text for word in self.words):
            return False
        if self.needs_thread_import and not imports_thread(text):
            return False
        if self.code == "TM209":
            return _exec_of_literal(text)
        if not self.hint.search(text):
            return False
        if self.code == "TM202":
            return _join_threads_may_act(text)
        return True


_STARTED_NAME = re.compile(r"(?<![.\w])(\w+)\s*\.\s*start\s*\(")
_THREAD_TARGET = re.compile(r"(?:\btarget\s*=\s*|\bstart_new(?:_thread)?\s*\(\s*)(\w+)")
_CODE_ARGUMENT_NAME = re.compile(r"(?<![.\w])(?:exec|compile)\s*\(\s*(\w+)")
_EXEC_OF_NAME = re.compile(r"(?<![.\w])exec\s*\(\s*(\w+)\s*[,)]")


def _join_threads_may_act(text: str) -> bool:
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


def _exec_of_literal(text: str) -> bool:
    """exec or compile(..., "exec") of a string literal, or of a name assigned one."""
    if SPECS_BY_CODE["TM209"].hint.search(text):
        return True
    for name in set(_EXEC_OF_NAME.findall(text)):
        if re.search(rf"^[ \t]*{re.escape(name)}\s*=\s*[rRuUbB]*['\"]", text, re.MULTILINE):
            return True
    return False


_CAMELCASE_NAMES = (
    "isAlive", "isSet", "notifyAll", "getName", "setName", "isDaemon", "setDaemon", "currentThread",
    "activeCount", "_Timer", "_Event", "_Condition", "_Semaphore", "_BoundedSemaphore", "_RLock",
)

# In the order they run: each codemod sees the previous one's output.
THREAD_CODEMOD_SPECS: tuple[CodemodSpec, ...] = (
    CodemodSpec(
        "TM209", "exec-strings", "threadmod.codemods.exec_strings:ExecStrings",
        # exec("...") and compile(..., "exec") but not re.compile(; exec(NAME) in applies()
        re.compile(r"(?<![.\w])(?:exec\s*\(\s*[rRuU]?['\"]|compile\s*\([^)]*['\"]exec['\"])"),
        ("exec",),
        local_words=("exec", "compile"),
        local_names=(_CODE_ARGUMENT_NAME,),  # exec(CODE): the statements binding CODE
    ),
    # Before TM203: acquire_lock() marks its receiver as a lock.
    CodemodSpec(
        "TM204", "lock-with", "threadmod.codemods.lock_with:LockWith",
        re.compile(r"\.(?:acquire|release)(?:_lock)?\s*\("),
        ("acquire", "release"),
        # acquire/release pairs, the statements that make locks (its factories, `_lock`
        # calls) and the threads started with one, whose functions' parameters may be locks.
        local_words=("acquire", "release", "Lock", "Semaphore", "Condition", "allocate", "_lock", "start_new", "Thread"),
        local_names=(_THREAD_TARGET,),
    ),
    CodemodSpec(
        "TM203", "thread-locks", "threadmod.codemods.thread_locks:ThreadLocks",
        re.compile(r"\b(?:allocate(?:_lock)?|(?:acquire|release|locked)_lock)\b"),
        ("allocate", "_lock"),
        local_words=("allocate", "_lock"),
    ),
    CodemodSpec("TM201", "start-new-thread", "threadmod.codemods.start_new_thread:StartNewThread", re.compile(r"\bstart_new(?:_thread)?\b"), ("start_new",)),
    CodemodSpec("TM205", "thread-exit", "threadmod.codemods.thread_exit:ThreadExit", re.compile(r"\bexit(?:_thread)?\s*\("), ("exit",), True),
    CodemodSpec("TM206", "thread-module-api", "threadmod.codemods.thread_module_api:ThreadModuleApi", re.compile(r"\b_?thread\b"), ("thread",), True, local_words=("thread",)),
    CodemodSpec(
        "TM207", "threading-camelcase", "threadmod.codemods.threading_camelcase:ThreadingCamelCase",
        re.compile(rf"\b(?:{'|'.join(_CAMELCASE_NAMES)})\b"),
        _CAMELCASE_NAMES,
        local_words=_CAMELCASE_NAMES,
    ),
    CodemodSpec(
        "TM208", "queue-module", "threadmod.codemods.queue_module:QueueModule",
        re.compile(r"^[ \t]*(?:import[ \t][^\r\n#]*\bQueue\b|from[ \t]+Queue[ \t]+import\b)", re.MULTILINE),
        ("Queue",),
        local_words=("Queue", "queue"),
    ),
    # After TM201: it joins the threads that one names.
    CodemodSpec(
        "TM202", "join-threads", "threadmod.codemods.join_threads:JoinThreads",
        re.compile(r"\b(?:start_new(?:_thread)?|Thread)\s*\("),
        ("start_new", "Thread"),
        # Starts, waits (loops, sleeps, polls of active_count), joins, daemons, the main
        # block; a thread's function (its last statement) and a started thread's name (where
        # it is appended, joined, made a daemon).  Fresh names avoid the hidden statements'
        # names too (masking.py gives them).
        local_words=(
            "start", "Thread", "while", "sleep", "join", "__name__", "active_count", "activeCount",
            "aemon", "Event", "enumerate",
        ),
        local_names=(_THREAD_TARGET, _STARTED_NAME),
    ),
)
SPECS_BY_CODE = {spec.code: spec for spec in THREAD_CODEMOD_SPECS}
