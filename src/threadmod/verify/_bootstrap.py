# -*- coding: utf-8 -*-
"""The in-process harness of `threadmod verify`: one source file for Python 2.7 and 3.9+.

    python _bootstrap.py --trace OUT.json [--quantum N] [--max-vtime S] [--seed N]
                         [--real-limit S] [--stall S] -- SCRIPT [ARGS...]

installs the patches below, runs SCRIPT as `__main__` (read as its interpreter reads a
script: Python 2 through execfile(), so PEP 263's rules for files apply; a file it refuses
is `cannot-run`) and writes what happened to OUT.json.  It imports nothing from threadmod
(Python 2 runs it).  The process always ends with os._exit(0) once the trace is written; a missing trace means the harness failed.

Scheduling (identical in both interpreters, so a legacy script and its conversion are run
the same way):

- Every thread is a real OS thread, but only the holder of the baton runs Python code.  A
  thread passes the baton only at a blocking point: time.sleep, a contended lock acquire
  (thread locks; threading Lock/RLock and everything built on them: Condition, Event,
  Semaphore, Barrier, Timer, Queue), Thread.join, or its end.  Uncontended acquires and
  every release never switch, so `with lock:` and acquire()/release() schedule alike.
- Starting a thread never switches: the parent continues and the child joins the tail of
  the ready queue, for thread.start_new_thread and threading.Thread.start alike (the child
  runs its threading bootstrap, which sets `ident`, before the parent continues).
- Virtual clock: when no thread is ready, the clock jumps to the earliest wake-up and every
  thread due at that time becomes ready in the order its wait was registered.
- Busy loops: a line-event trace on the script's own files counts lines; a thread that runs
  QUANTUM lines without blocking goes idle until another thread does something or the clock
  moves (a thread that read the clock in that quantum sleeps SPIN_TICK instead).  When only
  idle threads remain and each has run two quanta in a row with no effect (same frame, same
  line, the same values in its locals and globals, a level or two deep; nothing output,
  locked or started), the run ends as a spin.  So does a thread that sleeps in a loop when
  its wake-up is all that is left and nothing changed since its last sleep.
- Exit: when main's code ends, non-daemon threading threads are waited for (Python 2 and 3
  both do), atexit handlers run, and that is the exit point.  Threads still alive then are
  `cut-off`; they continue (their items flagged after_exit) until they end, block forever,
  or a budget runs out, so a comparison can see what they would have printed.

- Real time: a watchdog thread outside the scheduler ends the run as `runaway` after
  --real-limit seconds, and a thread that sits --stall seconds in a real call (a socket, a
  pipe) while the process uses no CPU counts as blocked for ever (it never runs again).
- random: randrange, randint, choice, shuffle, sample, uniform and seed are Python 2.7's,
  on the random() both interpreters share, seeded with --seed (also for random.seed()).
- Locks are `thread.LockType`/`_thread.LockType`, with the real type names and reprs.

Output: sys.stdout/sys.stderr become writers that buffer per thread and record whole lines
tagged with the thread (its `softspace`, used by Python 2's print statement, is per thread
too).  Lock operations on locks created by the script are recorded as `sync` items.
"""

from __future__ import absolute_import, division, print_function

import sys

PY2 = sys.version_info[0] == 2

import atexit  # noqa: E402
import collections  # noqa: E402
import heapq  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import types  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402

if PY2:  # pragma: no cover - Python 2 only
    import thread as _thread_mod
    import Queue as _queue_mod
    import __builtin__ as builtins

    text_type = unicode  # noqa: F821
    int_types = (int, long)  # noqa: F821
    try:
        import imp as _imp
    except ImportError:
        _imp = None
else:
    import _thread as _thread_mod
    import queue as _queue_mod
    import builtins

    text_type = str
    int_types = (int,)
    try:
        import _imp
    except ImportError:  # pragma: no cover
        _imp = None

FORMAT = 1
EPOCH = 946684800.0  # time.time() at virtual time 0: 2000-01-01 00:00:00 UTC
MONOTONIC_BASE = 1000.0  # time.monotonic()/perf_counter() at virtual time 0
SPIN_TICK = 0.01  # a clock-polling busy loop sleeps this long per quantum
PARK_MAX = 256  # finished threads kept parked (not exited) so the OS reuses no ident


_real_allocate_lock = _thread_mod.allocate_lock
_real_start_new_thread = _thread_mod.start_new_thread
_real_start_joinable_thread = getattr(_thread_mod, "start_joinable_thread", None)
_real_get_ident = _thread_mod.get_ident
_real_sleep = time.sleep
_real_exit = os._exit
_real_time = time.time
_real_stderr = sys.stderr
_ThreadError = _thread_mod.error

SCHED = None  # the one _Sched of this process


def _code_file():
    return _code_file.__code__.co_filename


HARNESS_CO_FILE = _code_file()  # this file, as its code objects name it
HARNESS_FILE = os.path.normcase(os.path.abspath(HARNESS_CO_FILE))


def _callable_name(f):
    seen = 0
    while hasattr(f, "func") and hasattr(f, "args") and seen < 10:  # functools.partial
        f = f.func
        seen += 1
    name = getattr(f, "__name__", None)
    if not isinstance(name, str):
        name = type(f).__name__
    return name


def _timer_class():
    return getattr(threading, "_Timer", None) or threading.Timer


def _thread_callable_name(t):
    cls = type(t)
    base_run = threading.Thread.run
    run = getattr(cls, "run", None)
    if getattr(run, "__func__", run) is not getattr(base_run, "__func__", base_run):
        timer = _timer_class()
        if isinstance(timer, type) and isinstance(t, timer) and getattr(t, "function", None) is not None:
            return _callable_name(t.function)
        return cls.__name__
    target = t.__dict__.get("_Thread__target" if PY2 else "_target")
    if target is None:
        return "Thread"
    return _callable_name(target)


def _text(s):
    """Text of something written to stdout/stderr (bytes of Python 2 decoded as UTF-8, else Latin-1)."""
    if isinstance(s, text_type):
        return s
    if isinstance(s, bytes):
        try:
            return s.decode("utf-8")
        except UnicodeDecodeError:
            return s.decode("latin-1")
    return text_type(s)


class _Rec(object):
    """One thread, as the scheduler sees it."""

    def __init__(self, kind, base, parent, daemon):
        self.gate = _real_allocate_lock()
        self.gate.acquire()
        self.kind = kind  # main | raw | threading
        self.base = base  # the callable's name
        self.name = None
        self.order = 0
        self.parent = parent
        self.daemon = daemon
        self.ident = None
        self.tname = None  # the threading name, when it has one
        self.state = "new"  # ready | running | blocked | idle | done
        self.prologue = False
        self.starting = None  # the child whose threading bootstrap we wait for
        self.deferred_wake = False
        self.pending = None  # (name, Thread) while inside Thread.start
        self.waiting = None
        self.wake_result = None
        self.timer = None
        self.joiners = []
        self.items = []
        self.partial = {"out": [], "err": []}
        self.softspace = {"out": 0, "err": 0}
        self.lines_run = 0
        self.read_clock = False
        self.spin_sig = None
        self.spin_events = -1
        self.spin_confirmed = False
        self.sleep_sig = None
        self.sleep_events = -1
        self.clock_since_sleep = False
        self.end = None
        self.cont_end = None
        self.exception = None
        self.exc_message = None
        self.traceback = None
        self.joined = False
        self.waited_at_exit = False
        self.started_at = 0.0
        self.ended_at = None
        self.start_seq = 0
        self.end_seq = None
        self.parked = False  # the OS thread stays alive after the end (its ident is not reused)
        self.holding = []  # the script's own locks this thread still held when it ended
        self.real_blocked = False  # stuck in a real call (socket, pipe...): blocked for ever


