"""Whether a thread's function ends: ENDS, FOREVER, or UNKNOWN.

Python 2 ended every `thread` thread when the main thread ended.  A `threading.Thread`
that is not a daemon keeps the program alive until it ends, and a join waits for it: so a
thread may be joined, or left a non-daemon, only when it is proven to end.

- FOREVER: the function reaches, on its straight path, a loop written to run for ever
  (`while True:`/`while 1:`) that no break, return, raise or exit call leaves, or calls a
  function of the module that does.  Statements after such a loop change nothing.
- UNKNOWN: it may wait for another thread for ever or loop on state another thread
  changes: a `while` whose test (or the test guarding its break) reads more than the
  function's own locals (`while self.running`, `while not done`), a blocking call
  (`sock.recv()`, `sock.accept()`, `q.get()`, `event.wait()`, `t.join()`, `raw_input()`,
  `select.select` without a timeout, `serve_forever()`, an `acquire()` the function does
  not release itself), a `for` over `iter(f, sentinel)` or over a function of the module
  that may not end, or a call of such a function; a target threadmod cannot resolve (an
  imported function, a lambda over one).
- ENDS: none of that.  Calls of functions from elsewhere are taken to return (a library
  call that blocks for ever is not seen), and recursion is taken to end.

The test reads the function's own code and the module's functions it calls by name
(`f()`, `self.f()`); methods are found by name in any class of the module.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from threadmod.codemods.model import ModuleModel
from threadmod.codemods.nodes import FlowVisitor, code_of, is_endless_loop
from threadmod.codemods.traversal import walk

ENDS = "ends"
FOREVER = "forever"
UNKNOWN = "unknown"

# Methods that wait for another thread or for the outside world, with no timeout given.
_BLOCKING_METHODS = frozenset({
    "recv", "recvfrom", "recv_into", "recvfrom_into", "accept", "wait", "serve_forever",
    "handle_request", "getch", "communicate",
})
_BLOCKING_FUNCTIONS = frozenset({"raw_input", "input"})
_EXIT_ATTRIBUTES = frozenset({"exit", "exit_thread", "_exit", "interrupt_main"})
_EXIT_NAMES = frozenset({"exit", "exit_thread", "quit"})


class Termination:
    """The termination of the functions of one module, memoised."""

    def __init__(self, module: cst.Module, model: ModuleModel | None = None, follow_calls: bool = True) -> None:
        # Without follow_calls a function's own code decides: what masking hides (a helper
        # the function calls) cannot change the answer, only FOREVER's loop is needed.
        self.follow_calls = follow_calls
        self.model = model if model is not None else ModuleModel(module)  # which names are a function's own
        collector = _Functions()
        walk(module, collector)
        self.functions = collector.functions  # name -> every def of that name (functions and methods)
        self.classes = collector.classes  # name -> every class of that name
        self._memo: dict[int, str] = {}

    # -- targets -----------------------------------------------------------------------

    def of_target(self, target: cst.BaseExpression | None) -> str:
        """The termination of what `threading.Thread(target=...)` or `start_new_thread` runs."""
        if isinstance(target, cst.Name):
            return self._of_name(target.value)
        if isinstance(target, cst.Attribute):  # self.run, obj.method: a method of the module by name
            return self._of_name(target.attr.value)
        if isinstance(target, cst.Lambda):
            return self._of_body([cst.SimpleStatementLine(body=[cst.Expr(target.body)])])
        return UNKNOWN

    def of_class(self, name: str) -> str:
        """The termination of a Thread subclass's `run`, found in the module's class of that name."""
        runs = [f for cls in self.classes.get(name, ()) for f in _methods(cls) if f.name.value == "run"]
        return combine(self.of_function(f) for f in runs) if runs else UNKNOWN

    def _of_name(self, name: str) -> str:
        candidates = self.functions.get(name)
        return combine(self.of_function(f) for f in candidates) if candidates else UNKNOWN

    # -- functions ---------------------------------------------------------------------

    def of_function(self, function: cst.FunctionDef) -> str:
        key = id(function)
        if key not in self._memo:
            self._memo[key] = ENDS  # recursion is taken to end
            body = function.body.body if isinstance(function.body, cst.IndentedBlock) else [function.body]
            self._memo[key] = self._of_body(body)
        return self._memo[key]

    def _of_body(self, statements) -> str:
        for statement in statements:  # the straight path: a loop or call here runs for certain
            if is_endless_loop(statement) and statement.orelse is None and not _leaves(statement.body):
                return FOREVER
            call = _called_statement(statement)
            if call is not None and self._of_call(call) == FOREVER:
                return FOREVER
        releases = _Releases()
        for statement in statements:
            walk(statement, releases)
        finder = _WaitFinder(self, frozenset(releases.receivers))
        for statement in statements:
            walk(statement, finder)
        return UNKNOWN if finder.may_wait else ENDS

    def _of_call(self, call: cst.Call) -> str | None:
        """The termination of a module function a call names, or None for another call."""
        if not self.follow_calls:
            return None
        func = call.func
        name = func.value if isinstance(func, cst.Name) else None
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
            name = func.attr.value
        if name is None or name not in self.functions:
            return None
        return combine(self.of_function(f) for f in self.functions[name])


def combine(terminations: Iterable[str]) -> str:
    """All the candidates of a name: FOREVER if every one is, ENDS if every one is."""
    found = set(terminations)
    if found == {FOREVER}:
        return FOREVER
    if found <= {ENDS}:
        return ENDS
    return UNKNOWN


class _Functions(cst.CSTVisitor):
    def __init__(self) -> None:
        self.functions: dict[str, list[cst.FunctionDef]] = {}
        self.classes: dict[str, list[cst.ClassDef]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.setdefault(node.name.value, []).append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.setdefault(node.name.value, []).append(node)


def _methods(cls: cst.ClassDef) -> list[cst.FunctionDef]:
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.FunctionDef)]


def _called_statement(statement) -> cst.Call | None:
    """The call of `f(...)` as a statement of its own (or `x = f(...)`)."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        return value if isinstance(value, cst.Call) else None
    return None


