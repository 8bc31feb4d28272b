"""What a thread function's last effect is, by place: whether a poll ends when its thread ends.

TM202 (join_threads.py) makes a poll (`while not done: pass`) into joins only where it ends
exactly when the threads end.  This module answers what that takes, asked of one function
a thread runs and of one poll's test:

- Places.  A place is a variable and the attributes, keys and indexes under it, as a path
  (`status['done']`, `self.ready`, `flags[i]`).  `read_places` gives what a test reads (a
  method call reads its object, `d.get('k')` reads `d['k']`); `Body.places` what the
  function writes (assignments and loop targets, `del`, method calls other than those that
  only read, a `with lock:`), both in main's names: a parameter stands for what the start
  passed it (`ThreadCode`, `seen`), a local assigned once from a place for that place
  (`lock = locks[i]`, `for lock in locks`).  Two places `overlap` when writing one changes what
  reading the other gives (`done[i] = True` and `False in done`).
- The last effect.  `final_effect` is the small statement the function ends with on every
  path that reaches its end: through `with` blocks and a `finally:`, past a last bare
  `return` or `pass`; none when the body ends with an `if`, a loop or a `try` without
  `finally`.  `exits_early` tells whether the function may return, raise or exit before it.
- The value.  `poll_ended_by` tells whether setting a place to a constant makes the test
  false: the constant is put in and the test evaluated, when it is only comparisons and
  logic on constants and reads that place alone.

What it does not prove: what the functions a thread calls do (a helper that sets the flag
earlier, or ends the thread), aliases main makes (`s = status`), other writers of a place
(main, threads started elsewhere).  Only the function's own code is read: nested
functions, classes and lambdas are other code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

import libcst as cst

from threadmod.codemods.nodes import code_of
from threadmod.codemods.traversal import walk


def poll_ended_by(value, place: tuple[str, ...], test, bound: dict[str, Seen]) -> bool | None:
    """Whether setting `place` to the constant `value` makes the poll's test false, where the
    test reads that place and nothing else (`while state != 1`: `state = 2` does not end it);
    None when that cannot be told from the two."""
    reads = read_places(test, bound)
    if not reads or any(read != place for read in reads) or literal_value(value) is _NOT_CONSTANT:
        return None
    substituted = walk(test, _Substitute(place, bound, value))
    try:
        tree = ast.parse(code_of(substituted).strip(), "<poll>", "eval")
        if not all(isinstance(node, _CHEAP_NODES) for node in ast.walk(tree)):
            return None  # arithmetic on constants could take for ever (`2 ** 10 ** 10`)
        return not eval(compile(tree, "<poll>", "eval"), {"__builtins__": {}}, {})  # noqa: S307 - constants only
    except Exception:  # a test these constants cannot evaluate
        return None


# Comparisons and logic on constants: evaluated at once, whatever the constants.
_CHEAP_NODES = (ast.Expression, ast.Constant, ast.Tuple, ast.List, ast.Load, ast.UnaryOp, ast.unaryop, ast.BoolOp,
                ast.boolop, ast.Compare, ast.cmpop)


class _Substitute(cst.CSTTransformer):
    """Puts a constant where an expression reads a place."""

    def __init__(self, place: tuple[str, ...], bound: dict[str, Seen], value: cst.BaseExpression) -> None:
        super().__init__()
        self.place, self.bound = place, bound
        self.value = cst.parse_expression(f"({code_of(value).strip()})")

    def _put(self, original, updated):
        return self.value if _place(original, self.bound) == self.place else updated

    def leave_Name(self, original_node, updated_node):
        return self._put(original_node, updated_node)

    def leave_Attribute(self, original_node, updated_node):
        return self._put(original_node, updated_node)

    def leave_Subscript(self, original_node, updated_node):
        return self._put(original_node, updated_node)


_CONSTANT_NAMES = frozenset({"True", "False", "None"})


# -- places: what a poll reads and a thread writes ---------------------------------------------
# A place is a variable and the attributes, keys and indexes under it, as a path:
# `status['done']` is ("status", "['done']"), `self.ready` ("self", ".ready"); an index that is
# no constant (`flags[i]`, i a loop variable) is _ANY, which may be any key.
_ANY = "[?]"
_NOT_CONSTANT = object()
# Methods that only read their object: a call of one changes nothing a poll reads.
_READ_METHODS = frozenset({
    "get", "has_key", "keys", "values", "items", "iterkeys", "itervalues", "iteritems", "copy", "count", "index",
    "locked", "isSet", "is_set", "qsize", "empty", "full", "isAlive", "is_alive", "getName", "isDaemon",
})
# Calls that end the thread where they stand (thread.exit() is sys.exit() by now).
_EXIT_CALLS = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort", "thread.exit", "_thread.exit",
                         "thread.exit_thread", "_thread.exit_thread"})


@dataclass(frozen=True)
class Seen:
    """What a name of a thread's code (a parameter, or a local alias) stands for in main: the
    place it is (None: nothing main can read), and the key it makes as an index."""

    place: tuple[str, ...] | None
    key: str


UNSEEN = Seen(None, _ANY)  # a name that stands for nothing main can read, and any key


@dataclass
class ThreadCode:
    function: cst.FunctionDef
    arguments: dict[str, Seen]  # parameter -> what main passed it


def literal_value(node):
    """The value of a literal (`1`, `'done'`, `(1, 2)`, `True`), else _NOT_CONSTANT."""
    try:
        return ast.literal_eval(code_of(node).strip())
    except Exception:  # not a literal
        return _NOT_CONSTANT


def _key(node, bound: dict[str, Seen]) -> str:
    if isinstance(node, cst.Name) and node.value in bound:
        return bound[node.value].key
    value = literal_value(node)
    return _ANY if value is _NOT_CONSTANT else f"[{value!r}]"


def seen(node) -> Seen:
    """How a thread sees one of main's values passed to it."""
    return Seen(_place(node, {}), _key(node, {}))


