"""Which names a module binds, and in which scope: enough to tell a builtin from a variable.

A rename of a builtin (`xrange` to `range`, `long` to `int`) acts only on a name that is
the builtin where it is used: not an attribute (`obj.long`), not a keyword argument
(`f(long=1)`), and not a name the code binds in the scope of the use or any scope around
it (a def, class, parameter, assignment, import, for target, `as` name, `global`, `del`).
The rename's new name must not be bound there either, or the rename would capture it.

Scopes come from the statements: each def or class header opens one, which lasts while
the following lines are indented deeper than the header.  A binding counts in its own
scope; a use is bound when its own scope, or a function or the module around it, binds
the name (a class body's names are not seen from its methods).  This is conservative
where it errs: lambda parameters and comprehension variables count for the scope around
them, and a star import
from a builtins module (`from builtins import *`, `from six.moves import *`) binds every
name, and so does any star import in a file read as Python 3, where a Python 2 builtin's
name can only be the module's own.  Nothing here walks every token: only the statements
(to build the scopes, once per file) and the occurrences of the names asked about.

    bindings_of(context)                    -> the file's Bindings (made once per context)
    Bindings.uses(word)                     -> indices of `word` read as a variable
    Bindings.is_bound(word, index)          -> does the code bind `word` where index is?
    Bindings.is_module(word, index)         -> is `word` at index a module (`import word`, or unbound)?
    Bindings.role(index)                    -> "use", "bind", "attribute" or "keyword"
"""

from __future__ import annotations

from bisect import bisect_right

from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.expressions import KEYWORDS, enclosing_opener, opener_of
from threadmod.syntax.statements import Statement
from threadmod.syntax.tokens import NAME, NUMBER, OP, STRING, indent_columns

USE, BIND, ATTRIBUTE, KEYWORD = "use", "bind", "attribute", "keyword"
# Star imports that may bind any builtin name (to its Python 3 meaning).
_BUILTINS_MODULES = frozenset(
    {"builtins", "__builtin__", "future.builtins", "past.builtins", "six.moves", "future.moves", "past"}
)
_ASSIGNMENT_OPS = frozenset(
    {"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@="}
)
# Tokens a for-target may hold besides names: scanning back from a name to its `for`.
_TARGET_PUNCTUATION = frozenset({",", "(", "[", ")", "]", "."})


def bindings_of(context: SyntaxContext) -> Bindings:
    """The Bindings of the context's file, made on the first call and kept on the context."""
    found = context.__dict__.get("_bindings")
    if found is None:
        found = Bindings(context)
        context.__dict__["_bindings"] = found
    return found


