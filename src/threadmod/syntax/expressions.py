"""Expressions on the token stream: where a primary (`a.b[c](d)`) starts and ends, a call's
arguments, and the context an expression sits in (iterated? an operand? one statement?).

The syntax transforms edit text by offsets, with no tree: these questions are what they
ask of the tokens instead.  Every function takes token indices of one TokenStream; a
range is [start, end), end excluded.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from threadmod.syntax.tokens import NAME, NEWLINE, NUMBER, OP, STRING, TokenStream, indent_columns

KEYWORDS = frozenset(
    {
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "exec", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "print", "raise", "return", "try", "while",
        "with", "yield",
    }
)
# Operators whose operands bind tighter than a comparison: a comparison put in their
# place needs parentheses (`1 + (k in d)`), as does one put next to a comparison.
_ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**", "|", "&", "^", "<<", ">>", "~", "@"})
_COMPARISON_OPS = frozenset({"<", ">", "==", ">=", "<=", "!=", "<>"})
_COMPARISON_WORDS = frozenset({"in", "is", "not"})
# A call whose only argument needs to be iterable, not a list (2to3's fixer_util).
CONSUMING_CALLS = frozenset({"sorted", "list", "set", "any", "all", "tuple", "sum", "min", "max", "enumerate"})


def is_keyword(stream: TokenStream, index: int) -> bool:
    return stream.kinds[index] == NAME and stream.tok(index) in KEYWORDS


def is_attribute(stream: TokenStream, index: int) -> bool:
    """Whether the NAME at index follows a dot (`obj.name`)."""
    return index > 0 and stream.is_op(index - 1, ".")


def opener_of(stream: TokenStream, closing: int) -> int:
    """The index of the bracket that the closing bracket at `closing` closes, or -1."""
    openers = stream.__dict__.get("_openers")
    if openers is None:
        openers = {close: open_ for open_, close in stream.pairs.items()}
        stream.__dict__["_openers"] = openers
    return openers.get(closing, -1)


def _is_atom_end(stream: TokenStream, index: int) -> bool:
    kind = stream.kinds[index]
    if kind == NAME:
        return not is_keyword(stream, index)
    return kind in (NUMBER, STRING) or (kind == OP and stream.tok(index) in (")", "]", "}"))


def primary_start(stream: TokenStream, last: int) -> int:
    """The first token of the primary whose last token is at `last` (`a.b(c)[d]` from `]`), or -1.

    A primary is an atom (a name, a number, strings, a bracket group) followed by trailers:
    `.name`, `(...)`, `[...]`.
    """
    index = last
    while True:
        if not _is_atom_end(stream, index):
            return -1
        kind = stream.kinds[index]
        if kind == OP:  # a closing bracket: a trailer or a parenthesised atom
            opener = opener_of(stream, index)
            if opener < 0:
                return -1
            before = opener - 1
            if stream.tok(opener) in "([" and before >= 0 and _is_atom_end(stream, before):
                index = before  # a call or a subscript of what comes before
                continue
            start = opener
        elif kind == STRING:
            start = index
            while start > 0 and stream.kinds[start - 1] == STRING:  # "a" "b"
                start -= 1
        else:
            start = index
        if start > 1 and stream.is_op(start - 1, ".") and _is_atom_end(stream, start - 2):
            index = start - 2
            continue
        return start


def primary_end(stream: TokenStream, first: int) -> int:
    """The index after the primary that starts at `first` (an atom and its trailers)."""
    index = first
    kind = stream.kinds[index]
    if kind == STRING:
        while stream.kinds[index] == STRING:
            index += 1
    else:
        index = stream.skip(index)
    return trailers_end(stream, index)


def trailers_end(stream: TokenStream, index: int) -> int:
    """The index after the trailers (`.name`, `(...)`, `[...]`) that start at index."""
    while index < len(stream.kinds):
        if stream.is_op(index, ".") and stream.kinds[index + 1] == NAME:
            index += 2
        elif stream.kinds[index] == OP and stream.tok(index) in ("(", "["):
            index = stream.skip(index)
        else:
            break
    return index


def call_arguments(stream: TokenStream, opening: int) -> list[tuple[int, int]]:
    """The token ranges of the arguments of the call whose `(` is at `opening`."""
    closing = stream.pairs[opening]
    items, _ = stream.split_top(opening + 1, closing)
    return items


def is_plain_argument(stream: TokenStream, start: int, end: int) -> bool:
    """An argument that is neither `*x`, `**x` nor `name=value`."""
    if stream.kinds[start] == OP and stream.tok(start) in ("*", "**"):
        return False
    return not (end - start >= 2 and stream.kinds[start] == NAME and stream.is_op(start + 1, "="))


def sole_argument_of(stream: TokenStream, start: int, end: int) -> str | None:
    """The called name when [start, end) is the only argument of a call: `sorted(X)` gives
    "sorted", `", ".join(X)` gives "join"; None otherwise."""
    opening, closing = start - 1, end
    if opening < 1 or not stream.is_op(opening, "(") or stream.pairs.get(opening) != closing:
        return None
    callee = opening - 1
    if stream.kinds[callee] != NAME or is_keyword(stream, callee):
        return None
    if is_attribute(stream, callee):
        return "join" if stream.tok(callee) == "join" else None
    return stream.tok(callee)


def iterated_by_for(stream: TokenStream, start: int, end: int) -> bool:
    """Whether [start, end) is what a `for` statement or comprehension iterates over
    (`for x in X:`, `[y for x in X]`, `(y for x in X if c)`)."""
    if start < 1 or not stream.is_name(start - 1, "in"):
        return False
    # The `in` belongs to a `for` when a `for` precedes it at the same bracket depth
    # with no other `in` between (`for x in a in b` is not Python).
    index = start - 2
    while index >= 0:
        kind = stream.kinds[index]
        if kind == NEWLINE:
            return False
        if kind == OP:
            text = stream.tok(index)
            if text in (")", "]", "}"):
                index = opener_of(stream, index) - 1
                continue
            if text in ("(", "[", "{", ";", ":"):
                return False
        elif kind == NAME:
            text = stream.tok(index)
            if text == "for":
                break
            if text in ("in", "lambda", "if", "while", "return", "yield", "print"):
                return False
        index -= 1
    else:
        return False
    if end >= len(stream.kinds):
        return False
    follower = stream.tok(end) if stream.kinds[end] in (NAME, OP) else ""
    return follower in (":", ")", "]", "}", "if", "for", "async")


def is_operand(stream: TokenStream, start: int, end: int) -> bool:
    """Whether [start, end) is an operand of an arithmetic, bitwise or comparison
    operator, so that a comparison put in its place needs parentheses."""
    if start > 0:
        kind, text = stream.kinds[start - 1], stream.tok(start - 1)
        if kind == OP and (text in _ARITHMETIC or text in _COMPARISON_OPS):
            return True
        if kind == NAME and text in ("in", "is") or (text == "not" and start > 1 and stream.is_name(start - 2, "is")):
            return True
    if end < len(stream.kinds):
        kind, text = stream.kinds[end], stream.tok(end)
        if kind == OP and (text in _ARITHMETIC or text in _COMPARISON_OPS or text in ("(", "[", ".")):
            return True
        if kind == NAME and text in _COMPARISON_WORDS:
            return True
    return False


def statement_range(stream: TokenStream, index: int) -> tuple[int, int]:
    """The tokens of the logical line holding index: [its first token, its NEWLINE)."""
    start = index
    while start > 0 and stream.kinds[start - 1] != NEWLINE:
        start -= 1
    end = index
    while stream.kinds[end] != NEWLINE:
        end += 1
    return start, end


# --- Which uses of a name are the builtin (the methods-and-protocols transforms, TM140-TM152) ---

_AUGMENTED = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@="})


def line_of(stream: TokenStream, index: int) -> int:
    """The index of the logical line holding the token at index."""
    firsts = stream.__dict__.get("_line_firsts")
    if firsts is None:
        firsts = [line.first for line in stream.lines]
        stream.__dict__["_line_firsts"] = firsts
    from bisect import bisect_right

    return bisect_right(firsts, index) - 1


def line_parents(stream: TokenStream) -> list[int]:
    """For each logical line, the logical line of the compound header whose indented block
    holds it, or -1 at the top level (one pass over the lines, cached on the stream)."""
    cached = stream.__dict__.get("_line_parents")
    if cached is not None:
        return cached
    from threadmod.syntax.tokens import indent_columns

    text = stream.text
    parents: list[int] = []
    stack: list[tuple[int, int]] = []  # (indentation, header line)
    for line_index, line in enumerate(stream.lines):
        width = indent_columns(text[line.indent_start : line.indent_end])[0]
        while stack and stack[-1][0] >= width:
            stack.pop()
        parents.append(stack[-1][1] if stack else -1)
        if stream.is_op(line.newline - 1, ":"):  # a header whose body is indented below
            stack.append((width, line_index))
    stream.__dict__["_line_parents"] = parents
    return parents


def header_word(stream: TokenStream, line_index: int) -> str:
    """`def`, `class`, or another first keyword of a logical line (`async def` gives `def`)."""
    first = stream.lines[line_index].first
    word = stream.tok(first) if stream.kinds[first] == NAME else ""
    if word == "async" and stream.kinds[first + 1] == NAME:
        word = stream.tok(first + 1)
    return word


def enclosing_scopes(stream: TokenStream, index: int) -> list[int]:
    """The header lines of the defs and classes that hold the token at index, innermost
    first; a body on the header's own line (`def f(x): return x`) counts as inside."""
    from threadmod.syntax.statements import header_colon

    line_index = line_of(stream, index)
    scopes: list[int] = []
    if header_word(stream, line_index) in ("def", "class"):
        line = stream.lines[line_index]
        colon = header_colon(stream, line.first, line.newline)
        if 0 <= colon < index:
            scopes.append(line_index)
    parents = line_parents(stream)
    parent = parents[line_index]
    while parent >= 0:
        if header_word(stream, parent) in ("def", "class"):
            scopes.append(parent)
        parent = parents[parent]
    return scopes


