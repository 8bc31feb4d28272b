"""TM204 lock-with: an acquire ... release pair becomes `with lock:`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from threadmod.codemods.base import ThreadCodemod
from threadmod.codemods.model import Locks
from threadmod.codemods.nodes import FlowVisitor, code_of
from threadmod.codemods.traversal import walk
from threadmod.transform import Example

_ACQUIRE = ("acquire", "acquire_lock")
_RELEASE = ("release", "release_lock")


class LockWith(ThreadCodemod):
    CODE = "TM204"
    NAME = "lock-with"
    DESCRIPTION = "lock.acquire() ... lock.release() becomes a with lock: block."
    WHAT = """
        An `acquire()` (or `acquire_lock()`) whose `release()` is the only statement of
        the `finally` of the `try` right after it, or a straight run `acquire()` ...
        `release()` in one block with no `return`, `break`, `continue`, `yield` or
        `await` between, becomes `with lock:` around the statements between.  Every comment
        and blank line stays: the acquire's own comment goes on the `with` line, the lines
        above `try:` and its comment, then its body; the release's comment lines (above
        it, on it, the `finally:` line's) end the block, at its indentation.  Blank lines
        keep their bytes (none becomes whitespace-only).
    """
    WHY = """
        `with` releases the lock on every way out of the block.  One behaviour changes,
        on purpose: in a straight run, an exception between acquire and release used to
        leave the lock held for ever (the next acquire deadlocked); now it is released
        as the exception leaves the block.
    """
    LEAVES_ALONE = """
        Non-blocking or timed acquires (`acquire(False)`, `acquire(0)`, `acquire(timeout=1)`),
        acquires whose result is used, pairs split across blocks or with control flow
        between, and receivers not known to be locks: a name is a lock when the module
        assigns it a lock (`allocate_lock()`, `Lock()`, `RLock()`, `Semaphore()`,
        `Condition()`...), calls a `_lock` method on it, or passes a lock in that
        parameter's place when it starts a thread on the function.  Calling
        `acquire_lock()` on a receiver proves nothing: `imp.acquire_lock()` ...
        `imp.release_lock()` is the import lock, a module's functions, and stays as it is.
        An unknown receiver's pair gets a diagnostic instead (a module's, none).  Pairs in
        dual-version code (`if PY2:` branches, import fallbacks) are left as they are.

        It does not prove which thread holds a lock when; a pair it cannot prove a critical
        section of one thread is left as written, silently (the legacy code is right as it
        is), since a lock is also used as a signal between threads:
        - a `def` or `class` between acquire and release, or a thread started there
          (`start_new_thread`, `threading.Thread(...).start()`, `t.start()` on a name the
          module model proves a Thread, or a call of a module function that starts one, by
          its name): the lock is held as a go signal for the threads started, not around
          their start;
        - an acquire right before its release: a wait for whoever holds the lock;
        - a lock some function releases without acquiring it (a worker's `done.release()`
          for main's `done.acquire()`), or that a function a thread runs (a start's target,
          a Thread subclass's `run`, what they call, by name) acquires without releasing
          it or waits on (`gate.acquire(); gate.release()`): no pair on that lock is made,
          in any thread.  The test is by the lock's spelling, followed through the
          arguments of starts and calls into parameters, lists of locks and loops over
          them; so a local `lock` of another function is left too, and a lock reached by
          another road (an attribute of an object passed around) is not known to be one.
    """
    EXAMPLES = (
        Example(
            "import threading\nlock = threading.Lock()\nlock.acquire()\ncount += 1\nlock.release()\n",
            "import threading\nlock = threading.Lock()\nwith lock:\n    count += 1\n",
        ),
        Example(
            "import thread\n"
            "def put(lock, item):\n    lock.acquire_lock()\n    items.append(item)\n    lock.release_lock()\n"
            "mutex = thread.allocate_lock()\nthread.start_new_thread(put, (mutex, 1))\n",
            "import _thread as thread\n"
            "def put(lock, item):\n    with lock:\n        items.append(item)\n"
            "mutex = thread.allocate_lock()\nthread.start_new_thread(put, (mutex, 1))\n",
        ),
        Example(
            "import threading\nmutex = threading.Lock()\nmutex.acquire()\ntry:\n    work()\nfinally:\n    mutex.release()\n",
            "import threading\nmutex = threading.Lock()\nwith mutex:\n    work()\n",
        ),
        Example(
            "import thread\n"
            "lock = thread.allocate_lock()\n"
            "lock.acquire()\n"
            "try:\n"
            "    work()\n"
            "except IOError:\n"
            "    pass\n"
            "finally:\n"
            "    lock.release()\n",
            "import _thread as thread\n"
            "lock = thread.allocate_lock()\n"
            "with lock:\n"
            "    try:\n"
            "        work()\n"
            "    except IOError:\n"
            "        pass\n",
        ),
        # Every comment stays; the release's end the block.  The blank line stays blank.
        Example(
            "import threading\nlock = threading.Lock()\n"
            "# count the visit\nlock.acquire()  # one writer at a time\n\ncount += 1\n# done\nlock.release()  # next\n",
            "import threading\nlock = threading.Lock()\n"
            "# count the visit\nwith lock:  # one writer at a time\n\n    count += 1\n    # done\n    # next\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "import threading\n"
        "lock = threading.Lock()\n"
        "for x in xs:\n"
        "    lock.acquire()\n"
        "    if x:\n"
        "        break\n"
        "    lock.release()\n",
        "import threading\nlock = threading.Lock()\nif lock.acquire(False):\n    lock.release()\n",
        "import threading\nsem = make_semaphore()\nsem.acquire()\nwork()\nsem.release()\n",
        "import imp\nimp.acquire_lock()\nload()\nimp.release_lock()\n",
        # A go signal: main holds the gate across a def and the start of the thread that waits on it.
        "import thread, time\n"
        "gate = thread.allocate_lock()\n"
        "gate.acquire()\n"
        "def worker():\n    gate.acquire()\n    gate.release()\n    print('go')\n"
        "thread.start_new_thread(worker, ())\n"
        "time.sleep(0.1)\n"
        "gate.release()\n",
        # A thread started between, as TM201 writes it, on a name the model proves a Thread.
        "import threading\nlock = threading.Lock()\nt = threading.Thread(target=run)\n"
        "lock.acquire()\nt.start()\nready = True\nlock.release()\n",
        # The worker releases the lock main passed it: main's later pair waits for that.
        "import thread\n"
        "def work(n, done):\n    print(n)\n    done.release()\n"
        "lock = thread.allocate_lock()\nlock.acquire()\nthread.start_new_thread(work, (1, lock))\n"
        "lock.acquire()\nprint('worker done')\nlock.release()\n",
    )

    def visit_Module(self, node: cst.Module) -> None:
        self.locks = Locks(self, node)
        self.default_indent = node.default_indent
        self.indents: list[str] = []  # the indentation of each block around, outermost first
        self.signals = _SignalLocks(self, node)
        self.starters = _thread_starting_functions(self, node)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.indents.append(self.default_indent if node.indent is None else node.indent)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        body = self._rewrite(original_node.body, updated_node.body)
        self.indents.pop()
        return updated_node if body is None else updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = self._rewrite(original_node.body, updated_node.body)
        if body is not None:
            updated_node = updated_node.with_changes(body=body)
        return super().leave_Module(original_node, updated_node)

    # -- the rewrite ---------------------------------------------------------------

    def _is_lock(self, receiver: cst.BaseExpression) -> bool:
        return self.locks.proves(receiver)

    def _unknown(self, index, originals, receiver, text) -> None:
        """A diagnostic for a pair on a receiver not proven a lock, unless it is a module (the
        import lock: `imp.acquire_lock()` ... `imp.release_lock()`), which is no lock at all."""
        if not self.is_module_name(receiver):
            self.diagnose(originals[index], f"{text} is not known to be a lock: not rewritten as `with {text}:`")

    def _rewrite(self, originals: Sequence[cst.BaseStatement], statements: Sequence[cst.BaseStatement]) -> list | None:
        result: list[cst.BaseStatement] = []
        changed = False
        index = 0
        while index < len(statements):
            statement = statements[index]
            receiver = _call_statement(statement, _ACQUIRE, blocking_only=True)
            if receiver is not None:
                rewritten = self._pair(originals, statements, index, receiver)
                if rewritten is not None:
                    with_statement, consumed = rewritten
                    result.append(with_statement)
                    index += consumed
                    changed = True
                    continue
            result.append(statement)
            index += 1
        return result if changed else None

    def _pair(self, originals, statements, index: int, receiver: cst.BaseExpression):
        text = code_of(receiver)
        if self.signals.is_signal(receiver):
            return None  # a signal between threads, not a critical section
        acquire = statements[index]
        following = statements[index + 1] if index + 1 < len(statements) else None
        # acquire(); try: ... finally: release()
        if (
            isinstance(following, cst.Try)
            and following.finalbody is not None
            and isinstance(following.body, cst.IndentedBlock)
            and isinstance(following.finalbody.body, cst.IndentedBlock)
        ):
            final = following.finalbody.body.body
            if len(final) == 1 and _call_statement(final[0], _RELEASE) is not None:
                if code_of(_call_statement(final[0], _RELEASE)) == text:
                    if not self._a_critical_section([originals[index + 1]]):
                        return None
                    if not self._is_lock(receiver):
                        self._unknown(index, originals, receiver, text)
                        return None
                    self.applied()
                    return self._with_try(acquire, receiver, following), 2
        # acquire(); ...; release() in the same block
        for end in range(index + 1, len(statements)):
            candidate = _call_statement(statements[end], _RELEASE)
            if candidate is not None and code_of(candidate) == text:
                between = statements[index + 1 : end]
                if not between or not all(_straight(s, text) for s in between):
                    return None  # nothing between: a wait for whoever holds the lock
                if not self._a_critical_section(originals[index + 1 : end]):
                    return None
                if not self._is_lock(receiver):
                    self._unknown(index, originals, receiver, text)
                    return None
                self.applied()
                return self._with_run(acquire, receiver, list(between), statements[end]), end - index + 1
            if not _straight(statements[end], text):
                return None
        return None

    def _a_critical_section(self, between: Sequence[cst.BaseStatement]) -> bool:
        """No `def` or `class` and no thread start between acquire and release: a lock held
        across those is a go signal for the threads started (they wait on it), not a section."""
        finder = _DefinitionsAndStarts(self)
        for statement in between:
            walk(statement, finder)
        return not finder.found

    # -- the `with` statement, every comment and blank line kept -----------------------------

    def _with_run(self, acquire, receiver, body: list, release) -> cst.With:
        """acquire(); BODY; release(): the release's comments (the lines above it, its own) end the block."""
        outer = "".join(self.indents)
        body = [_lines_kept(statement, outer, self.default_indent) for statement in body]
        footer = _kept(release.leading_lines, outer) + _comment_line(release.trailing_whitespace)
        return self._with(acquire, receiver, body, footer)

    def _with_try(self, acquire, receiver, statement: cst.Try) -> cst.With:
        """acquire(); try: BODY [except/else] finally: release(): the finally's comments end the block."""
        outer = "".join(self.indents)
        final = statement.finalbody
        final_indent = outer + (self.default_indent if final.body.indent is None else final.body.indent)
        footer = (
            _kept(final.leading_lines, outer)
            + _comment_line(final.body.header)
            + _kept(final.body.body[0].leading_lines, final_indent)
            + _comment_line(final.body.body[0].trailing_whitespace)
            + _kept(final.body.footer, final_indent)
        )
        if statement.handlers or statement.orelse is not None:
            inner = _lines_kept(statement.with_changes(finalbody=None), outer, self.default_indent)
            return self._with(acquire, receiver, [inner], footer)
        # The try's body keeps its indentation (the block's own), so its lines stay as they are;
        # the lines above `try:`, then a comment on it, go first.
        block = statement.body
        before = _kept(statement.leading_lines, outer) + _comment_line(block.header)
        body = list(block.body)
        body[0] = body[0].with_changes(leading_lines=[*before, *body[0].leading_lines])
        return self._with(acquire, receiver, body, list(block.footer) + footer, indent=block.indent)

    def _with(self, acquire, receiver, body: list, footer: list, indent: str | None = None) -> cst.With:
        return cst.With(
            items=[cst.WithItem(item=receiver)],
            body=cst.IndentedBlock(body=body, header=acquire.trailing_whitespace, footer=footer, indent=indent),
            leading_lines=acquire.leading_lines,
        )


def _kept(lines: Sequence[cst.EmptyLine], indent: str) -> list[cst.EmptyLine]:
    """Lines that were written at `indent`, moved into a deeper block: a comment follows the
    code in, a blank or whitespace-only line keeps its bytes (libcst writes a line it marks
    `indent` at its block's indentation, which the move changes)."""
    return [
        line.with_changes(indent=False, whitespace=cst.SimpleWhitespace(indent + line.whitespace.value))
        if line.indent and line.comment is None
        else line
        for line in lines
    ]


def _comment_line(trailing: cst.TrailingWhitespace) -> list[cst.EmptyLine]:
    """The comment at the end of a line that goes, as a line of its own."""
    return [] if trailing.comment is None else [cst.EmptyLine(comment=trailing.comment)]


def _lines_kept(statement: cst.BaseStatement, indent: str, default_indent: str) -> cst.BaseStatement:
    return walk(statement, _BlankLinesKept(indent, default_indent))


class _BlankLinesKept(cst.CSTTransformer):
    """`_kept` for every line of a statement moved into a deeper block, nested blocks included."""

    def __init__(self, indent: str, default_indent: str) -> None:
        super().__init__()
        self.indents = [indent]
        self.default_indent = default_indent

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.indents.append(self.indents[-1] + (self.default_indent if node.indent is None else node.indent))

    def leave_IndentedBlock(self, original_node, updated_node):
        self.indents.pop()
        return updated_node

    def leave_EmptyLine(self, original_node: cst.EmptyLine, updated_node: cst.EmptyLine) -> cst.EmptyLine:
        return _kept([updated_node], self.indents[-1])[0]


class _DefinitionsAndStarts(FlowVisitor):
    """Whether statements define a function or class or start a thread (not counting what the
    functions they define would do)."""

    def __init__(self, codemod: LockWith) -> None:
        super().__init__()
        self.codemod = codemod
        self.found = False

    def visit_FunctionDef(self, node) -> bool:
        self.found = True
        return False

    def visit_ClassDef(self, node) -> bool:
        self.found = True
        return False

    def visit_Call(self, node: cst.Call) -> None:
        if _starts_thread(self.codemod, node) or _callee_name(node.func) in self.codemod.starters:
            self.found = True


def _starts_thread(codemod, call: cst.Call) -> bool:
    """`thread.start_new_thread(...)` (`start_new`, `_thread`'s), or `x.start()` on what the
    module model proves a Thread (`threading.Thread(...).start()`, TM201's `t.start()`)."""
    if codemod.thread_api(call.func) in ("start_new_thread", "start_new"):
        return True
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value != "start" or call.args:
        return False
    return codemod.kind_of(func.value) == "thread"


def _callee_name(func: cst.BaseExpression) -> str | None:
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None


def _thread_starting_functions(codemod, module: cst.Module) -> set[str]:
    """The names of the module's functions that start a thread, or call one that does (by name:
    `spawn()` or `pool.spawn()` for any `def spawn` that starts one)."""
    finder = _StartingFunctions(codemod)
    walk(module, finder)
    starters = set(finder.starting)
    while True:
        more = {name for name, callees in finder.callees.items() if callees & starters} - starters
        if not more:
            return starters
        starters |= more


class _StartingFunctions(cst.CSTVisitor):
    def __init__(self, codemod) -> None:
        self.codemod = codemod
        self.stack: list[str] = []
        self.starting: set[str] = set()
        self.callees: dict[str, set[str]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append(node.name.value)
        self.callees.setdefault(node.name.value, set())

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if not self.stack:
            return
        if _starts_thread(self.codemod, node):
            self.starting.add(self.stack[-1])
        callee = _callee_name(node.func)
        if callee is not None:
            self.callees[self.stack[-1]].add(callee)


@dataclass(eq=False)
class _Function:
    """What one function does with locks, and which functions it calls (by name)."""

    node: cst.FunctionDef
    method: bool
    acquired: set[str] = field(default_factory=set)
    released: set[str] = field(default_factory=set)
    waits: set[str] = field(default_factory=set)  # `X.acquire()` right before `X.release()`
    callees: set[str] = field(default_factory=set)


class _SignalLocks(cst.CSTVisitor):
    """The locks used as signals between threads, which no `with` may pair, by their spelling
    (the receiver's text): a lock some function releases without acquiring it (a worker's
    `done.release()`, for main's `done.acquire()`); a lock that a function a thread runs
    acquires without releasing it, or acquires and at once releases (a wait for whoever
    holds it: a worker's `gate.acquire(); gate.release()` at main's go signal); and, through
    the arguments of thread starts and calls, the same lock under a parameter's name, an
    element of a list of them and the loop variable over it.  A function a thread runs: the
    target of a thread start, the `run` of a Thread subclass, and what they call, by name."""

    def __init__(self, codemod, module: cst.Module) -> None:
        self.codemod = codemod
        self.stack: list[_Function | None] = []  # the function each scope is (None: a class body)
        self.functions: list[_Function] = []
        self.by_name: dict[str, list[_Function]] = {}
        self.targets: set[str] = set()  # names of the functions threads are started on
        self.bases: dict[str, str] = {}  # `locks[i]` -> `locks`, for every subscript met
        # (name, container): `for name in container`, `name = container[i]`, `container.append(name)`
        self.elements: list[tuple[str, cst.BaseExpression]] = []
        self.sites: list[tuple[str, list[cst.BaseExpression], bool]] = []  # (function name, arguments, bound)
        self.thread_classes: list[cst.ClassDef] = []
        walk(module, self)
        self.texts = self._signals()
        self._follow_arguments()

    def is_signal(self, receiver: cst.BaseExpression) -> bool:
        if code_of(receiver) in self.texts:
            return True
        return isinstance(receiver, cst.Subscript) and code_of(receiver.value) in self.containers

    # -- what the walk records ---------------------------------------------------------

    def _text(self, node: cst.BaseExpression) -> str:
        text = code_of(node)
        if isinstance(node, cst.Subscript):
            self.bases[text] = code_of(node.value)
        return text

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.append(None)
        if self.codemod.model is not None and self.codemod.model.class_kind(node) == "thread":
            self.thread_classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        function = _Function(node, method=bool(self.stack) and self.stack[-1] is None)
        self.functions.append(function)
        self.by_name.setdefault(node.name.value, []).append(function)
        self.stack.append(function)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        function = self.stack[-1] if self.stack else None
        if function is None:
            return
        for statement, following in zip(node.body, node.body[1:]):
            acquired = _call_statement(statement, _ACQUIRE, blocking_only=True)
            released = _call_statement(following, _RELEASE)
            if acquired is not None and released is not None and code_of(acquired) == code_of(released):
                function.waits.add(self._text(acquired))

    def visit_For(self, node: cst.For) -> None:
        if isinstance(node.target, cst.Name):
            self.elements.append((node.target.value, node.iter))

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Subscript):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.elements.append((target.target.value, node.value.value))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        function = self.stack[-1] if self.stack else None
        if function is not None:
            callee = _callee_name(func)
            if callee is not None:
                function.callees.add(callee)
            if isinstance(func, cst.Attribute) and func.attr.value in _ACQUIRE:
                function.acquired.add(self._text(func.value))
            elif isinstance(func, cst.Attribute) and func.attr.value in _RELEASE:
                function.released.add(self._text(func.value))
        if isinstance(func, cst.Attribute) and func.attr.value == "append" and len(node.args) == 1:
            if isinstance(node.args[0].value, cst.Name):
                self.elements.append((node.args[0].value.value, func.value))
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        if self.codemod.thread_api(func) in ("start_new_thread", "start_new") and len(node.args) >= 2:
            packed = node.args[1].value
            arguments = [e.value for e in packed.elements] if isinstance(packed, (cst.Tuple, cst.List)) else []
            self._site(node.args[0].value, arguments, started=True)
        elif self.codemod.is_qualified(func, "threading.Thread"):
            keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
            packed = keywords.get("args")
            if "target" in keywords:
                arguments = [e.value for e in packed.elements] if isinstance(packed, (cst.Tuple, cst.List)) else []
                self._site(keywords["target"], arguments, started=True)
        elif positional:
            self._site(func, positional)

    def _site(self, target: cst.BaseExpression, arguments: list[cst.BaseExpression], started: bool = False) -> None:
        name = _callee_name(target)
        if name is not None:
            self.sites.append((name, arguments, isinstance(target, cst.Attribute)))
            if started:
                self.targets.add(name)

    # -- which locks are signals -----------------------------------------------------------

    def _signals(self) -> set[str]:
        texts: set[str] = set()
        for function in self.functions:
            texts |= function.released - function.acquired
        threads = [f for name in self.targets for f in self.by_name.get(name, ())]
        for cls in self.thread_classes:
            body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
            threads += [f for f in self.by_name.get("run", ()) if f.node in body]
        seen: set[int] = set()
        while threads:
            function = threads.pop()
            if id(function) in seen:
                continue
            seen.add(id(function))
            texts |= function.waits | (function.acquired - function.released)
            threads += [f for name in function.callees for f in self.by_name.get(name, ())]
        return texts

    def _follow_arguments(self) -> None:
        self.containers: set[str] = set()
        if not self.texts:
            return  # every other name of a signal comes from one of these
        elements = [(name, code_of(container)) for name, container in self.elements]
        pairs = []  # (parameter, argument's text) of every call of a module function
        for name, arguments, bound in self.sites:
            for function in self.by_name.get(name, ()):
                parameters = [p.name.value for p in function.node.params.params][1 if function.method and bound else 0 :]
                pairs += [(parameter, self._text(argument)) for parameter, argument in zip(parameters, arguments)]
        while True:
            count = len(self.texts)
            self.containers = {self.bases[t] for t in self.texts if t in self.bases}
            self.containers |= {container for name, container in elements if name in self.texts}
            self.texts |= {name for name, container in elements if container in self.containers}
            for parameter, text in pairs:
                if parameter in self.texts or text in self.texts or self.bases.get(text) in self.containers:
                    self.texts |= {parameter, text}
            if len(self.texts) == count:
                return


def _call_statement(statement, methods: tuple[str, ...], blocking_only: bool = False) -> cst.BaseExpression | None:
    """The receiver X when the statement is exactly `X.method()` for one of methods."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    expression = statement.body[0]
    if not isinstance(expression, cst.Expr) or not isinstance(expression.value, cst.Call):
        return None
    call = expression.value
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in methods:
        return None
    if blocking_only and call.args:
        if len(call.args) != 1 or call.args[0].keyword is not None:
            return None
        value = call.args[0].value
        if not (isinstance(value, cst.Name) and value.value == "True") and not (
            isinstance(value, cst.Integer) and value.value == "1"
        ):
            return None
    elif call.args:
        return None
    return call.func.value


def _straight(statement: cst.CSTNode, lock_text: str) -> bool:
    """No control flow that could skip a release, and no other use of the same lock's acquire/release."""
    checker = _FlowChecker(lock_text)
    walk(statement, checker)
    return checker.ok


class _FlowChecker(FlowVisitor):
    def __init__(self, lock_text: str) -> None:
        super().__init__()
        self.lock_text = lock_text
        self.ok = True

    def visit_Return(self, node) -> None:
        self.ok = False

    def visit_Yield(self, node) -> None:
        self.ok = False

    def visit_Await(self, node) -> None:
        self.ok = False

    def visit_Break(self, node) -> None:
        if not self.loops:
            self.ok = False

    def visit_Continue(self, node) -> None:
        if not self.loops:
            self.ok = False

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _ACQUIRE + _RELEASE:
            if code_of(func.value) == self.lock_text:
                self.ok = False

    def visit_With(self, node: cst.With) -> None:
        # An inner `with lock:` (a re-entrant lock) would become an outer pair next pass.
        if any(code_of(item.item) == self.lock_text for item in node.items):
            self.ok = False