def _leaves(body) -> bool:
    """Whether something in a loop's body can leave it: a break at its level, a return, a
    raise, or an exit call."""
    finder = _LoopExits()
    walk(body, finder)
    return finder.exits


class _LoopExits(FlowVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.exits = False

    def visit_Break(self, node) -> None:
        if not self.loops:
            self.exits = True

    def visit_Return(self, node) -> None:
        self.exits = True

    def visit_Raise(self, node) -> None:
        self.exits = True

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in _EXIT_ATTRIBUTES:
            self.exits = True

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in _EXIT_NAMES:
            self.exits = True


_CONSTANTS = frozenset({"True", "False", "None"})


class _WaitFinder(FlowVisitor):
    """Anything in a function's code that may wait for another thread for ever."""

    def __init__(self, termination: Termination, released: frozenset[str]) -> None:
        super().__init__()
        self.termination = termination
        self.released = released  # what the function releases: its acquires are critical sections
        self.may_wait = False

    def _reads_only_locals(self, expression) -> bool:
        """Whether an expression reads only names the function binds itself (the module model's
        scopes: not declared global or nonlocal), constants and pure builtins."""
        names = _Names()
        walk(expression, names)
        model = self.termination.model
        for node in names.nodes:
            if node.value in _CONSTANTS or node.value in _PURE_BUILTINS:
                continue
            scope = model.scope_of.get(id(node))
            if scope is None or scope.kind != "function" or model.lookup(node.value, scope) is not scope:
                return False
        return not names.shared

    def visit_While(self, node: cst.While) -> None:
        super().visit_While(node)
        if self.may_wait:
            return
        if is_endless_loop(node):
            # Its exits are breaks, returns or raises under tests: they must read only locals.
            guards = _ExitGuards()
            walk(node.body, guards)
            if not guards.exits or not all(self._reads_only_locals(test) for test in guards.tests):
                self.may_wait = True
        elif not self._reads_only_locals(node.test):
            self.may_wait = True  # `while not done:`: another thread ends it, or no one does

    def visit_For(self, node: cst.For) -> None:
        super().visit_For(node)
        source = node.iter
        if isinstance(source, cst.Call):
            if isinstance(source.func, cst.Name) and source.func.value == "iter" and len(source.args) == 2:
                self.may_wait = True  # iter(sock.recv, ''), iter(q.get, None)
            elif self.termination._of_call(source) not in (None, ENDS):
                self.may_wait = True  # a generator of the module that may not end

    def visit_Call(self, node: cst.Call) -> None:
        if self.may_wait:
            return
        func = node.func
        if isinstance(func, cst.Name) and func.value in _BLOCKING_FUNCTIONS:
            self.may_wait = True
        elif isinstance(func, cst.Attribute):
            method = func.attr.value
            keywords = {a.keyword.value for a in node.args if a.keyword is not None}
            positional = [a for a in node.args if a.keyword is None]
            if "timeout" in keywords:
                return
            if method in _BLOCKING_METHODS and not (method == "wait" and positional):
                self.may_wait = True
            elif method == "get" and (not node.args or _is_true(node.args[0].value) and len(node.args) == 1):
                self.may_wait = True  # q.get(), q.get(True): dict.get always has a key
            elif method == "join" and not node.args and not isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString)):
                self.may_wait = True
            elif method in ("acquire", "acquire_lock") and (not positional or _is_true(positional[0].value)):
                # One it releases itself is a critical section; another is a signal from a thread.
                self.may_wait = code_of(func.value) not in self.released
            elif method == "select" and len(positional) < 4:
                self.may_wait = True
            elif method in ("read", "readline", "readlines") and code_of(func.value) == "sys.stdin":
                self.may_wait = True
        if not self.may_wait:
            found = self.termination._of_call(node)
            if found not in (None, ENDS):
                self.may_wait = True


