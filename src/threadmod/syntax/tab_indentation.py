"""TM110 tab-indentation: indentation that mixes tabs and spaces is spelled in spaces."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import indent_columns
from threadmod.transform import Example


class TabIndentation(SyntaxTransform):
    CODE = "TM110"
    NEEDED_TO_PARSE = True
    NAME = "tab-indentation"
    DESCRIPTION = "Indentation that Python 3 rejects as mixing tabs and spaces is rewritten in spaces."
    WHAT = """
        When a file's indentation mixes tabs and spaces in a way Python 3 rejects
        (TabError), every indentation that contains a tab is rewritten with spaces,
        reading a tab as Python 2 did: up to the next multiple of 8 columns.
    """
    WHY = """
        Python 2 read such files by that rule; Python 3 refuses them.  Spelling the same
        columns in spaces keeps the block structure Python 2 saw.
    """
    LEAVES_ALONE = """
        Files whose tabs Python 3 accepts (consistent indentation, all tabs or all
        spaces in each block), whitespace-only lines, and tabs inside lines or in
        continuation lines, which do not indent.
    """
    EXAMPLES = (
        Example("if x:\n        a = 1\n\tb = 2\n", "if x:\n        a = 1\n        b = 2\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("if x:\n\ta = 1\n\tb = 2\n", "if x:\n    a = 1\n\t\t\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        if stream.tab_error_offset < 0:
            return
        text = stream.text
        for line in stream.lines:
            indent = text[line.indent_start : line.indent_end]
            if "\t" in indent:
                column, _ = indent_columns(indent)
                yield Edit.replace(line.indent_start, line.indent_end, " " * column, self.CODE)
