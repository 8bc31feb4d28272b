"""TM207 threading-camelcase: threading's camelCase API becomes the snake_case and property forms."""

from __future__ import annotations

import re

import libcst as cst

from threadmod.codemods.base import SOURCE_TEXT_KEY, ThreadCodemod
from threadmod.codemods.nodes import code_of
from threadmod.transform import Example

_METHODS = {"isAlive": "is_alive", "isSet": "is_set", "notifyAll": "notify_all"}
# What the receiver of each method must be proven to be (model.py).
_RECEIVERS = {
    "isAlive": ("thread",), "getName": ("thread",), "setName": ("thread",), "isDaemon": ("thread",),
    "setDaemon": ("thread",), "isSet": ("event",), "notifyAll": ("condition",),
}
_KIND_NAMES = {"thread": "a Thread", "event": "an Event", "condition": "a Condition"}
_GETTERS = {"getName": "name", "isDaemon": "daemon"}  # x.getName() -> x.name
_SETTERS = {"setName": "name", "setDaemon": "daemon"}  # x.setName(v) -> x.name = v
_FUNCTIONS = {
    "currentThread": "current_thread",
    "activeCount": "active_count",
    "_Timer": "Timer",
    "_Event": "Event",
    "_Condition": "Condition",
    "_Semaphore": "Semaphore",
    "_BoundedSemaphore": "BoundedSemaphore",
    "_RLock": "RLock",
}


