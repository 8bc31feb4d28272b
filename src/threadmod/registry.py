"""Every transform threadmod has, in the order they run, selectable by code or name.

Two stages.  The syntax transforms (TM1xx, TM301) read Python 2 tokens and yield edits;
their classes are cheap to import and carry their own docs and examples.  The thread
codemods (TM2xx) are libcst transformers run one after the other, each on the previous
one's output; their classes import libcst, so this table holds what must be known
without it: where each class lives, the gate that decides which files (and which
statements) it sees, and which codemods it must follow, and why.  The order of the table
is the run order; `tests/test_registry.py` checks that it honours every `after`.  The
`after` pairs are every order the tests' programs depend on (found by moving each codemod
just before and just after each other one and comparing the outputs).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from threadmod.codemods.gates import (
    APPENDED_AFTER_START,
    CODE_ARGUMENT_NAME,
    STARTED_NAME,
    THREAD_TARGET,
    Gate,
    exec_of_literal,
    join_threads_may_act,
)
from threadmod.syntax.backticks import Backticks
# Beyond 2to3 (the "beyond" group): what 2to3 left, on which real programs crash.
from threadmod.syntax.cmp_builtin import CmpBuiltin
from threadmod.syntax.exception_message import ExceptionMessage
from threadmod.syntax.file_builtin import FileBuiltin
from threadmod.syntax.integer_division import IntegerDivision
from threadmod.syntax.open_universal_mode import OpenUniversalMode
from threadmod.syntax.removed_aliases import RemovedAliases
from threadmod.syntax.sort_cmp import SortCmp
from threadmod.syntax.string_functions import StringFunctions
from threadmod.syntax.time_clock import TimeClock
# End of the beyond group's imports.
from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.comprehension_tuple import ComprehensionTuple
from threadmod.syntax.except_comma import ExceptComma
from threadmod.syntax.identity_literal import IdentityLiteral
from threadmod.syntax.relative_imports import RelativeImports
from threadmod.syntax.check_interval import CheckInterval
from threadmod.syntax.socket_text import SocketText
from threadmod.syntax.exec_statement import ExecStatement
# Renamed and reorganised modules (TM113-TM115)
from threadmod.syntax.itertools_functions import ItertoolsFunctions
from threadmod.syntax.module_renames import ModuleRenames
from threadmod.syntax.urllib_modules import UrllibModules
# end of the module transforms' imports
# Methods and protocols (TM140-TM152)
from threadmod.syntax.has_key import HasKey
from threadmod.syntax.next_method import NextMethod
from threadmod.syntax.dict_methods import DictMethods
from threadmod.syntax.map_builtin import MapBuiltin
from threadmod.syntax.filter_builtin import FilterBuiltin
from threadmod.syntax.zip_builtin import ZipBuiltin
from threadmod.syntax.nonzero_method import NonzeroMethod
from threadmod.syntax.metaclass import Metaclass
from threadmod.syntax.attribute_renames import FunctionAttributes, MethodAttributes
from threadmod.syntax.xreadlines import Xreadlines
from threadmod.syntax.throw_method import ThrowMethod
from threadmod.syntax.unittest_asserts import UnittestAsserts
# end of methods and protocols
from threadmod.syntax.not_equal import NotEqual
from threadmod.syntax.number_literals import NumberLiterals
from threadmod.syntax.print_statement import PrintStatement
from threadmod.syntax.python2_leftovers import Python2Leftovers
from threadmod.syntax.raise_comma import RaiseComma
from threadmod.syntax.string_literals import StringLiterals
from threadmod.syntax.tab_indentation import TabIndentation
from threadmod.syntax.tuple_parameters import TupleParameters
from threadmod.syntax.unicode_builtins import UnicodeBuiltins

# Builtins and module-level idioms (TM120-TM138).
from threadmod.syntax.apply_builtin import ApplyBuiltin
from threadmod.syntax.basestring import Basestring
from threadmod.syntax.execfile import Execfile
from threadmod.syntax.exitfunc import Exitfunc
from threadmod.syntax.getcwdu import Getcwdu
from threadmod.syntax.input_eval import InputEval
from threadmod.syntax.intern import Intern
from threadmod.syntax.isinstance_duplicates import IsinstanceDuplicates
from threadmod.syntax.long_builtin import LongBuiltin
from threadmod.syntax.operator_functions import OperatorFunctions
from threadmod.syntax.range_list import RangeList
from threadmod.syntax.raw_input import RawInput
from threadmod.syntax.reduce_builtin import ReduceBuiltin
from threadmod.syntax.reload_builtin import ReloadBuiltin
from threadmod.syntax.standard_error import StandardErrorBuiltin
from threadmod.syntax.sys_exc import SysExc
from threadmod.syntax.sys_maxint import SysMaxint
from threadmod.syntax.types_constants import TypesConstants
from threadmod.syntax.xrange import Xrange
from threadmod.transform import TransformInfo

# Each yields edits on the same tokens; Python2Leftovers (TM301) only diagnoses.
SYNTAX_TRANSFORMS: tuple[type[SyntaxTransform], ...] = (
    PrintStatement,
    ExceptComma,
    RaiseComma,
    Backticks,
    NotEqual,
    NumberLiterals,
    StringLiterals,
    ExecStatement,
    TupleParameters,
    TabIndentation,
    UnicodeBuiltins,
    ComprehensionTuple,
    IdentityLiteral,
    RelativeImports,
    CheckInterval,
    SocketText,
    # Renamed and reorganised modules: 2to3's imports, imports2, urllib, itertools(_imports)
    ModuleRenames,
    UrllibModules,
    ItertoolsFunctions,
    # end of the module transforms
    # Builtins and module-level idioms (2to3's fixers of the same names).
    RawInput,
    InputEval,
    Xrange,
    RangeList,
    LongBuiltin,
    Basestring,
    StandardErrorBuiltin,
    ApplyBuiltin,
    Execfile,
    Intern,
    ReduceBuiltin,
    ReloadBuiltin,
    Getcwdu,
    SysMaxint,
    SysExc,
    Exitfunc,
    OperatorFunctions,
    TypesConstants,
    IsinstanceDuplicates,
    # end of builtins and module-level idioms
    # Methods and protocols (TM140-TM152): has_key first (it moves its argument before the
    # receiver, an outer wrapper of a `next(` the next transform puts there), next before dict
    # (`d.itervalues().next()` is `next(iter(d.values()))`).
    HasKey,
    NextMethod,
    DictMethods,
    MapBuiltin,
    FilterBuiltin,
    ZipBuiltin,
    NonzeroMethod,
    Metaclass,
    FunctionAttributes,
    MethodAttributes,
    Xreadlines,
    ThrowMethod,
    UnittestAsserts,
    # end of methods and protocols
    # Beyond 2to3 (the "beyond" group, TM160-TM179): crashes 2to3 left in.
    TimeClock,
    StringFunctions,
    CmpBuiltin,
    SortCmp,
    FileBuiltin,
    IntegerDivision,
    ExceptionMessage,
    OpenUniversalMode,
    RemovedAliases,
    # End of the beyond group.
    Python2Leftovers,
)


@dataclass(frozen=True)
class ThreadCodemodEntry:
    code: str
    location: str  # "module:Class"
    gate: Gate
    # Codemods that must run before this one: code -> why.
    after: Mapping[str, str] = field(default_factory=dict)

    def load(self) -> type:
        """The codemod class; importing it imports libcst, so only when it is needed."""
        module, _, name = self.location.partition(":")
        return getattr(importlib.import_module(module), name)


_CAMELCASE_NAMES = (
    "isAlive", "isSet", "notifyAll", "getName", "setName", "isDaemon", "setDaemon", "currentThread",
    "activeCount", "_Timer", "_Event", "_Condition", "_Semaphore", "_BoundedSemaphore", "_RLock",
)

THREAD_CODEMODS: tuple[ThreadCodemodEntry, ...] = (
    ThreadCodemodEntry(
        "TM209", "threadmod.codemods.exec_strings:ExecStrings",
        Gate(
            # exec("...") and compile(..., "exec") but not re.compile(; exec(NAME) too
            re.compile(r"(?<![.\w])(?:exec\s*\(|compile\s*\([^)]*['\"]exec['\"])"),
            ("exec",),
            local_words=("exec", "compile"),
            local_names=(CODE_ARGUMENT_NAME,),  # exec(CODE): the statements binding CODE
            confirm=exec_of_literal,
        ),
    ),
    ThreadCodemodEntry(
        "TM204", "threadmod.codemods.lock_with:LockWith",
        Gate(
            re.compile(r"\.(?:acquire|release)(?:_lock)?\s*\("),
            ("acquire", "release"),
            # acquire/release pairs, the statements that make locks (its factories, `_lock`
            # calls) and the threads started with one, whose functions' parameters may be locks;
            # a started name's statements prove it a Thread (no pair is made across a start).
            local_words=("acquire", "release", "Lock", "Semaphore", "Condition", "allocate", "_lock", "start_new", "Thread"),
            local_names=(THREAD_TARGET, STARTED_NAME),
        ),
    ),
    ThreadCodemodEntry(
        "TM203", "threadmod.codemods.thread_locks:ThreadLocks",
        Gate(
            re.compile(r"\b(?:allocate(?:_lock)?|(?:acquire|release|locked)_lock)\b"),
            ("allocate", "_lock"),
            # Its rewrites, and the statements that prove a receiver a lock (TM204's words).
            local_words=("allocate", "_lock", "Lock", "Semaphore", "Condition", "start_new", "Thread"),
            local_names=(THREAD_TARGET,),
        ),
    ),
    ThreadCodemodEntry(
        "TM201", "threadmod.codemods.start_new_thread:StartNewThread",
        Gate(re.compile(r"\bstart_new(?:_thread)?\b"), ("start_new",)),
    ),
    ThreadCodemodEntry(
        "TM205", "threadmod.codemods.thread_exit:ThreadExit",
        Gate(re.compile(r"\bexit(?:_thread)?\s*\("), ("exit",), needs_thread_import=True),
    ),
    ThreadCodemodEntry(
        "TM206", "threadmod.codemods.thread_module_api:ThreadModuleApi",
        Gate(re.compile(r"\b_?thread\b"), ("thread",), needs_thread_import=True, local_words=("thread",)),
        after={
            "TM201": "a start_new_thread TM201 has not made a Thread would stay a _thread call",
            "TM205": "TM205 makes exit_thread() in a thread function a return; TM206 would make it sys.exit()",
        },
    ),
    ThreadCodemodEntry(
        "TM207", "threadmod.codemods.threading_camelcase:ThreadingCamelCase",
        Gate(
            re.compile(rf"\b(?:{'|'.join(_CAMELCASE_NAMES)})\b"), _CAMELCASE_NAMES, local_words=_CAMELCASE_NAMES,
            # A method renamed only on a receiver proven a Thread, Event or Condition (model.py):
            # the statements that prove it may mention none of these words.
            needs_whole=re.compile(r"\.\s*(?:isAlive|isSet|notifyAll|getName|setName|isDaemon|setDaemon)\s*\("),
        ),
    ),
    ThreadCodemodEntry(
        "TM208", "threadmod.codemods.queue_module:QueueModule",
        Gate(
            re.compile(r"^[ \t]*(?:import[ \t][^\r\n#]*\bQueue\b|from[ \t]+Queue[ \t]+import\b)", re.MULTILINE),
            ("Queue",),
            local_words=("Queue", "queue"),
        ),
    ),
    ThreadCodemodEntry(
        "TM202", "threadmod.codemods.join_threads:JoinThreads",
        Gate(
            # `Thread(` makes a thread; `Thread)` ends the bases of a subclass of it.
            re.compile(r"\b(?:start_new(?:_thread)?|Thread)\s*[()]"),
            ("start_new", "Thread"),
            # Starts, waits (loops, sleeps, polls of active_count), joins, daemons, the main
            # block; a thread's function (its last statement), a started thread's name
            # (where it is appended, joined, made a daemon) and the list it is appended to
            # (where that list is bound).  Fresh names avoid the hidden statements' names too
            # (masking.py gives them).
            local_words=(
                "start", "Thread", "while", "sleep", "join", "__name__", "active_count", "activeCount",
                "aemon", "Event", "enumerate",
                # what may interrupt an endless wait (it then stays a loop)
                "interrupt_main", "signal",
            ),
            local_names=(THREAD_TARGET, STARTED_NAME, APPENDED_AFTER_START),
            confirm=join_threads_may_act,
        ),
        after={
            "TM201": "it joins the threads that TM201 starts and names",
            "TM205": "it reads a thread function's last statement, which TM205 may rewrite (exit() -> return)",
            "TM207": "it knows a daemon by `t.daemon = True`, which TM207 writes for setDaemon(True)",
        },
    ),
)
THREAD_CODEMODS_BY_CODE = {entry.code: entry for entry in THREAD_CODEMODS}

ALL_CODES = frozenset(t.CODE for t in SYNTAX_TRANSFORMS) | frozenset(THREAD_CODEMODS_BY_CODE)


def all_transforms() -> tuple[type[TransformInfo], ...]:
    """Every transform class in run order (imports libcst for the thread codemods)."""
    return SYNTAX_TRANSFORMS + tuple(entry.load() for entry in THREAD_CODEMODS)


class UnknownTransform(ValueError):
    pass


def lookup(key: str) -> type[TransformInfo]:
    """A transform by its code (TM101, case-insensitive) or its name (print-statement)."""
    wanted = key.strip().lower()
    for transform in all_transforms():
        if transform.CODE.lower() == wanted or transform.NAME == wanted:
            return transform
    raise UnknownTransform(f"no transform is called {key!r}; `threadmod list` shows them all")


def select_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes enabled by --select (default: all) minus --ignore.

    A prefix such as TM1 selects every code that starts with it.  On a Python 2 file the
    syntax transforms Python 3 needs to parse it (TM101-TM110, TM112: NEEDED_TO_PARSE) run whether
    these codes name them or not (syntax/stage.convert_python2), so `select_codes(["TM2"])`
    converts a Python 2 file's thread code and the syntax Python 3 needs to read it.
    """

    def expand(keys: Iterable[str]) -> set[str]:
        codes: set[str] = set()
        for key in keys:
            matches = {code for code in ALL_CODES if code.lower().startswith(key.strip().lower())}
            if key.strip().lower().startswith("tm") and matches:
                codes |= matches
            else:
                codes.add(lookup(key).CODE)
        return codes

    selected = expand(select) if select else set(ALL_CODES)
    return frozenset(selected - expand(ignore))
