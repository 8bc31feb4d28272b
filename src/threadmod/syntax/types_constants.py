"""TM137 types-constants: `types.StringType` and the other type names Python 3 dropped become the builtins."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import Python2Rewrite, module_attribute
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example

# 2to3's table (fix_types.py).
TYPE_NAMES = {
    "BooleanType": "bool",
    "BufferType": "memoryview",
    "ClassType": "type",
    "ComplexType": "complex",
    "DictType": "dict",
    "DictionaryType": "dict",
    "EllipsisType": "type(Ellipsis)",
    "FloatType": "float",
    "IntType": "int",
    "ListType": "list",
    "LongType": "int",
    "ObjectType": "object",
    "NoneType": "type(None)",
    "NotImplementedType": "type(NotImplemented)",
    "SliceType": "slice",
    "StringType": "bytes",
    "StringTypes": "(str,)",
    "TupleType": "tuple",
    "TypeType": "type",
    "UnicodeType": "str",
    "XRangeType": "range",
}
# Gone in Python 3 with no builtin to name instead.
_GONE = ("InstanceType", "FileType", "UnboundMethodType", "DictProxyType")
_ALL = frozenset((*TYPE_NAMES, *_GONE))


class TypesConstants(Python2Rewrite):
    CODE = "TM137"
    NAME = "types-constants"
    DESCRIPTION = "types.StringType, types.IntType... become bytes, int..."
    WHAT = """
        `types.IntType` becomes `int`, `types.StringType` becomes `bytes`,
        `types.UnicodeType` becomes `str`, `types.StringTypes` becomes `(str,)`,
        `types.NoneType` becomes `type(None)`, and the rest of 2to3's types table
        (2to3's types fixer).
    """
    WHY = """
        Python 3's types module no longer names the builtin types; the builtins are the
        same objects.  StringType was Python 2's str, bytes in Python 3.  This runs only
        on files read as Python 2, where the table's meaning is sure.
    """
    LEAVES_ALONE = """
        Names of anything but the types module (`types` bound to something else), the
        names Python 3 keeps (`types.FunctionType`, `types.MethodType`...), and the names
        the builtins cannot replace (InstanceType, FileType, UnboundMethodType,
        DictProxyType), which get a TM137 diagnostic, as do type names imported with
        `from types import`.  Where the code binds the builtin's name itself, the name is
        left with a TM137 diagnostic.  `types.StringType` becomes `bytes`, as in 2to3, with
        a TM137 diagnostic: Python 2's str held text as well as bytes, and a test for text
        wants `str`.
    """
    EXAMPLES = (
        Example("import types\nif type(x) == types.IntType: pass\n", "import types\nif type(x) == int: pass\n"),
        Example("ok = isinstance(s, types.StringTypes)\n", "ok = isinstance(s, (str,))\n"),
        Example("t = types . NoneType\n", "t = type(None)\n"),
        Example("from types import StringType\n", "from types import StringType\n", ("1:19 TM137",)),
    )
    LEAVE_ALONE_EXAMPLES = ("f = types.FunctionType\n", "x = mytypes.IntType\n")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if not context.python2:
            return
        text = context.text
        if "types" not in text or "Type" not in text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        found = []
        for base in context.name_indices("types"):
            index = base + 2
            if stream.is_op(base + 1, ".") and stream.kinds[index] == NAME and stream.tok(index) in _ALL:
                if module_attribute(context, bindings, index, "types"):
                    found.append(index)
        for index in found:
            name = stream.tok(index)
            new = TYPE_NAMES.get(name)
            builtin = (new or "").strip("(,)").split("(")[0]
            if new is None or bindings.is_bound(builtin, index):
                context.diagnose(stream.starts[index], self.CODE, f"types.{name} is gone in Python 3" + (
                    f": use {new}, which is bound here, by hand" if new else ""
                ))
                continue
            if name == "StringType":
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "types.StringType, Python 2's str, is now bytes: where this tests for text, use str",
                )
            yield Edit.replace(stream.starts[index - 2], stream.ends[index], new, self.CODE)
        for index in context.name_indices("types"):
            if stream.is_name(index - 1, "from") and stream.is_name(index + 1, "import"):
                statement = context.statements[bindings.statement_at(index)]
                for name in range(index + 2, statement.end):
                    word = stream.tok(name)
                    if (word in TYPE_NAMES or word in _GONE) and not stream.is_name(name - 1, "as"):
                        context.diagnose(stream.starts[name], self.CODE, f"types.{word} is gone in Python 3" + (
                            f": use {TYPE_NAMES[word]}" if word in TYPE_NAMES else ""
                        ))
