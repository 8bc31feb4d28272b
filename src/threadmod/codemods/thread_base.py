"""What the thread codemods share: the libcst command base, name resolution, diagnostics.

Each thread codemod is a libcst `VisitorBasedCodemodCommand`, so
`python -m libcst.tool codemod threadmod.codemods.<module>.<Class>` runs it too.
Diagnostics and counts go to `context.scratch`, where threadmod's pipeline reads them.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.metadata import PositionProvider, QualifiedNameProvider

from threadmod.codemods.base import TransformInfo
from threadmod.errors import Diagnostic

DIAGNOSTICS_KEY = "threadmod.diagnostics"
APPLIED_KEY = "threadmod.applied"
THREAD_MODULES = ("thread", "_thread")


class ThreadCodemod(TransformInfo, VisitorBasedCodemodCommand):
    STAGE: ClassVar[str] = "thread"
    METADATA_DEPENDENCIES = (PositionProvider, QualifiedNameProvider)

    def __init__(self, context: CodemodContext) -> None:
        super().__init__(context)

    # -- reporting ---------------------------------------------------------------

    def diagnose(self, node: cst.CSTNode, message: str) -> None:
        position = self.get_metadata(PositionProvider, node, None)
        line, col = (position.start.line, position.start.column + 1) if position else (1, 1)
        self.context.scratch.setdefault(DIAGNOSTICS_KEY, []).append(Diagnostic(line, col, self.CODE, message))
        self.warn(f"{line}:{col}: {message}")

    def applied(self, count: int = 1) -> None:
        self.context.scratch.setdefault(APPLIED_KEY, Counter())[self.CODE] += count

    # -- names -------------------------------------------------------------------

    def qualified_names(self, node: cst.CSTNode) -> set[str]:
        try:
            return {q.name for q in self.get_metadata(QualifiedNameProvider, node, set())}
        except KeyError:
            return set()

    def thread_api(self, node: cst.CSTNode) -> str | None:
        """The thread-module function a node names (`start_new_thread`), through any import style."""
        for name in self.qualified_names(node):
            module, _, attribute = name.rpartition(".")
            if module in THREAD_MODULES and attribute:
                return attribute
        return None

    def is_qualified(self, node: cst.CSTNode, *names: str) -> bool:
        return bool(self.qualified_names(node) & set(names))


def code_of(node: cst.CSTNode) -> str:
    """Source text of an expression node, for comparing receivers such as `self.lock`."""
    return cst.Module(body=[]).code_for_node(node)


def dotted(expression: str) -> cst.BaseExpression:
    return cst.parse_expression(expression)
