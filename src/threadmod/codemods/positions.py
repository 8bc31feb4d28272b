"""Where a few nodes start, from one plain code generation of the module.

libcst's PositionProvider records a range for every node of the module (a regex split
and a dict entry per node); a diagnostic needs the start of one.  This state counts
lines only up to the nodes asked for, and gives the module's code from the same pass.
Positions are those of PositionProvider (syntactic: leading lines and whitespace a
node owns are not counted); tests/test_positions.py compares the two.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")


class _StartRecorder(CodegenState):
    def __init__(self, module: cst.Module, wanted: set[int]) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.wanted = wanted  # ids of nodes whose start is wanted
        self.starts: dict[int, tuple[int, int]] = {}
        self._entered: dict[int, tuple[int, int]] = {}
        self._counted = 0  # tokens already counted into line/column
        self._line = 1
        self._column = 0

    def _position(self) -> tuple[int, int]:
        tokens = self.tokens
        for index in range(self._counted, len(tokens)):
            segments = _NEWLINE.split(tokens[index])
            if len(segments) == 1:
                self._column += len(tokens[index])
            else:
                self._line += len(segments) - 1
                self._column = len(segments[-1])
        self._counted = len(tokens)
        return self._line, self._column

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self._entered[id(node)] = self._position()

    def after_codegen(self, node: cst.CSTNode) -> None:
        # A node without a syntactic position starts where its code (whitespace included) starts.
        start = self._entered.pop(id(node), None)
        if start is not None:
            self.starts.setdefault(id(node), start)

    @contextmanager
    def record_syntactic_position(
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> Iterator[None]:
        if id(node) not in self.wanted:
            yield
            return
        if start_node is not None:
            self.wanted.add(id(start_node))  # the start is the child's: record it too
        start = self._position()
        yield
        if start_node is not None and id(start_node) in self.starts:
            start = self.starts[id(start_node)]
        self.starts[id(node)] = start


def node_starts(module: cst.Module, nodes) -> tuple[dict[int, tuple[int, int]], str]:
    """{id(node): (1-based line, 0-based column)} for the nodes found in module, and its code."""
    state = _StartRecorder(module, {id(node) for node in nodes})
    module._codegen(state)
    return state.starts, "".join(state.tokens)