class Bindings:
    def __init__(self, context: SyntaxContext) -> None:
        self.context = context
        self.stream = stream = context.stream
        self.statements = context.statements
        self._firsts = [s.first for s in self.statements]
        self.parent = [-1]  # scope 0 is the module
        self.is_class = [False]
        self._statement_scope: list[int] = []
        self._opened: dict[int, int] = {}  # header statement's position -> the scope it opens
        stack = [(-1, 0)]  # (the header line's indentation column, scope)
        lines = stream.lines
        text = stream.text
        kinds = stream.kinds
        scopes = self._statement_scope
        for position, statement in enumerate(self.statements):
            line = lines[statement.line]
            opens = statement.header and kinds[statement.first] == NAME and self._header_word(statement) in ("def", "class")
            column = -1
            if statement.first == line.first and (len(stack) > 1 or opens):
                column = 0
                if line.indent_end > line.indent_start:
                    column = indent_columns(text[line.indent_start : line.indent_end])[0]
                while len(stack) > 1 and column <= stack[-1][0]:
                    stack.pop()
            scope = stack[-1][1]
            scopes.append(scope)
            if opens:
                opened = len(self.parent)
                self.parent.append(scope)
                self.is_class.append(self._header_word(statement) == "class")
                self._opened[position] = opened
                if column < 0:  # a def after `;` or a colon: as deep as the line's own statement
                    column = indent_columns(text[line.indent_start : line.indent_end])[0]
                stack.append((column, opened))
        self._bound: dict[str, dict[int, list[int]]] = {}  # word -> scope -> binding indices
        self._roles: dict[int, tuple[str, int]] = {}
        self._star = self._star_import()

    # --- scopes ---------------------------------------------------------------------------

    def _header_word(self, statement: Statement) -> str:
        stream = self.stream
        word = stream.tok(statement.first)
        if word != "async":
            return word
        if word == "async" and statement.first + 1 < statement.end:
            return stream.tok(statement.first + 1)
        return word

    def statement_at(self, index: int) -> int:
        """The position in context.statements of the statement holding the token at index."""
        return bisect_right(self._firsts, index) - 1

    def scope_of(self, index: int) -> int:
        position = self.statement_at(index)
        return self._statement_scope[position] if position >= 0 else 0

    def _chain(self, scope: int) -> list[int]:
        """The scopes a name used in `scope` is looked up in: its own, then the functions and
        the module around it (a class body's names are not seen from inside its methods)."""
        chain = [scope]
        scope = self.parent[scope]
        while scope >= 0:
            if not self.is_class[scope]:
                chain.append(scope)
            scope = self.parent[scope]
        return chain

    # --- roles ----------------------------------------------------------------------------

    def role(self, index: int) -> str:
        return self._classify(index)[0]

    def _classify(self, index: int) -> tuple[str, int]:
        """The role of the NAME at index and, for a binding, the scope it binds in."""
        found = self._roles.get(index)
        if found is None:
            found = self._roles[index] = self._find_role(index)
        return found

    def _find_role(self, index: int) -> tuple[str, int]:
        stream = self.stream
        if index > 0 and stream.is_op(index - 1, "."):
            return ATTRIBUTE, -1
        position = self.statement_at(index)
        statement = self.statements[position]
        scope = self._statement_scope[position]
        first = statement.first
        word = self._header_word(statement)
        previous = stream.tok(index - 1) if index > first else ""
        following = stream.tok(index + 1) if stream.kinds[index + 1] in (OP, NAME) else ""
        if word == "import":
            return BIND, scope
        if word == "from":
            split = stream.find_top(first, statement.end, NAME, "import")
            return (BIND, scope) if 0 <= split < index else (ATTRIBUTE, -1)
        if word in ("global", "nonlocal"):
            return BIND, (0 if word == "global" else scope)
        if word == "del":
            return BIND, scope
        if statement.header and word in ("def", "class"):
            name_index = first + (2 if stream.tok(first) == "async" else 1)
            if index == name_index:
                return BIND, scope
            if word == "def" and stream.is_op(name_index + 1, "(") and name_index + 1 < index < stream.pairs[name_index + 1]:
                if self._is_parameter(name_index + 1, index):
                    return BIND, self._opened[position]
        if previous == "as":
            return BIND, scope
        if following == ":=":
            return BIND, scope
        if self._in_lambda_parameters(first, index):
            return BIND, scope
        if following == "=" and previous in ("(", ","):
            opener = self._enclosing_opener(first, index)
            if opener >= 0 and stream.tok(opener) == "(":
                return KEYWORD, -1
        if following in ("(", "[", "."):
            return USE, -1
        if statement.header and word == "except" and self._after_top_comma(first + 1, statement.end, index):
            return BIND, scope
        if self._is_for_target(first, index):
            return BIND, scope
        if not statement.header and self._is_assignment_target(statement, index):
            return BIND, scope
        return USE, -1

    def _is_parameter(self, opening: int, index: int) -> bool:
        """Whether the name at index, inside a def's parameter parentheses, is a parameter
        (or inside a tuple parameter), rather than part of a default or an annotation."""
        stream = self.stream
        items, _ = stream.split_top(opening + 1, stream.pairs[opening])
        for start, end in items:
            if not start <= index < end:
                continue
            while start < end and stream.kinds[start] == OP and stream.tok(start) in ("*", "**"):
                start += 1
            if start < end and stream.is_op(start, "("):
                return index <= stream.pairs[start]
            return index == start
        return False

    def _in_lambda_parameters(self, first: int, index: int) -> bool:
        stream = self.stream
        kinds = stream.kinds
        for back in range(index - 1, first - 1, -1):
            if kinds[back] == OP:
                text = stream.tok(back)
                if text == ":":
                    return False
                if text == "=" and back == index - 1:
                    return False  # a default value
            elif kinds[back] == NAME and stream.tok(back) == "lambda":
                return True
        return False

    def _enclosing_opener(self, first: int, index: int) -> int:
        """The index of the innermost bracket open around index, within the statement, or -1."""
        return enclosing_opener(self.stream, first, index)

    def _after_top_comma(self, start: int, end: int, index: int) -> bool:
        stream = self.stream
        comma = stream.find_top(start, end, OP, ",")
        return 0 <= comma < index

    def _is_for_target(self, first: int, index: int) -> bool:
        """Whether the name at index lies between a `for` and its `in` (a for statement's or
        a comprehension's target), or in the tuple after an `as` (`with f() as (a, b)`)."""
        stream = self.stream
        back = index - 1
        while back >= first:
            kind = stream.kinds[back]
            if kind == NAME:
                text = stream.tok(back)
                if text in ("for", "as"):
                    return True
                if text in KEYWORDS:
                    return False
            elif kind == OP:
                text = stream.tok(back)
                if text not in _TARGET_PUNCTUATION:
                    return False
                if text in (")", "]"):
                    back = opener_of(stream, back) - 1
                    continue
                if text in ("(", "[") and back > first and _is_atom_end(stream, back - 1):
                    return False  # inside a call or a subscript: read, not bound
            else:
                return False
            back -= 1
        return False

    def _is_assignment_target(self, statement: Statement, index: int) -> bool:
        """Whether the name at index is a name bound by the statement's assignment: before its
        last top-level `=` (or augmented assignment), and not inside a call or subscript."""
        stream = self.stream
        last = -1
        position = statement.first
        while position < statement.end:
            if stream.kinds[position] == OP and stream.tok(position) in _ASSIGNMENT_OPS:
                last = position
            if stream.kinds[position] == NAME and stream.tok(position) == "lambda":
                break  # `f = lambda x=1: x`: the `=` after lambda are its defaults
            position = stream.skip(position)
        if last < index:
            return False
        back = index - 1
        while back >= statement.first:  # no call or subscript bracket may hold it
            if stream.kinds[back] == OP:
                text = stream.tok(back)
                if text in (")", "]", "}"):
                    back = opener_of(stream, back) - 1
                    continue
                if text in ("(", "[", "{") and back > statement.first and _is_atom_end(stream, back - 1):
                    return False
            back -= 1
        return True

    # --- bindings -------------------------------------------------------------------------

    def _star_import(self) -> bool:
        context = self.context
        if "import" not in context.text or "*" not in context.text:
            return False
        stream = self.stream
        for index in context.name_indices("import"):
            if not stream.is_op(index + 1, "*") or index < 2:
                continue
            position = self.statement_at(index)
            statement = self.statements[position]
            if stream.tok(statement.first) != "from":
                continue
            if not context.python2:
                return True  # in Python 3 code, an unbound Python 2 name can only come from there
            module = "".join(stream.tok(i) for i in range(statement.first + 1, index))
            if module in _BUILTINS_MODULES or module.split(".")[0] in ("future", "past"):
                return True
        return False

    def _bindings(self, word: str) -> dict[int, list[int]]:
        found = self._bound.get(word)
        if found is None:
            found = {}
            for index in self.context.name_indices(word):
                role, scope = self._classify(index)
                if role == BIND:
                    found.setdefault(scope, []).append(index)
            self._bound[word] = found
        return found

    def is_bound(self, word: str, index: int) -> bool:
        """Whether the code binds `word` in the scope of the token at index or one around it."""
        if self._star:
            return True
        found = self._bindings(word)
        if not found:
            return False
        return any(scope in found for scope in self._chain(self.scope_of(index)))

    def binds_anywhere(self, word: str) -> bool:
        return self._star or bool(self._bindings(word))

    def uses(self, word: str) -> list[int]:
        """The indices of `word` read as a variable (not attributes, keywords or bindings)."""
        return [index for index in self.context.name_indices(word) if self._classify(index)[0] == USE]

    def builtin_uses(self, word: str) -> list[int]:
        """The uses of `word` that are the builtin: no binding of it in their scopes."""
        if self._star:
            return []
        return [index for index in self.uses(word) if not self.is_bound(word, index)]

    def is_module(self, word: str, index: int) -> bool:
        """Whether `word` at index is the module of that name: every binding of it in the
        scopes around index is a plain `import word` (or there is none, and the name would be
        a NameError anyway)."""
        stream = self.stream
        found = self._bindings(word)
        for scope in self._chain(self.scope_of(index)):
            for binding in found.get(scope, ()):
                statement = self.statements[self.statement_at(binding)]
                if stream.tok(statement.first) != "import":
                    return False
                if not (stream.is_name(binding - 1, "import") or stream.is_op(binding - 1, ",")):
                    return False  # `import x as word`
                if stream.is_name(binding + 1, "as"):
                    return False
        return True


def _is_atom_end(stream, index: int) -> bool:
    kind = stream.kinds[index]
    if kind == NAME:
        return stream.tok(index) not in KEYWORDS
    return kind in (NUMBER, STRING) or (kind == OP and stream.tok(index) in (")", "]", "}"))