class _Wait(object):
    """What a blocked thread waits for; drop() undoes the registration on a timeout."""

    def __init__(self, what, drop=None):
        self.what = what
        self.drop = drop


class _Sched(object):
    def __init__(self, trace_path, script, quantum, max_vtime, cont_vtime, cont_items):
        self.trace_path = trace_path
        self.script = script
        self.quantum = quantum
        self.max_vtime = max_vtime
        self.cont_vtime = cont_vtime
        self.cont_items = cont_items
        self.now = 0.0
        self.seq = 0
        self.events = 0
        self.item_seq = 0
        self.ready = collections.deque()
        self.idle = []
        self.timers = []
        self.recs = []
        self.by_ident = {}
        self.counts = {}
        self.lock_counts = {}
        self.named_locks = []  # the locks the script created, in creation order
        self.current = None
        self.main_code_ended = False
        self.exited = False
        self.exit_time = None
        self.exit_code = None
        self.after_exit_items = 0
        self.switches = 0
        self.quanta = 0
        self.parked = 0
        self.budget_spent = False
        self.main_poll_seq = None  # when main first slept or spun while another thread ran
        self.warnings = []
        self.finishing = False
        self.finish_lock = _real_allocate_lock()
        self.finisher = None
        self.seed = 0
        self.where = {}  # thread -> where its code stood when the run ended
        self.user_files = {}
        self.script_dir = os.path.normcase(os.path.dirname(script)) + os.sep
        prefixes = set()
        for p in (sys.prefix, sys.exec_prefix, getattr(sys, "base_prefix", sys.prefix),
                  getattr(sys, "real_prefix", sys.prefix)):
            prefixes.add(os.path.normcase(os.path.abspath(p)) + os.sep)
        self.prefixes = tuple(prefixes)
        self.harness_dir = os.path.dirname(HARNESS_FILE) + os.sep
        main = _Rec("main", "main", None, False)
        main.ident = _real_get_ident()
        main.state = "running"
        main.name = "main"
        self.recs.append(main)
        self.by_ident[main.ident] = main
        self.main = main
        self.current = main

    # -- which code is the user's -------------------------------------------------------
    def is_user_file(self, filename):
        u = self.user_files.get(filename)
        if u is None:
            f = os.path.normcase(os.path.abspath(filename)) if filename and not filename.startswith("<") else ""
            if f == os.path.normcase(self.script):
                u = True
            elif not f or not f.startswith(self.script_dir) or f.startswith(self.harness_dir):
                u = False
            else:
                u = not any(f.startswith(p) and ("site-packages" in f or "lib" + os.sep + "python" in f)
                            for p in self.prefixes)
            self.user_files[filename] = u
        return u

    def first_outside_harness(self):
        """The innermost frame that is not this file's: who called into the harness."""
        f = sys._getframe(1)
        while f is not None and f.f_code.co_filename == HARNESS_CO_FILE:
            f = f.f_back
        return f

    def user_frame(self, f):
        """Whether frame f runs the script's own code (where lock names and events come from)."""
        return f is not None and self.is_user_file(f.f_code.co_filename)

    # -- threads -------------------------------------------------------------------------
    def cur(self):
        rec = self.by_ident.get(_real_get_ident())
        if rec is not None and rec is self.current:
            return rec
        if rec is not None and rec.real_blocked:
            _park()
        return None

    def stalled(self, rec):
        """The running thread sat in a real call (a socket, a pipe...) for the stall limit,
        using no CPU: it counts as blocked for ever from now on (if the call ever returns,
        the thread waits for ever), and the others run on, as they would for real."""
        if rec is None or rec.state != "running" or self.finishing or rec is not self.current:
            return
        rec.real_blocked = True
        rec.state = "blocked"
        rec.waiting = _Wait("a real call at " + _where(rec.ident))
        self.events += 1
        nxt = self.pick(rec)  # may end the run
        self.switches += 1
        self.current = nxt
        nxt.state = "running"
        nxt.gate.release()

    def runaway(self, secs):
        rec = self.current
        self.finish("runaway", "%s still running after %.0f s of real time" % (
            rec.name if rec is not None else "?", secs))

    def new_rec(self, kind, base, parent, daemon):
        rec = _Rec(kind, base, parent, daemon)
        n = self.counts.get(base, 0) + 1
        self.counts[base] = n
        rec.name = "%s#%d" % (base, n)
        rec.order = len(self.recs)
        rec.started_at = self.now
        self.item_seq += 1
        rec.start_seq = self.item_seq
        self.recs.append(rec)
        return rec

    def spawn(self, starter, function, args, kwargs):
        """Start an OS thread that runs function under the baton; returns starter's result."""
        s = self
        me = self.cur()
        pending = me.pending if me is not None else None
        if pending is not None:
            base, tobj = pending
            rec = self.new_rec("threading", base, me, bool(tobj.daemon))
            tobj.__dict__["_tm_rec"] = rec
            try:
                rec.tname = tobj.name
            except Exception:
                pass
        else:
            rec = self.new_rec("raw", _callable_name(function), me, True)

        def body():
            ident = _real_get_ident()
            rec.ident = ident
            s.by_ident[ident] = rec
            rec.gate.acquire()
            sys.settrace(_global_trace)
            try:
                if rec.kind == "raw":
                    try:
                        function(*args, **kwargs)
                    except SystemExit:
                        pass
                    except BaseException:
                        s.record_exception(rec)
                else:
                    function(*args, **kwargs)
            except BaseException:
                s.record_exception(rec)
            finally:
                sys.settrace(None)
                if s.parked < PARK_MAX:
                    s.parked += 1
                    rec.parked = True
                s.thread_exit(rec)
                if rec.parked:
                    park = _real_allocate_lock()
                    park.acquire()
                    park.acquire()  # until os._exit ends the process

        result = starter(body)
        if rec.kind == "raw" and isinstance(result, int_types):
            rec.ident = result
            self.by_ident[result] = rec
        self.events += 1
        rec.state = "ready"
        if pending is not None and me is not None:
            rec.prologue = True
            me.starting = rec
            self.ready.appendleft(rec)
        else:
            self.ready.append(rec)
        return result

    def prologue_done(self, me):
        """A threading child reached run(): the parent resumes, the child queues as new."""
        me.prologue = False
        parent = me.parent
        me.state = "ready"
        self.ready.append(me)
        if parent is not None and parent.starting is me:
            parent.starting = None
            if parent.deferred_wake:
                parent.deferred_wake = False
                self.current = parent
                parent.state = "running"
                self.switches += 1
                parent.gate.release()
                me.gate.acquire()
                return
        self.switch(me)

    def thread_exit(self, me):
        self.flush_partials(me)
        me.holding = [lk._name for lk in self.named_locks if lk._held_by() is me]
        parent = me.parent
        if me.prologue and parent is not None and parent.starting is me:
            parent.starting = None  # died before run(): let the parent go on
            if parent.deferred_wake:
                parent.deferred_wake = False
                self.ready.append(parent)
        me.state = "done"
        me.ended_at = self.now
        self.item_seq += 1
        me.end_seq = self.item_seq
        self.events += 1
        if self.exited:
            me.cont_end = "finished"
        elif self.main_code_ended:
            me.end = "outlived-main"
        else:
            me.end = "finished"
        for j in me.joiners:
            self.wake(j, True)
        me.joiners = []
        self.switch(me)

    def record_exception(self, rec):
        et, ev, tb = sys.exc_info()
        rec.exception = et.__name__
        try:
            rec.exc_message = _text(ev)
        except Exception:
            rec.exc_message = ""
        entries = [e for e in traceback.extract_tb(tb)
                   if os.path.normcase(os.path.abspath(e[0])) != HARNESS_FILE
                   and os.path.basename(e[0]) != "threading.py"]
        lines = ["Traceback (most recent call last):\n"] + traceback.format_list(entries)
        lines += traceback.format_exception_only(et, ev)
        rec.traceback = "".join(_text(x) for x in lines)

    # -- blocking ------------------------------------------------------------------------
    def block(self, me, wait, timeout=None):
        """Block `me` (the current thread) until woken (True) or timed out (False)."""
        self.events += 1
        me.state = "blocked"
        me.waiting = wait
        me.wake_result = None
        if timeout is not None:
            self.seq += 1
            when = self.now + max(timeout, 0.0)
            me.timer = (when, self.seq)
            heapq.heappush(self.timers, (when, self.seq, me))
        self.switch(me)
        return me.wake_result

    def wake(self, rec, result):
        self.events += 1
        rec.timer = None
        rec.waiting = None
        rec.wake_result = result
        rec.state = "ready"
        if rec.starting is not None:
            rec.deferred_wake = True
        else:
            self.ready.append(rec)

    def others_alive(self, me):
        return any(r.state != "done" for r in self.recs if r is not me and r.kind != "unknown")

    def nothing_else_can_happen(self):
        if self.ready or self.idle:
            return False
        return not any(rec.timer == (when, seq) for when, seq, rec in self.timers)

    def sleep(self, me, secs):
        if me is self.main and self.main_poll_seq is None and self.others_alive(me):
            self.main_poll_seq = self.item_seq
        if self.nothing_else_can_happen() and not me.clock_since_sleep:
            # a sleep loop with nothing left to wait for: `while True: time.sleep(1)` (one
            # that reads the clock may be waiting for a time, so it is never one)
            frame = self.first_outside_harness()
            sig = _spin_signature(frame) if frame is not None else None
            if sig is not None and sig == me.sleep_sig and self.events == me.sleep_events:
                me.state = "idle"
                self.idle.append(me)
                self.end_spin(slept=True)
            me.sleep_sig = sig
        else:
            me.sleep_sig = None
        me.clock_since_sleep = False
        self.block(me, _Wait("sleep"), secs)
        me.sleep_events = self.events

    def join(self, me, target, timeout):
        if target.state == "done":
            return True

        def drop(rec):
            if rec in target.joiners:
                target.joiners.remove(rec)

        target.joiners.append(me)
        return self.block(me, _Wait(("join", target), drop), timeout)

    def preempt(self, me, frame):
        """Quantum expired in user code."""
        me.lines_run = 0
        if me.ident != _real_get_ident() or self.finishing:
            rec = self.by_ident.get(_real_get_ident())
            if rec is not None and rec.real_blocked:
                _park()
            return
        if _imp is not None:
            try:
                if _imp.lock_held():
                    return
            except Exception:
                pass
        self.quanta += 1
        if me.read_clock:
            me.read_clock = False
            me.spin_sig = None
            self.block(me, _Wait("clock-spin"), SPIN_TICK)
            return
        if me is self.main and self.main_poll_seq is None and self.others_alive(me):
            self.main_poll_seq = self.item_seq
        sig = _spin_signature(frame)
        me.spin_confirmed = sig is not None and sig == me.spin_sig and self.events == me.spin_events
        me.spin_sig = sig
        me.spin_events = self.events
        me.state = "idle"
        self.idle.append(me)
        self.switch(me)

    # -- the heart: who runs next ----------------------------------------------------------
    def switch(self, me):
        nxt = self.pick(me)
        if nxt is me:
            me.state = "running"
            self.current = me
            return
        self.switches += 1
        self.current = nxt
        nxt.state = "running"
        nxt.gate.release()
        if me.state != "done":
            me.gate.acquire()

    def unidle(self):
        for r in self.idle:
            r.state = "ready"
            self.ready.append(r)
        self.idle = []

    def pick(self, me):
        """The next thread to run.  Ready threads first (FIFO); then idle threads that have
        seen something happen since they went idle; then the clock moves; then idle threads
        take another turn, unless every one of them is a confirmed spin."""
        while True:
            if self.ready:
                return self.ready.popleft()
            if self.idle:
                stale = [r for r in self.idle if r.spin_events != self.events]
                if stale:
                    self.idle = [r for r in self.idle if r.spin_events == self.events]
                    for r in stale:
                        r.state = "ready"
                        self.ready.append(r)
                    continue
            if self.fire_timers():
                continue
            if self.idle:
                if all(r.spin_confirmed for r in self.idle):
                    self.end_spin()
                self.unidle()
                continue
            self.end_stuck()

    def fire_timers(self):
        while self.timers:
            when, seq, rec = self.timers[0]
            if rec.timer != (when, seq):
                heapq.heappop(self.timers)
                continue
            break
        else:
            return False
        when = self.timers[0][0]
        if when > self.max_vtime:
            self.now = self.max_vtime
            self.finish("time-limit", "virtual time reached the limit of %g s" % self.max_vtime)
        if self.exited and when > self.exit_time + self.cont_vtime:
            self.budget_spent = True
            self.finish("exit")
        self.now = max(self.now, when)
        while self.timers and self.timers[0][0] <= self.now:
            when, seq, rec = heapq.heappop(self.timers)
            if rec.timer != (when, seq):
                continue
            w = rec.waiting
            if w is not None and w.drop is not None:
                w.drop(rec)
            self.wake(rec, False)
        self.unidle()
        return True

    def end_spin(self, slept=False):
        if self.exited:
            self.finish("exit")
        names = [r.name for r in self.idle]
        others_done = all(r.state == "done" for r in self.recs if r.state not in ("idle",))
        how = "slept in a loop" if slept else "spun"
        if names == ["main"] and others_done:
            detail = "main %s after its workers ended (ended by the harness)" % how
        else:
            detail = "%s %s forever with nothing left to wait for (ended by the harness)" % (
                ", ".join(names), how)
        self.finish("spin", detail)

    def end_stuck(self):
        if self.exited:
            self.finish("exit")
        blocked = [r for r in self.recs if r.state == "blocked"]
        self.finish("deadlock", "every thread is blocked forever: " + ", ".join(
            "%s (%s)" % (r.name, _describe_wait(r.waiting)) for r in blocked))

    # -- main's end, the trace -----------------------------------------------------------
    def main_finished(self, me, code):
        self.flush_partials(me)
        self.main_code_ended = True
        me.ended_at = self.now
        for r in list(self.recs):
            if r.kind == "threading" and not r.daemon and r.state != "done":
                r.waited_at_exit = True
                self.join(me, r, None)
        try:
            if hasattr(atexit, "_run_exitfuncs"):
                atexit._run_exitfuncs()
        except BaseException:
            self.record_exception(me)
        self.flush_partials(me)
        me.holding = [lk._name for lk in self.named_locks if lk._held_by() is me]
        self.exit_code = code
        self.exit_time = self.now
        me.end = "exited"
        me.end_seq = self.item_seq
        for r in self.recs:
            if r.state != "done" and r is not me:
                r.end = "cut-off"
        self.exited = True
        if all(r.state == "done" for r in self.recs if r is not me):
            self.finish("exit")
        me.state = "done"
        self.switch(me)  # the cut-off threads continue; finish() ends the process
        me.gate.acquire()  # main waits here until then

    def record(self, rec, kind, text):
        self.item_seq += 1
        after = 1 if self.exited else 0
        rec.items.append([kind, text, self.now, self.item_seq, after])
        if after:
            self.after_exit_items += 1
            if self.after_exit_items > self.cont_items:
                self.budget_spent = True
                self.finish("exit")

    def write(self, rec, stream, text):
        self.events += 1
        if rec is None:
            rec = self.unknown_rec()
        parts = text.split("\n")
        buf = rec.partial[stream]
        if len(parts) == 1:
            buf.append(parts[0])
            return
        buf.append(parts[0])
        self.record(rec, stream, "".join(buf))
        for p in parts[1:-1]:
            self.record(rec, stream, p)
        rec.partial[stream] = [parts[-1]] if parts[-1] else []

    def unknown_rec(self):
        for r in self.recs:
            if r.kind == "unknown":
                return r
        r = self.new_rec("unknown", "?", None, True)
        r.state = "done"
        return r

    def flush_partials(self, rec):
        for stream in ("out", "err"):
            buf = rec.partial[stream]
            if buf and "".join(buf):
                self.record(rec, stream, "".join(buf))
            rec.partial[stream] = []

    def finish(self, how, detail=""):
        """Write the trace and end the process (never returns)."""
        sys.settrace(None)
        if not self.finish_lock.acquire(False):
            if self.finisher == _real_get_ident():  # pragma: no cover - harness bug
                _real_exit(3)
            _park()  # another thread (the watchdog) is ending the run
        self.finisher = _real_get_ident()
        self.finishing = True
        if how != "exit":
            for r in self.recs:
                if r is self.main and self.main_code_ended:
                    self.where[r.name] = "the end of the script (waiting for threads at exit)"
                elif r.state != "done" and r.ident is not None and r.kind != "unknown":
                    self.where[r.name] = _where(r.ident)
        try:
            self._write_trace(how, detail)
            code = 0
        except BaseException:  # pragma: no cover - harness bug
            traceback.print_exc(file=_real_stderr)
            code = 3
        try:
            _real_stderr.flush()
        except Exception:
            pass
        _real_exit(code)

    def _write_trace(self, how, detail):
        threads = []
        for r in self.recs:
            self.flush_partials(r)
            end = r.end
            if r is self.main and how in ("spin", "deadlock", "time-limit") and r.state != "done":
                end = {"idle": "spinning", "blocked": "blocked"}.get(r.state, "running")
            elif end is None or (end == "cut-off" and not self.exited):
                end = {"idle": "spinning", "blocked": "blocked", "done": "finished"}.get(r.state, "running")
            cont_end = r.cont_end
            if end == "cut-off" and cont_end is None:
                cont_end = "budget" if self.budget_spent else {
                    "idle": "spinning", "blocked": "blocked"}.get(r.state, "budget")
            threads.append({
                "name": r.name, "order": r.order, "kind": r.kind, "callable": r.base,
                "parent": r.parent.name if r.parent is not None else None,
                "daemon": r.daemon, "ident": r.ident, "tname": r.tname,
                "started_at": r.started_at, "ended_at": r.ended_at,
                "start_seq": r.start_seq, "end_seq": r.end_seq,
                "end": end, "cont_end": cont_end,
                "exception": r.exception, "exc_message": r.exc_message, "traceback": r.traceback,
                "joined": r.joined, "waited_at_exit": r.waited_at_exit,
                "waiting_on": _describe_wait(r.waiting) if r.state == "blocked" else None,
                "holding": r.holding,
                "items": r.items,
            })
        data = {
            "format": FORMAT,
            "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
            "script": self.script,
            "how": how, "detail": detail,
            "exit_code": self.exit_code,
            "vtime": self.now, "exit_vtime": self.exit_time,
            "main_poll_seq": self.main_poll_seq,
            "threads": threads,
            "warnings": self.warnings,
            "seed": self.seed, "where": self.where,
            "after_poll": [r.name for r in self.recs if self.main_poll_seq is not None and r is not self.main
                           and r.start_seq > self.main_poll_seq],
            "stats": {"switches": self.switches, "quanta": self.quanta, "quantum": self.quantum},
        }
        tmp = self.trace_path + ".part"
        with open(tmp, "w") as f:
            json.dump(data, f)
        os.rename(tmp, self.trace_path)