def _place(node, bound: dict[str, Seen]) -> tuple[str, ...] | None:
    """The place an expression is, in main's names (through `bound`), else None."""
    if isinstance(node, cst.Name):
        seen = bound.get(node.value)
        return seen.place if seen is not None else (node.value,)
    if isinstance(node, cst.Attribute):
        base = _place(node.value, bound)
        return None if base is None else (*base, "." + node.attr.value)
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        base = _place(node.value, bound)
        return None if base is None else (*base, _key(node.slice[0].slice.value, bound))
    return None


def overlap(written: tuple[str, ...], read: tuple[str, ...]) -> bool:
    """Whether writing one place changes what reading the other gives: the same variable and,
    as far as both go, the same attributes and keys (_ANY matches any key, not an attribute);
    `done[i] = True` changes `False in done`, `status = {}` changes `status['done']`."""
    if written[0] != read[0]:
        return False
    for one, other in zip(written[1:], read[1:]):
        if one != other and not (one.startswith("[") and other.startswith("[") and _ANY in (one, other)):
            return False
    return True


def read_places(node, bound: dict[str, Seen]) -> list[tuple[str, ...]]:
    """The places an expression reads (a method call reads its object; `d.get('k')`, d['k'])."""
    if isinstance(node, cst.Name) and node.value in _CONSTANT_NAMES:
        return []
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        receiver = _place(node.func.value, bound)
        if receiver is not None:
            if node.func.attr.value == "get" and node.args and node.args[0].keyword is None:
                receiver = (*receiver, _key(node.args[0].value, bound))
            return [receiver, *(place for arg in node.args for place in read_places(arg.value, bound))]
    place = _place(node, bound)
    if place is not None:
        return [place]
    return [place for child in node.children for place in read_places(child, bound)]


def acquired_in(test) -> str | None:
    """The lock a poll's test acquires (`l.acquire(0)`), else None."""
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute) and test.func.attr.value == "acquire":
        return code_of(test.func.value).strip()
    for child in test.children:
        found = acquired_in(child)
        if found is not None:
            return found
    return None


def shown_places(places) -> str:
    """Places as code, for a diagnostic: `status['done']`, `flags[...]`."""
    texts = dict.fromkeys("`" + place[0] + "".join("[...]" if part == _ANY else part for part in place[1:]) + "`"
                          for place in places)
    return " or ".join(texts)


