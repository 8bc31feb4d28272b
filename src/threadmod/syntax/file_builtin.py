"""TM164 file-builtin: calls of the builtin `file(...)`, gone in Python 3, become `open(...)`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import is_attribute, is_keyword_argument, bindings_of
from threadmod.syntax.tokens import STRING
from threadmod.transform import Example


class FileBuiltin(SyntaxTransform):
    CODE = "TM164"
    NAME = "file-builtin"
    DESCRIPTION = "Calls of the builtin file(...) become open(...)."
    WHAT = """
        `file(path)`, `file(path, 'w')`, `file(path, 'rb', 0)` become `open(...)` with the same
        arguments, where `file` is the builtin: the module binds no name `file` anywhere.
    """
    WHY = """
        Python 2's file type was also its open function: `file(name, mode, buffering)` did
        what `open(name, mode, buffering)` does.  Python 3 has no builtin `file`: every call
        is a NameError.  The file opened is the same; like every open() in converted code,
        a file opened in text mode now reads and writes str decoded with the locale's
        encoding, and one opened with 'b' bytes.
    """
    LEAVES_ALONE = """
        A module that binds `file` anywhere (a parameter, a variable, `for file in files`, an
        import): its calls of `file(...)` get a diagnostic TM164 if they have the arguments of
        an open (a string first), and are left alone otherwise.  Other uses of the builtin,
        which Python 3 has no one name for (`isinstance(f, file)`: io.IOBase, or
        io.TextIOWrapper...; `class Log(file)`), keep their code and get a diagnostic TM164.
        Attributes (`self.file`) and keyword arguments (`f(file=x)`).
    """
    EXAMPLES = (
        Example("for line in file('data.txt'):\n    pass\n", "for line in open('data.txt'):\n    pass\n"),
        Example("f = file(name, 'wb')\n", "f = open(name, 'wb')\n"),
        Example("ok = isinstance(f, file)\n", "ok = isinstance(f, file)\n", ("1:20 TM164",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "def save(file):\n    file.write('x')\n",
        "x = self.file\n",
        "from mylib import file\nf = file(1)\n",
    )
    APPLIES_TO_PYTHON3 = True  # an unbound `file` is a NameError in Python 3 anyway
    HINT = re.compile(r"(?<![.\w])file\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "file" not in context.text:
            return
        stream = context.stream
        indices = context.name_indices("file")
        if not indices:
            return
        bound = bool(bindings_of(context, "file"))
        for index in indices:
            if is_attribute(stream, index) or is_keyword_argument(stream, index):
                continue
            call = index + 1 < len(stream.kinds) and stream.is_op(index + 1, "(")
            if bound:
                if call and stream.kinds[index + 2] == STRING:  # a string first: file('x.txt')
                    context.diagnose(
                        stream.starts[index], self.CODE,
                        "if this is Python 2's builtin file (this module also binds the name `file`), use open()",
                    )
                continue
            if call:
                yield Edit.replace(stream.starts[index], stream.ends[index], "open", self.CODE)
            elif stream.is_name(index - 1, "def") or stream.is_name(index - 1, "class"):
                continue
            else:
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 3 has no builtin file: use open() to open, and io.IOBase (any file) or "
                    "io.TextIOWrapper (a text file) to test or subclass",
                )