def _park():
    """Wait for ever (until os._exit ends the process)."""
    park = _real_allocate_lock()
    park.acquire()
    park.acquire()


def _where(ident):
    """FILE:LINE in FUNCTION: the innermost frame of the script's own code in thread `ident`."""
    f = sys._current_frames().get(ident)
    while f is not None:
        if SCHED.is_user_file(f.f_code.co_filename):
            return "%s:%d in %s" % (os.path.basename(f.f_code.co_filename), f.f_lineno, f.f_code.co_name)
        f = f.f_back
    return "(outside the script's code)"


def _cpu():
    t = os.times()
    return t[0] + t[1]


def _start_watchdog(s, real_limit, stall):
    """A real thread outside the scheduler: ends a run that passes the real-time limit (a
    runaway) and takes the baton from a thread stuck in a real call (see _Sched.stalled)."""
    if real_limit <= 0 and stall <= 0:
        return

    def watch():
        started = _real_time()
        last, since, cpu = None, started, _cpu()
        while not s.finishing:
            _real_sleep(0.05)
            now = _real_time()
            if real_limit > 0 and now - started > real_limit:
                s.runaway(now - started)
            cur = s.current
            mark = (s.events, s.quanta, s.switches, s.item_seq, id(cur), cur.lines_run if cur is not None else 0)
            c = _cpu()
            if mark != last:
                last, since, cpu = mark, now, c
            elif stall > 0 and now - since >= stall and c - cpu < 0.25 * (now - since):
                s.stalled(cur)
                last = None

    _real_start_new_thread(watch, ())


