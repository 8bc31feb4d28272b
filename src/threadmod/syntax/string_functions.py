"""TM161 string-functions: the string module's functions removed in Python 3 become str methods."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Copy, Edit
from threadmod.syntax.expressions import (
    call_arguments_lambda_aware,
    imported_module_names,
    is_attribute,
    is_keyword,
    is_plain_argument,
    primary_end,
    statement_of,
)
from threadmod.syntax.tokens import NAME, NUMBER, STRING, TokenStream
from threadmod.transform import Example

# string.f(s, *rest) was s.f(*rest) (Python 2's string.py says so): the method's name.
_METHODS = {
    name: name
    for name in (
        "capitalize", "center", "count", "expandtabs", "find", "index", "ljust", "lower", "lstrip",
        "replace", "rfind", "rindex", "rjust", "rsplit", "rstrip", "split", "strip", "swapcase", "upper",
    )
}
_METHODS["splitfields"] = "split"
_CONVERSIONS = {"atoi": "int", "atol": "int", "atof": "float"}  # string.atoi(s, base) was int(s, base)
_CONSTANTS = {"letters": "ascii_letters", "lowercase": "ascii_lowercase", "uppercase": "ascii_uppercase"}
_JOINS = ("join", "joinfields")
_EXCEPTIONS = {"atoi_error": "ValueError", "atol_error": "ValueError", "atof_error": "ValueError", "index_error": "ValueError"}
_DIAGNOSED = {
    "maketrans": "use str.maketrans(from, to) for text or bytes.maketrans for bytes "
    "(str.translate takes no deletechars: str.maketrans(from, to, deletechars))",
    "translate": "use s.translate(table): for text, table from str.maketrans(from, to, deletechars)",
    "zfill": "use str(x).zfill(width) (string.zfill took numbers too)",
}
REMOVED = frozenset(_METHODS).union(_CONVERSIONS, _CONSTANTS, _JOINS, _DIAGNOSED, _EXCEPTIONS)


class StringFunctions(SyntaxTransform):
    CODE = "TM161"
    NAME = "string-functions"
    DESCRIPTION = "string.join, string.split, string.upper, string.atoi... become str methods, int() and float()."
    WHAT = """
        The functions of Python 2's string module that Python 3 removed become what they
        called: `string.split(s, sep)` becomes `s.split(sep)`, `string.upper(s)` `s.upper()`,
        `string.strip(s)`, `string.replace(s, a, b)`, `string.find(s, sub)`... likewise;
        `string.join(words, sep)` becomes `sep.join(words)` and `string.join(words)`
        `" ".join(words)`; `string.atoi(s)` becomes `int(s)`, `string.atof(s)` `float(s)`;
        `string.letters`, `string.lowercase` and `string.uppercase` become
        `string.ascii_letters`...  A function used without a call (`map(string.strip, lines)`)
        becomes the str method (`str.strip`).
    """
    WHY = """
        Python 3's string module keeps only constants, capwords, Template and Formatter:
        every call of the others is an AttributeError.  In Python 2 each was defined as the
        method call it now becomes (`def split(s, sep=None, maxsplit=-1): return s.split(sep,
        maxsplit)`), so the meaning is kept; a first argument that is not a single primary is
        put in parentheses (`(a + b).split()`).
    """
    LEAVES_ALONE = """
        A module that binds the name `string` other than by `import string` (a parameter
        named string, `import string as s`...), and the string module's attributes Python 3
        still has (digits, ascii_letters, capwords, Template...).  It keeps the code with a
        diagnostic TM161 for: `string.join(words, sep)` whose sep is not a name, literal or
        attribute (sep.join would evaluate it first), calls with `*args` or keyword arguments,
        `string.maketrans`, `string.translate` and `string.zfill` (their Python 3 forms differ
        for bytes, deletechars and numbers), `string.letters`... in a file that calls
        locale.setlocale (Python 2's followed the locale), `string.atoi_error`..., and
        `from string import join` and the like.  A function used without a call becomes
        `str.f`, which takes only str (bytes need `bytes.f`).
    """
    EXAMPLES = (
        Example("import string\nwords = string.split(line, ',')\n", "import string\nwords = line.split(',')\n"),
        Example("import string\nprint string.join(names, ', ')\n", "import string\nprint(', '.join(names))\n"),
        Example("import string\ns = string.join(words)\n", "import string\ns = \" \".join(words)\n"),
        Example("import string\nn = string.atoi(field) + 1\n", "import string\nn = int(field) + 1\n"),
        Example("import string\nlines = map(string.strip, f)\n", "import string\nlines = map(str.strip, f)\n"),
        Example("import string\nu = string.upper(a + b)\n", "import string\nu = (a + b).upper()\n"),
        Example(
            "import string\nt = s.translate(string.maketrans('ab', 'xy'))\n",
            "import string\nt = s.translate(string.maketrans('ab', 'xy'))\n", ("2:17 TM161",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "import string\nok = c in string.digits\n",
        "def show(string):\n    return string.upper(x)\n",
        "s = ' '.join(words)\n",
    )
    APPLIES_TO_PYTHON3 = True  # these are AttributeErrors in every Python 3
    HINT = re.compile(r"\bstring\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "string" not in context.text:
            return
        stream = context.stream
        indices = context.name_indices("string")
        if not indices:
            return
        for index in indices:
            if index > 0 and stream.is_name(index - 1, "from"):
                statement = statement_of(context.statements, index)
                if statement is not None and statement.first == index - 1:
                    self._from_import(context, stream, statement)
        modules = imported_module_names(context, "string")
        if not modules or modules != {"string"}:
            return
        locale = "setlocale" in context.text
        for index in indices:
            if is_attribute(stream, index):
                continue
            if not (stream.is_op(index + 1, ".") and stream.kinds[index + 2] == NAME):
                continue
            attribute = index + 2
            name = stream.tok(attribute)
            if name not in REMOVED:
                continue
            call = attribute + 1 < len(stream.kinds) and stream.is_op(attribute + 1, "(")
            start, end = stream.starts[index], stream.ends[attribute]
            if name in _CONSTANTS:
                if locale:
                    context.diagnose(
                        start, self.CODE,
                        f"string.{name} is gone; Python 2's followed locale.setlocale: use string.{_CONSTANTS[name]} "
                        "if ASCII letters are meant, or test str.isalpha() / islower() / isupper()",
                    )
                else:
                    yield Edit.replace(stream.starts[attribute], end, _CONSTANTS[name], self.CODE)
            elif name in _CONVERSIONS:
                yield Edit.replace(start, end, _CONVERSIONS[name], self.CODE)
            elif name in _EXCEPTIONS:
                context.diagnose(start, self.CODE, f"string.{name} is gone: it was ValueError")
            elif name in _DIAGNOSED:
                context.diagnose(start, self.CODE, f"string.{name} is gone: {_DIAGNOSED[name]}")
            elif not call:
                if name in _METHODS:
                    yield Edit.replace(start, end, f"str.{_METHODS[name]}", self.CODE)
                else:
                    context.diagnose(start, self.CODE, f"string.{name} is gone: use lambda words, sep=' ': sep.join(words)")
            else:
                edit = self._call(context, stream, index, attribute, name)
                if edit is not None:
                    yield edit

    def _call(self, context: SyntaxContext, stream: TokenStream, index: int, attribute: int, name: str) -> Edit | None:
        opening = attribute + 1
        closing = stream.pairs[opening]
        arguments = call_arguments_lambda_aware(stream, opening)
        method = _METHODS.get(name, "join")
        maximum = 2 if name in _JOINS else 99
        if not arguments or len(arguments) > maximum or not all(is_plain_argument(stream, s, e) for s, e in arguments):
            context.diagnose(
                stream.starts[index], self.CODE,
                f"string.{name} is gone: call the str method instead (string.{name}(s, ...) was s.{method}(...))",
            )
            return None
        first_start, first_end = arguments[0]
        first = Copy(stream.starts[first_start], stream.ends[first_end - 1])
        start, end = stream.starts[index], stream.ends[closing]
        if name in _JOINS:
            if len(arguments) == 1:
                return Edit(start, end, ('" ".join(', first, ")"), self.CODE)
            sep_start, sep_end = arguments[1]
            if not _plain_value(stream, sep_start, sep_end):
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "string.join is gone: use sep.join(words), computing sep first if the order matters",
                )
                return None
            separator = Copy(stream.starts[sep_start], stream.ends[sep_end - 1])
            parts = (separator,) if _is_primary(stream, sep_start, sep_end) else ("(", separator, ")")
            return Edit(start, end, (*parts, ".join(", first, ")"), self.CODE)
        receiver = (first,) if _is_primary(stream, first_start, first_end) else ("(", first, ")")
        if len(arguments) == 1:
            return Edit(start, end, (*receiver, f".{method}()"), self.CODE)
        rest_start = stream.starts[arguments[1][0]]
        after_comma = stream.ends[first_end]
        if "\n" in context.text[after_comma:rest_start] or "\r" in context.text[after_comma:rest_start]:
            rest_start = after_comma  # keep the arguments on their lines
        rest = Copy(rest_start, stream.starts[closing])
        return Edit(start, end, (*receiver, f".{method}(", rest, ")"), self.CODE)

    def _from_import(self, context: SyntaxContext, stream: TokenStream, statement) -> None:
        """One diagnostic for the removed functions a `from string import ...` names."""
        split = stream.find_top(statement.first, statement.end, NAME, "import")
        if split < 0:
            return
        removed = [
            position
            for position in range(split + 1, statement.end)
            if stream.kinds[position] == NAME and stream.tok(position) in REMOVED and not stream.is_name(position - 1, "as")
        ]
        if removed:
            names = ", ".join(stream.tok(position) for position in removed)
            context.diagnose(
                stream.starts[removed[0]], self.CODE,
                f"Python 3's string module has no {names}: call the str methods instead "
                "(string's f(s, ...) was s.f(...); atoi(s) is int(s), atof(s) float(s))",
            )


def _is_primary(stream: TokenStream, start: int, end: int) -> bool:
    """Whether [start, end) is one primary a method call can follow: `s`, `x.y[0]`, `f(a)`,
    `'a,b'`, `(a + b)`, not `a + b`, `-x` or a number (`1.upper` is not Python)."""
    kind = stream.kinds[start]
    if kind == NUMBER or (kind == NAME and is_keyword(stream, start)):
        return False
    if kind not in (NAME, STRING) and stream.tok(start) not in ("(", "[", "{"):
        return False
    return primary_end(stream, start) == end


def _plain_value(stream: TokenStream, start: int, end: int) -> bool:
    """A name, strings, or a chain of attributes of a name: evaluating it before the other
    argument rather than after changes nothing."""
    if stream.kinds[start] == STRING:
        return all(stream.kinds[i] == STRING for i in range(start, end))
    if stream.kinds[start] != NAME or is_keyword(stream, start):
        return False
    index = start + 1
    while index < end:
        if not (stream.is_op(index, ".") and index + 1 < end and stream.kinds[index + 1] == NAME):
            return False
        index += 2
    return True
