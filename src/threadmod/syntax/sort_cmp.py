"""TM163 sort-cmp: `sorted(x, cmp=f)` and `x.sort(cmp=f)` become `key=functools.cmp_to_key(f)`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import call_arguments_lambda_aware, is_attribute, is_plain_argument, bindings_of
from threadmod.syntax.tokens import NAME, OP, TokenStream
from threadmod.transform import Example


class SortCmp(SyntaxTransform):
    CODE = "TM163"
    NAME = "sort-cmp"
    DESCRIPTION = "sorted(x, cmp=f) and x.sort(cmp=f) become key=functools.cmp_to_key(f)."
    WHAT = """
        The `cmp=f` argument of `sorted(...)` and of a `.sort(...)` call becomes
        `key=functools.cmp_to_key(f)`, and `import functools` is added.  `sorted(x, f)`, whose
        second argument is Python 2's cmp, becomes `sorted(x, key=functools.cmp_to_key(f))`; so
        does `x.sort(f)` when f is a two-parameter lambda (`x.sort(lambda a, b: ...)`) or a
        function the module defines with two parameters (`def by_date(a, b):`).  `cmp=None`
        becomes `key=None`.
    """
    WHY = """
        Python 3's sort and sorted take no cmp: `cmp=` is a TypeError, as is any positional
        argument of list.sort.  functools.cmp_to_key turns the comparison function into a
        key that orders the items exactly as the function did.
    """
    LEAVES_ALONE = """
        A call with both cmp and key (Python 2 compared the keys with cmp; write
        `key=lambda v: functools.cmp_to_key(f)(g(v))` by hand), `sorted(x, f, g)`, and a
        `.sort(f)` whose single argument is neither a two-parameter lambda nor a two-parameter
        function of the module (it may be another class's sort): these keep their code with
        a diagnostic TM163, as do the `.sort(...)` calls naming cmp in a module that defines a
        sort method of its own.  A module that binds `sorted` itself.
    """
    EXAMPLES = (
        Example(
            "import os\nnames = sorted(os.listdir('.'), cmp=by_size)\n",
            "import os\nimport functools\nnames = sorted(os.listdir('.'), key=functools.cmp_to_key(by_size))\n",
        ),
        Example(
            "jobs.sort(cmp=lambda a, b: a.prio - b.prio, reverse=True)\n",
            "import functools\njobs.sort(key=functools.cmp_to_key(lambda a, b: a.prio - b.prio), reverse=True)\n",
        ),
        Example(
            "items = sorted(items, compare)\n",
            "import functools\nitems = sorted(items, key=functools.cmp_to_key(compare))\n"),
        Example("items.sort(compare)\n", "items.sort(compare)\n", ("1:7 TM163",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "items.sort(key=len)\n",
        "items = sorted(items, key=len, reverse=True)\n",
        "def sorted(x, f):\n    return x\ny = sorted(a, f)\n",
    )
    APPLIES_TO_PYTHON3 = True  # cmp= and a positional comparator are a TypeError in Python 3
    HINT = re.compile(r"\bsort(?:ed)?\s*\(")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "sort" not in text:
            return
        stream = context.stream
        sorted_bound = None
        own_sort = None
        for word in ("sorted", "sort"):
            for index in context.name_indices(word):
                if not (index + 1 < len(stream.kinds) and stream.is_op(index + 1, "(")):
                    continue
                if word == "sort" and not is_attribute(stream, index):
                    continue
                if word == "sort" and own_sort is None:
                    own_sort = any(how == "def" for _, how in bindings_of(context, "sort"))
                if word == "sort" and own_sort:
                    if any(stream.is_name(i, "cmp") for i in range(index + 2, stream.pairs[index + 1])):
                        context.diagnose(
                            stream.starts[index], self.CODE,
                            "this module defines its own sort: if this is a list's, use key=functools.cmp_to_key(f) "
                            "instead of cmp",
                        )
                    continue
                if word == "sorted":
                    if is_attribute(stream, index):
                        continue
                    if sorted_bound is None:
                        sorted_bound = bool(bindings_of(context, "sorted"))
                    if sorted_bound:
                        continue
                yield from self._call(context, stream, index, word)

    def _call(self, context: SyntaxContext, stream: TokenStream, index: int, word: str) -> Iterator[Edit]:
        arguments = call_arguments_lambda_aware(stream, index + 1)
        cmp_argument = None
        has_key = False
        for start, end in arguments:
            if end - start >= 2 and stream.kinds[start] == NAME and stream.is_op(start + 1, "="):
                if stream.tok(start) == "cmp":
                    cmp_argument = (start, end)
                elif stream.tok(start) == "key":
                    has_key = True
        positional = [(s, e) for s, e in arguments if is_plain_argument(stream, s, e)]
        extra = len(positional) - (1 if word == "sorted" else 0)
        if cmp_argument is None and extra <= 0:
            return
        if extra > 1 or (cmp_argument is not None and extra > 0) or (has_key and (cmp_argument or extra)):
            context.diagnose(
                stream.starts[index], self.CODE,
                "Python 3's sort takes no cmp: use key=functools.cmp_to_key(f), applying the key function inside it by hand",
            )
            return
        if any(stream.kinds[s] == OP and stream.tok(s) in ("*", "**") for s, _ in arguments):
            context.diagnose(stream.starts[index], self.CODE, "Python 3's sort takes no cmp: check what *args passes")
            return
        if cmp_argument is not None:
            start, end = cmp_argument
            value_start = start + 2
            yield Edit.replace(stream.starts[start], stream.ends[start], "key", self.CODE)
            if end == value_start + 1 and stream.is_name(value_start, "None"):
                return  # cmp=None: key=None, the default
        else:
            start, end = positional[-1]
            value_start = start
            if word == "sort" and not (_two_parameter_lambda(stream, start, end) or _comparison_def(context, start, end)):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "Python 3's list.sort takes no positional argument: if this is Python 2's cmp, use "
                    "key=functools.cmp_to_key(f)",
                )
                return
        yield Edit.replace(
            stream.starts[value_start], stream.starts[value_start],
            "functools.cmp_to_key(" if cmp_argument is not None else "key=functools.cmp_to_key(", self.CODE,
        )
        yield Edit.replace(stream.ends[end - 1], stream.ends[end - 1], ")", self.CODE)
        context.need_import("functools", None, self.CODE)


def _two_parameter_lambda(stream: TokenStream, start: int, end: int) -> bool:
    if not stream.is_name(start, "lambda"):
        return False
    colon = stream.find_top(start, end, OP, ":")
    if colon < 0:
        return False
    parameters, _ = stream.split_top(start + 1, colon)
    return len(parameters) == 2


def _comparison_def(context: SyntaxContext, start: int, end: int) -> bool:
    """Whether [start, end) is a name the module binds only by `def name(a, b):`, a
    function of two parameters (a comparison function, not some other class's argument)."""
    stream = context.stream
    if end != start + 1 or stream.kinds[start] != NAME:
        return False
    bindings = bindings_of(context, stream.tok(start))
    if not bindings or any(how != "def" for _, how in bindings):
        return False
    for index, _ in bindings:
        opening = index + 1
        if not stream.is_op(opening, "("):
            return False
        parameters, _ = stream.split_top(opening + 1, stream.pairs[opening])
        if len(parameters) != 2 or any(not is_plain_argument(stream, s, e) for s, e in parameters):
            return False
    return True