def _describe_wait(wait):
    if wait is None:
        return "nothing"
    what = wait.what
    if isinstance(what, tuple) and what and what[0] == "join":
        return "join %s" % what[1].name
    if isinstance(what, _SchedLock):
        return "lock %s" % what._name if what._name else "a wait inside threading or queue"
    return str(what)


_SIMPLE = (int, float, complex, bool, type(None), bytes, text_type, str) + ((long,) if PY2 else ())  # noqa: F821
_OPAQUE = (type(sys), type(_callable_name), type, type(len))  # modules, functions, classes, builtins


def _value_sig(v, depth):
    """What a busy loop could be waiting on to change: simple values by value (ids of ints
    are reused as soon as one is freed), containers and instance dicts a level or two deep."""
    t = type(v)
    if t in _SIMPLE:
        return v
    if depth <= 0 or isinstance(v, _OPAQUE):
        return ("id", id(v))
    if t in (list, tuple):
        if len(v) > 64:
            return ("seq", id(v), len(v), _value_sig(v[-1], depth - 1))
        return (t.__name__,) + tuple(_value_sig(x, depth - 1) for x in v)
    if t is dict:
        if len(v) > 512:
            return ("dict", id(v), len(v))
        return ("dict",) + tuple((_value_sig(k, 0), _value_sig(x, depth - 1)) for k, x in v.items())
    if t in (set, frozenset):
        return ("set", id(v), len(v))
    d = getattr(v, "__dict__", None)
    if isinstance(d, dict) and len(d) <= 64:
        return ("obj", id(v)) + tuple((k, _value_sig(x, depth - 1)) for k, x in d.items())
    return ("id", id(v))