class ThreadingCamelCase(ThreadCodemod):
    CODE = "TM207"
    NAME = "threading-camelcase"
    DESCRIPTION = "threading's camelCase API (isAlive, getName, setDaemon, currentThread...) becomes snake_case and properties."
    WHAT = """
        `t.isAlive()` becomes `t.is_alive()`, `e.isSet()` `e.is_set()`, `c.notifyAll()`
        `c.notify_all()`; `t.getName()` and `t.isDaemon()` become `t.name` and
        `t.daemon`; the statements `t.setName(n)` and `t.setDaemon(d)` become
        `t.name = n` and `t.daemon = d`; `threading.currentThread()` and
        `threading.activeCount()` become `current_thread()` and `active_count()`; the
        private classes `threading._Timer`, `_Event`... become `Timer`, `Event`...
    """
    WHY = """
        `isAlive` was removed in Python 3.9 (AttributeError); the other camelCase names
        are deprecated since 3.10 and warn, which is an error under `python -W error`.
    """
    LEAVES_ALONE = """
        A method call whose receiver the module model (codemods/model.py) does not prove
        to be a Thread (`isAlive`, `getName`, `setName`, `isDaemon`, `setDaemon`), an
        Event (`isSet`) or a Condition (`notifyAll`): a parsing library's
        `ident.setName("identifier")` is not a thread's.  Proven are what
        `threading.Thread(...)`, `Timer(...)`, `current_thread()`, `Event()`,
        `Condition()` and the module's own subclasses make, `self` in those subclasses'
        methods, and what flows from them through names, attributes assigned them,
        lists, loops over lists or `threading.enumerate()`, and the parameters of
        functions every call of which passes one.  An unproven receiver's call is left
        as it is, with a diagnostic saying what to check.  Also left: a module that
        defines a function or method of the same name (its own class with an `isSet` or
        `getName`), `setName`/`setDaemon` whose result is used in an expression (a
        diagnostic), and dual-version code (`if PY2:` branches).
    """
    EXAMPLES = (
        Example(
            "import threading\nworker = threading.Thread(target=work)\nif worker.isAlive():\n    pass\n",
            "import threading\nworker = threading.Thread(target=work)\nif worker.is_alive():\n    pass\n",
        ),
        Example(
            "import threading\nprint(threading.currentThread().getName())\n",
            "import threading\nprint(threading.current_thread().name)\n",
        ),
        Example(
            "import threading\nclass Worker(threading.Thread):\n    def __init__(self):\n"
            "        threading.Thread.__init__(self)\n        self.setDaemon(True)\nn = threading.activeCount()\n",
            "import threading\nclass Worker(threading.Thread):\n    def __init__(self):\n"
            "        threading.Thread.__init__(self)\n        self.daemon = True\nn = threading.active_count()\n",
        ),
        Example(
            "import threading\ndone = threading.Event()\ncond = threading.Condition()\n"
            "while not done.isSet():\n    cond.notifyAll()\n",
            "import threading\ndone = threading.Event()\ncond = threading.Condition()\n"
            "while not done.is_set():\n    cond.notify_all()\n",
        ),
        # A receiver that is not proven a Thread: left, with a diagnostic.
        Example(
            "import threading\nt = threading.Thread(target=work)\nt.setName('w')\nident = Word(alphas)\n"
            "ident.setName('identifier')\n",
            "import threading\nt = threading.Thread(target=work)\nt.name = 'w'\nident = Word(alphas)\n"
            "ident.setName('identifier')\n",
            diagnostics=("5:1 TM207",),
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "class Flag:\n    def isSet(self):\n        return True\nok = Flag().isSet()\n",
        "import threading\nimport pyparsing\nident = pyparsing.Word('a')\nident.setName('identifier')\n",
    )

    def transform_module(self, tree: cst.Module) -> cst.Module:
        # A regex over the source instead of a second walk over the tree; the pipeline
        # gives the whole file's text, which no codemod changes the defs of.
        self.defined = set(_DEFINED.findall(self.context.scratch.get(SOURCE_TEXT_KEY) or tree.code))
        self.statement_calls: set[int] = set()
        self.reported: set[int] = set()
        return super().transform_module(tree)

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call):
            self.statement_calls.add(id(node.value))  # a setter here becomes an assignment

    def _proven(self, original_call: cst.Call) -> bool:
        """Whether the receiver of a camelCase method call is proven what the method needs;
        a diagnostic at an unproven one (not at a receiver proven to be something else)."""
        func = original_call.func
        name = func.attr.value
        wanted = _RECEIVERS[name]
        kind = self.kind_of(func.value)
        if kind in wanted:
            return True
        if kind is None and not self.is_module_name(func.value) and id(original_call) not in self.reported:
            self.reported.add(id(original_call))
            receiver = code_of(func.value)
            if len(receiver) > 30:
                receiver = receiver[:27] + "..."
            replacement = (
                f"{receiver}.{_METHODS[name]}()" if name in _METHODS
                else f"{receiver}.{_GETTERS[name]}" if name in _GETTERS else f"{receiver}.{_SETTERS[name]} = ..."
            )
            self.diagnose(
                original_call,
                f"{receiver}.{name}() left as it is: {receiver} is not known to be {_KIND_NAMES[wanted[0]]}; "
                f"if it is one, write {replacement}",
            )
        return False

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        func = updated_node.func
        if isinstance(func, cst.Attribute):
            name = func.attr.value
            if name in self.defined:
                return updated_node
            if name in _RECEIVERS and name not in _SETTERS and not self._proven(original_node):
                return updated_node
            if name in _METHODS:
                self.applied()
                return updated_node.with_changes(func=func.with_changes(attr=cst.Name(_METHODS[name])))
            if name in _GETTERS and not updated_node.args:
                self.applied()
                return cst.Attribute(value=func.value, attr=cst.Name(_GETTERS[name]))
            if name in _SETTERS and id(original_node) not in self.statement_calls and self._proven(original_node):
                self.diagnose(original_node, f"{name}() used as a value: write `.{_SETTERS[name]} = ...` as a statement")
        return updated_node

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        name = updated_node.attr.value
        if name in _FUNCTIONS and self.is_qualified(original_node, f"threading.{name}"):
            self.applied()
            return updated_node.with_changes(attr=cst.Name(_FUNCTIONS[name]))
        return updated_node

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr):
        call = updated_node.value
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and len(call.args) == 1:
            name = call.func.attr.value
            if name in _SETTERS and name not in self.defined and call.args[0].keyword is None:
                if not self._proven(original_node.value):
                    return updated_node
                self.applied()
                target = cst.Attribute(value=call.func.value, attr=cst.Name(_SETTERS[name]))
                return cst.Assign(
                    targets=[cst.AssignTarget(target=target)],
                    value=call.args[0].value,
                    semicolon=updated_node.semicolon,
                )
        return updated_node

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        known = original_node.value in self.imports.names and self.model is not None and self.model.known(original_node)
        dotted = self.imports.resolve(original_node) if known else None
        if dotted and dotted.startswith("threading.") and dotted[10:] in _FUNCTIONS:
            self.applied()
            self.require("threading")
            return cst.Attribute(value=cst.Name("threading"), attr=cst.Name(_FUNCTIONS[dotted[10:]]))
        return updated_node

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False


# Functions and methods the module defines itself: their names are not threading's.
_DEFINED = re.compile(r"\bdef\s+(\w+)")
