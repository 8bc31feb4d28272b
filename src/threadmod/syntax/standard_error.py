"""TM126 standard-error: the builtin `StandardError` becomes `Exception`."""

from __future__ import annotations

import re

from threadmod.syntax.renames import BuiltinRename
from threadmod.transform import Example


class StandardErrorBuiltin(BuiltinRename):
    CODE = "TM126"
    NAME = "standard-error"
    DESCRIPTION = "The builtin StandardError becomes Exception."
    WHAT = """
        `class Error(StandardError)` becomes `class Error(Exception)`, `except
        StandardError:` becomes `except Exception:` (2to3's standarderror fixer).
    """
    WHY = """
        Python 3 removed StandardError, the base of the built-in exceptions other than
        StopIteration, GeneratorExit, KeyboardInterrupt and SystemExit; Exception is its
        nearest class.  (`except StandardError` now catches StopIteration too.)  An unbound
        `StandardError` is a NameError in Python 3, so this applies to files that
        otherwise parse as Python 3 too.
    """
    LEAVES_ALONE = """
        A StandardError the code binds itself in the scope of the use or one around it
        (`class StandardError`, `StandardError = Exception`), attributes such as
        `errors.StandardError`.  Where the code binds `Exception` itself, the use is left
        with a TM126 diagnostic.
    """
    EXAMPLES = (
        Example("class Error(StandardError):\n    pass\n", "class Error(Exception):\n    pass\n"),
        Example("x =    StandardError()\n", "x =    Exception()\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("raise errors.StandardError('x')\n",)
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"StandardError\b(?<![\w.]StandardError)")  # literal first (fast), then: not part of a word or an attribute
    RENAMES = {"StandardError": "Exception"}
