"""positions.node_starts gives the starts libcst's PositionProvider gives, for every node."""

from __future__ import annotations

import glob
import os

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from threadmod.codemods.positions import node_starts

ROOT = os.path.dirname(os.path.dirname(__file__))
SOURCES = [
    open(path, encoding="utf-8").read() for path in sorted(glob.glob(os.path.join(ROOT, "modern", "*.py")))
] + [
    "x = (a +\n     b)  # c\r\nif x:\r\n    y = f(x)[1].z\r\n",
    "@d\n\nclass A(B):\n    '''doc'''\n\n    def f(self, *, k=1):\n        return [i for i in k if i]\n",
]


@pytest.mark.parametrize("source", SOURCES)
def test_same_starts_as_position_provider(source):
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = list(expected)
    starts, code = node_starts(module, nodes)
    assert code == module.code
    assert {id(node): (r.start.line, r.start.column) for node, r in expected.items()} == starts


def test_only_the_nodes_asked_for():
    module = cst.parse_module("a = 1\nb = 2\n")
    second = module.body[1]
    starts, _ = node_starts(module, [second, cst.Name("elsewhere")])
    assert starts == {id(second): (2, 0)}
