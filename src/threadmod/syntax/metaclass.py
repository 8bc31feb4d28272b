"""TM147 metaclass: `__metaclass__ = M` in a class body becomes `class C(metaclass=M)`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit
from threadmod.syntax.expressions import line_parents
from threadmod.syntax.statements import Statement
from threadmod.syntax.tokens import NEWLINE, OP
from threadmod.transform import Example


class Metaclass(SyntaxTransform):
    CODE = "TM147"
    NAME = "metaclass"
    DESCRIPTION = "__metaclass__ = M in a class body becomes the class keyword metaclass=M."
    WHAT = """
        An assignment `__metaclass__ = M` directly in a class body moves to the class
        line: `class C(Base):` with it becomes `class C(Base, metaclass=M):`, `class C:`
        becomes `class C(metaclass=M):`.  With several, the last counts (as in Python 2);
        a body left empty gets `pass`.
    """
    WHY = "Python 3 ignores a `__metaclass__` attribute: the class would silently lose its metaclass."
    LEAVES_ALONE = """
        Files read as Python 3, `__metaclass__` assigned inside an if or a def in the
        class body, and a method named `__metaclass__`.  A module-level `__metaclass__ =
        M` (Python 2 gave it to every class without bases) is kept with a TM147
        diagnostic unless M is `type`, which every Python 3 class has already.  The class
        no longer has a `__metaclass__` attribute: code that reads `C.__metaclass__` must
        read `type(C)`.
    """
    EXAMPLES = (
        Example(
            "class Plugin(Base):\n    __metaclass__ = Registry\n    name = 'p'\n",
            "class Plugin(Base, metaclass=Registry):\n    name = 'p'\n",
        ),
        Example("class X:\n    __metaclass__ = Meta\n", "class X(metaclass=Meta):\n    pass\n"),
        Example("class X(object): __metaclass__ = Q\n", "class X(object, metaclass=Q): pass\n"),
        Example("__metaclass__ = Meta\n", "__metaclass__ = Meta\n", ("1:1 TM147",)),
    )
    LEAVE_ALONE_EXAMPLES = ("class X(metaclass=Meta):\n    pass\n", "__metaclass__ = type\nclass A:\n    pass\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "__metaclass__" not in context.text:
            return
        stream = context.stream
        by_line: dict[int, list[Statement]] = {}
        for statement in context.statements:
            by_line.setdefault(statement.line, []).append(statement)
        parents = line_parents(stream)
        children: dict[int, list[int]] = {}
        for line_index, parent in enumerate(parents):
            children.setdefault(parent, []).append(line_index)
        # Module level: only a diagnostic.
        for line_index in children.get(-1, []):
            for statement in by_line.get(line_index, []):
                if _is_meta(stream, statement) and not _first_is_header(by_line[line_index], statement):
                    value = stream.tok(statement.first + 2) if statement.end == statement.first + 3 else ""
                    if value != "type":
                        context.diagnose(
                            stream.starts[statement.first], self.CODE,
                            "a module-level __metaclass__ applies to classes without bases in Python 2 only: "
                            "give each class metaclass=... itself",
                        )
        for statement in context.statements:
            if statement.header and stream.is_name(statement.first, "class"):
                yield from self._class(context, statement, by_line, children)

    def _class(self, context, header: Statement, by_line, children) -> Iterator[Edit]:
        stream = context.stream
        line = stream.lines[header.line]
        if header.end + 1 < line.newline:  # the body on the class line
            body = [s for s in by_line[header.line] if s.first > header.end]
            direct = body if not (body and body[0].header) else []
        else:
            lines = children.get(header.line, [])
            body = [s for child in lines for s in by_line.get(child, [])]
            direct = [s for child in lines for s in by_line.get(child, []) if not by_line[child][0].header]
        metas = [s for s in direct if _is_meta(stream, s)]
        if not metas:
            return
        last = metas[-1]
        value = Copy(stream.starts[last.first + 2], stream.ends[last.end - 1])
        yield from self._header_edits(stream, header, value)
        empty = len(metas) == len(body)
        for statement in metas:
            if empty and statement is last:
                yield Edit.replace(stream.starts[statement.first], stream.ends[statement.end - 1], "pass", self.CODE)
            else:
                yield self._removal(stream, statement)

    def _header_edits(self, stream, header: Statement, value: Copy) -> Iterator[Edit]:
        name = header.first + 1
        opening = name + 1
        if not stream.is_op(opening, "("):
            at = stream.ends[name]
            yield Edit(at, at, ("(metaclass=", value, ")"), self.CODE)
            return
        closing = stream.pairs[opening]
        items, trailing = stream.split_top(opening + 1, closing)
        if not items:
            at = stream.starts[closing]
            yield Edit(at, at, ("metaclass=", value), self.CODE)
        elif trailing:
            at = stream.starts[closing]
            yield Edit(at, at, (" metaclass=", value), self.CODE)
        else:
            at = stream.ends[items[-1][1] - 1]
            yield Edit(at, at, (", metaclass=", value), self.CODE)

    def _removal(self, stream, statement: Statement) -> Edit:
        line = stream.lines[statement.line]
        if statement.first == line.first and statement.end == line.newline:
            return Edit.replace(line.indent_start, stream.ends[line.newline], "", self.CODE)
        if stream.is_op(statement.end, ";"):
            return Edit.replace(stream.starts[statement.first], stream.starts[statement.end + 1], "", self.CODE)
        # The last of several on its line: from the end of what precedes its `;`.
        return Edit.replace(stream.ends[statement.first - 2], stream.ends[statement.end - 1], "", self.CODE)


def _is_meta(stream, statement: Statement) -> bool:
    """`__metaclass__ = VALUE`, one target and one value."""
    first = statement.first
    return (
        not statement.header
        and stream.is_name(first, "__metaclass__")
        and stream.is_op(first + 1, "=")
        and first + 2 < statement.end
        and stream.find_top(first + 2, statement.end, OP, "=") < 0
        and stream.kinds[first + 2] != NEWLINE
    )


def _first_is_header(statements: list[Statement], statement: Statement) -> bool:
    return statements[0].header and statements[0] is not statement
