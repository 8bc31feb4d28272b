"""TM181 relative-imports: in a package, `import sibling` becomes `from . import sibling`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, NEWLINE, TokenStream
from threadmod.transform import Example


class RelativeImports(SyntaxTransform):
    CODE = "TM181"
    NAME = "relative-imports"
    DESCRIPTION = "In a package, an import of a module next to the file becomes an explicit relative import."
    WHAT = """
        In a file whose folder has an `__init__.py`, `import helper` becomes `from . import
        helper` and `from helper import f` becomes `from .helper import f` when `helper.py`
        (or a `helper/` package, or a compiled module) lies next to the file.
    """
    WHY = """
        Python 2 looked for a module in the importing file's package before the top level
        (implicit relative import); Python 3 imports only absolutely, so the import fails,
        or silently finds a top-level module of the same name.  What a module imports this
        way depends on the files around it, so this is the one transform that reads the
        folder: the same text converts differently in a package and out of one.
    """
    LEAVES_ALONE = """
        Files not in a package (a script's folder is on sys.path: its imports work as they
        are), files converted from stdin, files with `from __future__ import absolute_import`,
        and names that match no module next to the file.  `import helper.sub` (dotted) and
        an import naming siblings and top-level modules together keep their form, with a
        diagnostic: split them by hand (`from . import helper` ...).
    """
    EXAMPLES = (
        Example(
            "import helper\nfrom helper import f\nimport os\n",
            "from . import helper\nfrom .helper import f\nimport os\n",
            package_modules=frozenset({"helper", "__init__"}),
        ),
        Example(
            "import helper, os\n", "import helper, os\n",
            diagnostics=("1:1 TM181",), package_modules=frozenset({"helper"}),
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("import helper\n",)  # not in a package

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        local = context.package_modules
        if not local or "absolute_import" in context.futures or "import" not in context.text:
            return
        stream = context.stream
        for index in context.name_indices("import"):
            first = _statement_start(stream, index)
            if first == index:
                yield from self._import_name(context, index, local)
            elif stream.is_name(first, "from") and first + 1 < index and stream.kinds[first + 1] == NAME:
                module = stream.tok(first + 1)
                if module in local:
                    start = stream.starts[first + 1]
                    yield Edit.replace(start, start, ".", self.CODE, evidence=False)

    def _import_name(self, context: SyntaxContext, index: int, local: frozenset[str]) -> Iterator[Edit]:
        stream = context.stream
        items, _ = stream.split_top(index + 1, _statement_end(stream, index))
        names = [(stream.tok(start), end - start > 1 and stream.is_op(start + 1, ".")) for start, end in items]
        locals_ = [name in local for name, _ in names]
        if not any(locals_):
            return
        if not all(locals_) or any(dotted for _, dotted in names):
            context.diagnose(
                stream.starts[index], self.CODE,
                "Python 2 imported the sibling module(s) here relatively; Python 3 imports absolutely: "
                "write `from . import NAME` for each module of this package",
            )
            return
        start = stream.starts[index]
        yield Edit.replace(start, start, "from . ", self.CODE, evidence=False)


def _statement_start(stream: TokenStream, index: int) -> int:
    """The first token of the simple statement holding the token at index."""
    position = index
    while position > 0:
        previous = stream.kinds[position - 1]
        text = stream.tok(position - 1)
        if previous == NAME or (text not in (";", ":") and previous != NEWLINE):
            position -= 1
            continue
        break
    return position


def _statement_end(stream: TokenStream, index: int) -> int:
    position = index
    while stream.kinds[position] != NEWLINE and stream.tok(position) != ";":
        position += 1
    return position