def _enclosing_opener(stream: TokenStream, index: int) -> int:
    """The innermost open bracket around the token at index on its logical line, or -1."""
    return enclosing_opener(stream, stream.lines[line_of(stream, index)].first, index)


def _binding_scope(stream: TokenStream, index: int) -> tuple[str, int] | None:
    """Where the NAME at index binds its name: ("module", -1), ("def", line), ("class",
    line) or ("line", line) for a lambda parameter; None when it is a use."""
    previous = stream.tok(index - 1) if index > 0 and stream.kinds[index - 1] in (NAME, OP) else ""
    following = stream.tok(index + 1) if stream.kinds[index + 1] in (NAME, OP) else ""
    line_index = line_of(stream, index)
    line = stream.lines[line_index]
    first_word = stream.tok(line.first) if stream.kinds[line.first] == NAME else ""

    def innermost() -> tuple[str, int]:
        scopes = enclosing_scopes(stream, index)
        if not scopes:
            return ("module", -1)
        return (header_word(stream, scopes[0]), scopes[0])

    if previous == "global":
        return ("module", -1)
    if previous in ("def", "class", "as", "import", "nonlocal"):
        return innermost()
    # The statement holding index (split at top-level `;`).
    start = index
    while start > line.first and not (stream.is_op(start - 1, ";") and _enclosing_opener(stream, start - 1) < 0):
        start -= 1
    start_word = stream.tok(start) if stream.kinds[start] == NAME else ""
    if start_word == "global":
        return ("module", -1)
    if start_word in ("import", "from"):
        if start_word == "import" and previous != "." and following not in (".", "as"):
            return innermost()
        if start_word == "from" and stream.find_top(start, index, NAME, "import") >= 0 and following != "as":
            return innermost()
        return None
    if previous == "." or following == ".":
        return None if previous == "." else _assigned_target(stream, start, index, line, innermost)
    opener = _enclosing_opener(stream, index)
    # A parameter of a def, a lambda, or a keyword argument.
    if opener >= 0 and stream.is_op(opener, "(") and opener >= 2 and stream.is_name(opener - 2, "def"):
        if previous in ("(", ",", "*", "**") and following in (",", ")", "="):
            return ("def", line_index)
        return None
    for back in range(index - 1, max(start, opener) - 1 if opener >= 0 else start - 1, -1):
        if stream.kinds[back] == OP and stream.tok(back) == ":":
            break
        if stream.is_name(back, "lambda"):
            return ("line", line_index)
    if opener >= 0 and following == "=" and previous in ("(", ","):
        return None  # keyword argument
    # A for target: between `for` and its `in`.
    back = index - 1
    while back >= start and not stream.is_name(back, "in"):
        if stream.is_name(back, "for"):
            return innermost()
        if stream.kinds[back] == OP and stream.tok(back) in (")", "]", "}"):
            back = opener_of(stream, back)
        elif back == opener:
            break
        back -= 1
    del first_word
    return _assigned_target(stream, start, index, line, innermost)


