"""TM208 queue-module: the `Queue` module becomes `queue`."""

from __future__ import annotations

import libcst as cst

from threadmod.codemods.base import ThreadCodemod
from threadmod.codemods.nodes import code_of
from threadmod.codemods.traversal import walk
from threadmod.transform import Example


class QueueModule(ThreadCodemod):
    CODE = "TM208"
    NAME = "queue-module"
    DESCRIPTION = "import Queue becomes import queue; Queue.Queue, Queue.Empty... follow."
    WHAT = """
        `import Queue` becomes `import queue` and `Queue.Queue()`, `Queue.Empty`... become
        `queue.Queue()`, `queue.Empty`; `from Queue import Queue` becomes
        `from queue import Queue`.  When the module already uses the name `queue`
        (often `queue = Queue.Queue()`), the import becomes `import queue as Queue`
        so that no name changes meaning.
    """
    WHY = "Python 3 renamed the module; its classes and exceptions are the same."
    LEAVES_ALONE = """
        `import queue`, and a class or variable of the module's own named Queue.  The
        dual-version fallbacks `try: import Queue as queue` / `except ImportError: import
        queue` (either order) and `if PY2: import Queue` branches are left as they are.
    """
    EXAMPLES = (
        Example(
            "import Queue\nq = Queue.Queue()\ntry:\n    q.get_nowait()\nexcept Queue.Empty:\n    pass\n",
            "import queue\nq = queue.Queue()\ntry:\n    q.get_nowait()\nexcept queue.Empty:\n    pass\n",
        ),
        Example("from Queue import Queue, Empty\n", "from queue import Queue, Empty\n"),
        Example("import Queue\nqueue = Queue.Queue()\n", "import queue as Queue\nqueue = Queue.Queue()\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("import queue\nq = queue.Queue()\n",)

    def visit_Module(self, node: cst.Module) -> None:
        names = _Names()
        walk(node, names)
        # Rename references only when `queue` is free and Queue is imported without `as`.
        self.rename = "queue" not in names.names and self.imports.modules.get("Queue") == "Queue"

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        aliases = []
        for alias in updated_node.names:
            if code_of(alias.name) == "Queue":
                self.applied()
                if alias.asname is None and not self.rename:
                    alias = alias.with_changes(
                        name=cst.Name("queue"), asname=cst.AsName(name=cst.Name("Queue"))
                    )
                else:
                    alias = alias.with_changes(name=cst.Name("queue"))
            aliases.append(alias)
        return updated_node.with_changes(names=aliases)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if updated_node.module is not None and code_of(updated_node.module) == "Queue" and not updated_node.relative:
            self.applied()
            return updated_node.with_changes(module=cst.Name("queue"))
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if self.rename and isinstance(updated_node.value, cst.Name) and updated_node.value.value == "Queue":
            return updated_node.with_changes(value=cst.Name("queue"))
        return updated_node


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)
