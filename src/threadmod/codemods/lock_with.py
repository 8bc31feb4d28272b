"""TM204 lock-with: an acquire ... release pair becomes `with lock:`."""

from __future__ import annotations

from collections.abc import Sequence

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
        `await` between, becomes `with lock:` around the statements between.
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
        dual-version code (`if PY2:` branches, import fallbacks) are left as they are.  A
        lock that some function releases without acquiring it (main's `done.acquire()`,
        a worker's `done.release()`: a signal between threads) is paired nowhere; the test
        is by the lock's spelling, so a local `lock` of another function is left too.
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
    )

    def visit_Module(self, node: cst.Module) -> None:
        self.locks = Locks(self, node)
        self.signals = _signal_locks(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        body = self._rewrite(original_node.body, updated_node.body)
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
        if text in self.signals:
            return None  # another function releases it without acquiring it: a signal between threads
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
                    if not self._is_lock(receiver):
                        self._unknown(index, originals, receiver, text)
                        return None
                    if following.handlers or following.orelse is not None:
                        inner = [following.with_changes(finalbody=None, leading_lines=())]
                    else:
                        inner = list(following.body.body)
                    self.applied()
                    return self._with(acquire, receiver, inner, following.finalbody.body), 2
        # acquire(); ...; release() in the same block
        for end in range(index + 1, len(statements)):
            candidate = _call_statement(statements[end], _RELEASE)
            if candidate is not None and code_of(candidate) == text:
                between = statements[index + 1 : end]
                if not all(_straight(s, text) for s in between):
                    return None
                if not self._is_lock(receiver):
                    self._unknown(index, originals, receiver, text)
                    return None
                self.applied()
                release = statements[end]
                return self._with(acquire, receiver, list(between), release), end - index + 1
            if not _straight(statements[end], text):
                return None
        return None

    def _with(self, acquire, receiver, body: list, release) -> cst.With:
        if not body:
            body = [cst.SimpleStatementLine(body=[cst.Pass()])]
        footer = tuple(getattr(release, "leading_lines", ()))
        return cst.With(
            items=[cst.WithItem(item=receiver)],
            body=cst.IndentedBlock(body=body, header=acquire.trailing_whitespace, footer=footer),
            leading_lines=acquire.leading_lines,
        )


def _signal_locks(module: cst.Module) -> set[str]:
    """The locks some function releases without acquiring them (`done.release()` in a worker,
    for main's `done.acquire()`): signals between threads, which no `with` may pair."""
    finder = _ReleasesWithoutAcquire()
    walk(module, finder)
    return finder.signals


class _ReleasesWithoutAcquire(cst.CSTVisitor):
    def __init__(self) -> None:
        self.stack: list[tuple[set[str], set[str]]] = []  # per function: (acquired, released)
        self.signals: set[str] = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.append((set(), set()))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        acquired, released = self.stack.pop()
        self.signals |= released - acquired

    def visit_Call(self, node: cst.Call) -> None:
        if self.stack and isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method in _ACQUIRE:
                self.stack[-1][0].add(code_of(node.func.value))
            elif method in _RELEASE:
                self.stack[-1][1].add(code_of(node.func.value))


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