def _assigned_target(stream, start, index, line, innermost):
    """The scope when the name at index is (part of) an assignment target: before a
    top-level `=` (or augmented assignment), only inside tuple or list brackets."""
    end = line.newline
    position = start
    while position < end:
        if stream.kinds[position] == OP and stream.tok(position) in _AUGMENTED:
            break
        if stream.is_op(position, ";"):
            return None
        position = stream.skip(position)
    else:
        return None
    if position <= index:
        return None
    opener = _enclosing_opener(stream, index)
    while opener >= start:
        if opener > 0 and _is_atom_end(stream, opener - 1):
            return None  # a call's argument or a subscript: `f(x)[map] = 1`
        opener = _enclosing_opener(stream, opener)
    if stream.kinds[index + 1] == OP and stream.tok(index + 1) in ("(", "[", "."):
        return None
    return innermost()


def name_bindings(stream: TokenStream, indices: list[int]) -> tuple[list[tuple[str, int]], list[int]]:
    """Where a name is bound (the scopes of its def, class, import, assignment, for target,
    parameter or `global`, as `_binding_scope` gives them) and where it is used (its NAME
    tokens at `indices` that are neither bindings, attributes nor keyword arguments)."""
    bindings: list[tuple[str, int]] = []
    uses: list[int] = []
    for index in indices:
        if is_attribute(stream, index):
            continue
        scope = _binding_scope(stream, index)
        if scope is not None:
            bindings.append(scope)
        elif not (stream.is_op(index + 1, "=") and _enclosing_opener(stream, index) >= 0):
            uses.append(index)
    return bindings, uses


def shadowed_at(stream: TokenStream, bindings: list[tuple[str, int]], index: int) -> bool:
    """Whether one of the bindings is visible at the token at index: a module-level one, one
    in a def that holds it, one directly in the class body that holds it, or a lambda
    parameter on its line."""
    if not bindings:
        return False
    if any(kind == "module" for kind, _ in bindings):
        return True
    scopes = enclosing_scopes(stream, index)
    line_index = line_of(stream, index)
    for kind, where in bindings:
        if (
            (kind == "def" and where in scopes)
            or (kind == "class" and scopes[:1] == [where])
            or (kind == "line" and where == line_index)
        ):
            return True
    return False


def builtin_uses(stream: TokenStream, indices: list[int]) -> list[int]:
    """The uses of a name (its NAME tokens at `indices`) that name the builtin: not
    bindings, attributes or keyword arguments, and not where a binding of the module is
    visible (bindings directly in a class body hide only uses directly in that body)."""
    bindings, uses = name_bindings(stream, indices)
    return [index for index in uses if not shadowed_at(stream, bindings, index)]