def _spin_signature(frame):
    """Frame, line and the state of its locals and globals: equal at two quantum ends with
    nothing else happening in between means the loop cannot end."""
    try:
        loc = frame.f_locals
        sig = [id(frame), frame.f_lineno, _value_sig(dict(loc), 2)]
        if frame.f_globals is not loc:
            sig.append(_value_sig(frame.f_globals, 2))
        return tuple(sig)
    except Exception:
        return None


# -- tracing ------------------------------------------------------------------------------
def _global_trace(frame, event, arg):
    if event == "call" and SCHED.is_user_file(frame.f_code.co_filename):
        return _local_trace
    return None


def _local_trace(frame, event, arg):
    if event == "line":
        rec = SCHED.current
        rec.lines_run += 1
        if rec.lines_run >= SCHED.quantum:
            SCHED.preempt(rec, frame)
    return _local_trace


# -- locks ----------------------------------------------------------------------------------
class _RealTypeRepr(type):
    """The scheduler's lock classes print as the real ones: <type 'thread.lock'> on Python 2."""

    def __repr__(cls):
        real = cls.__dict__.get("_real_repr")
        return real if real is not None else type.__repr__(cls)


_LockBase = _RealTypeRepr("_LockBase", (object,), {"__slots__": ()})


class _SchedLock(_LockBase):
    """A lock of the virtual scheduler: contention passes the baton; release hands over FIFO."""

    def __init__(self, *args, **kwargs):
        self._locked = False
        self._waiters = collections.deque()
        self._holder = None
        self._name = None  # lock#k when the script itself created it
        s = SCHED
        if s is not None and not s.finishing and s.user_frame(sys._getframe(1)):
            self._name = _next_lock_name("lock")
            s.named_locks.append(self)

    def _acquire(self, blocking, timeout):
        s = SCHED
        me = s.cur() if s is not None else None
        if not PY2:
            if not blocking and timeout != -1:
                raise ValueError("can't specify a timeout for a non-blocking call")
            if timeout is not None and timeout < 0 and timeout != -1:
                raise ValueError("timeout value must be a non-negative number")
        if me is None:
            return self._acquire_outside(blocking, timeout)
        s.events += 1
        if not self._locked:
            self._locked = True
            self._holder = me
            got = True
        elif not blocking or timeout == 0:
            got = False
        else:
            t = None if timeout is None or timeout < 0 else timeout
            self._waiters.append(me)

            def drop(rec, waiters=self._waiters):
                if rec in waiters:
                    waiters.remove(rec)

            got = bool(s.block(me, _Wait(self, drop), t))
            if got:
                self._holder = me
        return got

    def _held_by(self):
        return self._holder if self._locked else None

    def _acquire_outside(self, blocking, timeout):
        # a thread the scheduler does not run (interpreter teardown): plain polling
        deadline = None if timeout is None or timeout < 0 else time.time() + timeout
        while self._locked:
            if not blocking or (deadline is not None and time.time() >= deadline):
                return False
            _real_sleep(0.0005)
        self._locked = True
        return True

    def acquire(self, blocking=True, timeout=-1):
        got = self._acquire(blocking, timeout)
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync(("acquire " if got else "acquire-failed ") + self._name)
        return got

    def acquire_lock(self, blocking=True, timeout=-1):
        got = self._acquire(blocking, timeout)
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync(("acquire " if got else "acquire-failed ") + self._name)
        return got

    def __enter__(self):
        got = self._acquire(True, -1)
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("acquire " + self._name)
        return got

    def _release(self):
        if not self._locked:
            raise _ThreadError("release unlocked lock")
        s = SCHED
        if s is not None:
            s.events += 1
        while self._waiters:
            w = self._waiters.popleft()
            if w.state == "blocked":
                s.wake(w, True)  # the lock passes to w, still locked
                self._holder = w
                return
        self._locked = False
        self._holder = None

    def release(self):
        self._release()
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("release " + self._name)

    def release_lock(self):
        self._release()
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("release " + self._name)

    def __exit__(self, *exc):
        self._release()
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("release " + self._name)

    def locked(self):
        return self._locked

    locked_lock = locked

    def _at_fork_reinit(self):
        self._locked = False
        self._holder = None
        self._waiters = collections.deque()

    def __repr__(self):
        if PY2:
            return "<thread.lock object at 0x%x>" % id(self)
        return "<%s _thread.lock object at 0x%x>" % ("locked" if self._locked else "unlocked", id(self))


class _SchedRLock(_LockBase):
    """A reentrant lock on top of _SchedLock (what threading.RLock() returns here)."""

    def __init__(self, *args, **kwargs):
        self._block = _SchedLock.__new__(_SchedLock)
        self._block._locked = False
        self._block._waiters = collections.deque()
        self._block._name = None
        self._block._holder = None
        self._owner = None
        self._count = 0
        self._name = None
        s = SCHED
        if s is not None and not s.finishing and s.user_frame(sys._getframe(1)):
            self._name = _next_lock_name("rlock")
            s.named_locks.append(self)

    def _held_by(self):
        return self._owner if self._count else None

    def _me(self):
        s = SCHED
        me = s.cur() if s is not None else None
        return me if me is not None else _real_get_ident()

    def acquire(self, blocking=True, timeout=-1):
        me = self._me()
        if self._owner is me:
            self._count += 1
            got = True
        else:
            got = self._block._acquire(blocking, timeout)
            if got:
                self._owner = me
                self._count = 1
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync(("acquire " if got else "acquire-failed ") + self._name)
        return got

    def __enter__(self):
        me = self._me()
        if self._owner is me:
            self._count += 1
        else:
            self._block._acquire(True, -1)
            self._owner = me
            self._count = 1
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("acquire " + self._name)
        return True

    def release(self):
        if self._owner is not self._me() or not self._count:
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block._release()
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("release " + self._name)

    def __exit__(self, *exc):
        if self._owner is not self._me() or not self._count:
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block._release()
        if self._name is not None and SCHED.user_frame(sys._getframe(1)):
            _record_sync("release " + self._name)

    def _release_save(self):
        if not self._count:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        self._block._release()
        return state

    def _acquire_restore(self, state):
        self._block._acquire(True, -1)
        self._count, self._owner = state

    def _is_owned(self):
        return self._owner is self._me()

    def _recursion_count(self):
        return self._count if self._owner is self._me() else 0

    def _at_fork_reinit(self):
        self._block._at_fork_reinit()
        self._owner = None
        self._count = 0

    def __repr__(self):
        owner = self._owner if self._count else None
        if PY2:  # threading._RLock: <_RLock owner='MainThread' count=1>
            if owner is not None:
                owner = getattr(owner, "tname", None) or ("MainThread" if owner is SCHED.main else owner)
            return "<_RLock owner=%r count=%d>" % (owner, self._count)
        return "<%s _thread.RLock object owner=%d count=%d at 0x%x>" % (
            "locked" if self._count else "unlocked", getattr(owner, "ident", owner) or 0, self._count, id(self))


