"""TM202 join-threads: busy-waits and sleeps that wait for threads become joins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from threadmod.codemods.base import DUAL_MARKERS_KEY, HIDDEN_NAMES_KEY, ThreadCodemod
from threadmod.codemods.last_effects import (
    UNSEEN,
    ThreadCode,
    acquired_in,
    exits_early,
    final_effect,
    literal_value,
    loop_element,
    method,
    overlap,
    poll_ended_by,
    read_body,
    read_places,
    seen,
    shown_places,
)
from threadmod.codemods.nodes import child_blocks, code_of, is_endless_loop, only_statement
from threadmod.codemods.start_sites import Anchor, anchor_of, list_joined_by, own_list
from threadmod.codemods.termination import FOREVER, UNKNOWN, Termination
from threadmod.codemods.traversal import walk
from threadmod.names import fresh_name
from threadmod.transform import Example

_POLL_SLEEP = "0.01"  # seconds between polls of a wait that cannot become a join


@dataclass(eq=False)
class _Start:
    name: str
    statement: cst.SimpleStatementLine  # `name.start()`
    assignment: cst.Assign  # `name = threading.Thread(...)`
    loop: cst.CSTNode | None  # the outermost loop around it in its scope
    container: str | None = None  # the list it is appended to, if any
    joined: bool = False
    daemon: bool = False  # not waited for at main's end: Python 2 ended it with the main thread
    termination: str = UNKNOWN  # of what it runs (termination.py)
    # Where it stands in its scope: (block, index) from the scope's statements down to its own.
    site: tuple[tuple[Sequence[cst.BaseStatement], int], ...] = ()
    scope: _Scope | None = None  # the scope that walked it: where its joins go (_Scope.join_site)


@dataclass
class _Plan:
    replace: dict[int, list] = field(default_factory=dict)  # statement -> statements
    prefix: dict[int, list] = field(default_factory=dict)  # loop, if, try, with -> statements before it
    append: dict[int, list] = field(default_factory=dict)  # start statement -> statements after it
    extend_block: dict[int, list] = field(default_factory=dict)  # block -> statements at its end
    lists: dict[int, tuple[str, str]] = field(default_factory=dict)  # anchor -> (list made for it, loop variable)


class JoinThreads(ThreadCodemod):
    CODE = "TM202"
    NAME = "join-threads"
    DESCRIPTION = "Busy-waits and waiting sleeps become joins of the threads that were started."
    WHAT = """
        In the scope that started threads (`t = threading.Thread(...)` then `t.start()`,
        as TM201 writes them), a wait after the starts becomes `t.join()` for each
        thread, in start order.  A thread whose start may not have run when the wait
        runs (started in a loop, a branch of an `if`/`elif`/`else`, a `try` that has
        handlers, or a `with` whose manager is not a lock) is appended to a list right
        after its `start()` and joined from that list, so only threads that were started
        are joined.  The list is made just before the outermost such statement around
        the start that does not also hold the wait: one list for each such statement,
        named after its threads (`worker_threads`), or `started_threads` when they have
        several names.  The waits are: `while 1: pass` and
        `while True: time.sleep(...)` that end the block; `while <condition>: pass`
        (or with a sleep) polling what each thread's function sets with its last
        statement on every path: the same variable, dict key, list element or attribute
        (a counter, `done[i]` for a list of flags, `status['done']`, `self.done`,
        `lock.locked()`); the same poll inside `for lock in locks:`; a poll of
        `threading.active_count()`; `while t.is_alive():` (or `isAlive()`) on a thread
        this scope started, alone or in `for t in threads:` over the list it appended them
        to (it ends exactly when the thread has ended: `t.join()`); and a last
        `time.sleep(N)` of the main program.  A main program that starts threads and
        never waits gets the joins at its end, except for a thread it joined itself,
        with a timeout or without.  A loop whose test takes something each time
        (`while f.read(): pass`, `recv`, `pop`, `get`...) drains, it does not wait: it
        stays as it is.
    """
    WHY = """
        A busy-wait burns a core until the program is killed; a join sleeps until the
        thread ends.  What changes, and why: Python 2 ended a `thread` thread when the
        main thread ended, and the legacy scripts spin for ever so that never happens.
        The modern program waits for its threads and then ends by itself.  Where the
        legacy main never waited (the Fibonacci seed), Python 2 cut the worker off
        at exit, usually before it printed anything; the modern program joins it, so
        it prints every line the worker was written to print (the legacy output of
        that thread is a prefix of the modern one).  A trailing `time.sleep(N)` that
        gave the workers time becomes a join: the program ends when the work ends,
        and prints what the work prints even if that takes longer than N seconds.
        Main's end and its last sleep join only threads proven to end (TM201 made every
        other one a daemon, codemods/termination.py): a join of a server, a queue
        consumer or a worker blocked in `recv` would never return, where Python 2 ended it.
        An endless wait waited for ever: joins there wait at most as long, so they join
        daemons too; they end the program early only if they join every thread the module
        makes and none runs for ever (a thread that does, a server, leaves
        `threading.Event().wait()`: the program serves until it is stopped, as before).
    """
    LEAVES_ALONE = """
        What it does not prove, and leaves: that a thread not proven to end will end (it is
        not joined at main's end or for a last sleep); that an endless wait in a function
        that starts no thread (a keep-alive a worker runs, a server method) waits for
        anything (a sleep loop there stays as it is, a spin becomes
        `threading.Event().wait()`); that no one interrupts a wait inside a `try` that
        handles KeyboardInterrupt, or in a module that calls `thread.interrupt_main()` or
        installs a signal handler (the loop stays, sleeping 10 ms instead of spinning: a
        join cannot be woken by `interrupt_main()`); that a thread count other than "main
        alone" (`active_count() > 2`), or one with a thread that runs for ever, is the end
        of every thread (the poll stays, with a sleep).  `while active_count() > 1` joins
        every thread, daemons too, as the legacy loop counted them.
        `while not l.acquire(0): pass` (or False, or a sleep in the loop; alone or in
        `for l in locks:`) waits to hold `l`: it becomes `l.acquire()`, which blocks
        without spinning and leaves main holding `l` as before.
        A poll becomes a join only where it ends exactly when the threads end: each
        thread's function ends, on every path, with a statement that sets what the poll
        reads, matched by place (the same variable, dict key, list index or attribute:
        `status['done']` is not `status['ready']`, `self.done` is not `self.ready`;
        `flags[i]` is the flag of the `i` the start passed); where it sets a constant and
        the poll reads nothing else, that value ends the poll (`state = 2` does not end
        `while state != 1`); nothing before it in the function sets what the poll reads
        to a value that may end it (`ready = 1`, then waiting for main, then `done = 1`:
        the poll on `ready` ends while the thread runs); and the function mentions no name
        main assigns after the poll.  Then the legacy poll could not end before the
        thread's last statement either, so nothing main does after it can be what the
        thread waits for.  Not counted as the last effect on every path: a last statement
        inside an `if`, a loop, or a `try` without `finally`, and one after which the
        function may `return`, `raise` or exit earlier.  Not read, so not proven: what the
        functions a thread calls do (a helper that sets the flag earlier, or ends the
        thread), aliases main makes (`s = status`), other writers of the polled place
        (main, threads started elsewhere), and threads whose code is not a function of
        the module, `self.method` of the class that starts it or a Thread subclass's own
        `run` (`target=obj.method`, a lambda, a callable made elsewhere).
        Any other poll keeps its condition but sleeps 10 ms between checks instead of spinning, with a
        diagnostic; an endless `while 1: pass` with code after it (that code never ran)
        becomes `threading.Event().wait()`, a wait that does not spin, with a
        diagnostic.  Threads started elsewhere (in other functions or methods) are
        joined through `threading.enumerate()`.  A start or wait counts only where the
        module model proves `threading.Thread` (or the thread module's start) where it is
        used.
        Which starts ran is decided by where they stand, never by a condition's value: a
        start under `if True:` is joined from a list too; a `with` body counts as
        possibly cut short unless every manager is a proven lock or condition (any other
        may swallow an exception raised before the start).  A start that comes after the
        place of the joins (below the main block) is not joined there.  A program's own
        list appended to right after a start is joined from when it is bound before the
        start's statement; else the start gets a list of its own as well.
        Dual-version code (a branch on `sys.version_info`, `sys.version`, `six.PY2`/`PY3` or a
        flag set from them, a conditional expression on the version, a `try: import thread` /
        `except ImportError: import _thread as thread` fallback) is left exactly as it is, and
        so are uses of the names it binds.  A thread that dual-version code
        mentions (`if PY2: t.setDaemon(True)`) may be a daemon there: it is not joined
        (threading still waits at exit for a thread that is not one).
    """
    EXAMPLES = (
        Example(
            "import threading\nt = threading.Thread(target=work)\nt.start()\nwhile 1:\n    pass\n",
            "import threading\nt = threading.Thread(target=work)\nt.start()\nt.join()\n",
        ),
        Example(
            "import threading\n"
            "import time\n"
            "for i in range(3):\n"
            "    w = threading.Thread(target=work, args=(i,))\n"
            "    w.start()\n"
            "while True:\n"
            "    time.sleep(1)\n",
            "import threading\n"
            "import time\n"
            "w_threads = []\n"
            "for i in range(3):\n"
            "    w = threading.Thread(target=work, args=(i,))\n"
            "    w.start()\n"
            "    w_threads.append(w)\n"
            "for w in w_threads:\n"
            "    w.join()\n",
        ),
        Example(
            "import threading\n"
            "import time\n"
            "done = [False] * 2\n"
            "def work(i):\n"
            "    print(i)\n"
            "    done[i] = True\n"
            "for i in range(2):\n"
            "    t = threading.Thread(target=work, args=(i,))\n"
            "    t.start()\n"
            "while False in done: pass\n"
            "print('all done')\n",
            "import threading\n"
            "import time\n"
            "done = [False] * 2\n"
            "def work(i):\n"
            "    print(i)\n"
            "    done[i] = True\n"
            "t_threads = []\n"
            "for i in range(2):\n"
            "    t = threading.Thread(target=work, args=(i,))\n"
            "    t.start()\n"
            "    t_threads.append(t)\n"
            "for t in t_threads:\n"
            "    t.join()\n"
            "print('all done')\n",
        ),
        Example(
            "import threading\nimport time\nt = threading.Thread(target=work)\nt.start()\ntime.sleep(5)\n",
            "import threading\nimport time\nt = threading.Thread(target=work)\nt.start()\nt.join()\n",
        ),
        Example(
            "import threading\n"
            "if __name__ == '__main__':\n"
            "    t = threading.Thread(target=work)\n"
            "    t.start()\n"
            "    print(t.ident)\n",
            "import threading\n"
            "if __name__ == '__main__':\n"
            "    t = threading.Thread(target=work)\n"
            "    t.start()\n"
            "    print(t.ident)\n"
            "    t.join()\n",
        ),
        # The first poll waits for a value the thread sets before its end (state = 2 does
        # not stop `state != 1`): it keeps its condition; the second is ended by the last one.
        Example(
            "import threading\nimport time\nstate = 0\ndef work():\n    global state\n    state = 1\n"
            "    time.sleep(0.1)\n    state = 2\nt = threading.Thread(target=work)\nt.start()\n"
            "while state != 1: pass\nprint('started')\nwhile state != 2: pass\nprint('done')\n",
            "import threading\nimport time\nstate = 0\ndef work():\n    global state\n    state = 1\n"
            "    time.sleep(0.1)\n    state = 2\nt = threading.Thread(target=work)\nt.start()\n"
            "while state != 1:\n    time.sleep(0.01)\nprint('started')\nt.join()\nprint('done')\n",
            diagnostics=("11:1 TM202",),
        ),
        # Starts that may not have run (a branch, a `try` whose handler caught a failed
        # open) are joined from lists made before their statements: only started threads.
        Example(
            "import threading\ndef read():\n    print('reading')\ndef write():\n    print('writing')\n"
            "if mode == 'r':\n    t = threading.Thread(target=read)\n    t.start()\n"
            "else:\n    t = threading.Thread(target=write)\n    t.start()\n"
            "try:\n    log = open('log.txt')\n    u = threading.Thread(target=write)\n    u.start()\n"
            "except IOError:\n    print('no log')\nprint('started')\n",
            "import threading\ndef read():\n    print('reading')\ndef write():\n    print('writing')\n"
            "t_threads = []\nif mode == 'r':\n    t = threading.Thread(target=read)\n    t.start()\n    t_threads.append(t)\n"
            "else:\n    t = threading.Thread(target=write)\n    t.start()\n    t_threads.append(t)\n"
            "u_threads = []\ntry:\n    log = open('log.txt')\n    u = threading.Thread(target=write)\n    u.start()\n"
            "    u_threads.append(u)\nexcept IOError:\n    print('no log')\nprint('started')\n"
            "for t in t_threads:\n    t.join()\nfor u in u_threads:\n    u.join()\n",
        ),
        # Different threads under one `if`/`else` share one list.
        Example(
            "import threading\nimport time\ndef read():\n    print('reading')\ndef write():\n    print('writing')\n"
            "if mode == 'r':\n    reader = threading.Thread(target=read)\n    reader.start()\n"
            "else:\n    writer = threading.Thread(target=write)\n    writer.start()\ntime.sleep(1)\n",
            "import threading\nimport time\ndef read():\n    print('reading')\ndef write():\n    print('writing')\n"
            "started_threads = []\nif mode == 'r':\n    reader = threading.Thread(target=read)\n    reader.start()\n"
            "    started_threads.append(reader)\n"
            "else:\n    writer = threading.Thread(target=write)\n    writer.start()\n    started_threads.append(writer)\n"
            "for started_thread in started_threads:\n    started_thread.join()\n",
        ),
    )
    LEAVE_ALONE_EXAMPLES = (
        "import threading\nt = threading.Thread(target=work)\nt.start()\nt.join()\n",
        "import threading\nimport time\nwhile not ready():\n    time.sleep(1)\n",
    )

    def visit_Module(self, node: cst.Module) -> bool:
        self.plan = _Plan()
        self.used_names: set[str] = set()
        collector = _Names()
        walk(node, collector)
        self.used_names = collector.names | self.context.scratch.get(HIDDEN_NAMES_KEY, set())
        self.functions = {f.name.value: f for f in collector.functions}
        self.thread_classes = {
            c.name.value
            for c in collector.classes
            if any(self.is_qualified(b.value, "threading.Thread") for b in c.bases)
        }
        self.all_starts: list[_Start] = []
        # Masking may hide the functions a thread's function calls: only its own code counts
        # here (a loop that runs for ever is a `while`, which masking keeps).
        self.termination = Termination(node, self.model, follow_calls=False)
        census = _ThreadCensus(self)
        walk(node, census)
        self.thread_sites = census.sites  # every call that makes a thread, anywhere in the module
        self.any_forever = any(self.site_termination(site) == FOREVER for site in census.sites)
        self.interrupts_main = census.interrupts_main
        dual = self.context.scratch.get(DUAL_MARKERS_KEY)
        self.dual_names: set[str] = set(dual[2]) if dual else set()
        main_block = _main_block(node)
        _Scope(self, node.body, main_block, is_module=True).run()
        for function in collector.functions:
            if isinstance(function.body, cst.IndentedBlock):
                _Scope(self, function.body.body, function.body, is_module=False).run()
        plan = self.plan
        return bool(plan.replace or plan.prefix or plan.append or plan.extend_block)  # False: no walk

    # -- building statements ---------------------------------------------------------

    def fresh(self, base: str) -> str:
        return fresh_name(base, self.used_names)

    def list_for(self, start: _Start, anchor: Anchor, together: list[_Start], by_name: set[str]) -> tuple[str, str]:
        """The list a conditional start is joined from, and the loop variable that joins it:
        the program's own list, appended to right after the start, when it is bound before the
        anchor (so it exists wherever the join runs); else a list made just before the anchor
        and appended to right after the start, one for `together` (the starts of this join
        that the anchor holds).  It is named after their one name, and that name is the loop
        variable (the loop leaves it bound to the last thread started under that name, as it
        was), unless this join also joins a thread by that name (`by_name`: the loop would
        rebind it); else `started_threads`, with a fresh variable."""
        if own_list(start, anchor):
            return start.container, start.name
        key = id(anchor.statement)
        if key not in self.plan.lists:
            names = list(dict.fromkeys(s.name for s in together)) or [start.name]
            if len(names) == 1:
                base = names[0]
                name = self.fresh(base + "s" if base.endswith("_thread") else base + "_threads")
                variable = self.fresh(base) if base in by_name else base
            else:
                name, variable = self.fresh("started_threads"), self.fresh("started_thread")
            self.plan.lists[key] = (name, variable)
            self.plan.prefix.setdefault(key, []).append(cst.parse_statement(f"{name} = []\n"))
        name, variable = self.plan.lists[key]
        if id(start.statement) not in self.plan.append:
            self.plan.append[id(start.statement)] = [cst.parse_statement(f"{name}.append({start.name})\n")]
        return name, variable

    def joins(self, starts: list[_Start]) -> list[cst.BaseStatement]:
        """The joins of `starts`, placed where their scope's walk stands (`_Scope.join_site`),
        in start order.  A start that ran before that place on every path to it is joined by
        name; one that may not have run (in a branch, a loop, a `try`: `anchor_of`) is appended
        to a list right after its `start()` and joined from the list, so only threads that were
        started are joined; one that comes after that place is not joined there.

        No order of these joins can deadlock: each waits only for a thread that was started,
        main does nothing between them, and no joined thread waits for main after the wait (a
        poll whose threads read a name main assigns after it is not made into joins:
        `_reads_any`).  So while main waits for one thread, the others run on to their ends;
        the order decides only which end main sees first, and start order reads best."""
        placed: list[tuple[_Start, Anchor]] = []
        for start in starts:
            anchor = anchor_of(self, start)
            if anchor is None:
                continue  # started after this place (below the main block): not waited for here
            start.joined = True
            placed.append((start, anchor))
        together: dict[int, list[_Start]] = {}
        for start, anchor in placed:
            if anchor.conditional and not own_list(start, anchor):
                together.setdefault(id(anchor.statement), []).append(start)
        by_name = {start.name for start, anchor in placed if not anchor.conditional}
        statements: list[cst.BaseStatement] = []
        seen_lists: set[str] = set()
        for start, anchor in placed:
            if not anchor.conditional:
                statements.append(cst.parse_statement(f"{start.name}.join()\n"))
                continue
            container, variable = self.list_for(start, anchor, together.get(id(anchor.statement), []), by_name)
            if container not in seen_lists:
                seen_lists.add(container)
                statements.append(cst.parse_statement(f"for {variable} in {container}:\n    {variable}.join()\n"))
        self.applied()
        return statements

    def join_all(self) -> list[cst.BaseStatement]:
        """Joins of every other thread, daemons too: the wait this replaces never ended, so
        at most this waits for ever as it did."""
        self.require("threading")
        name = self.fresh("thread") if "thread" in self.used_names else "thread"
        self.used_names.add(name)
        self.applied()
        return [
            cst.parse_statement(
                f"for {name} in threading.enumerate():\n"
                f"    if {name} is not threading.current_thread():\n"
                f"        {name}.join()\n"
            )
        ]

    def wait_forever(self) -> list[cst.BaseStatement]:
        self.require("threading")
        self.applied()
        return [cst.parse_statement("threading.Event().wait()\n")]

    def site_termination(self, call: cst.Call) -> str:
        """The termination of what a thread-making call runs."""
        if self.thread_api(call.func) in ("start_new_thread", "start_new"):
            return self.termination.of_target(call.args[0].value if call.args else None)
        target = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "target"), None)
        if target is not None:
            return self.termination.of_target(target)
        if isinstance(call.func, cst.Name) and call.func.value in self.thread_classes:
            return self.termination.of_class(call.func.value)
        return UNKNOWN

    # -- applying the plan ------------------------------------------------------------

    def _replaced(self, original, updated):
        key = id(original)
        statements = self.plan.replace.get(key)
        before = self.plan.prefix.get(key, [])
        if statements is None and not before:
            return updated
        result = list(before) + (list(statements) if statements is not None else [updated])
        leading = getattr(updated, "leading_lines", ())
        if result and leading and hasattr(result[0], "leading_lines"):
            result[0] = result[0].with_changes(leading_lines=leading)
            if statements is None and before:
                result[-1] = result[-1].with_changes(leading_lines=())
        return cst.FlattenSentinel(result)

    def leave_While(self, original_node, updated_node):
        return self._replaced(original_node, updated_node)

    def leave_For(self, original_node, updated_node):
        return self._replaced(original_node, updated_node)

    # An `if`, `try` or `with` holding conditional starts gets their list before it.
    def leave_If(self, original_node, updated_node):
        return self._replaced(original_node, updated_node)

    def leave_Try(self, original_node, updated_node):
        return self._replaced(original_node, updated_node)

    def leave_TryStar(self, original_node, updated_node):
        return self._replaced(original_node, updated_node)

    def leave_With(self, original_node, updated_node):
        return self._replaced(original_node, updated_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        key = id(original_node)
        if key in self.plan.append:
            return cst.FlattenSentinel([updated_node, *self.plan.append[key]])
        return self._replaced(original_node, updated_node)

    def leave_IndentedBlock(self, original_node, updated_node):
        extra = self.plan.extend_block.get(id(original_node))
        if extra:
            return updated_node.with_changes(body=[*updated_node.body, *extra])
        return updated_node

    def leave_Module(self, original_node, updated_node):
        extra = self.plan.extend_block.get(id(original_node))
        if extra:
            updated_node = updated_node.with_changes(body=[*updated_node.body, *extra])
        return super().leave_Module(original_node, updated_node)


class _Names(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()
        self.functions: list[cst.FunctionDef] = []
        self.classes: list[cst.ClassDef] = []

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)


def _main_block(module: cst.Module):
    """The body of `if __name__ == '__main__':`, else the module itself."""
    for statement in module.body:
        if isinstance(statement, cst.If) and isinstance(statement.body, cst.IndentedBlock):
            test = code_of(statement.test).replace("'", '"').replace(" ", "")
            if test in ('__name__=="__main__"', '"__main__"==__name__'):
                return statement.body
    return module


class _Scope:
    """One function body, or the module: its starts and waits in source order."""

    def __init__(self, codemod: JoinThreads, statements, block, is_module: bool) -> None:
        self.codemod = codemod
        self.statements = statements
        self.block = block  # where a main program that never waits gets its joins
        self.is_module = is_module
        self.thread_vars: dict[str, cst.Assign] = {}
        self.daemon_vars: set[str] = set()
        self.starts: list[_Start] = []
        self._following: list[list] = []  # the statements after each one being walked, outermost first
        self._enclosing: list = []  # the compound statements around the one being walked
        self._sites: list[tuple[Sequence[cst.BaseStatement], int]] = []  # (block, index) of each one being walked
        self._main_site: tuple | None = None  # the statements around the main block, as _sites holds them

    def run(self) -> None:
        self._walk(self.statements, loop=None, tail=True)
        if self.is_module or _is_main_function(self.block, self.codemod):
            waiting = [s for s in self.starts if not s.joined and not s.daemon and not is_endless_loop(s.loop)]
            if waiting and self._block_can_end(self.block):
                key = id(self.block)
                self.codemod.plan.extend_block[key] = self.codemod.joins(waiting)

    def _block_can_end(self, block) -> bool:
        body = block.body if isinstance(block, (cst.IndentedBlock, cst.Module)) else []
        return bool(body) and not is_endless_loop(body[-1])

    def _walk(self, statements, loop, tail: bool) -> None:
        if self._main_site is None and statements is self._main_body():
            self._main_site = tuple(self._sites)
        for index, statement in enumerate(statements):
            self._following.append(statements[index + 1 :])
            self._sites.append((statements, index))
            try:
                self._statement(statements, index, statement, loop, tail)
            finally:
                self._following.pop()
                self._sites.pop()

    def _main_body(self) -> Sequence[cst.BaseStatement]:
        return self.block.body if isinstance(self.block, (cst.IndentedBlock, cst.Module)) else self.statements

    def join_site(self) -> tuple[tuple[Sequence[cst.BaseStatement], int], ...]:
        """Where joins planned now go: at the statement being walked (the wait they replace),
        or, once the walk is done, at the end of the main block (`run`'s joins)."""
        if self._sites:
            return tuple(self._sites)
        body = self._main_body()
        return (self._main_site or ()) + ((body, len(body)),)

    def _assigned_after(self) -> set[str]:
        """The names main assigns after the statement being walked (in its block and the
        blocks around it)."""
        names: set[str] = set()
        for rest in self._following:
            for statement in rest:
                names |= _assigned_names(statement)
        return names

    def _statement(self, statements, index: int, statement, loop, tail: bool) -> None:
        last = tail and index == len(statements) - 1
        if isinstance(statement, cst.SimpleStatementLine):
            before = len(self.starts)
            self._simple(statement, statements, index, loop, last)
            for start in self.starts[before:]:
                start.site, start.scope = tuple(self._sites), self  # what its joins are placed against
        elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            return
        elif isinstance(statement, (cst.While, cst.For)) and self._wait(statement, loop, last):
            return
        else:
            inner_loop = loop if loop is not None else (statement if isinstance(statement, (cst.For, cst.While)) else None)
            is_loop = isinstance(statement, (cst.For, cst.While))
            joined_list = list_joined_by(statement)
            if joined_list is not None:  # `for t in t_threads: t.join()`, as joins() writes it
                for start in self.starts:
                    if start.container == joined_list:
                        start.joined = True
            # A start in a branch, a loop or a `try` is joined from a list (joins, anchor_of).
            self._enclosing.append(statement)
            try:
                for block in child_blocks(statement, elif_as_statement=True):
                    self._walk(block, inner_loop, last and not is_loop)
            finally:
                self._enclosing.pop()

    def _simple(self, statement, statements, index: int, loop, last: bool) -> None:
        small = statement.body[0] if len(statement.body) == 1 else None
        codemod = self.codemod
        if isinstance(small, cst.Assign) and len(small.targets) == 1:
            target = small.targets[0].target
            if (
                isinstance(target, cst.Attribute)
                and isinstance(target.value, cst.Name)
                and target.attr.value == "daemon"
                and isinstance(small.value, cst.Name)
                and small.value.value == "True"
            ):
                self.daemon_vars.add(target.value.value)
        if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
            value = small.value
            if isinstance(value, cst.Call) and (
                codemod.is_qualified(value.func, "threading.Thread")
                or (isinstance(value.func, cst.Name) and value.func.value in codemod.thread_classes)
            ):
                self.thread_vars[small.targets[0].target.value] = small
            return
        call = small.value if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) else None
        if call is None:
            return
        if code_of(call).replace(" ", "") == "threading.Event().wait()":
            for start in self.starts:  # a wait for ever (written by this codemod): nothing to join after it
                start.joined = True
            return
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and (not call.args or func.attr.value == "join"):
            name = func.value.value
            if func.attr.value == "start" and name in self.thread_vars and not call.args:
                container = _appended_to(statements, index, name)
                start = _Start(name, statement, self.thread_vars[name], loop, container)
                start.daemon = name in self.daemon_vars or _daemon_keyword(self.thread_vars[name].value)
                start.termination = codemod.site_termination(self.thread_vars[name].value)
                if name in codemod.dual_names:
                    # Dual-version code uses it (`if PY2: t.setDaemon(True)`), hidden from this
                    # codemod: it may be a daemon, so it is not joined; threading waits at exit
                    # for a thread that is not one, as before.
                    start.joined = True
                self.starts.append(start)
                codemod.all_starts.append(start)
            elif func.attr.value == "join":
                # `t.join(timeout)` too: the program chose how long to wait (then often asks
                # `t.is_alive()`); a join of its own later would wait for ever instead.
                for start in self.starts:
                    if start.name == name or start.container == name:
                        start.joined = True
            return
        if last and _is_sleep(codemod, call) and self._top_block(statements):
            # Only threads threading waits for at exit anyway: a daemon (one that may not end)
            # was cut off after the sleep, as Python 2 did.
            waiting = [s for s in self.starts if not s.joined and not s.daemon]
            if waiting:
                codemod.plan.replace[id(statement)] = codemod.joins(waiting)

    def _top_block(self, statements) -> bool:
        block = self.block
        body = block.body if isinstance(block, (cst.IndentedBlock, cst.Module)) else ()
        return statements is body or statements is self.statements

    def _wait(self, statement, loop, last: bool) -> bool:
        """Plan the rewrite of a waiting loop; False when the statement is not one."""
        codemod = self.codemod
        poll = statement
        if isinstance(statement, cst.For):
            inner = only_statement(statement.body)
            if statement.orelse is not None or not isinstance(inner, cst.While):
                return False
            poll = inner
        if poll.orelse is not None or not _waiting_body(codemod, poll.body):
            return False
        if _consumes(poll.test):
            return False  # `while f.read(): pass` drains something: no wait, left as it is
        spins = not _body_sleeps(poll.body)
        waiting = [s for s in self.starts if not s.joined]
        lock = _nonblocking_acquire(poll.test)
        if lock is not None:
            # `while not l.acquire(0): pass` waits to hold l: `l.acquire()` does that without
            # spinning, and main still holds l after it, as it did (a join would drop that).
            codemod.plan.replace[id(statement)] = [_blocking_acquire(statement, poll, lock)]
            codemod.applied()
            return True
        alive = _alive_poll(poll.test)
        if alive is not None and self._is_started_here(alive, statement):
            # `while t.is_alive(): pass` ends exactly when t has ended: that is `t.join()`.
            join = cst.parse_statement(f"{alive}.join()\n")
            if poll is statement:
                codemod.plan.replace[id(statement)] = [join.with_changes(leading_lines=statement.leading_lines)]
            else:
                codemod.plan.replace[id(statement)] = [statement.with_changes(body=cst.IndentedBlock(body=[join]))]
            for start in self.starts:
                if start.name == alive or (poll is not statement and start.container == code_of(statement.iter)):
                    start.joined = True
            codemod.applied()
            return True
        if is_endless_loop(poll) and poll is statement:
            self._endless_wait(statement, loop, last, spins, waiting)
            return True
        if _polls_active_count(poll.test):
            self._count_wait(statement, poll, spins, waiting)
            return True
        assigned_after = self._assigned_after()
        if (
            waiting and loop is None
            # a thread that runs for ever has no last statement: its join would never return
            and all(s.termination != FOREVER and self._ends_with_signal(s, statement) for s in waiting)
            and not any(self._reads_any(s, assigned_after) for s in waiting)
        ):
            codemod.plan.replace[id(statement)] = codemod.joins(waiting)
            return True
        if spins:
            self._sleep_in(
                statement,
                poll,
                "threadmod cannot show that the threads are done when this poll ends "
                f"({self._why_kept(waiting, loop, statement)}); "
                "it now sleeps between checks instead of spinning: consider joining the threads",
            )
        return True

    def _is_started_here(self, name: str, statement) -> bool:
        """Whether `name` is a thread this scope started (`t.start()` before), or, in `for NAME
        in LIST:`, an element of a list this scope appended its started threads to."""
        if isinstance(statement, cst.For):
            return (
                isinstance(statement.target, cst.Name)
                and statement.target.value == name
                and isinstance(statement.iter, cst.Name)
                and any(start.container == statement.iter.value for start in self.starts)
            )
        return any(start.name == name and start.loop is None for start in self.starts)

    def _endless_wait(self, statement, loop, last: bool, spins: bool, waiting: list[_Start]) -> None:
        """`while 1: pass` (or a sleep): the legacy program waited here for ever.  It becomes
        joins only of every thread the program has, none proven to run for ever; else it
        stays a wait for ever, that does not spin."""
        codemod = self.codemod
        if self._interruptible():
            # KeyboardInterrupt (or thread.interrupt_main(), or a signal handler's exception)
            # ends it: a join or Event.wait() would not wake for interrupt_main.
            for start in self.starts:
                start.joined = True
            if spins:
                self._sleep_in(statement, statement, "kept as a loop, which KeyboardInterrupt and "
                               "thread.interrupt_main() can stop; it now sleeps between checks instead of spinning")
            return
        if loop is not None or not last:
            codemod.diagnose(statement, "code after this endless wait never ran; it is now a wait that does not spin")
            codemod.plan.replace[id(statement)] = codemod.wait_forever()
            return
        main_scope = self.is_module or _is_main_function(self.block, codemod)
        known = {id(s.assignment.value) for s in self.starts}
        others = [site for site in codemod.thread_sites if id(site) not in known]
        if not main_scope and not self.starts:
            # A keep-alive in a function that starts no thread (a helper a worker runs, a
            # server method): joins from there could join main.  A sleep loop stays as it is.
            if spins:
                codemod.plan.replace[id(statement)] = codemod.wait_forever()
            return
        if codemod.any_forever:
            # A thread that runs for ever (a server): the program served until killed, as now.
            for start in self.starts:
                start.joined = True
            codemod.plan.replace[id(statement)] = codemod.wait_forever()
        elif waiting and not others:
            codemod.plan.replace[id(statement)] = codemod.joins(waiting)
        elif main_scope and codemod.thread_sites:
            codemod.plan.replace[id(statement)] = codemod.join_all()
        elif spins:
            # The module makes no thread (they start elsewhere, or none does): joins could end
            # what never ended.
            codemod.diagnose(statement, "this module starts no thread this endless wait could be waiting for: "
                             "it still waits for ever, without spinning")
            codemod.plan.replace[id(statement)] = codemod.wait_forever()

    def _count_wait(self, statement, poll, spins: bool, waiting: list[_Start]) -> None:
        """`while threading.active_count() > 1:` counted every thread, daemons too: joins of
        them all, when that is the count and none is proven to run for ever; else the poll."""
        codemod = self.codemod
        known = {id(s.assignment.value) for s in self.starts}
        others = [site for site in codemod.thread_sites if id(site) not in known]
        main_scope = self.is_module or _is_main_function(self.block, codemod)
        if _counts_down_to_one(poll.test) and not codemod.any_forever and not self._interruptible():
            if waiting and not others:
                codemod.plan.replace[id(statement)] = codemod.joins(waiting)
                return
            if main_scope:
                codemod.plan.replace[id(statement)] = codemod.join_all()
                return
        if spins:
            self._sleep_in(statement, poll, "this poll of the thread count keeps counting what it counted; "
                           "it now sleeps between checks instead of spinning")

    def _interruptible(self) -> bool:
        """Whether an exception may leave the wait being walked on purpose: it is in a `try`
        that handles KeyboardInterrupt (bare `except:`, BaseException), or the module calls
        thread.interrupt_main() or installs a signal handler."""
        if self.codemod.interrupts_main:
            return True
        return any(isinstance(s, cst.Try) and any(_catches_interrupt(h) for h in s.handlers) for s in self._enclosing)

    def _sleep_in(self, statement, poll, message: str) -> None:
        """The poll keeps its condition and sleeps between checks."""
        codemod = self.codemod
        codemod.require("time")
        codemod.diagnose(statement, message)
        sleep = cst.parse_statement(f"time.sleep({_POLL_SLEEP})\n")
        new_poll = poll.with_changes(body=cst.IndentedBlock(body=[sleep]))
        if poll is statement:
            codemod.plan.replace[id(statement)] = [new_poll]
        else:
            codemod.plan.replace[id(statement)] = [statement.with_changes(body=cst.IndentedBlock(body=[new_poll]))]
        codemod.applied()

    def _reads_any(self, start: _Start, names: set[str]) -> bool:
        """Whether the thread's function mentions a name main assigns after the wait: the
        thread may be waiting for it (`if done: break`), and a join would wait for ever."""
        return self._read_after(start, names) is not None

    def _read_after(self, start: _Start, names: set[str]) -> str | None:
        """Why `_reads_any` holds (the name read, or the code not read), else None."""
        code = self._thread_code(start)
        if isinstance(code, str):
            return code
        read = sorted(_names_in(code.function.body) & names)
        if read:
            return f"`{code.function.name.value}` reads `{read[0]}`, which main sets after the poll: it may be waiting for that"
        return None

    def _ends_with_signal(self, start: _Start, wait: cst.While | cst.For) -> bool:
        """Whether the thread's last effect on every path ends the poll (see `_signal_problem`)."""
        return self._signal_problem(start, wait) is None

    def _signal_problem(self, start: _Start, wait: cst.While | cst.For) -> str | None:
        """Why the poll `wait` may not end exactly when the thread ends, else None.  It ends
        then when the thread's function, on every path, ends with a statement that sets a
        place the poll reads (the same variable, dict key, list index or attribute: the
        thread's parameters stand for what the start passed them), the value it sets ends
        the poll where that can be told, and nothing before it sets a place the poll reads
        to a value that may end it (`ready = 1`, then waiting for main, then `done = 1`)."""
        code = self._thread_code(start)
        if isinstance(code, str):
            return code
        name = code.function.name.value
        poll = wait if isinstance(wait, cst.While) else only_statement(wait.body)
        main_bound = loop_element(wait)
        reads = read_places(poll.test, main_bound)
        shown = shown_places(reads) or f"`{code_of(poll.test).strip()}`"
        acquired = acquired_in(poll.test)
        if acquired is not None:
            return f"its test acquires `{acquired}`, which main then holds: a join would not"
        final, shielded, trailing = final_effect(code.function.body)
        if final is None:
            return f"`{name}` may end without setting {shown}: its last statement is not run on every path"
        body = read_body(code.function.body)
        bound = body.bindings(code.function, code.arguments)
        if exits_early(body, shielded, trailing):
            return f"`{name}` may return, raise or exit before its last statement sets {shown}"
        ends = [(place, constant) for place, constant in body.places(lambda owner: owner is final, bound)
                if any(overlap(place, read) for read in reads)]
        if not ends:
            return f"the last statement of `{name}` does not set {shown}"
        place, constant = ends[0]
        if constant is not None and poll_ended_by(constant, place, poll.test, main_bound) is False:
            value = code_of(constant).strip()
            return f"the last statement of `{name}` sets {shown_places([place])} to `{value}`, which does not end the poll"
        for place, constant in body.places(lambda owner: owner is not final, bound):
            if not any(overlap(place, read) for read in reads):
                continue
            if constant is not None and poll_ended_by(constant, place, poll.test, main_bound) is False:
                continue  # a state the poll goes on waiting through (`state = 1` under `while state != 2`)
            return (f"`{name}` also sets {shown_places([place])} before its last statement, "
                    "so the poll may end while the thread still runs")
        return None

    def _why_kept(self, waiting: list[_Start], loop, wait: cst.While | cst.For) -> str:
        """Why a poll stays a poll, for its diagnostic."""
        if not waiting:
            return "no thread was started before it in this scope"
        if loop is not None:
            return "it runs inside a loop"
        for start in waiting:
            problem = self._signal_problem(start, wait) or self._read_after(start, self._assigned_after())
            if problem is not None:
                return problem
        return "the threads may wait for main"

    def _thread_code(self, start: _Start) -> ThreadCode | str:
        """The function a started thread runs, with what its parameters stand for in main;
        or why threadmod cannot tell: `target=f` (a function of the module), `target=self.m`
        (a method of the class whose method started it), or a Thread subclass of the module
        that defines `run`.  Only code the thread stage always sees (masking.py keeps the
        targets' definitions, and every statement that mentions `self` or `Thread`)."""
        call = start.assignment.value
        keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        target = keywords.get("target")
        receiver: cst.BaseExpression | None = None
        function = None
        if target is None and isinstance(call.func, cst.Name):
            function = method(self._class_named(call.func), "run")
            receiver = cst.Name(start.name)
            keywords = {}
        elif isinstance(target, cst.Name):
            function = self._function_named(target)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            function = method(self._class_of_self(target.value), target.attr.value)
            receiver = target.value
        if function is None:
            what = code_of(target).strip() if target is not None else start.name
            return f"the thread runs `{what}`, code threadmod does not read"
        parameters = [p.name.value for p in function.params.params]
        arguments = {parameter: UNSEEN for parameter in parameters}
        if receiver is not None and parameters:
            arguments[parameters.pop(0)] = seen(receiver)
        positional = keywords.get("args")
        if isinstance(positional, (cst.Tuple, cst.List)):
            for parameter, element in zip(parameters, positional.elements):
                if isinstance(element, cst.StarredElement):
                    break
                arguments[parameter] = seen(element.value)
        named = keywords.get("kwargs")
        if isinstance(named, cst.Dict):
            for element in named.elements:
                key = literal_value(element.key) if isinstance(element, cst.DictElement) else None
                if isinstance(key, str) and key in arguments:
                    arguments[key] = seen(element.value)
        return ThreadCode(function, arguments)

    def _binding(self, name: cst.Name):
        """The one binding of a name in the scope it refers to (model.py), else None."""
        model = self.codemod.model
        scope = model.scope_of.get(id(name)) if model is not None else None
        found = model.lookup(name.value, scope) if scope is not None else None
        bindings = found.bindings.get(name.value, []) if found is not None else []
        return bindings[0] if len(bindings) == 1 else None

    def _function_named(self, name: cst.Name) -> cst.FunctionDef | None:
        binding = self._binding(name)
        if binding is not None:
            return binding[1] if binding[0] == "def" else None
        model = self.codemod.model
        if model is not None and model.known(name):
            return None  # bound more than once, or to something else
        return self.codemod.functions.get(name.value)

    def _class_named(self, name: cst.Name) -> cst.ClassDef | None:
        binding = self._binding(name)
        return binding[1] if binding is not None and binding[0] == "class" else None

    def _class_of_self(self, name: cst.Name) -> cst.ClassDef | None:
        """The module's class whose method has `name` as its first parameter (`self`)."""
        binding = self._binding(name)
        if binding is None or binding[0] != "param" or binding[1][1] != 0 or self.codemod.model is None:
            return None
        return self.codemod.model.method_of.get(id(binding[1][0]))


def _nonblocking_acquire(test) -> cst.BaseExpression | None:
    """The lock of a test `not L.acquire(0)` (or `False`, `blocking=False`), else None."""
    if not (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)):
        return None
    call = test.expression
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "acquire"):
        return None
    if len(call.args) != 1 or code_of(call.args[0].value).strip() not in ("0", "False"):
        return None
    keyword = call.args[0].keyword
    if keyword is not None and keyword.value not in ("blocking", "waitflag"):
        return None
    return call.func.value


