"""TM160 time-clock: `time.clock()`, removed in Python 3.8, becomes `time.perf_counter()`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import imported_module_names, is_attribute, statement_of
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example


class TimeClock(SyntaxTransform):
    CODE = "TM160"
    NAME = "time-clock"
    DESCRIPTION = "time.clock(), removed in Python 3.8, becomes time.perf_counter()."
    WHAT = """
        `time.clock()` becomes `time.perf_counter()` (also through `import time as t`), and
        `from time import clock` becomes `from time import perf_counter as clock`, so that
        the calls of `clock()` stay as they are.
    """
    WHY = """
        time.clock was removed in Python 3.8: every call is an AttributeError (an
        ImportError for `from time import clock`).  Legacy programs call it to time a
        stretch of code: `t0 = time.clock()` ... `time.clock() - t0`.  On Windows clock()
        was wall time since the first call, on Unix the CPU time of the process.
        perf_counter() is wall time, with the best resolution there is: a difference of
        two calls is the elapsed time on every platform.  On Unix a program that timed a
        computation that sleeps or waits for other threads now counts that waiting too (use
        time.process_time() by hand where the CPU time is meant), and the value of a single
        call is not the time since the process started: only differences mean something,
        as they did for clock() on Windows.
    """
    LEAVES_ALONE = """
        A module that binds `time` itself other than by `import time` (a variable, a
        parameter, `from datetime import time`), attributes of other objects (`obj.clock()`),
        and a `clock` that is not time's.
    """
    EXAMPLES = (
        Example(
            "import time\nt0 = time.clock()\nwork()\nprint time.clock() - t0\n",
            "import time\nt0 = time.perf_counter()\nwork()\nprint(time.perf_counter() - t0)\n",
        ),
        Example(
            "from time import clock, sleep\nstart = clock()\n",
            "from time import perf_counter as clock, sleep\nstart = clock()\n"),
        Example("import time as t\ntimer = t.clock\n", "import time as t\ntimer = t.perf_counter\n"),
    )
    LEAVE_ALONE_EXAMPLES = (
        "from datetime import time\nx = time.clock()\n",
        "import time\nt = time.perf_counter()\n",
        "x = obj.clock()\n",
    )
    APPLIES_TO_PYTHON3 = True  # time.clock is an AttributeError on every Python 3.8+
    HINT = re.compile(r"clock\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "clock" not in context.text or "time" not in context.text:
            return
        stream = context.stream
        modules = None
        for index in context.name_indices("clock"):
            if is_attribute(stream, index):
                owner = index - 2
                if owner < 0 or stream.kinds[owner] != NAME or is_attribute(stream, owner):
                    continue
                if modules is None:
                    modules = imported_module_names(context, "time") or set()
                if stream.tok(owner) in modules:
                    yield Edit.replace(stream.starts[index], stream.ends[index], "perf_counter", self.CODE, evidence=False)
                continue
            statement = statement_of(context.statements, index)
            if statement is None or not stream.is_name(statement.first, "from"):
                continue
            if not stream.is_name(statement.first + 1, "time") or not stream.is_name(statement.first + 2, "import"):
                continue
            if index + 1 < statement.end and stream.is_name(index + 1, "as"):
                yield Edit.replace(stream.starts[index], stream.ends[index], "perf_counter", self.CODE, evidence=False)
            else:
                yield Edit.replace(stream.starts[index], stream.ends[index], "perf_counter as clock", self.CODE, evidence=False)