# What type(), repr(type(...)) and isinstance() see: the real classes' names.
if PY2:
    _SchedLock.__name__, _SchedLock.__module__ = "lock", "thread"
    _SchedLock._real_repr = "<type 'thread.lock'>"
    _SchedRLock.__name__, _SchedRLock.__module__ = "_RLock", "threading"
else:
    _SchedLock.__name__, _SchedLock.__module__ = "lock", "_thread"
    _SchedLock.__qualname__ = "lock"
    _SchedRLock.__name__, _SchedRLock.__module__ = "RLock", "_thread"
    _SchedRLock.__qualname__ = "RLock"


def _next_lock_name(kind):
    n = SCHED.lock_counts.get(kind, 0) + 1
    SCHED.lock_counts[kind] = n
    return "%s#%d" % (kind, n)


def _record_sync(text):
    s = SCHED
    me = s.cur()
    if me is not None:
        s.record(me, "sync", text)


def _allocate_lock_internal():
    return _SchedLock()  # never named: its direct caller is this file


def _allocate_lock_public():
    """thread.allocate_lock / _thread.allocate_lock."""
    s = SCHED
    f = s.first_outside_harness() if s is not None else None
    if f is not None and f.f_code.co_filename.startswith("<frozen importlib"):
        return _real_allocate_lock()  # the import system keeps real locks
    lock = _SchedLock()
    if s is not None and not s.finishing and s.user_frame(sys._getframe(1)):
        lock._name = _next_lock_name("lock")
        s.named_locks.append(lock)
    return lock


# -- thread creation ----------------------------------------------------------------------
def _tm_start_new_thread(function, args=(), kwargs=None):
    if not callable(function):
        raise TypeError("first arg must be callable")
    if not isinstance(args, tuple):
        raise TypeError("2nd arg must be a tuple")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise TypeError("optional 3rd arg must be a dictionary")
    s = SCHED
    if s is None or s.cur() is None:
        return _real_start_new_thread(function, args, kwargs or {})
    return s.spawn(lambda body: _real_start_new_thread(body, ()), function, args, kwargs or {})


def _tm_start_joinable_thread(function, handle=None, daemon=True):
    s = SCHED
    if s is None or s.cur() is None:
        return _real_start_joinable_thread(function, handle=handle, daemon=daemon)
    return s.spawn(lambda body: _real_start_joinable_thread(body, handle=handle, daemon=daemon),
                   function, (), {})


class _RunWrapper(object):
    """Installed as the started Thread's `run`: ends the start prologue, records exceptions."""

    def __init__(self, orig):
        self.orig = orig

    def __call__(self):
        s = SCHED
        me = s.cur()
        if me is not None and me.prologue:
            s.prologue_done(me)
        try:
            self.orig()
        except SystemExit:
            pass
        except BaseException:
            if me is not None:
                s.record_exception(me)


_orig_thread_start = threading.Thread.start
_orig_thread_join = threading.Thread.join
_orig_is_alive = threading.Thread.is_alive
_orig_thread_repr = threading.Thread.__repr__


def _thread_start(self):
    s = SCHED
    me = s.cur() if s is not None else None
    if me is None or s.finishing:
        return _orig_thread_start(self)
    had_run = "run" in self.__dict__
    if not had_run:
        self.__dict__["run"] = _RunWrapper(self.run)
    me.pending = (_thread_callable_name(self), self)
    try:
        _orig_thread_start(self)
    except BaseException:
        if not had_run and "_tm_rec" not in self.__dict__:
            self.__dict__.pop("run", None)
        raise
    finally:
        me.pending = None
        if me.starting is not None:  # the child never reached run(): do not wait for it
            me.starting = None
            if me.deferred_wake:
                me.deferred_wake = False


def _thread_join(self, timeout=None):
    s = SCHED
    rec = self.__dict__.get("_tm_rec")
    me = s.cur() if s is not None else None
    if rec is None or me is None:
        return _orig_thread_join(self, timeout)
    if rec is me:
        raise RuntimeError("cannot join current thread")
    if timeout is not None:
        timeout = max(timeout, 0)
    done = s.join(me, rec, timeout)
    if done or rec.state == "done":
        rec.joined = True
        if rec.parked:  # its OS thread never exits: the real join would wait forever
            if "_is_stopped" in self.__dict__:
                self._is_stopped = True
            return None
        return _orig_thread_join(self, None)
    return None


def _thread_is_alive(self):
    rec = self.__dict__.get("_tm_rec")
    if rec is None:
        return _orig_is_alive(self)
    if rec.state == "done":
        if "_is_stopped" in self.__dict__:
            self._is_stopped = True
        return False
    return True


def _thread_repr(self):
    """Thread's repr, "stopped" once its run ended (3.13 asks the OS thread, which stays parked)."""
    text = _orig_thread_repr(self)
    rec = self.__dict__.get("_tm_rec")
    if rec is not None and rec.state == "done" and ", started" in text:
        text = text.replace(", started", ", stopped", 1)
    return text


def _thread_count():
    return len([r for r in SCHED.recs if r.kind in ("raw", "threading") and r.state != "done"])


# -- virtual time ---------------------------------------------------------------------------
def _note_clock():
    me = SCHED.cur()
    if me is not None:
        me.read_clock = True
        me.clock_since_sleep = True


def _v_time():
    _note_clock()
    return EPOCH + SCHED.now


def _v_monotonic():
    _note_clock()
    return MONOTONIC_BASE + SCHED.now


def _v_time_ns():
    return int(round(_v_time() * 1e9))


def _v_monotonic_ns():
    return int(round(_v_monotonic() * 1e9))


def _v_sleep(secs):
    _real_sleep(secs * 0)  # the interpreter's own type checks
    if secs < 0:
        _real_sleep(secs)  # raises as the real one does
    s = SCHED
    me = s.cur()
    if me is None:
        return _real_sleep(secs)
    s.sleep(me, float(secs))


def _with_default_time(fn):
    def wrapper(*args):
        if not args or args[0] is None:
            args = (_v_time(),) + tuple(args[1:])
        return fn(*args)
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _v_strftime(fmt, t=None, _orig=time.strftime):
    return _orig(fmt, time.localtime(_v_time()) if t is None else t)


def _v_asctime(t=None, _orig=time.asctime):
    return _orig(time.localtime(_v_time()) if t is None else t)


# -- output ---------------------------------------------------------------------------------
class _Out(object):
    """sys.stdout / sys.stderr: whole lines per thread, softspace per thread."""

    encoding = "utf-8"
    errors = "strict"
    newlines = None
    closed = False
    mode = "w"
    line_buffering = True

    def __init__(self, stream, name):
        self._stream = stream
        self.name = name
        self.buffer = _OutBuffer(self)

    def _rec(self):
        rec = SCHED.by_ident.get(_real_get_ident())
        if rec is not None and rec.real_blocked:
            _park()  # a thread given up as stuck in a real call prints nothing more
        return rec

    def write(self, text):
        if not PY2 and not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        text = _text(text)
        rec = self._rec()
        SCHED.write(rec, self._stream, text)
        if rec is not None:
            # As Python 2's file.write does: a write ends the pending softspace (the
            # print statement sets it again after writing its item).
            rec.softspace[self._stream] = 0
        if not PY2:
            return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise IOError("the output of a script run by threadmod verify has no file descriptor")

    def readable(self):
        return False

    def writable(self):
        return True

    def seekable(self):
        return False

    def _get_softspace(self):
        rec = self._rec()
        return rec.softspace[self._stream] if rec is not None else 0

    def _set_softspace(self, value):
        rec = self._rec()
        if rec is not None:
            rec.softspace[self._stream] = value

    softspace = property(_get_softspace, _set_softspace)