def _blocking_acquire(statement, poll, lock) -> cst.BaseStatement:
    """`l.acquire()` for the poll `while not l.acquire(0): ...`, in its `for l in locks:` if any."""
    acquire = cst.parse_statement(f"{code_of(lock)}.acquire()\n")
    if poll is statement:
        return acquire.with_changes(leading_lines=statement.leading_lines)
    return statement.with_changes(body=cst.IndentedBlock(body=[acquire]))


def _assigned_names(statement) -> set[str]:
    """The names a statement (and the blocks in it, not the defs) assigns."""
    collector = _Assigned()
    walk(statement, collector)
    return collector.names


class _Assigned(cst.CSTVisitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.names |= _names_in(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.names |= _names_in(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.names |= _names_in(node.target)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False


def _waiting_body(codemod, body) -> bool:
    statements = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)) else ()
    smalls = []
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            smalls.extend(statement.body)
        elif isinstance(statement, cst.BaseSmallStatement):
            smalls.append(statement)
        else:
            return False
    return bool(smalls) and all(
        isinstance(s, cst.Pass) or (isinstance(s, cst.Expr) and isinstance(s.value, cst.Call) and _is_sleep(codemod, s.value))
        for s in smalls
    )


def _body_sleeps(body) -> bool:
    statements = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite)) else ()
    text = "".join(code_of(s) for s in statements)
    return "sleep" in text


