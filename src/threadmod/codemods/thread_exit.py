"""TM205 thread-exit: `thread.exit()` and `thread.exit_thread()` end the thread the Python 3 way."""

from __future__ import annotations

import libcst as cst

from threadmod.codemods.base import ThreadCodemod
from threadmod.codemods.nodes import child_blocks
from threadmod.codemods.traversal import walk
from threadmod.transform import Example

_EXITS = ("exit", "exit_thread")


class ThreadExit(ThreadCodemod):
    CODE = "TM205"
    NAME = "thread-exit"
    DESCRIPTION = "thread.exit() and thread.exit_thread() become a return where that is the same, else sys.exit()."
    WHAT = """
        In a function that only ever runs as a thread's target, a `thread.exit()` that
        is the function's last statement is removed (the thread ends there anyway),
        and one elsewhere at the top level of the function's body becomes `return`.
        Every other `thread.exit()` or `thread.exit_thread()`, for example in a helper
        called from the thread, becomes `sys.exit()`.
    """
    WHY = """
        Both raise SystemExit, which a thread's bootstrap swallows silently in Python 2
        and 3 alike, so `sys.exit()` ends the calling thread exactly as before; in the
        main thread it ends the program, as before.  A plain return says the same more
        simply where nothing between could catch SystemExit.
    """
    LEAVES_ALONE = """
        An exit inside a `try` of the target function (a handler might catch SystemExit)
        becomes `sys.exit()` rather than `return`; a function that is also called
        directly keeps `sys.exit()` everywhere.  Only a call through a name the module
        model proves to be the thread module where it is used is an exit (a local
        variable `thread` with an `exit()` method is not).
        Dual-version code (a branch on `sys.version_info`, `sys.version`, `six.PY2`/`PY3` or a
        flag set from them, a conditional expression on the version, a `try: import thread` /
        `except ImportError: import _thread as thread` fallback) is left exactly as it is, and
        so are uses of the names it binds.
    """
    EXAMPLES = (
        Example(
            "import thread\ndef work(n):\n    print(n)\n    thread.exit_thread()\nthread.start_new_thread(work, (1,))\n",
            "import _thread as thread\ndef work(n):\n    print(n)\nthread.start_new_thread(work, (1,))\n",
        ),
        Example(
            "import thread\n"
            "def work(n):\n"
            "    if n < 0:\n"
            "        thread.exit()\n"
            "    print(n)\n"
            "thread.start_new_thread(work, (1,))\n",
            "import _thread as thread\n"
            "def work(n):\n"
            "    if n < 0:\n"
            "        return\n"
            "    print(n)\n"
            "thread.start_new_thread(work, (1,))\n",
        ),
        Example(
            "import thread\ndef check(n):\n    if n < 0:\n        thread.exit()\n",
            "import sys\ndef check(n):\n    if n < 0:\n        sys.exit()\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("import sys\nsys.exit(0)\n",)

    def visit_Module(self, node: cst.Module) -> None:
        finder = _TargetFinder(self)
        walk(node, finder)
        self.removals: set[int] = set()
        self.returns: set[int] = set()
        self.planned_calls: set[int] = set()
        targets = finder.targets - finder.called
        for function in finder.functions:
            if function.name.value in targets:
                self._plan(function)

    def _is_exit_statement(self, statement: cst.CSTNode) -> bool:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return False
        expression = statement.body[0]
        return (
            isinstance(expression, cst.Expr)
            and isinstance(expression.value, cst.Call)
            and self.thread_api(expression.value.func) in _EXITS
            and not expression.value.args
        )

    def _plan(self, function: cst.FunctionDef) -> None:
        if not isinstance(function.body, cst.IndentedBlock):
            return
        statements = function.body.body
        if statements and self._is_exit_statement(statements[-1]) and len(statements) > 1:
            self.removals.add(id(statements[-1]))
            self.planned_calls.add(id(statements[-1].body[0].value))
        _ReturnPlanner(self).plan(statements)

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine):
        if id(original_node) in self.removals:
            self.applied()
            return cst.RemoveFromParent()
        if id(original_node) in self.returns:
            self.applied()
            return updated_node.with_changes(body=[cst.Return(value=None)])
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if id(original_node) in self.planned_calls:
            return updated_node  # its statement is removed or becomes `return`
        if self.thread_api(original_node.func) in _EXITS and not original_node.args:
            self.require("sys")
            self.applied()
            return updated_node.with_changes(func=cst.Attribute(value=cst.Name("sys"), attr=cst.Name("exit")))
        return updated_node


class _ReturnPlanner:
    """Exits at the top level of a target's body, outside any try, can be `return`."""

    def __init__(self, codemod: ThreadExit) -> None:
        self.codemod = codemod

    def plan(self, statements) -> None:
        for statement in statements:
            if self.codemod._is_exit_statement(statement):
                if id(statement) not in self.codemod.removals:
                    self.codemod.returns.add(id(statement))
                    self.codemod.planned_calls.add(id(statement.body[0].value))
            elif isinstance(statement, (cst.If, cst.For, cst.While, cst.With)):
                for block in child_blocks(statement):
                    self.plan(block)


class _TargetFinder(cst.CSTVisitor):
    """Functions used as thread targets, functions called directly, and every def."""

    def __init__(self, codemod: ThreadCodemod) -> None:
        self.codemod = codemod
        self.targets: set[str] = set()
        self.called: set[str] = set()
        self.functions: list[cst.FunctionDef] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def visit_Call(self, node: cst.Call) -> None:
        api = self.codemod.thread_api(node.func)
        if api in ("start_new_thread", "start_new") and node.args and isinstance(node.args[0].value, cst.Name):
            self.targets.add(node.args[0].value.value)
            return
        if self.codemod.is_qualified(node.func, "threading.Thread"):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value == "target" and isinstance(arg.value, cst.Name):
                    self.targets.add(arg.value.value)
            return
        if isinstance(node.func, cst.Name):
            self.called.add(node.func.value)
