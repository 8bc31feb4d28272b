"""Expressions on the token stream: where a primary (`a.b[c](d)`) starts and ends, a call's
arguments, and the context an expression sits in (iterated? an operand? one statement?).

The syntax transforms edit text by offsets, with no tree: these questions are what they
ask of the tokens instead.  Every function takes token indices of one TokenStream; a
range is [start, end), end excluded.
"""

from __future__ import annotations

from threadmod.syntax.tokens import NAME, NEWLINE, NUMBER, OP, STRING, TokenStream

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