def _is_sleep(codemod, call: cst.Call) -> bool:
    return codemod.is_qualified(call.func, "time.sleep")


# Calls that take something each time (data, an item): a loop on them drains, it does not wait.
_CONSUMING = frozenset({
    "read", "readline", "readlines", "recv", "recv_into", "recvfrom", "pop", "popleft", "get_nowait",
    "next", "accept", "send", "write", "readframes",
})


def _consumes(test) -> bool:
    finder = _ConsumingCall()
    walk(test, finder)
    return finder.found


class _ConsumingCall(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found = False

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if name in _CONSUMING or (name == "get" and not node.args):  # q.get(), not d.get('key')
            self.found = True


def _alive_poll(test) -> str | None:
    """NAME of a test `NAME.is_alive()` (or `isAlive()`), else None."""
    if not (isinstance(test, cst.Call) and not test.args and isinstance(test.func, cst.Attribute)):
        return None
    receiver = test.func.value
    if test.func.attr.value in ("is_alive", "isAlive") and isinstance(receiver, cst.Name):
        return receiver.value
    return None


def _polls_active_count(test) -> bool:
    text = code_of(test)
    return "activeCount" in text or "active_count" in text or "enumerate()" in text


def _counts_down_to_one(test) -> bool:
    """`active_count() > 1` (or `!= 1`, `>= 2`, `1 < ...`, `len(threading.enumerate()) > 1`):
    a wait until main is the only thread left."""
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1):
        return False
    left, target = test.left, test.comparisons[0]
    operator, right = type(target.operator).__name__, target.comparator
    if isinstance(left, cst.Integer):  # 1 < active_count()
        left, right = right, left
        operator = {"LessThan": "GreaterThan", "LessThanEqual": "GreaterThanEqual"}.get(operator, operator)
    if not isinstance(right, cst.Integer):
        return False
    text = code_of(left).replace(" ", "")
    if not (text.endswith(("activeCount()", "active_count()")) or text == "len(threading.enumerate())"):
        return False
    return (operator, right.value) in (("GreaterThan", "1"), ("NotEqual", "1"), ("GreaterThanEqual", "2"))