def in_consuming_context(stream: TokenStream, start: int, end: int) -> bool:
    """Whether only iterating [start, end) matters where it stands (2to3's
    in_special_context): what a for or comprehension iterates, the only argument of
    iter(), list(), tuple(), set(), sorted(), sum(), any(), all(), min(), max(),
    enumerate() or a `.join()`, or the first of several arguments of sorted() or
    enumerate()."""
    if iterated_by_for(stream, start, end):
        return True
    callee = sole_argument_of(stream, start, end)
    if callee is not None:
        attribute = is_attribute(stream, start - 2)
        return callee == "join" if attribute else callee in CONSUMING_CALLS or callee == "iter"
    if start >= 2 and stream.is_op(start - 1, "(") and stream.is_op(end, ","):
        callee_index = start - 2
        return (
            stream.kinds[callee_index] == NAME
            and stream.tok(callee_index) in ("sorted", "enumerate")
            and not is_attribute(stream, callee_index)
        )
    return False


def in_assignment_target(stream: TokenStream, index: int) -> bool:
    """Whether the token at index lies before the first top-level `=` (or augmented
    assignment) of its statement: `a.next = f`, `[a, b.next] = x`, `d[k.next] += 1`."""
    line = stream.lines[line_of(stream, index)]
    position = line.first
    statement_start = line.first
    while position < line.newline:
        if stream.kinds[position] == OP:
            text = stream.tok(position)
            if text in _AUGMENTED:
                return statement_start <= index < position
            if text in (";", ":"):  # a statement after `;` or a compound header's colon
                statement_start = position + 1
                if statement_start > index:
                    return False
        position = stream.skip(position)
    return False


def is_expression_statement(stream: TokenStream, start: int, end: int) -> bool:
    """Whether [start, end) is a whole statement (`map(f, x)` on a line of its own, after
    `;`, or after a compound header's colon)."""
    before_ok = start == 0 or stream.kinds[start - 1] == NEWLINE or (
        stream.kinds[start - 1] == OP and stream.tok(start - 1) in (";", ":")
    )
    after_ok = stream.kinds[end] == NEWLINE or stream.is_op(end, ";")
    return before_ok and after_ok


def needs_parentheses_in_comprehension(stream: TokenStream, start: int, end: int) -> bool:
    """Whether an expression put after a comprehension's `in` or `if` needs parentheses:
    a conditional expression or lambda at its top level."""
    index = start
    while index < end:
        if stream.kinds[index] == NAME and stream.tok(index) in ("if", "lambda", "yield"):
            return True
        index = stream.skip(index)


# Import statements, the names they bind, and the blocks that guard them (used by the module
# transforms TM113-TM115: renamed modules, urllib's split, itertools' functions).


class ImportStatement:
    """One `import a.b as c, d` or `from m import x as y, z` statement read from its tokens.

    kind: "import" or "from"; module: for "from", the token range of the module after `from`
    (dots included); items: for "import", (start, end, alias) per dotted name, for "from",
    (index, index + 1, alias) per imported name, alias being the index of the name after `as`
    or -1; star: the index of `*` in `from m import *`, or -1; names: the token range of what
    follows `import` (parentheses included).
    """

    __slots__ = ("kind", "module", "items", "star", "names")

    def __init__(
        self, kind: str, module: tuple[int, int], items: list[tuple[int, int, int]], star: int, names: tuple[int, int]
    ) -> None:
        self.kind, self.module, self.items, self.star, self.names = kind, module, items, star, names


def parse_import(stream: TokenStream, first: int, end: int) -> ImportStatement | None:
    """The import statement in tokens [first, end), or None when it is not one."""
    if stream.kinds[first] != NAME:
        return None
    word = stream.tok(first)
    if word == "import":
        items = []
        for start, stop in stream.split_top(first + 1, end)[0]:
            alias = -1
            if stop - start >= 3 and stream.is_name(stop - 2, "as"):
                alias, stop = stop - 1, stop - 2
            items.append((start, stop, alias))
        return ImportStatement("import", (first, first), items, -1, (first + 1, end))
    if word != "from":
        return None
    keyword = first + 1
    while keyword < end and not stream.is_name(keyword, "import"):
        keyword += 1
    if keyword >= end:
        return None
    names_start, names_end = keyword + 1, end
    inner_start, inner_end = names_start, names_end
    if inner_start < end and stream.is_op(inner_start, "(") and stream.pairs.get(inner_start) == end - 1:
        inner_start, inner_end = inner_start + 1, end - 1
    if inner_start < inner_end and stream.is_op(inner_start, "*"):
        return ImportStatement("from", (first + 1, keyword), [], inner_start, (names_start, names_end))
    items = []
    for start, stop in stream.split_top(inner_start, inner_end)[0]:
        alias = stop - 1 if stop - start >= 3 and stream.is_name(stop - 2, "as") else -1
        items.append((start, start + 1, alias))
    return ImportStatement("from", (first + 1, keyword), items, -1, (names_start, names_end))


def statement_at(stream: TokenStream, statements: list, index: int):
    """The statement (of `statements`, the context's, in order) whose tokens hold index."""
    firsts = stream.__dict__.get("_statement_firsts")
    if firsts is None or len(firsts) != len(statements):
        firsts = [s.first for s in statements]
        stream.__dict__["_statement_firsts"] = firsts
    position = bisect_right(firsts, index) - 1
    return statements[position] if position >= 0 else None


