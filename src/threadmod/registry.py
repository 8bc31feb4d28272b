"""Every transform threadmod has, in the order they run, selectable by code or name."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import importlib

from threadmod.codemods.gates import THREAD_CODEMOD_SPECS
from threadmod.syntax.backticks import Backticks
from threadmod.transform import TransformInfo
from threadmod.syntax.comprehension_tuple import ComprehensionTuple
from threadmod.syntax.except_comma import ExceptComma
from threadmod.syntax.exec_statement import ExecStatement
from threadmod.syntax.not_equal import NotEqual
from threadmod.syntax.number_literals import NumberLiterals
from threadmod.syntax.print_statement import PrintStatement
from threadmod.syntax.python2_leftovers import Python2Leftovers
from threadmod.syntax.raise_comma import RaiseComma
from threadmod.syntax.string_literals import StringLiterals
from threadmod.syntax.tab_indentation import TabIndentation
from threadmod.syntax.tuple_parameters import TupleParameters
from threadmod.syntax.unicode_builtins import UnicodeBuiltins
from threadmod.syntax.context import SyntaxTransform

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
    Python2Leftovers,
)

ALL_CODES = frozenset(t.CODE for t in SYNTAX_TRANSFORMS) | {s.code for s in THREAD_CODEMOD_SPECS}


def load_codemod(spec) -> type:
    """A thread codemod's class; importing it imports libcst, so only when it is needed."""
    module, _, name = spec.location.partition(":")
    return getattr(importlib.import_module(module), name)


def __getattr__(name: str):
    # THREAD_CODEMODS and ALL_TRANSFORMS import libcst: built on first use (PEP 562).
    if name == "THREAD_CODEMODS":
        return tuple(load_codemod(spec) for spec in THREAD_CODEMOD_SPECS)
    if name == "ALL_TRANSFORMS":
        return SYNTAX_TRANSFORMS + __getattr__("THREAD_CODEMODS")
    raise AttributeError(name)


class UnknownTransform(ValueError):
    pass


def lookup(key: str) -> type[TransformInfo]:
    """A transform by its code (TM101, case-insensitive) or its name (print-statement)."""
    wanted = key.strip().lower()
    for transform in __getattr__("ALL_TRANSFORMS"):
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
            matches = {code for code in ALL_CODES if code.lower().startswith(key.strip().lower())}
            if key.strip().lower().startswith("tm") and matches:
                codes |= matches
            else:
                codes.add(lookup(key).CODE)
        return codes

    selected = expand(select) if select else set(ALL_CODES)
    return frozenset(selected - expand(ignore))


def enabled(codes: frozenset[str], transforms: Sequence[type[TransformInfo]]) -> list[type[TransformInfo]]:
    return [t for t in transforms if t.CODE in codes]
