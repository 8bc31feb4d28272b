"""TM120 raw-input: the builtin `raw_input` becomes `input`."""

from __future__ import annotations

import re

from threadmod.syntax.renames import BuiltinRename
from threadmod.transform import Example


class RawInput(BuiltinRename):
    CODE = "TM120"
    NAME = "raw-input"
    DESCRIPTION = "The builtin raw_input becomes input."
    WHAT = "`raw_input(prompt)` becomes `input(prompt)`; a reference such as `read = raw_input` too (2to3's raw_input fixer)."
    WHY = """
        Python 3's input is Python 2's raw_input: it returns the line read, as a string.
        An unbound `raw_input` is a NameError in Python 3, so this applies to files that
        otherwise parse as Python 3 too.
    """
    LEAVES_ALONE = """
        A raw_input the code binds itself in the scope of the use or one around it (the
        shim `raw_input = input`, an import, a def, a parameter), attributes such as
        `obj.raw_input`, and keyword arguments `f(raw_input=x)`.  Where the code binds
        `input` itself, the use is left with a TM120 diagnostic.  Python 2's own `input`
        is TM121's.
    """
    EXAMPLES = (
        Example("name = raw_input('Name: ')\n", "name = input('Name: ')\n"),
        Example("words = raw_input().split()\n", "words = input().split()\n"),
        Example(
            "def ask(input):\n    return raw_input(input)\n",
            "def ask(input):\n    return raw_input(input)\n",
            ("2:12 TM120",),
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "try:\n    raw_input\nexcept NameError:\n    raw_input = input\nname = raw_input()\n",
        "line = console.raw_input()\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"raw_input\b(?<![\w.]raw_input)")  # literal first (fast), then: not part of a word or an attribute
    RENAMES = {"raw_input": "input"}
