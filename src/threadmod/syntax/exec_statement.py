"""TM108 exec-statement: `exec code in g, l` becomes `exec(code, g, l)`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, OP
from threadmod.transform import Example

_NOT_A_STATEMENT_AFTER = frozenset({"=", ".", "+=", "-=", ":"})


class ExecStatement(SyntaxTransform):
    CODE = "TM108"
    NEEDED_TO_PARSE = True
    NAME = "exec-statement"
    DESCRIPTION = "exec statements become exec() calls."
    WHAT = "`exec code` becomes `exec(code)`; `exec code in g` and `exec code in g, l` pass g and l as arguments."
    WHY = """
        The exec statement is a syntax error in Python 3.  One difference cannot be
        rewritten away: inside a function, Python 2's exec without `in` could create and
        change the function's local variables; Python 3's exec() cannot.  Such an exec
        gets a diagnostic on its line.
    """
    LEAVES_ALONE = "`exec(code)` and `exec(code, g)`, which Python 2.7 already read as the call form."
    EXAMPLES = (
        Example('exec "x = 1"\n', 'exec("x = 1")\n'),
        Example("exec code in ns\n", "exec(code, ns)\n"),
        Example("exec code in g, l\n", "exec(code, g, l)\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("exec(code)\n", "exec(code, ns)\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        function_indents: list[int] = []  # indentation columns of enclosing defs
        for statement in context.statements:
            line = stream.lines[statement.line]
            column = line.indent_end - line.indent_start
            if statement.first == line.first:
                while function_indents and column <= function_indents[-1]:
                    function_indents.pop()
            if statement.header:
                if stream.is_name(statement.first, "def") or stream.is_name(statement.first, "async"):
                    function_indents.append(column)
                continue
            if not stream.is_name(statement.first, "exec"):
                continue
            keyword, end = statement.first, statement.end
            first = keyword + 1
            if first == end or (stream.kinds[first] == OP and stream.tok(first) in _NOT_A_STATEMENT_AFTER):
                continue  # `exec = ...`: exec used as a name, where it is one
            if stream.is_op(first, "(") and stream.is_group(first, end):
                continue
            separator = stream.find_top(first, end, NAME, "in")
            if separator < 0 and function_indents:
                context.diagnose(
                    stream.starts[keyword],
                    self.CODE,
                    "exec without a namespace in a function: Python 3's exec() cannot "
                    "create or change the function's local variables",
                )
            yield Edit.replace(stream.ends[keyword], stream.starts[first], "(", self.CODE)
            if separator > 0:
                yield Edit.replace(stream.ends[separator - 1], stream.starts[separator + 1], ", ", self.CODE)
            last_end = stream.ends[end - 1]
            yield Edit.replace(last_end, last_end, ")", self.CODE)
