"""What a Python 2 syntax transform sees: tokens, statements, futures, fresh names, and a place for diagnostics."""

from __future__ import annotations

import re

from threadmod.errors import Diagnostic, SourceError
from threadmod.names import fresh_name
from threadmod.syntax.edits import Edit
from threadmod.syntax.statements import Statement, split_statements
from threadmod.syntax.tokens import NAME, NEWLINE, STRING, TokenStream

_FUTURE_IMPORT = re.compile(r"from\s+__future__\s+import\s+\(?([\w\s,\\]*)")


class SyntaxContext:
    def __init__(self, stream: TokenStream, newline: str, python2: bool = True) -> None:
        self.stream = stream
        self.python2 = python2  # False for a file that parses as Python 3
        self.text = stream.text
        self.newline = newline
        self.statements = split_statements(stream)
        self.futures = self._future_features()
        self.diagnostics: list[Diagnostic] = []
        self._names: set[str] | None = None

    def _future_features(self) -> set[str]:
        features: set[str] = set()
        stream = self.stream
        for statement in self.statements:
            if stream.is_name(statement.first, "from") and statement.first + 1 < statement.end:
                if stream.tok(statement.first + 1) == "__future__":
                    start = stream.starts[statement.first]
                    end = stream.ends[statement.end - 1]
                    match = _FUTURE_IMPORT.match(self.text, start, end)
                    if match:
                        features.update(re.findall(r"\w+", match.group(1)))
        return features

    def diagnose(self, offset: int, code: str, message: str) -> None:
        line, col = self.stream.line_col(offset)
        self.diagnostics.append(Diagnostic(line, col, code, message))

    def fresh_name(self, base: str) -> str:
        """A name not used anywhere in the file, reserved from now on."""
        if self._names is None:
            stream = self.stream
            # Attribute names (after a dot) cannot clash with a variable.
            self._names = {
                stream.tok(i)
                for i, kind in enumerate(stream.kinds)
                if kind == NAME and not (i and stream.is_op(i - 1, "."))
            }
        # exc, exc1, exc2... (the thread codemods count from 2: worker_thread2)
        return fresh_name(base, self._names, first_suffix=1)

    def line_newline(self, line_index: int) -> str:
        stream = self.stream
        newline_token = stream.lines[line_index].newline
        text = self.text[stream.starts[newline_token] : stream.ends[newline_token]]
        return text or self.newline

    def body_insertion(self, header: Statement, statements: list[str], code: str) -> Edit:
        """An edit putting statements first in the body of a compound header.

        After a docstring when the header is a def or class; on the same line, joined
        with `;`, when the body is on the header's line.
        """
        stream = self.stream
        line = stream.lines[header.line]
        if header.end + 1 < line.newline:  # body on the header's line
            offset = stream.starts[header.end + 1]
            return Edit.replace(offset, offset, "; ".join(statements) + "; ", code)
        if header.line + 1 >= len(stream.lines):
            raise SourceError(*stream.line_col(stream.starts[header.end]), "expected an indented block after this line")
        body_line = stream.lines[header.line + 1]
        indent = self.text[body_line.indent_start : body_line.indent_end]
        newline = self.line_newline(header.line)
        offset = body_line.indent_start
        first = body_line.first
        if (
            stream.tok(header.first) in ("def", "class", "async")
            and stream.kinds[first] == STRING
            and stream.kinds[first + 1] == NEWLINE
            and first + 1 == body_line.newline
        ):
            offset = stream.ends[body_line.newline]
            if stream.starts[body_line.newline] == offset:  # docstring ends the file
                return Edit.replace(
                    offset, offset, "".join(newline + indent + s for s in statements), code
                )
        return Edit.replace(offset, offset, "".join(indent + s + newline for s in statements), code)