def import_role(stream: TokenStream, statement, index: int) -> str:
    """What the NAME at index does in an import statement:

    "module"  a module named (`from X import`, `import X as y`, or a part after the first
              of a dotted `import a.X`): binds nothing by that name;
    "binds"   the name is bound to a module (`import X`, `import X.sub`);
    "alias"   the name is bound to something else (`import m as X`, `from m import X`,
              `from m import a as X`);
    ""        not an import statement."""
    parsed = parse_import(stream, statement.first, statement.end)
    if parsed is None:
        return ""
    if parsed.kind == "from":
        if parsed.module[0] <= index < parsed.module[1]:
            return "module"
        for start, _stop, alias in parsed.items:
            if index == alias or (index == start and alias < 0):
                return "alias"
        return "module"  # an imported name before its `as`
    for start, _stop, alias in parsed.items:
        if index == alias:
            return "alias"
        if index == start:
            return "module" if alias >= 0 else "binds"
    return "module"


def _indent_of(stream: TokenStream, line_index: int) -> int:
    line = stream.lines[line_index]
    return indent_columns(stream.text[line.indent_start : line.indent_end])[0]


def enclosing_headers(stream: TokenStream, statements: list, statement) -> list:
    """The compound headers whose blocks hold `statement`, innermost first (a header on the
    statement's own line, `try: import x`, included)."""
    firsts = _line_first_statements(stream, statements)
    headers = []
    first_on_line = firsts[statement.line]
    if first_on_line is not None and first_on_line.header and first_on_line.first < statement.first:
        headers.append(first_on_line)
    indent = _indent_of(stream, statement.line)
    line = statement.line - 1
    while indent > 0 and line >= 0:
        candidate = firsts[line]
        if candidate is not None and candidate.header:
            level = _indent_of(stream, line)
            if level < indent:
                headers.append(candidate)
                indent = level
        line -= 1
    return headers


def _line_first_statements(stream: TokenStream, statements: list) -> list:
    cached = stream.__dict__.get("_line_first_statements")
    if cached is None:
        cached = [None] * len(stream.lines)
        for statement in statements:
            if cached[statement.line] is None:
                cached[statement.line] = statement
        stream.__dict__["_line_first_statements"] = cached
    return cached


# A test of the Python version (`sys.version_info`, `six.PY2`, `PY3`, `is_py2`, `PYTHON3`).
_VERSION_TEST = re.compile(r"version|\b(?:is_?)?py(?:thon)?_?[23]", re.IGNORECASE)
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _chain_headers(stream: TokenStream, statements: list, header) -> list:
    """The headers of the compound statement a clause header belongs to, from its first
    clause (`if`, `try`, `for`, `while`, `with`...) to `header`: the clauses at its indentation."""
    firsts = _line_first_statements(stream, statements)
    indent = _indent_of(stream, header.line)
    chain = [header]
    line = header.line - 1
    while stream.tok(chain[-1].first) in ("elif", "else", "except", "finally") and line >= 0:
        candidate = firsts[line]
        if candidate is not None and _indent_of(stream, line) <= indent:
            if _indent_of(stream, line) < indent or not candidate.header:
                break
            chain.append(candidate)
        line -= 1
    return chain[::-1]


def _clauses_after(stream: TokenStream, statements: list, header) -> list:
    """The clause headers that follow `header` in its compound statement (`except`, `else`...)."""
    firsts = _line_first_statements(stream, statements)
    indent = _indent_of(stream, header.line)
    clauses = []
    for line in range(header.line + 1, len(stream.lines)):
        candidate = firsts[line]
        if candidate is None:
            continue
        level = _indent_of(stream, line)
        if level > indent:
            continue
        if level < indent or not candidate.header or stream.tok(candidate.first) not in ("elif", "else", "except", "finally"):
            break
        clauses.append(candidate)
    return clauses


def _catches_import_error(stream: TokenStream, header) -> bool:
    if header.first + 1 == header.end:  # a bare `except:`
        return True
    return any(
        stream.kinds[i] == NAME and stream.tok(i) in _IMPORT_ERRORS for i in range(header.first + 1, header.end)
    )


def import_guard(stream: TokenStream, statements: list, statement) -> tuple[str, object]:
    """Cached _import_guard (per statement)."""
    cache = stream.__dict__.setdefault("_import_guards", {})
    found = cache.get(statement.first)
    if found is None:
        found = cache[statement.first] = _import_guard(stream, statements, statement)
    return found


def in_version_branch(stream: TokenStream, statements: list, index: int) -> bool:
    """Whether the token at index lies in a branch of an `if` that tests the Python version."""
    statement = statement_at(stream, statements, index)
    return statement is not None and import_guard(stream, statements, statement)[0] == "version"


def _import_guard(stream: TokenStream, statements: list, statement) -> tuple[str, object]:
    """Whether `statement` is dual-version code: ("version", header) inside a branch of an
    `if` that tests the Python version (`if sys.version_info[0] < 3:`, `if six.PY2:`, their
    `elif`/`else`); ("try", try_header) inside a `try` whose handlers catch ImportError (or
    a bare `except`, Exception), or inside such a handler; ("", None) otherwise."""
    for header in enclosing_headers(stream, statements, statement):
        word = stream.tok(header.first)
        if word in ("if", "elif", "else"):
            chain = _chain_headers(stream, statements, header)
            first_word = stream.tok(chain[0].first)
            if first_word == "if":
                tests = [h for h in chain if stream.tok(h.first) != "else"]
                if any(_VERSION_TEST.search(stream.text, stream.starts[h.first], stream.ends[h.end - 1]) for h in tests):
                    return "version", header
                continue
            if first_word != "try":
                continue
            header = chain[0]
            word = "try"
        if word == "except":
            chain = _chain_headers(stream, statements, header)
            if _catches_import_error(stream, header) and stream.tok(chain[0].first) == "try":
                return "try", chain[0]
        elif word == "try":
            clauses = _clauses_after(stream, statements, header)
            if any(stream.tok(c.first) == "except" and _catches_import_error(stream, c) for c in clauses):
                return "try", header
    return "", None


