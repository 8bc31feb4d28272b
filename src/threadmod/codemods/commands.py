"""The thread codemods as libcst commands, for libcst's own runner::

    python -m libcst.tool codemod -x threadmod.codemods.commands.StartNewThread FILE...

Each class is the codemod itself plus libcst's `VisitorBasedCodemodCommand`, so it takes
libcst.tool's options and context, and fixes its imports when it ends (threadmod's
pipeline fixes them once, after all codemods).  The input must be Python 3: libcst.tool
has no Python 2 front end; `threadmod convert` has.  threadmod's own pipeline never
imports this module, which brings `libcst.codemod` and its matchers (0.15 s).
"""

from __future__ import annotations

from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand

from threadmod.codemods import (
    exec_strings,
    join_threads,
    lock_with,
    queue_module,
    start_new_thread,
    thread_exit,
    thread_locks,
    thread_module_api,
    threading_camelcase,
)
from threadmod.codemods.base import ThreadCodemod


def _command_init(self, context: CodemodContext) -> None:
    # Not VisitorBasedCodemodCommand.__init__: its matcher set-up inspects every attribute
    # for @m.visit/@m.leave functions, and these codemods have none (tests/test_traversal.py).
    Codemod.__init__(self, context)
    ThreadCodemod.__init__(self, context)
    self._extra_visit_funcs = {}
    self._extra_leave_funcs = {}
    self._matchers = {}


# The codemod first: its transform_module (no metadata wrapper, imports fixed by its own
# leave_Module) wins over the command's.
class ExecStrings(exec_strings.ExecStrings, VisitorBasedCodemodCommand):
    __init__ = _command_init


class LockWith(lock_with.LockWith, VisitorBasedCodemodCommand):
    __init__ = _command_init


class ThreadLocks(thread_locks.ThreadLocks, VisitorBasedCodemodCommand):
    __init__ = _command_init


class StartNewThread(start_new_thread.StartNewThread, VisitorBasedCodemodCommand):
    __init__ = _command_init


class ThreadExit(thread_exit.ThreadExit, VisitorBasedCodemodCommand):
    __init__ = _command_init


class ThreadModuleApi(thread_module_api.ThreadModuleApi, VisitorBasedCodemodCommand):
    __init__ = _command_init


class ThreadingCamelCase(threading_camelcase.ThreadingCamelCase, VisitorBasedCodemodCommand):
    __init__ = _command_init


class QueueModule(queue_module.QueueModule, VisitorBasedCodemodCommand):
    __init__ = _command_init


class JoinThreads(join_threads.JoinThreads, VisitorBasedCodemodCommand):
    __init__ = _command_init


COMMANDS = (ExecStrings, LockWith, ThreadLocks, StartNewThread, ThreadExit, ThreadModuleApi, ThreadingCamelCase, QueueModule, JoinThreads)
