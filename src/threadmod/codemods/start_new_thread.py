"""TM201 start-new-thread: `thread.start_new_thread(f, args)` becomes a started `threading.Thread`."""

from __future__ import annotations

import libcst as cst

from threadmod.codemods.base import HIDDEN_NAMES_KEY, ThreadCodemod
from threadmod.codemods.termination import ENDS, Termination
from threadmod.codemods.traversal import walk
from threadmod.names import fresh_name
from threadmod.transform import Example

_STARTERS = ("start_new_thread", "start_new")


class StartNewThread(ThreadCodemod):
    CODE = "TM201"
    NAME = "start-new-thread"
    DESCRIPTION = "thread.start_new_thread(f, args) becomes a threading.Thread that is started and kept in a name."
    WHAT = """
        `thread.start_new_thread(f, args, kwargs)` (or its alias `start_new`, through
        `thread`, `_thread` or `from thread import ...`) becomes
        `f_thread = threading.Thread(target=f, args=args, kwargs=kwargs)` and
        `f_thread.start()`.  The name keeps the thread so it can be joined (TM202 adds
        the joins).  Where the call's value was used, that value was the new thread's
        identifier: it becomes `f_thread.ident`, read after `start()`.  A call inside an
        expression is hoisted to statements just before it.
    """
    WHY = """
        `threading.Thread` is the Python 3 way to run a function in a thread: it can be
        joined, named and inspected.  Python 2 ended every `thread` thread when the main
        thread ended; a `threading.Thread` keeps the program alive until it ends, unless it
        is a daemon.  So a thread is an ordinary one only when threadmod proves that its
        function ends (codemods/termination.py: no loop nothing leaves, no wait for another
        thread such as `recv`, `q.get()`, `wait()`, an acquire it does not release, no
        `while` on state another thread changes); every other one, a server, a queue
        consumer, a function from another module, gets `daemon=True`, Python 2's meaning,
        and TM202 waits for it only where the legacy program waited.  Behaviour that
        changes, by design: these threads are `threading.Thread` objects, so
        `threading.enumerate()`, `active_count()` and `current_thread()` now see them
        (Python 2's `thread` threads were invisible there, or showed up as dummy threads),
        and their identifiers differ from run to run as before.  The ordinary threads are
        waited for: see TM202 for the joins and what that changes in the output.
    """
    LEAVES_ALONE = """
        What it does not prove: that a thread ends when its function comes from another
        module, waits for another thread or loops on state another thread changes: that
        thread is a daemon, as Python 2 had it.  It takes a call into another module inside
        the function to return (a library call that blocks for ever is not seen), and
        recursion to end.
        A call whose hoisting could reorder side effects (another call evaluated before
        it in the same statement, or a call inside a lambda, comprehension, conditional
        expression, `and`/`or`, or a `while` condition) keeps `_thread.start_new_thread`
        and gets a diagnostic.  Only a call through a name the module model
        (codemods/model.py) proves to be the thread module where it is used is a start:
        `thread` bound otherwise in the same scope (`thread = MyThread()`) leaves its calls
        as they are, with a diagnostic from TM206.
        Dual-version code (a branch on `sys.version_info`, `sys.version`, `six.PY2`/`PY3` or a
        flag set from them, a conditional expression on the version, a `try: import thread` /
        `except ImportError: import _thread as thread` fallback) is left exactly as it is, and
        so are uses of the names it binds.
    """
    EXAMPLES = (
        Example(
            "import thread\ndef worker(n, tag):\n    print(n)\nthread.start_new_thread(worker, (1, 'a'))\n",
            "import threading\ndef worker(n, tag):\n    print(n)\n"
            "worker_thread = threading.Thread(target=worker, args=(1, 'a'))\nworker_thread.start()\n",
        ),
        # An imported function may never end: a daemon, as Python 2 ended it with main.
        Example(
            "import thread\nfrom jobs import run\nident = thread.start_new_thread(run, (), {'fast': True})\n",
            "import threading\nfrom jobs import run\n"
            "run_thread = threading.Thread(target=run, kwargs={'fast': True}, daemon=True)\n"
            "run_thread.start()\n"
            "ident = run_thread.ident\n",
        ),
        Example(
            'import thread\ndef f(n):\n    return n\nprint("started {}".format(thread.start_new_thread(f, (2,))))\n',
            "import threading\ndef f(n):\n    return n\n"
            "f_thread = threading.Thread(target=f, args=(2,))\n"
            "f_thread.start()\n"
            'print("started {}".format(f_thread.ident))\n',
        ),
        # A server loop (a statement after it changes nothing): it runs for ever.
        Example(
            "from thread import start_new_thread\n"
            "class Pump:\n"
            "    def run(self):\n"
            "        while True:\n"
            "            self.pump()\n"
            "        print('never')\n"
            "    def go(self):\n"
            "        start_new_thread(self.run, ())\n",
            "import threading\n"
            "class Pump:\n"
            "    def run(self):\n"
            "        while True:\n"
            "            self.pump()\n"
            "        print('never')\n"
            "    def go(self):\n"
            "        run_thread = threading.Thread(target=self.run, daemon=True)\n"
            "        run_thread.start()\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "import threading\nt = threading.Thread(target=f)\nt.start()\n",
    )

    def visit_Module(self, node: cst.Module) -> None:
        collector = _NameCollector()
        walk(node, collector)
        # Names of statements hidden from the codemods (`# threadmod: ignore`) are taken too.
        self.used_names = collector.names | self.context.scratch.get(HIDDEN_NAMES_KEY, set())
        self.termination = Termination(node, self.model)
        self.site_names: dict[int, str] = {}

    def _thread_name(self, call: cst.Call) -> str:
        key = id(call)
        if key not in self.site_names:
            target = call.args[0].value if call.args else None
            if isinstance(target, cst.Name):
                base = target.value
            elif isinstance(target, cst.Attribute):
                base = target.attr.value
            else:
                base = "worker"
            base = base.lstrip("_") + "_thread" if base.lstrip("_") else "worker_thread"
            self.site_names[key] = fresh_name(base, self.used_names)
        return self.site_names[key]

    def _is_start(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Call) and self.thread_api(node.func) in _STARTERS and 2 <= len(node.args) <= 3

    def _thread_statements(self, updated: cst.Call, name: str) -> list[cst.BaseSmallStatement]:
        target = updated.args[0].value
        arguments = [cst.Arg(keyword=cst.Name("target"), value=target, equal=_EQUAL)]
        args_value = updated.args[1].value
        if not (isinstance(args_value, cst.Tuple) and not args_value.elements):
            arguments.append(cst.Arg(keyword=cst.Name("args"), value=args_value, equal=_EQUAL))
        if len(updated.args) == 3:
            arguments.append(cst.Arg(keyword=cst.Name("kwargs"), value=updated.args[2].value, equal=_EQUAL))
        if self.termination.of_target(target) != ENDS:
            # Python 2 ended it with the main thread; it may run for ever, and a program that
            # waited for it (or a join) might never end.
            arguments.append(cst.Arg(keyword=cst.Name("daemon"), value=cst.Name("True"), equal=_EQUAL))
        arguments = [a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for a in arguments[:-1]] + [
            arguments[-1]
        ]
        constructor = cst.Call(func=cst.Attribute(value=cst.Name("threading"), attr=cst.Name("Thread")), args=arguments)
        self.require("threading")
        self.applied()
        return [
            cst.Assign(targets=[cst.AssignTarget(target=cst.Name(name))], value=constructor),
            cst.Expr(cst.Call(func=cst.Attribute(value=cst.Name(name), attr=cst.Name("start")))),
        ]

    def _expand(self, original: cst.BaseSmallStatement, updated: cst.BaseSmallStatement) -> list[cst.BaseSmallStatement] | None:
        """The small statements replacing one that starts threads, or None to keep it."""
        finder = _StartFinder(self)
        walk(original, finder)
        if not finder.calls:
            return None
        if finder.unsafe:
            for call in finder.calls:
                self.diagnose(call, "start_new_thread here cannot be moved out of its expression safely; left as it is")
            return None
        # `start_new_thread(...)` as a statement of its own
        if isinstance(original, cst.Expr) and original.value is finder.calls[0] and len(finder.calls) == 1:
            return self._thread_statements(finder.calls[0], self._thread_name(finder.calls[0]))
        # This codemod changes nothing below statements, so the original is the updated one.
        before: list[cst.BaseSmallStatement] = []
        new_statement = walk(original, _StartReplacer(self, finder.calls, before))
        return before + [new_statement]

    def leave_SimpleStatementLine(self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine):
        new_body: list[cst.BaseSmallStatement] = []
        changed = False
        for original, updated in zip(original_node.body, updated_node.body):
            expanded = self._expand(original, updated)
            if expanded is None:
                new_body.append(updated)
            else:
                new_body.extend(expanded)
                changed = True
        if not changed:
            return updated_node
        if len(original_node.body) == 1:
            lines = [cst.SimpleStatementLine(body=[s]) for s in new_body]
            lines[0] = lines[0].with_changes(leading_lines=updated_node.leading_lines)
            lines[-1] = lines[-1].with_changes(trailing_whitespace=updated_node.trailing_whitespace)
            return cst.FlattenSentinel(lines)
        return updated_node.with_changes(body=_semicolons(new_body))

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite, updated_node: cst.SimpleStatementSuite):
        new_body: list[cst.BaseSmallStatement] = []
        changed = False
        for original, updated in zip(original_node.body, updated_node.body):
            expanded = self._expand(original, updated)
            new_body.extend([updated] if expanded is None else expanded)
            changed = changed or expanded is not None
        return updated_node.with_changes(body=_semicolons(new_body)) if changed else updated_node