def loop_element(wait) -> dict[str, Seen]:
    """`for lock in locks:` around a poll: `lock` is an element of `locks`, whichever."""
    if isinstance(wait, cst.For) and isinstance(wait.target, cst.Name):
        place = _place(wait.iter, {})
        return {wait.target.value: Seen((*place, _ANY) if place is not None else None, _ANY)}
    return {}


def method(cls: cst.ClassDef | None, name: str) -> cst.FunctionDef | None:
    """The plain method `name` a class defines itself (not inherited, not decorated)."""
    if cls is None or not isinstance(cls.body, cst.IndentedBlock):
        return None
    found = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name]
    return found[0] if len(found) == 1 and not found[0].decorators else None


def final_effect(body) -> tuple[cst.BaseSmallStatement | None, set[int], set[int]]:
    """The small statement a function's body ends with on every path that reaches its end:
    through `with` blocks and a `finally:` (the ids of those `try` statements: an exit in
    them still runs it), past a last bare `return` or `pass` (their ids); None when the body
    ends with an `if`, a loop or a `try` without `finally`, whose last statement may not run."""
    shielded: set[int] = set()
    trailing: set[int] = set()
    while True:
        if isinstance(body, cst.SimpleStatementSuite):
            statements: list = [cst.SimpleStatementLine(body=body.body)]
        elif isinstance(body, cst.IndentedBlock):
            statements = list(body.body)
        else:
            return None, shielded, trailing
        while statements:
            last = statements.pop()
            if isinstance(last, cst.SimpleStatementLine):
                smalls = list(last.body)
                while smalls and _does_nothing(smalls[-1]):
                    trailing.add(id(smalls.pop()))
                if smalls:
                    return smalls[-1], shielded, trailing
                continue
            if isinstance(last, cst.With):
                body = last.body
            elif isinstance(last, cst.Try) and last.finalbody is not None:
                shielded.add(id(last))
                body = last.finalbody.body
            else:
                return None, shielded, trailing
            break
        else:
            return None, shielded, trailing


def _does_nothing(small) -> bool:
    """A bare `return` (or `return None`) or `pass` at the end of a function."""
    if isinstance(small, cst.Pass):
        return True
    return isinstance(small, cst.Return) and (small.value is None or code_of(small.value).strip() == "None")


def exits_early(body: Body, shielded: set[int], trailing: set[int]) -> bool:
    """Whether the code may leave the function (return, raise, exit) other than at its end or
    inside a `try` whose `finally:` holds the last effect."""
    return any(id(node) not in trailing and not guards & shielded for node, guards in body.exits)


def read_body(body) -> Body:
    reader = _BodyReader()
    walk(body, reader)
    return reader.body


@dataclass
class Body:
    """A function's code as TM202 reads a thread's (nested defs, classes and lambdas left out)."""

    # (target, or the object a method call changes; the constant assigned, if one; the small
    # statement or compound statement it is in; whether it is an assignment target)
    writes: list[tuple[cst.BaseExpression, cst.BaseExpression | None, cst.CSTNode, bool]] = field(default_factory=list)
    assigned: dict[str, list] = field(default_factory=dict)  # local name -> its values (None, or ("for", iterable))
    globals: set[str] = field(default_factory=set)
    exits: list[tuple[cst.CSTNode, frozenset[int]]] = field(default_factory=list)  # and the `try`s around them

    def bindings(self, function: cst.FunctionDef, arguments: dict[str, Seen]) -> dict[str, Seen]:
        """What the function's own names stand for in main: its parameters what the start
        passed them (unless it assigns them), a local assigned once from a place (`lock =
        locks[i]`, `for lock in locks`) that place, any other local nothing of main's."""
        params = function.params
        bound = {p.name.value: arguments.get(p.name.value, UNSEEN) for p in params.params}
        for param in (*params.posonly_params, *params.kwonly_params, params.star_arg, params.star_kwarg):
            if isinstance(param, cst.Param):
                bound[param.name.value] = UNSEEN
        for name, values in self.assigned.items():
            if name in self.globals:
                continue
            if name in bound or len(values) != 1 or values[0] is None:
                bound[name] = UNSEEN
            elif isinstance(values[0], tuple):
                place = _place(values[0][1], bound)
                bound[name] = Seen((*place, _ANY) if place is not None else None, _ANY)
            else:
                bound[name] = Seen(_place(values[0], bound), _key(values[0], bound))
        return bound

    def places(self, owner_is, bound: dict[str, Seen]):
        """(place, constant) of each write whose owner passes `owner_is`, in main's names."""
        for target, constant, owner, is_target in self.writes:
            if owner_is(owner):
                for place in _written_places(target, bound, is_target):
                    yield place, constant


