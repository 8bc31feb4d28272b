"""The base of the Python 2 syntax transforms (TM1xx, TM301): each yields offset edits."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.transform import TransformInfo


class SyntaxTransform(TransformInfo):
    """A Python 2 syntax form rewritten to Python 3 by offset edits over tokens."""

    # Runs on files that parse as Python 3 too, when HINT matches their text.
    APPLIES_TO_PYTHON3: ClassVar[bool] = False
    # Python 3 cannot parse the file without this rewrite (print statements, `except E, e`...):
    # on a Python 2 file it runs whatever --select and --ignore say.
    NEEDED_TO_PARSE: ClassVar[bool] = False
    HINT: ClassVar[re.Pattern | None] = None

    def edits(self, context: SyntaxContext) -> Iterable[Edit]:
        raise NotImplementedError