class _OutBuffer(object):
    def __init__(self, out):
        self._out = out

    def write(self, data):
        self._out.write(_text(bytes(data)))
        return len(data)

    def flush(self):
        pass


def _showwarning(message, category, filename, lineno, file=None, line=None):
    SCHED.warnings.append("%s: %s" % (category.__name__, _text(message)))


# -- installation ---------------------------------------------------------------------------
def _install(seed=0):
    tm = _thread_mod
    tm.start_new_thread = _tm_start_new_thread
    if hasattr(tm, "start_new"):
        tm.start_new = _tm_start_new_thread
    tm.allocate_lock = _allocate_lock_public
    if hasattr(tm, "allocate"):
        tm.allocate = _allocate_lock_public
    tm.LockType = _SchedLock  # isinstance(lock, thread.LockType) holds as in a real run
    if not PY2 and hasattr(tm, "RLock"):
        tm.RLock = _SchedRLock
    tm._count = _thread_count

    th = threading
    if hasattr(th, "_start_new_thread"):
        th._start_new_thread = _tm_start_new_thread
    if hasattr(th, "_start_joinable_thread") and _real_start_joinable_thread is not None:
        th._start_joinable_thread = _tm_start_joinable_thread
    th._allocate_lock = _allocate_lock_internal
    th.Lock = _SchedLock
    th.RLock = _SchedRLock
    if hasattr(th, "_CRLock"):
        th._CRLock = None
    th.Thread.start = _thread_start
    th.Thread.join = _thread_join
    th.Thread.is_alive = _thread_is_alive
    th.Thread.__repr__ = _thread_repr
    if hasattr(th.Thread, "isAlive"):
        th.Thread.isAlive = _thread_is_alive
    if PY2:
        th._time = _v_time
        th._sleep = _v_sleep
        th._Condition.wait = _py2_condition_wait
    else:
        th._time = _v_monotonic
    dummy_init = th._DummyThread.__init__

    def _dummy_init(self, *a, **k):
        dummy_init(self, *a, **k)
        me = SCHED.cur()
        if me is not None and me.tname is None:
            me.tname = self.name

    th._DummyThread.__init__ = _dummy_init

    if PY2:
        _queue_mod._time = _v_time
    else:
        _queue_mod.time = _v_monotonic
        if hasattr(_queue_mod, "_PySimpleQueue"):
            _queue_mod.SimpleQueue = _queue_mod._PySimpleQueue

    time.sleep = _v_sleep
    time.time = _v_time
    for name in ("monotonic", "perf_counter", "clock"):
        if hasattr(time, name):
            setattr(time, name, _v_monotonic)
    if hasattr(time, "time_ns"):
        time.time_ns = _v_time_ns
    for name in ("monotonic_ns", "perf_counter_ns"):
        if hasattr(time, name):
            setattr(time, name, _v_monotonic_ns)
    time.localtime = _with_default_time(time.localtime)
    time.gmtime = _with_default_time(time.gmtime)
    time.ctime = _with_default_time(time.ctime)
    time.strftime = _v_strftime
    time.asctime = _v_asctime

    os._exit = _os_exit
    warnings.showwarning = _showwarning
    _install_random(seed)


# -- randomness ----------------------------------------------------------------------------------
# Python 2 and 3 share the Mersenne Twister and seed it alike from an integer, so random()
# gives the same numbers; randrange/randint/choice/shuffle/sample differ (Python 3 draws
# getrandbits).  Both runs use the functions below, Python 2.7's algorithms on random().
_BPF = 53
_MAXWIDTH = 1 << _BPF


def _r_seed(self, a=None, version=2, _orig=None):
    if a is None:
        a = SCHED.seed if SCHED is not None else 0  # the run's seed, never the clock
    elif isinstance(a, text_type) or isinstance(a, (bytes, bytearray)):
        import hashlib  # Python 3's version-2 seeding of a str, in both interpreters
        b = a.encode("utf-8") if isinstance(a, text_type) else bytes(a)
        digest = hashlib.sha512(b).digest()
        a = int(_hexlify(b + digest), 16)
    _RANDOM_ORIG["seed"](self, a)
    self.gauss_next = None


def _hexlify(b):
    import binascii
    return binascii.hexlify(b) or b"0"


def _r_randbelow(self, n):
    k = int(1.00001 + _log2(n - 1.0)) if n > 1 else 1
    r = self.getrandbits(k)
    while r >= n:
        r = self.getrandbits(k)
    return r


def _log2(x):
    import math
    return math.log(x, 2) if x > 0 else 0.0


def _r_randrange(self, start, stop=None, step=1):
    istart = int(start)
    if istart != start:
        raise ValueError("non-integer arg 1 for randrange()")
    if stop is None:
        if istart > 0:
            if istart >= _MAXWIDTH:
                return _r_randbelow(self, istart)
            return int(self.random() * istart)
        raise ValueError("empty range for randrange()")
    istop = int(stop)
    if istop != stop:
        raise ValueError("non-integer stop for randrange()")
    width = istop - istart
    if step == 1 and width > 0:
        if width >= _MAXWIDTH:
            return int(istart + _r_randbelow(self, width))
        return int(istart + int(self.random() * width))
    if step == 1:
        raise ValueError("empty range for randrange() (%d, %d, %d)" % (istart, istop, width))
    istep = int(step)
    if istep != step:
        raise ValueError("non-integer step for randrange()")
    if istep > 0:
        n = (width + istep - 1) // istep
    elif istep < 0:
        n = (width + istep + 1) // istep
    else:
        raise ValueError("zero step for randrange()")
    if n <= 0:
        raise ValueError("empty range for randrange()")
    if n >= _MAXWIDTH:
        return istart + istep * _r_randbelow(self, n)
    return istart + istep * int(self.random() * n)


def _r_randint(self, a, b):
    return _r_randrange(self, a, b + 1)


def _r_choice(self, seq):
    if not len(seq):
        raise IndexError("Cannot choose from an empty sequence")
    return seq[int(self.random() * len(seq))]


def _r_shuffle(self, x, random=None):
    if random is None:
        random = self.random
    for i in reversed(range(1, len(x))):
        j = int(random() * (i + 1))
        x[i], x[j] = x[j], x[i]


def _r_sample(self, population, k, counts=None):
    if isinstance(population, (set, frozenset)):
        if sys.version_info >= (3, 11):
            raise TypeError("Population must be a sequence.  For dicts or sets, use sorted(d).")
        population = tuple(population)
    if counts is not None:
        expanded = []
        for item, c in zip(population, counts):
            expanded.extend([item] * c)
        population = expanded
    n = len(population)
    if not 0 <= k <= n:
        raise ValueError("sample larger than population" if PY2 else "Sample larger than population or is negative")
    random = self.random
    result = [None] * k
    setsize = 21
    if k > 5:
        import math
        setsize += 4 ** int(math.ceil(math.log(k * 3, 4)))
    if n <= setsize or hasattr(population, "keys"):
        pool = list(population)
        for i in range(k):
            j = int(random() * (n - i))
            result[i] = pool[j]
            pool[j] = pool[n - i - 1]
    else:
        selected = set()
        for i in range(k):
            j = int(random() * n)
            while j in selected:
                j = int(random() * n)
            selected.add(j)
            result[i] = population[j]
    return result


