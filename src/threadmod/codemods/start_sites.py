"""Where a start stands against its join: joined by name, from a list, or not there.

TM202 (join_threads.py) places a join at the wait it replaces, or at the end of the main
block.  `anchor_of` compares where a start stands (its (block, index) pairs from the
scope's statements down to its own) with where the join goes: the deepest block holding
both, the statement there that is or holds the start (a list for it is made just before
that statement), and whether the start may not have run when the join runs.  That is
decided by where they stand, never by a condition's value: a branch, a loop, a `try` that
has handlers, a `with` whose managers are not all proven locks or conditions.  `own_list`
tells whether the program's own list the start is appended to can be joined from instead;
`list_joined_by` reads `for t in LIST: t.join()`, as TM202 writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from threadmod.codemods.nodes import only_statement
from threadmod.codemods.traversal import walk

if TYPE_CHECKING:
    from threadmod.codemods.base import ThreadCodemod
    from threadmod.codemods.join_threads import _Start


@dataclass(frozen=True)
class Anchor:
    """Where a start stands against the join that waits for it."""

    statement: cst.BaseStatement  # in the deepest block holding both: the start's, or the one holding it
    conditional: bool  # the start may not have run when the join runs: join it from a list
    before: tuple[cst.BaseStatement, ...]  # what runs before `statement` on every path to it, in the scope


def anchor_of(codemod: ThreadCodemod, start: _Start) -> Anchor | None:
    """How a start stands against a join planned now (join_threads' `_Scope.join_site`), from
    where each is: the deepest block holding both, the statement there that is or holds the
    start, and whether the start may not have run when the join runs: a statement between
    them may skip it (`_may_skip`), or the join lies in another block of that statement (the
    `else` of the start's `if`, the handler of its `try`).  None when the start comes after
    the join."""
    start_site = start.site
    join_site = start.scope.join_site() if start.scope is not None else ()
    if not start_site or not join_site:
        return None  # not placed by a walk (never so today): nothing proves it started
    depth = 0
    while (
        depth + 1 < len(start_site)
        and depth + 1 < len(join_site)
        and start_site[depth][1] == join_site[depth][1]
        and start_site[depth + 1][0] is join_site[depth + 1][0]
    ):
        depth += 1
    start_index, join_index = start_site[depth][1], join_site[depth][1]
    if start_index > join_index:
        return None
    conditional = start_index == join_index or any(
        _may_skip(codemod, outer[index], inner) for (outer, index), (inner, _) in zip(start_site[depth:], start_site[depth + 1 :])
    )
    # No statement can go between an `if` and its `elif`: the list goes before the `if`.
    while depth > 0 and _is_elif(start_site[depth - 1], start_site[depth]):
        depth -= 1
    block, index = start_site[depth]
    before = tuple(statement for outer, position in start_site[: depth + 1] for statement in outer[:position])
    return Anchor(block[index], conditional, before)


def _may_skip(codemod: ThreadCodemod, statement, block) -> bool:
    """Whether the code after a compound statement may run when its child `block` did not run
    to its end: a branch of an `if`, a loop's body or `else`, a `try`'s body, handlers or `else`
    when it has handlers (one may have caught what was raised before the start), a `with` body
    unless every manager is a proven lock or condition (their exit swallows no exception).  A
    `finally`, and the body of a `try` that has only a `finally` that does not jump, ran whole."""
    if isinstance(statement, (cst.Try, cst.TryStar)):
        final = statement.finalbody
        if final is not None and isinstance(final.body, cst.IndentedBlock) and block is final.body.body:
            return False
        return bool(statement.handlers) or (final is not None and _jumps(final))
    if isinstance(statement, cst.With):
        return not all(codemod.kind_of(item.item) in ("lock", "condition") for item in statement.items)
    return True


def _jumps(node) -> bool:
    """Whether a block holds a `return`, `break` or `continue`: in a `finally`, one swallows the exception."""
    collector = _Jumps()
    walk(node, collector)
    return collector.found


class _Jumps(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Return(self, node) -> None:
        self.found = True

    def visit_Break(self, node) -> None:
        self.found = True

    def visit_Continue(self, node) -> None:
        self.found = True


def _is_elif(outer_site, inner_site) -> bool:
    outer = outer_site[0][outer_site[1]]
    return isinstance(outer, cst.If) and outer.orelse is inner_site[0][inner_site[1]]


def own_list(start: _Start, anchor: Anchor) -> bool:
    """Whether the program's list that a conditional start is appended to (join_threads'
    `_appended_to`) is bound, by a plain assignment, before the anchor on every path to it:
    then it exists where the join runs, and holds only threads that were started."""
    name = start.container
    return name is not None and any(
        isinstance(small, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets)
        for statement in anchor.before
        if isinstance(statement, cst.SimpleStatementLine)
        for small in statement.body
    )


def list_joined_by(statement) -> str | None:
    """LIST of `for t in LIST: t.join()`, else None."""
    if not (isinstance(statement, cst.For) and isinstance(statement.iter, cst.Name) and isinstance(statement.target, cst.Name)):
        return None
    inner = only_statement(statement.body)
    if statement.orelse is not None or not (isinstance(inner, cst.SimpleStatementLine) and len(inner.body) == 1):
        return None
    call = inner.body[0].value if isinstance(inner.body[0], cst.Expr) else None
    if (
        isinstance(call, cst.Call)
        and not call.args
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "join"
        and isinstance(call.func.value, cst.Name)
        and call.func.value.value == statement.target.value
    ):
        return statement.iter.value
    return None