def _catches_interrupt(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = _names_in(handler.type)
    return bool(names & {"KeyboardInterrupt", "BaseException", "SystemExit"})


class _ThreadCensus(cst.CSTVisitor):
    """Every call that makes a thread (`threading.Thread(...)`, a Thread subclass, a
    `start_new_thread` left as it is), and whether the module interrupts its main thread."""

    def __init__(self, codemod: JoinThreads) -> None:
        self.codemod = codemod
        self.sites: list[cst.Call] = []
        self.interrupts_main = False

    def visit_Call(self, node: cst.Call) -> None:
        codemod = self.codemod
        if (
            codemod.is_qualified(node.func, "threading.Thread")
            or (isinstance(node.func, cst.Name) and node.func.value in codemod.thread_classes)
            or codemod.thread_api(node.func) in ("start_new_thread", "start_new")
        ):
            self.sites.append(node)
        elif codemod.thread_api(node.func) == "interrupt_main" or codemod.is_qualified(node.func, "signal.signal"):
            self.interrupts_main = True


def _names_in(node) -> set[str]:
    collector = _Names()
    walk(node, collector)
    return collector.names


def _appended_to(statements, index: int, name: str) -> str | None:
    """`threads.append(t)` right after `t.start()` names the list already collecting t."""
    if index + 1 >= len(statements):
        return None
    following = statements[index + 1]
    if isinstance(following, cst.SimpleStatementLine) and len(following.body) == 1:
        small = following.body[0]
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            call = small.value
            if (
                isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "append"
                and isinstance(call.func.value, cst.Name)
                and len(call.args) == 1
                and isinstance(call.args[0].value, cst.Name)
                and call.args[0].value.value == name
            ):
                return call.func.value.value
    return None


def _daemon_keyword(call) -> bool:
    return isinstance(call, cst.Call) and any(
        a.keyword is not None and a.keyword.value == "daemon" and isinstance(a.value, cst.Name) and a.value.value == "True"
        for a in call.args
    )


def _is_main_function(block, codemod) -> bool:
    return any(f.body is block and f.name.value == "main" for f in codemod.functions.values())
