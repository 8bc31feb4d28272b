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
        self._name_index: dict[str, list[int]] | None = None
        # The modules and subpackages next to the file when its folder is a package (has
        # __init__.py), which Python 2 imports relatively; None when not in a package or unknown.
        self.package_modules: frozenset[str] | None = None
        # Imports the edits need, in the order asked: (module, name or None, code).
        self.imports_needed: list[tuple[str, str | None, str]] = []

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

    def name_indices(self, name: str) -> list[int]:
        """The indices of the NAME tokens spelled `name`, in order (one index of the file,
        built when first asked: a transform asks only when its word is in the text)."""
        if self._name_index is None:
            stream = self.stream
            text, starts, ends = stream.text, stream.starts, stream.ends
            index: dict[str, list[int]] = {}
            for i, kind in enumerate(stream.kinds):
                if kind == NAME:
                    index.setdefault(text[starts[i] : ends[i]], []).append(i)
            self._name_index = index
        return self._name_index.get(name, [])

    def need_import(self, module: str, name: str | None, code: str) -> None:
        """Ask for `import module` (name None) or `from module import name` at the top of the
        file, unless the file's top level already has it; the stage adds each once."""
        if (module, name, code) not in self.imports_needed:
            self.imports_needed.append((module, name, code))

    def import_edits(self, made: set[str] | None = None) -> list[Edit]:
        """The edits adding the imports asked for by the transforms in `made` (those whose edits
        are kept; None: all), where 2to3 puts them: after the first run
        of top-level import statements, else after the first top-level string statement
        (the docstring), else before the first statement."""
        stream = self.stream
        top = [s for s in self.statements if self._is_top_level(s)]
        needed = []
        for m, n, c in self.imports_needed:  # in the order first asked, each once
            if (made is None or c in made) and (m, n) not in [(m2, n2) for m2, n2, _ in needed]:
                if not self._imports_at_top(top, m, n):
                    needed.append((m, n, c))
        if not needed:
            return []
        lines = [s.line for s in top]
        insert_after = -1  # a line index
        for position, statement in enumerate(top):
            if stream.tok(statement.first) in ("import", "from"):
                run_end = position
                while run_end + 1 < len(top) and stream.tok(top[run_end + 1].first) in ("import", "from"):
                    run_end += 1
                insert_after = lines[run_end]
                break
        if insert_after < 0:
            for statement in top:
                if stream.kinds[statement.first] == STRING and not statement.header:
                    insert_after = statement.line
                    break
        newline = self.newline
        texts = [f"import {m}" if n is None else f"from {m} import {n}" for m, n, _ in needed]
        code = needed[0][2]
        if insert_after < 0:
            if not stream.lines:
                return [Edit.replace(len(self.text), len(self.text), "".join(t + newline for t in texts), code, evidence=False)]
            offset = stream.lines[0].indent_start
            return [Edit.replace(offset, offset, "".join(t + newline for t in texts), code, evidence=False)]
        newline_token = stream.lines[insert_after].newline
        offset = stream.ends[newline_token]
        if stream.starts[newline_token] == offset:  # the last line, with no line break
            return [Edit.replace(offset, offset, "".join(newline + t for t in texts), code, evidence=False)]
        # The edit that needed the import says whether the file is Python 2; the import does not.
        return [Edit.replace(offset, offset, "".join(t + newline for t in texts), code, evidence=False)]

    def _is_top_level(self, statement: Statement) -> bool:
        line = self.stream.lines[statement.line]
        return line.indent_start == line.indent_end

    def _imports_at_top(self, top: list[Statement], module: str, name: str | None) -> bool:
        stream = self.stream
        for statement in top:
            words = [stream.tok(i) for i in range(statement.first, statement.end)]
            if name is None and words[:1] == ["import"]:
                if module in "".join(words[1:]).split(","):
                    return True
            elif name is not None and words[:1] == ["from"] and "import" in words:
                split = words.index("import")
                imported = "".join(words[split + 1 :]).strip("()").split(",")
                if "".join(words[1:split]) == module and name in imported:
                    return True
        return False

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
