"""A faster walk of a libcst tree, with libcst's visitor semantics.

libcst's own `node.visit(visitor)` rebuilds every node it passes (a new dataclass,
validated) and calls the matcher machinery's hooks four times per node, even for a
read-only `CSTVisitor`.  That was most of threadmod's run time: each thread codemod
and each of their helper visitors walked the whole module that way (profile in
docs/DESIGN.md).  `walk(node, visitor)` calls the same `visit_<Type>` /
`leave_<Type>` methods (or the visitor's own `on_visit` / `on_leave`) in the same
order, but keeps every node whose children did not change: an unchanged subtree
is the same object afterwards.

Not supported (threadmod's visitors use none of them): matcher decorators
(`@m.visit`, `@m.call_if_inside`...) and `visit_<Type>_<field>` attribute hooks.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import Any, Callable

import libcst as cst

_STANDARD: dict[type, bool] = {}  # visitor class -> dispatches by method name


def _is_standard(visitor_class: type) -> bool:
    """Whether on_visit/on_leave only dispatch to visit_X/leave_X (libcst's own, or the
    matcher-aware ones of libcst.codemod's commands, whose decorators threadmod never uses)."""
    standard = _STANDARD.get(visitor_class)
    if standard is None:
        standard = _STANDARD[visitor_class] = _dispatches_by_name(visitor_class)
    return standard


def _dispatches_by_name(visitor_class: type) -> bool:
    on_visit = {cst.CSTVisitor.on_visit, cst.CSTTransformer.on_visit}
    on_leave = {cst.CSTVisitor.on_leave, cst.CSTTransformer.on_leave}
    matchers = sys.modules.get("libcst.matchers")  # imported only under libcst.tool
    if matchers is not None:
        for base in (matchers.MatcherDecoratableTransformer, matchers.MatcherDecoratableVisitor):
            on_visit.add(base.on_visit)
            on_leave.add(base.on_leave)
    return visitor_class.on_visit in on_visit and visitor_class.on_leave in on_leave


# Node type -> the names of the fields libcst visits, in its (lexical) order.
_FIELD_ORDER: dict[type, tuple[str, ...]] = {}


class _FieldRecorder(cst.CSTVisitor):
    """Learns the order in which libcst visits a node type's fields, one level deep."""

    def __init__(self) -> None:
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        pass

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if attribute not in self.fields:
            self.fields.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass


def _field_order(node: cst.CSTNode) -> tuple[str, ...]:
    cls = type(node)
    order = _FIELD_ORDER.get(cls)
    if order is None:
        recorder = _FieldRecorder()
        node._visit_and_replace_children(recorder)
        order = _FIELD_ORDER[cls] = tuple(recorder.fields)
    return order


class _Dispatch:
    """The visitor's handlers per node type, looked up once per type."""

    __slots__ = ("visitor", "transformer", "generic", "handlers")

    def __init__(self, visitor: cst.CSTVisitor | cst.CSTTransformer) -> None:
        cls = type(visitor)
        self.visitor = visitor
        self.transformer = isinstance(visitor, cst.CSTTransformer)
        self.generic = not _is_standard(cls)
        self.handlers: dict[type, tuple[Callable | None, Callable | None]] = {}

    def for_type(self, node_type: type) -> tuple[Callable | None, Callable | None]:
        found = self.handlers.get(node_type)
        if found is None:
            name = node_type.__name__
            found = (getattr(self.visitor, f"visit_{name}", None), getattr(self.visitor, f"leave_{name}", None))
            self.handlers[node_type] = found
        return found


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor | cst.CSTTransformer) -> Any:
    """`node.visit(visitor)`, without rebuilding what did not change."""
    return _walk(node, _Dispatch(visitor))


# Value type -> _NODE, _SEQUENCE or _OTHER: isinstance() against libcst's abstract base
# classes costs a quarter of a walk, a dict lookup by type almost nothing.
_NODE, _SEQUENCE, _OTHER = 1, 2, 0
_VALUE_KIND: dict[type, int] = {}
_LEAVE_RESULT_TYPES = (cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel)


def _value_kind(value_type: type) -> int:
    kind = _VALUE_KIND.get(value_type)
    if kind is None:
        kind = _VALUE_KIND[value_type] = (
            _NODE if issubclass(value_type, cst.CSTNode) else _SEQUENCE if issubclass(value_type, (tuple, list)) else _OTHER
        )
    return kind


def _walk(node: cst.CSTNode, dispatch: _Dispatch) -> Any:
    # One function for a node and its children: a call less per node is a tenth of a walk.
    visitor = dispatch.visitor
    node_type = type(node)
    if dispatch.generic:
        enter = visitor.on_visit(node)
        leave = None
    else:
        visit, leave = dispatch.handlers.get(node_type) or dispatch.for_type(node_type)
        enter = True if visit is None else visit(node) is not False
    updated = node
    if enter:
        changes: dict[str, Any] | None = None
        kinds = _VALUE_KIND
        order = _FIELD_ORDER.get(node_type)
        if order is None:
            order = _field_order(node)
        for field in order:
            value = getattr(node, field)
            kind = kinds.get(type(value))
            if kind is None:
                kind = _value_kind(type(value))
            if kind == _NODE:
                new = _walk(value, dispatch)
                if new is not value:
                    if changes is None:
                        changes = {}
                    changes[field] = _single(node, field, new)
            elif kind == _SEQUENCE:
                items: list | None = None
                for index, child in enumerate(value):
                    new = _walk(child, dispatch)
                    if new is child and items is None:
                        continue
                    if items is None:
                        items = list(value[:index])
                    _append(items, child, new)
                if items is not None:
                    if changes is None:
                        changes = {}
                    changes[field] = tuple(items)
        if changes is not None:
            updated = dataclasses.replace(node, **changes)
    if dispatch.generic:
        if dispatch.transformer:
            return visitor.on_leave(node, updated)
        visitor.on_leave(node)
        return node
    if leave is None:
        return updated
    if dispatch.transformer:
        result = leave(node, updated)
        if result is not updated and _value_kind(type(result)) != _NODE and not isinstance(result, _LEAVE_RESULT_TYPES):
            raise cst.CSTValidationError(
                f"Expected a node of type CSTNode or a RemovalSentinel, but got a return value of {type(result).__name__}"
            )
        return result
    leave(node)
    return node


def _append(items: list, old: cst.CSTNode, new: Any) -> None:
    """libcst's visit_body_iterable: drop removed children, and statements left empty."""
    if isinstance(new, cst.RemovalSentinel):
        return
    if isinstance(new, cst.FlattenSentinel):
        for one in new:
            if not (not old._is_removable() and one._is_removable()):
                items.append(one)
        return
    if not old._is_removable() and new._is_removable():
        return
    items.append(new)


def _single(parent: cst.CSTNode, field: str, new: Any) -> Any:
    if isinstance(new, cst.RemovalSentinel):
        default = next(f.default for f in dataclasses.fields(parent) if f.name == field)
        if default is None or default is cst.MaybeSentinel.DEFAULT:
            return default
    if isinstance(new, (cst.RemovalSentinel, cst.FlattenSentinel)):
        raise TypeError(f"{type(new).__name__} returned for {type(parent).__name__}.{field}, which must stay a node")
    return new