def try_statements(stream: TokenStream, statements: list, try_header) -> list:
    """The statements of a `try` statement's body and its handlers (`except`, `else`), not
    its `finally`."""
    clauses = _clauses_after(stream, statements, try_header)
    end_line = len(stream.lines)
    for clause in clauses:
        if stream.tok(clause.first) == "finally":
            end_line = clause.line
            break
    else:
        # the statement ends at the first line after the last clause's block
        last = clauses[-1] if clauses else try_header
        indent = _indent_of(stream, last.line)
        firsts = _line_first_statements(stream, statements)
        end_line = last.line + 1
        while end_line < len(stream.lines) and (firsts[end_line] is None or _indent_of(stream, end_line) > indent):
            end_line += 1
    statement_at(stream, statements, try_header.first)  # fills the cache of firsts
    start = bisect_right(stream.__dict__["_statement_firsts"], try_header.first) - 1
    found = []
    for statement in statements[start + 1 :]:
        if statement.line >= end_line:
            break
        found.append(statement)
    return found


def is_import_statement(stream: TokenStream, statement) -> bool:
    return not statement.header and stream.kinds[statement.first] == NAME and stream.tok(statement.first) in ("import", "from")


def dotted_uses(
    stream: TokenStream, statements: list, indices: list[int], ignore: frozenset[int] | set[int], binds_ok: bool
) -> list[int] | None:
    """Of the NAME tokens at `indices` (one name's, as SyntaxContext.name_indices gives them),
    the uses `name.attr`; None when the name also occurs otherwise outside `ignore`: bound
    (assigned, a parameter, `for name`, `def name`, `global name`, `from m import name`,
    `import m as name`, and `import name` unless binds_ok) or used bare (`f(name)`).
    Attributes (`obj.name`) and module positions in imports (`from name import x`) do not count."""
    uses = []
    for index in indices:
        if index in ignore or is_attribute(stream, index):
            continue
        statement = statement_at(stream, statements, index)
        if statement is not None and is_import_statement(stream, statement):
            role = import_role(stream, statement, index)
            if role == "module" or (role == "binds" and binds_ok):
                continue
            return None
        if stream.is_op(index + 1, ".") and stream.kinds[index + 2] == NAME:
            uses.append(index)
            continue
        return None
    return uses


_BINDING_BEFORE = frozenset({"def", "class", "global", "nonlocal", "for", "del", "as"})
_AUGMENTED = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "|=", "&=", "^=", ">>=", "<<=", "@="})


def enclosing_opener(stream: TokenStream, first: int, index: int, openers: str = "([{") -> int:
    """The index of the innermost bracket among `openers` open around index, searching back
    to `first` (a statement's first token), or -1."""
    back = index - 1
    while back >= first:
        if stream.kinds[back] == OP:
            word = stream.tok(back)
            if word in (")", "]", "}"):
                back = opener_of(stream, back) - 1
                continue
            if word in ("(", "[", "{") and word in openers:
                return back
        back -= 1
    return -1


def _keyword_argument(stream: TokenStream, first: int, index: int) -> bool:
    """Whether the NAME at index, followed by `=`, names a keyword argument of a call."""
    if not (stream.is_op(index - 1, "(") or stream.is_op(index - 1, ",")):
        return False
    back = enclosing_opener(stream, first, index)
    return back > first and stream.tok(back) == "(" and _is_atom_end(stream, back - 1)


def _in_call_or_subscript(stream: TokenStream, first: int, index: int) -> bool:
    """Whether the token at index lies inside the brackets of a call or a subscript."""
    back = index
    while True:
        back = enclosing_opener(stream, first, back)
        if back < 0:
            return False
        if stream.tok(back) == "{" or (back > first and _is_atom_end(stream, back - 1)):
            return True


