"""TM168 removed-aliases: module functions that Python 3 kept as aliases and then removed take their new names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import imported_module_names, is_attribute, bindings_of, statement_of
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example

# module -> {old name: new name}; each old name was the new one under another name, until
# the version in the comment removed it.
_ALIASES = {
    "base64": {"encodestring": "encodebytes", "decodestring": "decodebytes"},  # 3.9
    "locale": {"format": "format_string"},  # 3.12 (format took one %-spec: the same result)
    "ConfigParser": {"SafeConfigParser": "ConfigParser"},  # 3.12 (3.2 renamed it)
    "configparser": {"SafeConfigParser": "ConfigParser"},
}
_OLD_NAMES = sorted({old for names in _ALIASES.values() for old in names})


class RemovedAliases(SyntaxTransform):
    CODE = "TM168"
    NAME = "removed-aliases"
    DESCRIPTION = "base64.encodestring, locale.format, SafeConfigParser... take the names Python 3 keeps."
    WHAT = """
        `base64.encodestring` and `decodestring` become `encodebytes` and `decodebytes`,
        `locale.format(...)` becomes `locale.format_string(...)`, and
        `ConfigParser.SafeConfigParser` becomes `ConfigParser.ConfigParser` (the module's own
        rename to configparser is another transform's); `from base64 import encodestring`
        becomes `from base64 import encodebytes as encodestring`.  `os.errno.EEXIST` becomes
        `errno.EEXIST`, with `import errno`.
    """
    WHY = """
        Python 3 renamed these and kept the old names as deprecated aliases, then removed them:
        encodestring and decodestring in 3.9, locale.format and SafeConfigParser in 3.12; os.errno,
        the errno module that os happened to import, went in 3.7.  A
        program that worked in Python 2 and in early Python 3 now stops at an AttributeError
        (an ImportError for `from ... import`).  The new names are the same functions
        (locale.format accepted exactly one %-specifier, on which format_string gives the same
        text; a call that locale.format rejected with a ValueError, two specifiers or text
        around one, now formats).
    """
    LEAVES_ALONE = """
        A module that binds the module's name other than by `import` (a variable named
        locale...), other objects' attributes of the same names (`"{}".format`, `obj.format`),
        and `import base64 as b64`-style aliases of ConfigParser... other than through `as`.
        `os.errno` in a module that also binds the name `errno` otherwise (`errno = e.errno`),
        or in a file read as Python 3 that does not import errno, keeps its code, with a
        diagnostic TM168.
    """
    EXAMPLES = (
        Example("import base64\ns = base64.encodestring(data)\n", "import base64\ns = base64.encodebytes(data)\n"),
        Example("import locale\ns = locale.format('%d', n, True)\n", "import locale\ns = locale.format_string('%d', n, True)\n"),
        Example(
            "from base64 import decodestring\nraw = decodestring(s)\n",
            "from base64 import decodebytes as decodestring\nraw = decodestring(s)\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("s = '{}'.format(x)\n", "import locale\ns = locale.format_string('%d', n)\n")
    APPLIES_TO_PYTHON3 = True  # AttributeErrors on the Python 3 versions that removed them
    HINT = re.compile(r"\b(?:" + "|".join(_OLD_NAMES) + r")\b|\.\s*errno\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if not any(module in text for module in _ALIASES) and "errno" not in text:
            return
        stream = context.stream
        modules: dict[str, set[str]] = {}
        if "errno" in text:
            yield from self._os_errno(context)
        for old in _OLD_NAMES:
            for index in context.name_indices(old):
                if is_attribute(stream, index):
                    owner = index - 2
                    if owner < 0 or stream.kinds[owner] != NAME or is_attribute(stream, owner):
                        continue
                    for module, names in _ALIASES.items():
                        if old not in names:
                            continue
                        if module not in modules:
                            modules[module] = imported_module_names(context, module) or set() if module in text else set()
                        if stream.tok(owner) in modules[module]:
                            yield Edit.replace(stream.starts[index], stream.ends[index], names[old], self.CODE, evidence=False)
                            break
                    continue
                statement = statement_of(context.statements, index)
                if statement is None or not stream.is_name(statement.first, "from"):
                    continue
                module = stream.tok(statement.first + 1)
                if module not in _ALIASES or old not in _ALIASES[module] or not stream.is_name(statement.first + 2, "import"):
                    continue
                new = _ALIASES[module][old]
                if index + 1 < statement.end and stream.is_name(index + 1, "as"):
                    yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE, evidence=False)
                else:
                    yield Edit.replace(stream.starts[index], stream.ends[index], f"{new} as {old}", self.CODE, evidence=False)

    def _os_errno(self, context: SyntaxContext) -> Iterator[Edit]:
        """`os.errno.X` (os.errno was the errno module until Python 3.7) becomes `errno.X`."""
        stream = context.stream
        uses = [
            i for i in context.name_indices("errno")
            if is_attribute(stream, i) and i >= 2 and stream.kinds[i - 2] == NAME and not is_attribute(stream, i - 2)
        ]
        if not uses:
            return
        modules = imported_module_names(context, "os") or set()
        uses = [i for i in uses if stream.tok(i - 2) in modules]
        if not uses:
            return
        errno_bindings = bindings_of(context, "errno")
        if any(how != "import" for _, how in errno_bindings) or (not context.python2 and not errno_bindings):
            # (In a file read as Python 3 an added import would count as evidence of Python 2.)
            for index in uses:
                context.diagnose(
                    stream.starts[index - 2], self.CODE,
                    "os.errno is gone since Python 3.7: import errno and use errno.X",
                )
            return
        for index in uses:
            yield Edit.replace(stream.starts[index - 2], stream.ends[index], "errno", self.CODE, evidence=False)
        context.need_import("errno", None, self.CODE)
