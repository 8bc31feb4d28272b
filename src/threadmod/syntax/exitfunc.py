"""TM135 exitfunc: `sys.exitfunc = f` becomes `atexit.register(f)`, with `import atexit`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import Python2Rewrite, module_attribute
from threadmod.syntax.tokens import OP
from threadmod.transform import Example


class Exitfunc(Python2Rewrite):
    CODE = "TM135"
    NAME = "exitfunc"
    DESCRIPTION = "sys.exitfunc = f becomes atexit.register(f), with import atexit."
    WHAT = """
        The statement `sys.exitfunc = f` becomes `atexit.register(f)`; `import atexit`
        goes right after the module's `import sys` (joined to it when it imports several
        modules: `import os, sys, atexit`), else at the top (2to3's exitfunc fixer).
    """
    WHY = """
        Python 3 calls no sys.exitfunc at exit: setting it silently does nothing.  The
        atexit module, which Python 2 had too, registers the function instead.  This
        runs only on files read as Python 2: a Python 3 file that sets sys.exitfunc may
        do it for Python 2 on purpose.
    """
    LEAVES_ALONE = """
        `exitfunc` of anything but the sys module.  A read of sys.exitfunc (a handler
        that calls the previous one), and an assignment that is not a statement of its
        own (`a = sys.exitfunc = f`), are left with a TM135 diagnostic: atexit calls
        every registered function, so such chaining is no longer needed.
    """
    EXAMPLES = (
        Example(
            "import sys\nsys.exitfunc = my_atexit\n",
            "import sys\nimport atexit\natexit.register(my_atexit)\n",
        ),
        Example(
            "import apples, sys, crumbs # Pleasant comments\nsys.exitfunc = func\n",
            "import apples, sys, crumbs, atexit # Pleasant comments\natexit.register(func)\n",
        ),
        Example("f(sys.exitfunc)\n", "f(sys.exitfunc)\n", ("1:7 TM135",)),
    )
    LEAVE_ALONE_EXAMPLES = ("handler.exitfunc = f\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if not context.python2:
            return
        if "exitfunc" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        added = False
        for index in context.name_indices("exitfunc"):
            if not module_attribute(context, bindings, index, "sys"):
                continue
            statement = context.statements[bindings.statement_at(index)]
            base = index - 2
            if not (
                statement.first == base
                and not statement.header
                and stream.is_op(index + 1, "=")
                and index + 2 < statement.end
                and stream.find_top(index + 2, statement.end, OP, "=") < 0
                and stream.find_top(index + 2, statement.end, OP, ",") < 0
                and bindings.is_module("atexit", index)
            ):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 3 never calls sys.exitfunc: register exit functions with atexit.register",
                )
                continue
            value_start = stream.starts[index + 2]
            value_end = stream.ends[statement.end - 1]
            yield Edit.replace(stream.starts[base], value_start, "atexit.register(", self.CODE)
            yield Edit.replace(value_end, value_end, ")", self.CODE)
            if not added:
                added = True
                yield from self._import(context)

    def _import(self, context: SyntaxContext) -> Iterator[Edit]:
        """`import atexit` after the top-level `import sys`, or joined to it; else at the top."""
        stream = context.stream
        for statement in context.statements:
            if not stream.is_name(statement.first, "import"):
                continue
            line = stream.lines[statement.line]
            if line.indent_start != line.indent_end:
                continue
            names, _ = stream.split_top(statement.first + 1, statement.end)
            if not any(end - start == 1 and stream.is_name(start, "sys") for start, end in names):
                continue
            if any(end - start == 1 and stream.is_name(start, "atexit") for start, end in names):
                return
            end = stream.ends[statement.end - 1]
            if len(names) > 1:
                yield Edit.replace(end, end, ", atexit", self.CODE)
                return
            if statement.end == line.newline:  # the import ends its line: a line after it
                newline_token = line.newline
                offset = stream.ends[newline_token]
                newline = context.line_newline(statement.line)
                if stream.starts[newline_token] == offset:  # no line break at the end of the file
                    yield Edit.replace(offset, offset, newline + "import atexit", self.CODE)
                else:
                    yield Edit.replace(offset, offset, "import atexit" + newline, self.CODE)
            else:
                yield Edit.replace(end, end, "; import atexit", self.CODE)
            return
        context.need_import("atexit", None, self.CODE)
