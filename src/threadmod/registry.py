"""Every transform threadmod has, in the order they run, selectable by code or name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from threadmod.codemods.backticks import Backticks
from threadmod.codemods.base import TransformInfo
from threadmod.codemods.except_comma import ExceptComma
from threadmod.codemods.join_threads import JoinThreads
from threadmod.codemods.lock_with import LockWith
from threadmod.codemods.exec_statement import ExecStatement
from threadmod.codemods.exec_strings import ExecStrings
from threadmod.codemods.not_equal import NotEqual
from threadmod.codemods.number_literals import NumberLiterals
from threadmod.codemods.print_statement import PrintStatement
from threadmod.codemods.python2_leftovers import Python2Leftovers
from threadmod.codemods.queue_module import QueueModule
from threadmod.codemods.raise_comma import RaiseComma
from threadmod.codemods.start_new_thread import StartNewThread
from threadmod.codemods.string_literals import StringLiterals
from threadmod.codemods.thread_base import ThreadCodemod
from threadmod.codemods.thread_exit import ThreadExit
from threadmod.codemods.thread_locks import ThreadLocks
from threadmod.codemods.thread_module_api import ThreadModuleApi
from threadmod.codemods.threading_camelcase import ThreadingCamelCase
from threadmod.codemods.tab_indentation import TabIndentation
from threadmod.codemods.tuple_parameters import TupleParameters
from threadmod.codemods.unicode_builtins import UnicodeBuiltins
from threadmod.frontend.context import SyntaxTransform

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
    Python2Leftovers,
)

# Thread codemods, in the order they run: each sees the previous one's output.
THREAD_CODEMODS: tuple[type[ThreadCodemod], ...] = (
    ExecStrings,
    LockWith,  # before ThreadLocks: acquire_lock() marks its receiver as a lock
    ThreadLocks,
    StartNewThread,
    ThreadExit,
    ThreadModuleApi,
    ThreadingCamelCase,
    QueueModule,
    JoinThreads,  # after StartNewThread: it joins the threads that one names
)

ALL_TRANSFORMS: tuple[type[TransformInfo], ...] = SYNTAX_TRANSFORMS + THREAD_CODEMODS


class UnknownTransform(ValueError):
    pass


def lookup(key: str) -> type[TransformInfo]:
    """A transform by its code (TM101, case-insensitive) or its name (print-statement)."""
    wanted = key.strip().lower()
    for transform in ALL_TRANSFORMS:
        if transform.CODE.lower() == wanted or transform.NAME == wanted:
            return transform
    raise UnknownTransform(f"no transform is called {key!r}; `threadmod list` shows them all")


def select_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes enabled by --select (default: all) minus --ignore.

    A prefix such as TM1 selects every code that starts with it.
    """

    def expand(keys: Iterable[str]) -> set[str]:
        codes: set[str] = set()
        for key in keys:
            matches = {t.CODE for t in ALL_TRANSFORMS if t.CODE.lower().startswith(key.strip().lower())}
            if key.strip().lower().startswith("tm") and matches:
                codes |= matches
            else:
                codes.add(lookup(key).CODE)
        return codes

    selected = expand(select) if select else {t.CODE for t in ALL_TRANSFORMS}
    return frozenset(selected - expand(ignore))


def enabled(codes: frozenset[str], transforms: Sequence[type[TransformInfo]]) -> list[type[TransformInfo]]:
    return [t for t in transforms if t.CODE in codes]
