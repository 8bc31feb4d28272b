"""TM206 thread-module-api: the rest of the `thread` module moves to `threading` (or `_thread`)."""

from __future__ import annotations

import libcst as cst

from threadmod.codemods.base import ThreadCodemod
from threadmod.transform import Example

# thread.X -> (module, attribute); module "" means a builtin name.
_MOVES = {
    "get_ident": ("threading", "get_ident"),
    "stack_size": ("threading", "stack_size"),
    "_local": ("threading", "local"),
    "TIMEOUT_MAX": ("threading", "TIMEOUT_MAX"),
    "allocate_lock": ("threading", "Lock"),
    "allocate": ("threading", "Lock"),
    "error": ("", "RuntimeError"),
    "exit": ("sys", "exit"),
    "exit_thread": ("sys", "exit"),
}


class ThreadModuleApi(ThreadCodemod):
    CODE = "TM206"
    NAME = "thread-module-api"
    DESCRIPTION = "The rest of the thread module moves to threading, builtins or _thread."
    WHAT = """
        `thread.get_ident()` becomes `threading.get_ident()`, `thread.stack_size` becomes
        `threading.stack_size`, `thread._local` becomes `threading.local`, and
        `thread.error` becomes `RuntimeError` (what `_thread.error` is in Python 3).
        What only `_thread` has (`LockType`, `interrupt_main`, a `start_new_thread` that
        could not be rewritten) is spelled `_thread.X`, and the import follows: no
        `thread` import is left, and `_thread` is imported only where it is still used.
    """
    WHY = "Python 3 renamed `thread` to `_thread` and meant `threading` to be used instead."
    LEAVES_ALONE = """
        `threading` itself, names that merely contain 'thread', and every name the module
        model (codemods/model.py) does not prove to be the thread module or a name imported
        from it where it is used: a variable called `thread` in a function (`thread =
        MyThread(); thread.start()`) is that function's own, and where one scope both
        imports `thread` and binds it otherwise, its uses there are left as they are, with
        a diagnostic at the first.  Dual-version code (`if PY2:` branches, `try: import
        thread` / `except ImportError: import _thread as thread`) and the names it binds
        are left as they are.
    """
    EXAMPLES = (
        Example(
            "import thread\nme = thread.get_ident()\ntry:\n    pass\nexcept thread.error:\n    pass\n",
            "import threading\nme = threading.get_ident()\ntry:\n    pass\nexcept RuntimeError:\n    pass\n",
        ),
        Example(
            "import thread\nok = isinstance(l, thread.LockType)\nthread.interrupt_main()\n",
            "import _thread\nok = isinstance(l, _thread.LockType)\n_thread.interrupt_main()\n",
        ),
        Example(
            "from thread import get_ident\nme = get_ident()\n",
            "import threading\nme = threading.get_ident()\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("import threading\nme = threading.get_ident()\n",)

    def visit_Module(self, node: cst.Module) -> None:
        self.not_variables: set[int] = set()  # attribute and keyword names

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_variables.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_variables.add(id(node.keyword))

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def _replacement(self, api: str) -> cst.BaseExpression:
        module, attribute = _MOVES.get(api, ("_thread", api))
        self.applied()
        if not module:
            return cst.Name(attribute)
        self.require(module)
        return cst.Attribute(value=cst.Name(module), attr=cst.Name(attribute))

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if isinstance(original_node.value, cst.Name):
            module = self.imports.resolve(original_node.value)
            api = original_node.attr.value
            if module == "thread" or (module == "_thread" and api in _MOVES):
                return self._replacement(api)
            if module is None:
                self.report_shadowed(original_node.value, "thread")
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if id(original_node) in self.not_variables:
            return updated_node
        dotted = self.imports.resolve(original_node)
        if dotted and "." in dotted and dotted.split(".")[0] in ("thread", "_thread"):
            module, api = dotted.split(".", 1)
            if module == "_thread" and api not in _MOVES:
                return updated_node  # Python 3's own name: nothing better to say
            return self._replacement(api)
        return updated_node
