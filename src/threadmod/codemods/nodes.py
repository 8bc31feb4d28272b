"""Small questions about libcst nodes that several thread codemods ask.

What a node's code is, which statement lists a compound statement holds, a block's one
statement, whether a loop is written to run forever, and a visitor that stays inside one
function's code.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst


def code_of(node: cst.CSTNode) -> str:
    """Source text of an expression node, for comparing receivers such as `self.lock`."""
    return cst.Module(body=[]).code_for_node(node)


def child_blocks(statement: cst.CSTNode, elif_as_statement: bool = False) -> Iterator[Sequence[cst.BaseStatement]]:
    """The statement lists directly inside a compound statement, in source order: its body,
    except handlers, else, finally.  An `elif` gives its own blocks, or itself as a
    one-statement block with `elif_as_statement` (for a walk that treats it as the nested
    `if` it is).  A body on the header's line (`if x: pass`) is no list of statements."""
    body = getattr(statement, "body", None)
    if isinstance(body, cst.IndentedBlock):
        yield body.body
    for handler in getattr(statement, "handlers", ()):
        if isinstance(handler.body, cst.IndentedBlock):
            yield handler.body.body
    orelse = getattr(statement, "orelse", None)
    if isinstance(orelse, cst.If):
        if elif_as_statement:
            yield [orelse]
        else:
            yield from child_blocks(orelse)
    elif orelse is not None and isinstance(orelse.body, cst.IndentedBlock):
        yield orelse.body.body
    final = getattr(statement, "finalbody", None)
    if final is not None and isinstance(final.body, cst.IndentedBlock):
        yield final.body.body


def only_statement(body):
    """The one statement of a block (indented, or on the header's line), else None."""
    statements = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)) else ()
    return statements[0] if len(statements) == 1 else None


def is_endless_loop(node: cst.CSTNode) -> bool:
    """`while True:` or `while 1:` (any non-zero integer): a loop only a jump leaves."""
    if not isinstance(node, cst.While):
        return False
    test = node.test
    if isinstance(test, cst.Name):
        return test.value == "True"
    if isinstance(test, cst.Integer):
        return test.value not in ("0", "00")
    return False


class FlowVisitor(cst.CSTVisitor):
    """Walks one function's own code, counting the loops around each node.

    Nested functions, classes and lambdas are other code: not entered.  `loops` is how
    many for/while loops enclose the current node inside the walked statements, so a
    `break` or `continue` with `loops == 0` leaves the walked code.
    """

    def __init__(self) -> None:
        self.loops = 0

    def visit_FunctionDef(self, node) -> bool:
        return False

    def visit_ClassDef(self, node) -> bool:
        return False

    def visit_Lambda(self, node) -> bool:
        return False

    def visit_For(self, node) -> None:
        self.loops += 1

    def leave_For(self, node) -> None:
        self.loops -= 1

    def visit_While(self, node) -> None:
        self.loops += 1

    def leave_While(self, node) -> None:
        self.loops -= 1
