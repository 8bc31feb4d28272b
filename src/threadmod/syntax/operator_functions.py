"""TM136 operator-functions: the operator module's functions Python 3 removed become what replaced them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.bindings import bindings_of
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.renames import attribute_indices, plain_call
from threadmod.transform import Example

_RENAMES = {"sequenceIncludes": "contains", "repeat": "mul", "irepeat": "imul"}
# Function -> (the module to import or None, the test).
_TESTS = {
    "isCallable": (None, "callable"),
    "isSequenceType": ("collections.abc", "collections.abc.Sequence"),
    "isMappingType": ("collections.abc", "collections.abc.Mapping"),
    "isNumberType": ("numbers", "numbers.Number"),
}
_ALL = (*_RENAMES, *_TESTS)


class OperatorFunctions(SyntaxTransform):
    CODE = "TM136"
    NAME = "operator-functions"
    DESCRIPTION = "operator.isCallable, sequenceIncludes, repeat, isSequenceType... become their Python 3 forms."
    WHAT = """
        `operator.isCallable(x)` becomes `callable(x)`; `operator.sequenceIncludes`,
        `operator.repeat` and `operator.irepeat` become `operator.contains`,
        `operator.mul` and `operator.imul`; `operator.isSequenceType(x)`,
        `isMappingType(x)` and `isNumberType(x)` become `isinstance(x,
        collections.abc.Sequence)`, `collections.abc.Mapping` and `numbers.Number`, with
        the import (2to3's operator fixer).
    """
    WHY = """
        Python 3 removed these functions (an AttributeError), so this applies to files
        that otherwise parse as Python 3 too.  The three type tests asked whether an
        object looked like a sequence, mapping or number; the abstract classes answer
        that for the built-in types and every class that derives from or registers with
        them, but not for a class that merely defines __getitem__.
    """
    LEAVES_ALONE = """
        Functions of anything but the operator module (`operator` bound to something
        else).  The functions imported by name (`from operator import isCallable`), and
        a type test called with other than one plain argument, are left with a TM136
        diagnostic.
    """
    EXAMPLES = (
        Example("operator.isCallable(x)\n", "callable(x)\n"),
        Example("operator.sequenceIncludes(x, y)\n", "operator.contains(x, y)\n"),
        Example("operator.isMappingType(x)\n", "import collections.abc\nisinstance(x, collections.abc.Mapping)\n"),
        Example("from operator import isCallable\n", "from operator import isCallable\n", ("1:22 TM136",)),
    )
    LEAVE_ALONE_EXAMPLES = ("itertools.repeat(x, n)\n", "repeat(x, n)\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"isCallable|sequenceIncludes|repeat|is(?:Sequence|Mapping|Number)Type")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "operator" not in context.text:
            return
        stream = context.stream
        bindings = bindings_of(context)
        for index in attribute_indices(context, bindings, "operator", _ALL):
            name = stream.tok(index)
            if name in _RENAMES:
                yield Edit.replace(stream.starts[index], stream.ends[index], _RENAMES[name], self.CODE)
                continue
            module, test = _TESTS[name]
            call = plain_call(stream, index)
            function = "callable" if module is None else "isinstance"
            if call is None or len(call[1]) != 1 or bindings.is_bound(function, index) or (
                module is not None and not bindings.is_module(module.split(".")[0], index)
            ):
                context.diagnose(stream.starts[index], self.CODE, f"operator.{name} is gone in Python 3: use {function}")
                continue
            opening, ((start, end),) = call
            closing = stream.pairs[opening]
            yield Edit.replace(stream.starts[index - 2], stream.ends[opening], f"{function}(", self.CODE)
            if module is not None:
                yield Edit.replace(stream.ends[end - 1], stream.ends[closing], f", {test})", self.CODE)
            if module is not None:
                context.need_import(module, None, self.CODE)
        self._imported(context)

    def _imported(self, context: SyntaxContext) -> None:
        stream = context.stream
        for index in context.name_indices("operator"):
            if stream.is_name(index - 1, "from") and stream.is_name(index + 1, "import"):
                statement = context.statements[bindings_of(context).statement_at(index)]
                for name in range(index + 2, statement.end):
                    if stream.tok(name) in _ALL and not stream.is_name(name - 1, "as"):
                        context.diagnose(
                            stream.starts[name], self.CODE,
                            f"operator.{stream.tok(name)} is gone in Python 3: see `threadmod explain {self.CODE}`",
                        )
