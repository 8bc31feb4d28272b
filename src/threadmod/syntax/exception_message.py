"""TM166 exception-message: `e.message` of an exception caught by `except ..., e`, gone in Python 3, gets a diagnostic."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import bindings_of, statement_of
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class ExceptionMessage(SyntaxTransform):
    CODE = "TM166"
    NAME = "exception-message"
    DESCRIPTION = "e.message of a caught exception, gone in Python 3, gets a diagnostic."
    WHAT = """
        Reports each `e.message` where `e` is a name the module binds only in `except`
        clauses (`except IOError, e:`, `except Exception as e:`), without changing the code.
    """
    WHY = """
        BaseException.message (deprecated since 2.6) is gone in Python 3: reading it is an
        AttributeError, typically inside the handler that was to report the error, so the
        report itself crashes.  `str(e)` is the same text for an exception raised with one
        argument, and `e.args[0]` the same object; but an exception class that sets its own
        `message` attribute still has it, so which to use is left to a person.
    """
    LEAVES_ALONE = """
        A file that assigns a `.message` attribute anywhere (its exception classes may carry
        one), names bound otherwise too (a parameter, an assignment), and `message` attributes
        of anything else.
    """
    EXAMPLES = (
        Example(
            "try:\n    work()\nexcept IOError, e:\n    print e.message\n",
            "try:\n    work()\nexcept IOError as e:\n    print(e.message)\n",
            ("4:11 TM166",),
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "class E(Exception):\n    def __init__(self, m):\n        self.message = m\n"
        "try:\n    f()\nexcept E as e:\n    print(e.message)\n",
        "def show(e):\n    print(e.message)\n",
    )
    # Python 2 files only: in Python 3 code that reads e.message, the exceptions caught are
    # likely its own, with a message attribute.

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if ".message" not in text and "message" not in text:
            return iter(())
        stream = context.stream
        uses = [i for i in context.name_indices("message") if i > 1 and stream.is_op(i - 1, ".")]
        if not uses:
            return iter(())
        if re.search(r"\.\s*message\s*=[^=]", text) or "setattr(" in text:
            return iter(())
        verdicts: dict[str, bool] = {}
        for index in uses:
            owner = index - 2
            if stream.kinds[owner] != NAME or (owner > 0 and stream.is_op(owner - 1, ".")):
                continue
            name = stream.tok(owner)
            if name not in verdicts:
                verdicts[name] = _caught_only(context, name)
            if verdicts[name]:
                context.diagnose(
                    stream.starts[owner], self.CODE,
                    f"exceptions have no .message in Python 3: use str({name}) (the text of a one-argument "
                    f"exception) or {name}.args[0], unless this exception class sets its own message",
                )
        return iter(())


def _caught_only(context: SyntaxContext, name: str) -> bool:
    """Whether every binding of name is the target of an except clause."""
    stream = context.stream
    bindings = bindings_of(context, name)
    if not bindings:
        return False
    for index, _ in bindings:
        statement = statement_of(context.statements, index)
        if statement is None or not statement.header or not stream.is_name(statement.first, "except"):
            return False
    return True