def binds(stream: TokenStream, statements: list, index: int) -> bool:
    """Whether the NAME at index (not an attribute) is bound there, as far as its tokens tell:
    an assignment or augmented-assignment target (`x = `, `x, y = `), `def x`, `class x`,
    `for x in`, `global x`, `del x`, `... as x`, a parameter of a def or lambda, or a name an
    import binds; not a keyword argument `f(x=1)`."""
    statement = statement_at(stream, statements, index)
    if statement is None:
        return False
    if is_import_statement(stream, statement):
        return import_role(stream, statement, index) in ("binds", "alias")
    if index > 0 and stream.kinds[index - 1] == NAME and stream.tok(index - 1) in _BINDING_BEFORE:
        return True
    following = stream.tok(index + 1) if stream.kinds[index + 1] == OP else ""
    if stream.tok(statement.first) == "def" or (statement.header and stream.tok(statement.first) == "async"):
        # a parameter: after `(`, `,`, `*` or `**`, before `=`, `,`, `)` or `:` (not a default's name)
        opening = statement.first + (3 if stream.tok(statement.first) == "async" else 2)
        if index < opening or not stream.is_op(opening, "("):
            return index == opening - 1  # the function's name
        position = opening + 1
        while position < index:  # directly in the parameters' parentheses, not in a default
            position = stream.skip(position)
        before = stream.tok(index - 1) if stream.kinds[index - 1] == OP else ""
        after = stream.tok(index + 1) if stream.kinds[index + 1] == OP else ""
        return position == index and before in ("(", ",", "*", "**") and after in ("=", ",", ")", ":")
    if following == "=" and _keyword_argument(stream, statement.first, index):
        return False
    if following in _AUGMENTED:
        return True
    colon = False
    for back in range(index - 1, statement.first - 1, -1):
        kind, word = stream.kinds[back], stream.tok(back)
        if kind == NAME and word == "in":
            break  # what a for iterates over
        if kind == NAME and word == "for":
            return True  # a for's or a comprehension's target
        if kind == OP and word == ":":
            colon = True
        elif kind == NAME and word == "lambda" and not colon:
            return True  # a lambda's parameter
    equal = stream.find_top(statement.first, statement.end, OP, "=")
    if not 0 <= index < equal or statement.header or following in (".", "(", "["):
        return False  # `x.a = 1`, `x[0] = 1`, `x() ...` use x
    return not _in_call_or_subscript(stream, statement.first, index)


_FSTRING = re.compile(r"(?<![\w.])[rRbBuU]?[fF][rR]?['\"]")


def in_fstring(stream: TokenStream, name: str) -> bool:
    """Whether an f-string of the file (one STRING token to this tokenizer, so its names are
    never NAME tokens) mentions `name`: a rename of the name's uses would miss it."""
    text = stream.text
    if not _FSTRING.search(text):
        return False
    word = re.compile(rf"\b{re.escape(name)}\b")
    for index, kind in enumerate(stream.kinds):
        if kind == STRING:
            start, end = stream.starts[index], stream.ends[index]
            quote = start
            while quote < end and text[quote] not in "'\"":
                quote += 1
            if "f" in text[start:quote].lower() and word.search(text, start, end):
                return True
    return False


# Where a name is bound: the transforms that rewrite a builtin or a module's attribute
# (`cmp`, `file`, `string.join`, `time.clock`) act only where the module does not bind the
# name itself, and the integer-division proof reads every binding of a name.

_AUGMENTED_OPS = frozenset({"+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=", "@="})


_FIRSTS: dict[int, tuple[list, list[int]]] = {}


def statement_of(statements, index: int):
    """The Statement (of SyntaxContext.statements) holding the token at index, or None."""
    from bisect import bisect_right

    cached = _FIRSTS.get(id(statements))
    if cached is None or cached[0] is not statements:
        _FIRSTS.clear()  # one file at a time: keep only the last list's
        cached = (statements, [s.first for s in statements])
        _FIRSTS[id(statements)] = cached
    firsts = cached[1]
    position = bisect_right(firsts, index) - 1
    if position < 0:
        return None
    statement = statements[position]
    return statement if index < statement.end or (statement.header and index == statement.end) else None


def _enclosing_openers(stream: TokenStream, start: int, index: int) -> list[int]:
    """The opening brackets, outermost first, that enclose index among tokens from start."""
    openers = []
    opener = enclosing_opener(stream, start, index)
    while opener >= 0:
        openers.append(opener)
        opener = enclosing_opener(stream, start, opener)
    return openers[::-1]


def _in_target(stream: TokenStream, start: int, index: int) -> bool:
    """Whether the NAME at index, inside an assignment target that starts at start, is
    itself assigned: not `x.a`, `x[i]`, `f(x).a` or a name inside a subscript or call."""
    if index + 1 < len(stream.kinds) and stream.kinds[index + 1] == OP and stream.tok(index + 1) in (".", "[", "("):
        return False
    for opener in _enclosing_openers(stream, start, index):
        if opener > 0 and opener - 1 >= start and _is_atom_end(stream, opener - 1) and stream.tok(opener) != "{":
            return False  # a subscript or a call
    return True


def binding_kind(stream: TokenStream, statement, index: int) -> str | None:
    """How the NAME at index (in statement) binds its name, or None where it only reads it:
    "import", "def", "class", "parameter", "global", "del", "for", "as", "assign",
    "augassign".  Attribute names (`x.name`) and keyword argument names bind nothing.
    Conservative: where unsure, a binding."""
    if is_attribute(stream, index):
        return None
    first = statement.first
    end = statement.end
    first_word = stream.tok(first) if stream.kinds[first] == NAME else ""
    previous = stream.tok(index - 1) if index > first else ""
    following = stream.tok(index + 1) if index + 1 < end else ""
    if first_word == "import":
        if previous == "as":
            return "import"
        if following == "as":
            return None
        return "import" if previous in ("import", ",") else None
    if first_word == "from":
        split = stream.find_top(first, end, NAME, "import")
        if split < 0 or index < split or following == "as":
            return None
        return "import"
    if previous == "as":
        return "as"
    if previous in ("def", "class") and index - 1 >= first:
        return previous
    if first_word in ("def", "async") and statement.header:
        opening = stream.find_top(first, end, OP, "(")
        if opening >= 0 and opening < index < stream.pairs[opening]:
            for item_start, item_end in stream.split_top(opening + 1, stream.pairs[opening])[0]:
                if item_start <= index < item_end:
                    equals = stream.find_top(item_start, item_end, OP, "=")
                    if equals < 0 or index < equals:
                        return "parameter"
            if not _in_lambda_parameters(stream, first, index):
                return None
    if first_word in ("global", "nonlocal"):
        return "global"
    if first_word == "del":
        return "del" if _in_target(stream, first + 1, index) else None
    if _in_lambda_parameters(stream, first, index):
        return "parameter"
    if _for_target(stream, first, index):
        return "for"
    if first_word == "except" and statement.header:
        comma = stream.find_top(first, end, OP, ",")
        return "as" if 0 <= comma < index else None
    if statement.header:
        return None
    equals = _last_top_equals(stream, first, end)
    if equals > index:
        return "assign" if _in_target(stream, first, index) else None
    augmented = _top_augmented(stream, first, end)
    if augmented > index:
        return "augassign" if _in_target(stream, first, index) else None
    return None


