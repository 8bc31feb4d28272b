"""TM203 thread-locks: `thread.allocate_lock()` becomes `threading.Lock()`; lock methods lose `_lock`."""

from __future__ import annotations

import libcst as cst

from threadmod.codemods.base import ThreadCodemod
from threadmod.codemods.model import Locks
from threadmod.codemods.nodes import code_of
from threadmod.transform import Example

_METHODS = {"acquire_lock": "acquire", "release_lock": "release", "locked_lock": "locked"}
_ALLOCATORS = ("allocate_lock", "allocate")


class ThreadLocks(ThreadCodemod):
    CODE = "TM203"
    NAME = "thread-locks"
    DESCRIPTION = "thread.allocate_lock() becomes threading.Lock(); acquire_lock/release_lock/locked_lock lose _lock."
    WHAT = """
        `thread.allocate_lock()` and its alias `thread.allocate()` (also through
        `_thread` or `from thread import ...`) become `threading.Lock()`.  The lock
        methods `acquire_lock`, `release_lock` and `locked_lock` become `acquire`,
        `release` and `locked`.
    """
    WHY = """
        `threading.Lock()` makes the same lock object as `allocate_lock()`, and the
        `_lock` method names were only Python 2 aliases: Python 3 removed them.
    """
    LEAVES_ALONE = """
        `threading.Lock()`, `RLock()` and locks already using `acquire()`/`release()`;
        and an `acquire_lock()`, `release_lock()` or `locked_lock()` on a receiver not
        proven a lock (a name or attribute the module assigns a lock factory's result, a
        list of them, or a thread function's parameter a start passes one in): the import
        lock's `imp.acquire_lock()` and `imp.release_lock()` are the `imp` module's and
        stay, silently; any other unproven receiver stays with a diagnostic (Python 3's
        locks still have these names, so a real lock left so still works).  Allocations
        through a name that is not the thread module where it is used (a local variable
        `thread`), and dual-version code, are left as they are.
    """
    EXAMPLES = (
        Example(
            "import thread\nlock = thread.allocate_lock()\nif lock.acquire_lock(0):\n    lock.release_lock()\n",
            "import threading\nlock = threading.Lock()\nif lock.acquire(0):\n    lock.release()\n",
        ),
        Example(
            "from thread import allocate_lock\nl = allocate_lock()\nbusy = l.locked_lock()\n",
            "import threading\nl = threading.Lock()\nbusy = l.locked()\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "import threading\nlock = threading.Lock()\nlock.acquire()\n",
        "import imp\nimp.acquire_lock()\ntry:\n    pass\nfinally:\n    imp.release_lock()\n",
    )

    def visit_Module(self, node: cst.Module) -> None:
        self.locks = Locks(self, node)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = updated_node.func
        if isinstance(func, cst.Attribute) and func.attr.value in _METHODS:
            receiver = original_node.func.value
            if not self.locks.proves(receiver):
                if not self.is_module_name(receiver):
                    text = code_of(receiver)
                    self.diagnose(
                        original_node,
                        f"{text}.{func.attr.value}() left as it is: {text} is not known to be a lock "
                        f"(if it is one, write {text}.{_METHODS[func.attr.value]}())",
                    )
                return updated_node
            self.applied()
            return updated_node.with_changes(func=func.with_changes(attr=cst.Name(_METHODS[func.attr.value])))
        api = self.thread_api(original_node.func)
        if api in _ALLOCATORS and not updated_node.args:
            self.applied()
            self.require("threading")
            return updated_node.with_changes(
                func=cst.Attribute(value=cst.Name("threading"), attr=cst.Name("Lock"))
            )
        return updated_node
