"""TM102 except-comma: `except E, e:` becomes `except E as e:`."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class ExceptComma(SyntaxTransform):
    CODE = "TM102"
    NEEDED_TO_PARSE = True
    NAME = "except-comma"
    DESCRIPTION = "except E, e: becomes except E as e:."
    WHAT = """
        `except E, e:` becomes `except E as e:`.  A target that is not a plain name
        (`except E, (code, msg):` or `except E, self.error:`) is bound through a new
        name, assigned first thing in the handler: a tuple target unpacks the
        exception's `args`, as iterating an exception did in Python 2.
    """
    WHY = """
        The comma form is a syntax error in Python 3.  Note that Python 3 deletes the
        name at the end of the handler; Python 2 kept it.
    """
    LEAVES_ALONE = "`except E as e:`, `except (A, B):` and bare `except:`."
    EXAMPLES = (
        Example("try:\n    f()\nexcept IOError, e:\n    log(e)\n", "try:\n    f()\nexcept IOError as e:\n    log(e)\n"),
        Example(
            "try:\n    f()\nexcept (OSError, IOError), e:\n    pass\n",
            "try:\n    f()\nexcept (OSError, IOError) as e:\n    pass\n",
        ),
        Example(
            "try:\n    f()\nexcept socket.error, (code, msg):\n    print(msg)\n",
            "try:\n    f()\nexcept socket.error as code_msg:\n    (code, msg) = code_msg.args\n    print(msg)\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("try:\n    f()\nexcept (A, B) as e:\n    pass\nexcept:\n    pass\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        stream = context.stream
        for statement in context.statements:
            if not statement.header or not stream.is_name(statement.first, "except"):
                continue
            items, trailing = stream.split_top(statement.first + 1, statement.end)
            if len(items) != 2 or trailing:
                continue
            (_, exc_end), (target_start, target_end) = items
            as_start = stream.ends[exc_end - 1]
            if target_end == target_start + 1 and stream.kinds[target_start] == NAME:
                yield Edit.replace(as_start, stream.starts[target_start], " as ", self.CODE)
                continue
            target = stream.text[stream.starts[target_start] : stream.ends[target_end - 1]]
            names = [stream.tok(i) for i in range(target_start, target_end) if stream.kinds[i] == NAME]
            is_tuple = stream.tok(target_start) in ("(", "[") and stream.is_group(target_start, target_end)
            base = "_".join(names) if is_tuple else (names[-1] if names else "exc")
            name = context.fresh_name(base or "exc")
            yield Edit.replace(as_start, stream.ends[target_end - 1], " as " + name, self.CODE)
            value = f"{name}.args" if is_tuple else name
            yield context.body_insertion(statement, [f"{target} = {value}"], self.CODE)