def _last_top_equals(stream: TokenStream, start: int, end: int) -> int:
    last = -1
    index = start
    while index < end:
        if stream.kinds[index] == OP and stream.tok(index) == "=":
            last = index
        index = stream.skip(index)
    return last


def _top_augmented(stream: TokenStream, start: int, end: int) -> int:
    index = start
    while index < end:
        if stream.kinds[index] == OP and stream.tok(index) in _AUGMENTED_OPS:
            return index
        index = stream.skip(index)
    return -1


def _in_lambda_parameters(stream: TokenStream, start: int, index: int) -> bool:
    """Whether the NAME at index lies between a `lambda` and its colon."""
    back = index - 1
    while back >= start:
        kind = stream.kinds[back]
        if kind == OP:
            text = stream.tok(back)
            if text == ":":
                return False
            if text in (")", "]", "}"):
                back = opener_of(stream, back) - 1
                continue
        elif kind == NAME and stream.tok(back) == "lambda":
            return True
        back -= 1
    return False


def _for_target(stream: TokenStream, start: int, index: int) -> bool:
    """Whether the NAME at index is a target of a `for` (statement or comprehension)."""
    back = index - 1
    while back >= start:
        kind = stream.kinds[back]
        if kind == OP:
            text = stream.tok(back)
            if text in (")", "]", "}"):
                back = opener_of(stream, back) - 1
                continue
            if text not in (",", "(", "[", "*"):
                return False
        elif kind == NAME:
            text = stream.tok(back)
            if text == "for":
                return True
            if text in KEYWORDS:
                return False
        else:
            return False
        back -= 1
    return False


def bindings_of(context, name: str) -> list[tuple[int, str]]:
    """Every binding of `name` in the file (any scope): (token index, binding_kind)."""
    stream = context.stream
    found = []
    for index in context.name_indices(name):
        statement = statement_of(context.statements, index)
        if statement is None:
            continue
        kind = binding_kind(stream, statement, index)
        if kind is not None:
            found.append((index, kind))
    return found


def is_keyword_argument(stream: TokenStream, index: int) -> bool:
    """Whether the NAME at index names a keyword argument of a call (`f(name=1)`)."""
    return (
        index + 1 < len(stream.kinds)
        and stream.is_op(index + 1, "=")
        and index > 0
        and stream.kinds[index - 1] == OP
        and stream.tok(index - 1) in ("(", ",")
    )


def imported_module_names(context, module: str) -> set[str] | None:
    """The names under which the file imports `module` (`import time` gives {"time"},
    `import time as t` {"t"}), or None when one of those names is also bound otherwise
    (assigned, a parameter...), so that a use of it may not be the module."""
    stream = context.stream
    names: set[str] = set()
    candidates = {module}
    for index in context.name_indices(module):
        statement = statement_of(context.statements, index)
        if statement is None or stream.tok(statement.first) != "import" or is_attribute(stream, index):
            continue
        if index + 1 < statement.end and stream.is_op(index + 1, "."):
            continue  # import time.x: not this module
        if index + 2 < statement.end and stream.is_name(index + 1, "as"):
            names.add(stream.tok(index + 2))
            candidates.add(stream.tok(index + 2))
        else:
            names.add(module)
    for name in candidates:
        for index, kind in bindings_of(context, name):
            if kind != "import":
                return None
            statement = statement_of(context.statements, index)
            if stream.tok(statement.first) == "from":
                return None  # from datetime import time
            if name != module and not stream.is_name(index - 1, "as"):
                return None
            if name == module and stream.is_name(index - 1, "as"):
                return None  # import x as time
    return names


def call_arguments_lambda_aware(stream: TokenStream, opening: int) -> list[tuple[int, int]]:
    """call_arguments, where a lambda argument's parameters (`lambda a, b: ...`) stay in
    one argument instead of splitting it at their commas."""
    merged: list[tuple[int, int]] = []
    open_lambda = False
    for start, end in call_arguments(stream, opening):
        if open_lambda:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
        index = start
        while index < end:
            if stream.kinds[index] == NAME and stream.tok(index) == "lambda":
                open_lambda = True
            elif open_lambda and stream.kinds[index] == OP and stream.tok(index) == ":":
                open_lambda = False
            index = stream.skip(index)
    return merged
