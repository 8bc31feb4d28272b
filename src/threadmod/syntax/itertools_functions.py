"""TM115 itertools-functions: itertools.imap, izip, ifilter become the builtins map, zip, filter;
ifilterfalse and izip_longest become filterfalse and zip_longest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    binds,
    dotted_uses,
    in_fstring,
    in_version_branch,
    is_attribute,
    is_import_statement,
    parse_import,
    statement_at,
)
from threadmod.syntax.module_renames import converts
from threadmod.transform import Example

# lib2to3/fixes/fix_itertools.py and fix_itertools_imports.py (CPython 3.11).
BUILTINS = {"imap": "map", "izip": "zip", "ifilter": "filter"}
RENAMED = {"ifilterfalse": "filterfalse", "izip_longest": "zip_longest"}
_ALL = {**BUILTINS, **RENAMED}
_STAR_IMPORT = re.compile(r"^[ \t]*from[ \t]+([\w.]+)[ \t]+import[ \t]+\*", re.MULTILINE)


class ItertoolsFunctions(SyntaxTransform):
    CODE = "TM115"
    NAME = "itertools-functions"
    DESCRIPTION = "itertools.imap, izip and ifilter become map, zip and filter; ifilterfalse and izip_longest lose their i."
    WHAT = """
        `itertools.izip(a, b)` becomes `zip(a, b)` (imap, ifilter likewise, also through
        `import itertools as it`); `itertools.ifilterfalse` becomes `itertools.filterfalse` and
        `izip_longest` `zip_longest`.  `from itertools import imap, chain` becomes
        `from itertools import chain` and each `imap(...)` becomes `map(...)`; an import left
        with nothing goes (`pass` where its block would be empty).
    """
    WHY = """
        Python 3's map, zip and filter are the lazy itertools versions, and itertools no longer
        has imap, izip, ifilter; ifilterfalse and izip_longest were renamed.
    """
    LEAVES_ALONE = """
        Dual-version code (an ImportError fallback, a Python version test), `from itertools
        import *` (the uses are still renamed), names the file binds itself (`def imap`,
        `izip = zip`), attributes of other objects (`obj.imap`), and the bare uses when the
        builtin's own name (`map`, `zip`...) is bound in the file; in a file that compiles as
        Python 3, an unbound `imap` where a star import may define it (`from compat import *`).  Left with a diagnostic:
        `from itertools import imap as m` where `m` is bound otherwise too, and `itertools.imap`
        or `from itertools import imap` where the file binds `map` itself (a local `map` may
        hide the builtin there).
    """
    EXAMPLES = (
        Example(
            "import itertools\nfor a, b in itertools.izip(x, y):\n    pass\n",
            "import itertools\nfor a, b in zip(x, y):\n    pass\n",
        ),
        Example("from itertools import imap, chain\nr = imap(f, x)\n", "from itertools import chain\nr = map(f, x)\n"),
        Example("from itertools import izip\nr = izip(a, b)\n", "r = zip(a, b)\n"),
        Example("import itertools\nr = itertools.izip_longest(a, b)\n", "import itertools\nr = itertools.zip_longest(a, b)\n"),
        Example(
            "from itertools import ifilterfalse\nr = ifilterfalse(p, x)\n",
            "from itertools import filterfalse\nr = filterfalse(p, x)\n",
        ),
        Example("if x:\n    from itertools import imap\n", "if x:\n    pass\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "try:\n    from itertools import izip\nexcept ImportError:\n    izip = zip\nr = izip(a, b)\n",
        "def imap(f, x):\n    return x\nr = imap(f, y)\n",
        "r = obj.imap(f, x)\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"i(?:map|zip|filter)")  # no leading \b: a literal first scans far faster

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "map" not in text and "zip" not in text and "filter" not in text:
            return
        names = [name for name in _ALL if name in text]
        if not names:
            return
        stream, statements = context.stream, context.statements
        taken = {new: self._bound(context, new) for new in BUILTINS.values()}
        taken.update({new: self._bound(context, new) for new in RENAMED.values()})
        # 1. itertools.imap(...) through the names itertools is imported as
        modules = self._itertools_names(context)
        if "itertools" not in modules and not self._bound(context, "itertools"):
            modules["itertools"] = set()  # not imported (a NameError in Python 2 too): as 2to3
        for module_name, ignore in modules.items():
            uses = dotted_uses(stream, statements, context.name_indices(module_name), ignore, binds_ok=True)
            for index in uses or ():
                if in_version_branch(stream, statements, index):
                    continue
                member = stream.tok(index + 2)
                if member in BUILTINS and taken[BUILTINS[member]]:
                    context.diagnose(stream.starts[index + 2], self.CODE, _taken_message(member, BUILTINS[member]))
                elif member in BUILTINS:
                    yield Edit.replace(stream.starts[index], stream.ends[index + 2], BUILTINS[member], self.CODE)
                elif member in RENAMED:  # an attribute still: a name of the file's cannot hide it
                    yield Edit.replace(stream.starts[index + 2], stream.ends[index + 2], RENAMED[member], self.CODE)
        # 2. from itertools import imap, and the bare names
        guards: dict[int, bool] = {}
        imports: dict[int, tuple] = {}  # statement.first -> (statement, parsed)
        renamed_names: dict[str, str] = {}  # a name the imports bind -> what its uses become
        kept_bindings: set[str] = set()
        for name in names:
            for index in context.name_indices(name):
                if is_attribute(stream, index):
                    continue
                statement = statement_at(stream, statements, index)
                if statement is None or not is_import_statement(stream, statement) or statement.first in imports:
                    continue
                parsed = parse_import(stream, statement.first, statement.end)
                if parsed is None:
                    continue
                module = stream.text[stream.starts[parsed.module[0]] : stream.ends[parsed.module[1] - 1]]
                if parsed.kind != "from" or parsed.star >= 0 or module != "itertools":
                    continue
                if not converts(stream, statements, statement, guards):
                    imports[statement.first] = (statement, None)
                    continue
                imports[statement.first] = (statement, parsed)
        plans = []
        for statement, parsed in imports.values():
            if parsed is None:
                continue
            plan = self._plan(context, parsed, taken)
            if plan is None:
                for index, _stop, alias in parsed.items:
                    kept_bindings.add(stream.tok(alias if alias >= 0 else index))
                continue
            plans.append((statement, parsed, plan))
            for index, _stop, alias in parsed.items:
                member = stream.tok(index)
                if member in _ALL:
                    bound = stream.tok(alias if alias >= 0 else index)
                    renamed_names[bound] = _ALL[member] if alias < 0 or member in BUILTINS else bound
        for statement, parsed, plan in plans:
            yield from self._import_edit(context, statement, parsed, plan)
        # the bare names: those the converted imports bound, and the unbound ones
        converted = {statement.first for statement, _parsed, _plan in plans}
        # In a Python 3 file, an unbound imap may come from a star import (`from compat import *`).
        starred = not context.python2 and any(m.group(1) != "itertools" for m in _STAR_IMPORT.finditer(text))
        for name in sorted(set(names) | set(renamed_names)):
            new = renamed_names.get(name, _ALL.get(name))
            if new is None or new == name or name in kept_bindings or taken.get(new):
                continue
            if starred and name not in renamed_names:
                continue
            occurrences = []
            for index in context.name_indices(name):
                if is_attribute(stream, index):
                    continue
                statement = statement_at(stream, statements, index)
                if is_import_statement(stream, statement):
                    if statement.first not in converted:
                        break  # bound by another import
                    continue
                if binds(stream, statements, index):
                    break
                occurrences.append(index)
            else:
                for index in occurrences:
                    if in_version_branch(stream, statements, index):
                        continue
                    yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)

    def _bound(self, context: SyntaxContext, name: str) -> bool:
        stream = context.stream
        return any(
            not is_attribute(stream, i) and binds(stream, context.statements, i) for i in context.name_indices(name)
        )

    def _all_unbound(self, context: SyntaxContext, occurrences: list[int]) -> bool:
        stream = context.stream
        return not any(binds(stream, context.statements, i) for i in occurrences)

    def _itertools_names(self, context: SyntaxContext) -> dict[str, set[int]]:
        """The names `import itertools` binds (itertools, or its alias): name -> the alias tokens."""
        stream = context.stream
        found: dict[str, set[int]] = {}
        for index in context.name_indices("itertools"):
            statement = statement_at(stream, context.statements, index)
            if statement is None or not is_import_statement(stream, statement):
                continue
            parsed = parse_import(stream, statement.first, statement.end)
            if parsed is None or parsed.kind != "import":
                continue
            for start, stop, alias in parsed.items:
                if start == index and stop == start + 1:
                    name = stream.tok(alias) if alias >= 0 else "itertools"
                    found.setdefault(name, set()).update({alias} if alias >= 0 else set())
        return found

    def _plan(self, context: SyntaxContext, parsed, taken: dict[str, bool]) -> list[str | None] | None:
        """Per imported item, its new text (None: dropped); None when the statement must stay."""
        stream = context.stream
        plan: list[str | None] = []
        for index, _stop, alias in parsed.items:
            member = stream.tok(index)
            if member not in _ALL:
                plan.append(stream.text[stream.starts[index] : stream.ends[alias if alias >= 0 else index]])
                continue
            new = _ALL[member]
            if taken.get(new):
                context.diagnose(stream.starts[index], self.CODE, _taken_message(member, new) + "; the import is left as it is")
                return None
            bound = stream.tok(alias if alias >= 0 else index)
            if in_fstring(stream, bound):
                context.diagnose(stream.starts[index], self.CODE, f"{bound} is used in an f-string: convert by hand")
                return None
            if member in RENAMED:
                plan.append(new + stream.text[stream.ends[index] : stream.ends[alias]] if alias >= 0 else new)
                continue
            if alias >= 0:
                others = [
                    i for i in context.name_indices(stream.tok(alias))
                    if i != alias and not is_attribute(stream, i) and binds(stream, context.statements, i)
                ]
                if others:
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        f"`{member} as {stream.tok(alias)}`: {stream.tok(alias)} is bound otherwise too; "
                        f"itertools.{member} is the builtin {new} in Python 3",
                    )
                    return None
            plan.append(None)
        return plan

    def _import_edit(self, context: SyntaxContext, statement, parsed, plan: list[str | None]) -> Iterator[Edit]:
        stream = context.stream
        kept = [item for item in plan if item is not None]
        if kept:
            first, last = parsed.items[0][0], parsed.items[-1]
            last_token = last[2] if last[2] >= 0 else last[0]
            new = ", ".join(kept)
            old = stream.text[stream.starts[first] : stream.ends[last_token]]
            comments = re.findall(r"#[^\r\n]*", old)  # only inside parentheses: kept there
            if comments:
                line = stream.lines[statement.line]
                indent = stream.text[line.indent_start : line.indent_end]
                new += "  " + " ".join(c.rstrip() for c in comments) + context.line_newline(statement.line) + indent
            if new != old:
                yield Edit.replace(stream.starts[first], stream.ends[last_token], new, self.CODE)
            return
        yield self._removal(context, statement)

    def _removal(self, context: SyntaxContext, statement) -> Edit:
        """Remove a statement: its whole line when it is alone there and its block keeps
        another statement, else `pass` in its place."""
        stream = context.stream
        line = stream.lines[statement.line]
        start, end = stream.starts[statement.first], stream.ends[statement.end - 1]
        alone = line.first == statement.first and statement.end == line.newline
        if alone and not self._only_in_block(context, statement.line):
            return Edit.replace(line.indent_start, stream.ends[line.newline], "", self.CODE)
        return Edit.replace(start, end, "pass", self.CODE)

    def _only_in_block(self, context: SyntaxContext, line_index: int) -> bool:
        stream = context.stream
        text = stream.text

        def indent(i: int) -> int:
            line = stream.lines[i]
            return len(text[line.indent_start : line.indent_end].expandtabs(8))

        own = indent(line_index)
        if own == 0:
            return False
        before = line_index > 0 and indent(line_index - 1) < own
        after = line_index + 1 >= len(stream.lines) or indent(line_index + 1) < own
        return before and after


def _taken_message(member: str, new: str) -> str:
    return f"itertools.{member} is {new} in Python 3, and this file binds the name {new} itself: convert by hand"