def _written_places(target, bound: dict[str, Seen], is_target: bool) -> list[tuple[str, ...]]:
    if isinstance(target, (cst.Tuple, cst.List)):
        return [p for element in target.elements for p in _written_places(element.value, bound, is_target)]
    if isinstance(target, cst.StarredElement):
        return _written_places(target.value, bound, is_target)
    if is_target and isinstance(target, cst.Name) and target.value in bound:
        return []  # a local rebound: nothing of main's changes
    place = _place(target, bound)
    return [place] if place is not None else []


class _BodyReader(cst.CSTVisitor):
    def __init__(self) -> None:
        self.body = Body()
        self.owners: list[cst.CSTNode] = []
        self.guards: list[int] = []  # the `try` statements around, while in their body, handlers or else

    def _bind(self, target, value) -> None:
        if isinstance(target, cst.Name):
            self.body.assigned.setdefault(target.value, []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, None)

    def _write(self, target, constant, is_target: bool = True) -> None:
        owner = self.owners[-1] if self.owners else target
        self.body.writes.append((target, constant, owner, is_target))

    def _own(self, node) -> None:
        self.owners.append(node)

    def _disown(self, node) -> None:
        self.owners.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        self._own(node)
        single = len(node.targets) == 1 and literal_value(node.value) is not _NOT_CONSTANT
        for target in node.targets:
            self._bind(target.target, node.value)
            self._write(target.target, node.value if single else None)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._own(node)
        self._bind(node.target, None)
        self._write(node.target, None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._own(node)
        if node.value is not None:
            self._bind(node.target, node.value)
            self._write(node.target, node.value if literal_value(node.value) is not _NOT_CONSTANT else None)

    def visit_Del(self, node: cst.Del) -> None:
        self._own(node)
        self._write(node.target, None)

    def visit_Expr(self, node: cst.Expr) -> None:
        self._own(node)

    def visit_Return(self, node: cst.Return) -> None:
        self._own(node)
        self.body.exits.append((node, frozenset(self.guards)))

    def visit_Raise(self, node: cst.Raise) -> None:
        self._own(node)
        self.body.exits.append((node, frozenset(self.guards)))

    leave_Assign = leave_AugAssign = leave_AnnAssign = leave_Del = leave_Expr = leave_Return = leave_Raise = _disown

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, node.value)
        self._write(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        if isinstance(node.target, cst.Name):
            self.body.assigned.setdefault(node.target.value, []).append(("for", node.iter))
        else:
            self._bind(node.target, None)
        self.body.writes.append((node.target, None, node, True))

    def visit_WithItem(self, node: cst.WithItem) -> None:
        # `with lock:` acquires and releases the lock: a change to it, before whatever ends the body
        self.body.writes.append((node.item, None, node, False))
        if node.asname is not None:
            self._bind(node.asname.name, None)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind(node.name.name, None)

    def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
        name = node.asname.name if node.asname is not None else node.name
        while isinstance(name, cst.Attribute):
            name = name.value
        self._bind(name, None)

    def visit_Global(self, node: cst.Global) -> None:
        self.body.globals.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.body.globals.update(item.name.value for item in node.names)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if code_of(func).replace(" ", "") in _EXIT_CALLS:
            self.body.exits.append((node, frozenset(self.guards)))
        if isinstance(func, cst.Attribute) and func.attr.value not in _READ_METHODS:
            self._write(func.value, None, is_target=False)

    def visit_Try(self, node: cst.Try) -> None:
        self.guards.append(id(node))

    def visit_Finally(self, node: cst.Finally) -> None:
        self.guards.pop()  # an exit in the finally skips the rest of it

    def leave_Finally(self, original_node: cst.Finally) -> None:
        self.guards.append(0)  # popped by leave_Try

    def leave_Try(self, original_node: cst.Try) -> None:
        self.guards.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._bind(node.name, None)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._bind(node.name, None)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False