def _r_uniform(self, a, b):
    return a + (b - a) * self.random()


_RANDOM_ORIG = {}
_RANDOM_FUNCS = {"seed": _r_seed, "randrange": _r_randrange, "randint": _r_randint, "choice": _r_choice,
                 "shuffle": _r_shuffle, "sample": _r_sample, "uniform": _r_uniform}


def _install_random(seed):
    try:
        import random
    except Exception:  # pragma: no cover
        return
    _RANDOM_ORIG["seed"] = random.Random.seed
    for name, fn in _RANDOM_FUNCS.items():
        setattr(random.Random, name, fn)
    inst = getattr(random, "_inst", None)
    if inst is not None:
        for name in _RANDOM_FUNCS:
            setattr(random, name, getattr(inst, name))
        inst.seed(seed)


def _py2_condition_wait(self, timeout=None):  # pragma: no cover - Python 2 only
    """Python 2's Condition.wait polls with sleeps when given a timeout; wait like Python 3."""
    if not self._is_owned():
        raise RuntimeError("cannot wait on un-acquired lock")
    waiter = _allocate_lock_internal()
    waiter.acquire()
    waiters = self._Condition__waiters
    waiters.append(waiter)
    saved_state = self._release_save()
    try:
        if timeout is None:
            waiter.acquire()
        else:
            if not waiter._acquire(True, max(timeout, 0)):
                try:
                    waiters.remove(waiter)
                except ValueError:
                    pass
    finally:
        self._acquire_restore(saved_state)


def _os_exit(code):
    s = SCHED
    me = s.cur()
    if me is not None:
        s.flush_partials(me)
    s.exit_code = code
    s.exit_time = s.now
    s.finish("os-exit", "os._exit(%r) called by %s" % (code, me.name if me is not None else "?"))


# -- entry point ----------------------------------------------------------------------------
def _exit_code(e, main):
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int_types) and not isinstance(code, bool):
        return code
    if isinstance(code, bool):
        return int(code)
    SCHED.write(main, "err", _text(code) + "\n")
    return 1


def _fail(trace_path, script, how, detail):
    data = {"format": FORMAT, "python": "%d.%d.%d" % tuple(sys.version_info[:3]), "script": script,
            "how": how, "detail": detail, "threads": []}
    with open(trace_path, "w") as f:
        json.dump(data, f)
    _real_exit(0)


def main(argv):
    global SCHED
    opts = {"quantum": 1000, "max-vtime": 3600.0, "cont-vtime": 600.0, "cont-items": 2000, "seed": 0,
            "real-limit": 0.0, "stall": 2.0}
    trace_path = None
    i = 0
    while i < len(argv) and argv[i] != "--":
        key = argv[i].lstrip("-")
        if key == "trace":
            trace_path = argv[i + 1]
        elif key in opts:
            opts[key] = type(opts[key])(argv[i + 1])
        else:
            _real_stderr.write("threadmod verify bootstrap: unknown option %s\n" % argv[i])
            _real_exit(3)
        i += 2
    rest = argv[i + 1:]
    if trace_path is None or not rest:
        _real_stderr.write("usage: _bootstrap.py --trace OUT.json [options] -- SCRIPT [ARGS...]\n")
        _real_exit(3)
    script = os.path.abspath(rest[0])
    try:
        with open(script, "rb") as f:
            source = f.read()
        # Python 3's compile() of bytes applies the file reader's rules (PEP 263 cookie on
        # line 1 or 2, UTF-8 by default, BOM); Python 2's does not refuse non-ASCII bytes
        # without a cookie, so there the script is run by execfile(), which reads the file
        # as `python2 SCRIPT` does (its messages too).
        code = None if PY2 else compile(source, script, "exec", 0, True)
    except SyntaxError as e:
        _fail(trace_path, rest[0], "cannot-run", _syntax_error_text(e, rest[0]))
    except (IOError, OSError) as e:
        _fail(trace_path, rest[0], "cannot-run", "%s: %s" % (type(e).__name__, e))
    except Exception as e:
        _fail(trace_path, rest[0], "cannot-run", "%s: %s" % (type(e).__name__, e))

    SCHED = _Sched(trace_path, script, opts["quantum"], opts["max-vtime"], opts["cont-vtime"],
                   opts["cont-items"])
    SCHED.seed = opts["seed"]
    _install(opts["seed"])
    sys.stdout = _Out("out", "<stdout>")
    sys.stderr = _Out("err", "<stderr>")
    sys.argv = [rest[0]] + list(rest[1:])
    sys.path[0] = os.path.dirname(script)
    main_rec = SCHED.main
    exit_code = 0
    # Run the script as `python SCRIPT` would, in a __main__ module that outlives its code:
    # runpy.run_path's temporary module is cleared on Python 2 when it returns, which would
    # pull the globals from under threads that are still running.
    sys.modules["_threadmod_bootstrap"] = sys.modules["__main__"]  # keeps this file's globals
    module = types.ModuleType("__main__")
    module.__dict__.update({"__file__": script, "__builtins__": builtins, "__package__": None,
                            "__cached__": None, "__loader__": None, "__spec__": None})
    sys.modules["__main__"] = module
    _start_watchdog(SCHED, opts["real-limit"], opts["stall"])
    sys.settrace(_global_trace)
    try:
        if PY2:  # pragma: no cover - Python 2 only
            _PY2_RUNNER["run"](script, module.__dict__)
        else:
            exec(code, module.__dict__)
    except SystemExit as e:
        exit_code = _exit_code(e, main_rec)
    except BaseException:
        if PY2 and _refused_by_reader(script):  # pragma: no cover - Python 2 only
            sys.settrace(None)
            e = sys.exc_info()[1]
            _fail(trace_path, rest[0], "cannot-run", _syntax_error_text(e, rest[0]))
        SCHED.record_exception(main_rec)
        exit_code = 1
    sys.settrace(None)
    SCHED.main_finished(main_rec, exit_code)


# execfile() inherits the future flags of the code that calls it: call it from code
# compiled without any (this file imports print_function).
_PY2_RUNNER = {}
if PY2:  # pragma: no cover - Python 2 only
    exec(compile("def run(path, g):\n    execfile(path, g)\n", "<threadmod-run>", "exec", 0, True), _PY2_RUNNER)


def _refused_by_reader(script):
    """The exception being handled is execfile() refusing the file (no frame of the script ran)."""
    et, ev, tb = sys.exc_info()
    if not isinstance(ev, (SyntaxError, TypeError)):
        return False
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == script:
            return False
        tb = tb.tb_next
    return True


_UTF8_ERROR = "(unicode error) 'utf-8' codec can't decode byte 0x"


def _syntax_error_text(e, name):
    msg = getattr(e, "msg", None) or str(e)
    lineno = getattr(e, "lineno", None)
    if not PY2 and msg.startswith(_UTF8_ERROR):  # what Python 3's file reader says instead
        url = "https://peps.python.org/pep-0263/" if sys.version_info >= (3, 11) else \
            "https://python.org/dev/peps/pep-0263/"
        msg = "Non-UTF-8 code starting with '\\x%s' in file %s on line %s, but no encoding declared; see %s for details" % (
            msg[len(_UTF8_ERROR):len(_UTF8_ERROR) + 2], name, lineno, url)
    return "%s: %s (%s%s)" % (type(e).__name__, msg, name, ", line %s" % lineno if lineno else "")


if __name__ == "__main__":
    main(sys.argv[1:])
