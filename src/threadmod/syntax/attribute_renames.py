"""TM148 function-attributes and TM149 method-attributes: `f.func_name` becomes `f.__name__`,
`m.im_func` becomes `m.__func__`..."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import is_attribute
from threadmod.transform import Example


class _AttributeRenames(SyntaxTransform):
    RENAMES: ClassVar[dict[str, str]]
    PREFIX: ClassVar[str]

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if self.PREFIX not in context.text:
            return
        stream = context.stream
        for name, new in self.RENAMES.items():
            for index in context.name_indices(name):
                if is_attribute(stream, index):
                    yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)


class FunctionAttributes(_AttributeRenames):
    CODE = "TM148"
    NAME = "function-attributes"
    DESCRIPTION = "Function attributes func_name, func_code... become __name__, __code__..."
    WHAT = """
        The attributes `func_closure`, `func_doc`, `func_globals`, `func_name`,
        `func_defaults`, `func_code` and `func_dict` become `__closure__`, `__doc__`,
        `__globals__`, `__name__`, `__defaults__`, `__code__` and `__dict__`, read or
        assigned.
    """
    WHY = "Python 3 functions have only the dunder names, which Python 2.6 and later have too."
    LEAVES_ALONE = """
        Files read as Python 3, and names that are not attributes (`func_name = 1`,
        `def func_code(self)`).  Like 2to3, every such attribute is renamed whatever
        the object: one of the program's own with a `func_name` attribute needs its
        lines kept (`# threadmod: ignore[TM148]`).
    """
    EXAMPLES = (
        Example("name = f.func_name\n", "name = f.__name__\n"),
        Example("code = self.handler.func_code.co_argcount\n", "code = self.handler.__code__.co_argcount\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("name = f.__name__\n", "func_name = 'x'\n")
    PREFIX = "func_"
    RENAMES = {
        "func_closure": "__closure__",
        "func_doc": "__doc__",
        "func_globals": "__globals__",
        "func_name": "__name__",
        "func_defaults": "__defaults__",
        "func_code": "__code__",
        "func_dict": "__dict__",
    }


class MethodAttributes(_AttributeRenames):
    CODE = "TM149"
    NAME = "method-attributes"
    DESCRIPTION = "Method attributes im_func, im_self, im_class become __func__, __self__, __self__.__class__."
    WHAT = "`m.im_func` becomes `m.__func__`, `m.im_self` becomes `m.__self__`, `m.im_class` becomes `m.__self__.__class__`."
    WHY = """
        Python 3 bound methods have only `__func__` and `__self__` (Python 2.6 and later
        have them too); there are no unbound methods, so no class of their own.
    """
    LEAVES_ALONE = """
        Files read as Python 3, and names that are not attributes.  `im_class` of an
        unbound method (`C.f.im_class`) has no Python 3 equivalent: the rewrite, as
        2to3's, fits bound methods.
    """
    EXAMPLES = (
        Example("f = m.im_func\n", "f = m.__func__\n"),
        Example("owner = m.im_class\n", "owner = m.__self__.__class__\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("f = m.__func__\n",)
    PREFIX = "im_"
    RENAMES = {"im_func": "__func__", "im_self": "__self__", "im_class": "__self__.__class__"}