class _Releases(FlowVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.receivers: set[str] = set()

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("release", "release_lock"):
            self.receivers.add(code_of(node.func.value))

    def visit_With(self, node: cst.With) -> None:
        for item in node.items:  # `with lock:` acquires and releases
            self.receivers.add(code_of(item.item))


def _is_true(expression) -> bool:
    return (isinstance(expression, cst.Name) and expression.value == "True") or (
        isinstance(expression, cst.Integer) and expression.value not in ("0", "00")
    )


# Builtins whose value depends on their arguments only.
_PURE_BUILTINS = frozenset({
    "len", "abs", "min", "max", "int", "float", "str", "bool", "isinstance", "range", "xrange", "ord", "chr",
})


class _Names(cst.CSTVisitor):
    """The names an expression reads, and whether it reads more than names: a call (other
    than a pure builtin's), an attribute or an item, which may be another thread's state."""

    def __init__(self) -> None:
        self.nodes: list[cst.Name] = []
        self.shared = False

    def visit_Name(self, node: cst.Name) -> None:
        self.nodes.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        if not (isinstance(node.func, cst.Name) and node.func.value in _PURE_BUILTINS):
            self.shared = True

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.shared = True

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self.shared = True


class _ExitGuards(FlowVisitor):
    """The exits of an endless loop's body (break at its level, return, raise, exit call)
    and the tests of the `if`s and `while`s around each."""

    def __init__(self) -> None:
        super().__init__()
        self.exits = False
        self.tests: list = []
        self._around: list = []

    def visit_If(self, node: cst.If) -> None:
        self._around.append(node.test)

    def leave_If(self, node) -> None:
        self._around.pop()

    def _exit(self) -> None:
        self.exits = True
        self.tests.extend(self._around)

    def visit_Break(self, node) -> None:
        if not self.loops:
            self._exit()

    def visit_Return(self, node) -> None:
        self._exit()

    def visit_Raise(self, node) -> None:
        self._exit()

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if (isinstance(func, cst.Attribute) and func.attr.value in _EXIT_ATTRIBUTES) or (
            isinstance(func, cst.Name) and func.value in _EXIT_NAMES
        ):
            self._exit()
