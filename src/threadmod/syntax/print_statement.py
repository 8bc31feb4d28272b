"""TM101 print-statement: Python 2 print statements become print() calls."""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator

from threadmod.errors import SourceError
from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit
from threadmod.syntax.statements import Statement
from threadmod.syntax.tokens import OP, STRING
from threadmod.transform import Example

# `print = f` and the like: print used as a name, where it is one.
NOT_A_PRINT_STATEMENT_AFTER = frozenset({"=", ".", "+=", "-=", "*=", "/=", ":", ")", "]", "}", ","})


class PrintStatement(SyntaxTransform):
    CODE = "TM101"
    NEEDED_TO_PARSE = True
    NAME = "print-statement"
    DESCRIPTION = "Python 2 print statements become print() calls with the same output."
    WHAT = """
        Rewrites every form of the print statement: `print x, y` becomes `print(x, y)`,
        bare `print` becomes `print()`, `print >>f, x` becomes `print(x, file=f)`, and a
        trailing comma becomes `end=' '`.  `print (1, 2)`, which prints a tuple in
        Python 2, becomes `print((1, 2))`.
    """
    WHY = """
        The print statement is a syntax error in Python 3.  A trailing comma in Python 2
        sets "softspace": the next print starts with a space.  `end=' '` writes that space
        at once, so `print "a",` then `print "b"` still prints `a b`.  Differences remain
        where the next output is not a print with items, and are documented here:
        a bare `print` (or `print >>f`) after `print "a",` ends the line with `a ` where
        Python 2 wrote `a`; and a `sys.stdout.write("x")` after it gives `a x` where
        Python 2 wrote `ax`, since a write cleared the pending space.
        When the last item is a string literal ending in a newline or tab, Python 2 sets no
        softspace, and the call gets `end=''`.
    """
    LEAVES_ALONE = """
        A module with `from __future__ import print_function` already calls print.
        `print (x)` with one parenthesized item means the same in both languages and is
        left as it is.  A file that parses as Python 3 is Python 3: its `print(1, 2)` is a
        call with two arguments, never a tuple, which is what keeps conversion idempotent.
    """
    EXAMPLES = (
        Example('print "Hello", name\n', 'print("Hello", name)\n'),
        Example("print\n", "print()\n"),
        Example('print >>sys.stderr, "error:", msg\n', 'print("error:", msg, file=sys.stderr)\n'),
        Example("print >>log\n", "print(file=log)\n"),
        Example('print "a",\nprint "b"\n', "print(\"a\", end=' ')\nprint(\"b\")\n"),
        Example('print "line\\n",\n', "print(\"line\\n\", end='')\n"),
        Example("print (1, 2)\nprint\n", "print((1, 2))\nprint()\n"),
        Example("print (x)\nprint 'y'\n", "print (x)\nprint('y')\n"),
        Example("x = 1; print x\n", "x = 1; print(x)\n"),
        Example("if x: print x\n", "if x: print(x)\n"),
        Example("for i in r: print i,\n", "for i in r: print(i, end=' ')\n"),
        Example('print "%s" % `x`  # shown\n', 'print("%s" % repr(x))  # shown\n'),
    )
    LEAVE_ALONE_EXAMPLES = (
        "print(x)\n",
        "from __future__ import print_function\nprint('a', file=sys.stderr)\n",
        "print('a', end='')\n",
    )

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "print_function" in context.futures:
            return
        stream = context.stream
        for statement in context.statements:
            if not statement.header and stream.is_name(statement.first, "print"):
                yield from self._rewrite(context, statement)

    def _rewrite(self, context: SyntaxContext, statement: Statement) -> Iterator[Edit]:
        stream = context.stream
        keyword, end = statement.first, statement.end
        keyword_end = stream.ends[keyword]
        if keyword + 1 == end:
            yield Edit.replace(keyword_end, keyword_end, "()", self.CODE)
            return
        first = keyword + 1
        if stream.kinds[first] == OP and stream.tok(first) in NOT_A_PRINT_STATEMENT_AFTER:
            return  # `print = ...`: not a print statement (only valid where print is a name)
        last_end = stream.ends[end - 1]
        if stream.is_op(first, "(") and stream.is_group(first, end):
            inner, inner_trailing = stream.split_top(first + 1, end - 1)
            if len(inner) == 1 and not inner_trailing:
                return  # `print (x)`: the same in Python 2 and 3
            # `print ()` and `print (1, 2)` print a tuple in Python 2.
            yield Edit.replace(keyword_end, stream.starts[first], "(", self.CODE, evidence=False)
            yield Edit.replace(last_end, last_end, ")", self.CODE, evidence=False)
            return
        file_range: tuple[int, int] | None = None
        args_from = first
        if stream.is_op(first, ">>"):
            items, trailing = stream.split_top(first + 1, end)
            if not items:
                return  # `print >>` alone is not Python 2
            file_range = items[0]
            args = items[1:]
        else:
            args, trailing = stream.split_top(args_from, end)
        if trailing and not args:
            line, col = stream.line_col(stream.starts[end - 1])
            raise SourceError(line, col, "`print >>f,` needs an item after the comma (not valid Python 2)")
        keywords: list[str | Copy] = []
        if trailing:
            keywords.append(", end=''" if _ends_line(stream, args[-1]) else ", end=' '")
        if file_range is not None:
            file_start = stream.starts[file_range[0]]
            file_end = stream.ends[file_range[1] - 1]
            keywords += [", file=" if args else "file=", Copy(file_start, file_end)]
        if not args:
            yield Edit(stream.starts[keyword], last_end, ("print(", *keywords, ")"), self.CODE)
            return
        args_start = stream.starts[args[0][0]]
        args_end = stream.ends[args[-1][1] - 1]
        yield Edit.replace(stream.starts[keyword], args_start, "print(", self.CODE)
        yield Edit(args_end, last_end, (*keywords, ")"), self.CODE)


def _ends_line(stream, item: tuple[int, int]) -> bool:
    """Whether an item is a string literal ending in whitespace other than a space.

    Python 2 sets softspace after such an item only if it does not end that way.
    """
    start, end = item
    if any(stream.kinds[i] != STRING for i in range(start, end)):
        return False
    source = " ".join(stream.tok(i) for i in range(start, end))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return False
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return bool(value) and value[-1].isspace() and value[-1] != " "