_EQUAL = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def _semicolons(statements: list[cst.BaseSmallStatement]) -> list[cst.BaseSmallStatement]:
    return [
        s.with_changes(semicolon=cst.Semicolon(whitespace_after=cst.SimpleWhitespace(" ")))
        if i < len(statements) - 1
        else s.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        for i, s in enumerate(statements)
    ]


class _NameCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


class _StartFinder(cst.CSTVisitor):
    """Start calls in a statement, and whether moving them before it is safe."""

    _UNSAFE = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.IfExp, cst.BooleanOperation)

    def __init__(self, codemod: StartNewThread) -> None:
        self.codemod = codemod
        self.calls: list[cst.Call] = []
        self.unsafe = False
        self.depth_unsafe = 0
        self.calls_seen = 0  # calls completed (evaluated) before the current point

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, self._UNSAFE):
            self.depth_unsafe += 1
        if self.codemod._is_start(node):
            self.calls.append(node)
            if self.depth_unsafe or self.calls_seen:
                self.unsafe = True
            return False
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, self._UNSAFE):
            self.depth_unsafe -= 1
        if isinstance(original_node, cst.Call) and not self.codemod._is_start(original_node):
            self.calls_seen += 1


class _StartReplacer(cst.CSTTransformer):
    """Replaces start calls by `name.ident`, collecting the statements that start them."""

    def __init__(self, codemod: StartNewThread, calls: list[cst.Call], before: list) -> None:
        self.codemod = codemod
        self.calls = calls
        self.before = before

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if any(original_node is call for call in self.calls):
            name = self.codemod._thread_name(original_node)
            self.before.extend(self.codemod._thread_statements(updated_node, name))
            return cst.Attribute(value=cst.Name(name), attr=cst.Name("ident"))
        return updated_node
