"""Compare two traces thread by thread, allowing only the named divergences of divergences.py.

    verdict = compare(legacy_trace, modern_trace)    # -> Verdict (.ok, .differences, .allowed)

Threads are paired by name (callable#k).  Per thread: its items (stdout and stderr lines with
their virtual time, and acquire/release of the script's own locks) in order, then how it
ended and the exception it raised; then how the run ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from threadmod.verify.divergences import (
    ALWAYS, CUT_OFF_AT_EXIT, DEFAULT_ALLOWED, DIVERGENCES, ENUMERATE_LISTS_CONVERTED_THREADS,
    FALLBACK_POLL_SLEEP, LOCK_RELEASED_ON_EXCEPTION, LOCKING, MAIN_SPIN, NORMALISATIONS, POLL_BECAME_JOIN,
    POLL_TICK, SOFTSPACE, TIMING, Divergence, blocked_on_leaked, converted_threads, mentioned, poll_concerns,
    waits_for_ever)
from threadmod.verify.render import format_time, render_verdict
from threadmod.verify.trace import Item, ThreadTrace, Trace

CONTEXT = 2  # items shown on each side of a first difference


@dataclass
class Difference:
    thread: str | None
    message: str
    legacy: list[Item] = field(default_factory=list)  # context, the differing item marked by index
    modern: list[Item] = field(default_factory=list)
    legacy_mark: int | None = None
    modern_mark: int | None = None


@dataclass
class Allowance:
    name: str  # a divergence's name
    thread: str | None
    message: str


@dataclass
class Verdict:
    legacy: Trace
    modern: Trace
    allowed_names: frozenset[str]
    differences: list[Difference] = field(default_factory=list)
    allowed: list[Allowance] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def allows(self, rule: Divergence) -> bool:
        return rule.name in self.allowed_names

    def allow(self, rule: Divergence, thread: str | None, message: str) -> None:
        self.allowed.append(Allowance(rule.name, thread, message))

    def differ(self, thread: str | None, message: str, **context) -> None:
        self.differences.append(Difference(thread, message, **context))

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "differences": [{"thread": d.thread, "message": d.message,
                             "legacy": [i.to_json() for i in d.legacy],
                             "modern": [i.to_json() for i in d.modern]} for d in self.differences],
            "allowed": [{"name": a.name, "thread": a.thread, "message": a.message} for a in self.allowed],
            "legacy_ending": ending(self.legacy), "modern_ending": ending(self.modern),
        }

    def render(self, width: int = 120) -> str:
        """The differences side by side, then what was allowed."""
        return render_verdict(self, width)


def compare(legacy: Trace, modern: Trace, allowed: Iterable[str] | None = None) -> Verdict:
    """Compare two runs thread by thread.

    `allowed` names the divergences to accept (divergences.DEFAULT_ALLOWED when None;
    normalisations always apply); each one used is reported in Verdict.allowed.
    """
    names = frozenset(DEFAULT_ALLOWED if allowed is None else allowed) | ALWAYS
    unknown = names - set(DIVERGENCES)
    if unknown:
        raise ValueError(f"unknown divergences: {', '.join(sorted(unknown))}")
    v = Verdict(legacy, modern, names)
    for rule in NORMALISATIONS:
        n = rule.applies(legacy, modern)
        if n:
            v.allow(rule, None, f"{_count(n, 'occurrence')} normalised ({rule.summary})")
    converted = converted_threads(legacy, modern)
    leaked = (LOCK_RELEASED_ON_EXCEPTION.applies(legacy, modern)
              if v.allows(LOCK_RELEASED_ON_EXCEPTION) else {})
    order = [t.name for t in legacy.threads]
    order += [t.name for t in modern.threads if t.name not in order]
    for name in order:
        lt, mt = legacy.thread(name), modern.thread(name)
        if mt is None:
            v.differ(name, "started in the legacy run, never in the modern run",
                     legacy=lt.items[:CONTEXT + 1], legacy_mark=0 if lt.items else None)
        elif lt is None:
            v.differ(name, "started only in the modern run",
                     modern=mt.items[:CONTEXT + 1], modern_mark=0 if mt.items else None)
        else:
            _compare_thread(v, lt, mt, converted, leaked)
    _compare_ending(v, leaked)
    return v


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


# -- one thread's items ---------------------------------------------------------------------------
@dataclass
class _Walk:
    """Two threads' items, walked side by side as far as they agree."""

    legacy: list[Item]
    modern: list[Item]
    i: int = 0  # legacy items matched
    j: int = 0  # modern items matched or let through
    matched: list[tuple[Item, Item]] = field(default_factory=list)
    earlier: list[float] = field(default_factory=list)  # POLL_BECAME_JOIN: how much earlier
    later: list[float] = field(default_factory=list)  # FALLBACK_POLL_SLEEP: how much later
    delay: float = 0.0  # modern - legacy time of the last matched item
    extras: list[Item] = field(default_factory=list)  # ENUMERATE_LISTS_CONVERTED_THREADS
    releases: list[Item] = field(default_factory=list)  # LOCK_RELEASED_ON_EXCEPTION

    @property
    def legacy_done(self) -> bool:
        return self.i == len(self.legacy)

    @property
    def complete(self) -> bool:
        return self.legacy_done and self.j == len(self.modern)


def _walk(v: Verdict, lt: ThreadTrace, mt: ThreadTrace, converted: set[str],
          leaked: dict[str, str], cut_off: bool) -> _Walk:
    litems, mitems = lt.items, mt.items
    # What a thread printed after the exit point counts only when Python 2 cut it off (its
    # continuation is what it would have printed) or when both runs cut it off.
    if not cut_off and not (lt.end == "cut-off" and mt.end == "cut-off"):
        litems = [x for x in litems if not x.after_exit]
        mitems = [x for x in mitems if not x.after_exit]
    if v.allows(LOCKING):
        litems = [x for x in litems if not LOCKING.applies(x)]
        mitems = [x for x in mitems if not LOCKING.applies(x)]
    w = _Walk(litems, mitems)
    softspace, timing = v.allows(SOFTSPACE), v.allows(TIMING)
    poll_seq = v.legacy.main_poll_seq
    concerned = poll_concerns(v.legacy, lt.name) and not timing
    joins = concerned and v.allows(POLL_BECAME_JOIN)
    shift = None if lt.name == "main" else mt.started_at - lt.started_at
    # A fallback poll delays main, and with it what main hands on (a lock it releases, a
    # value it sets): a thread already running when main began to poll may fall behind by
    # a poll tick a step, as main does.
    ticks = v.allows(FALLBACK_POLL_SLEEP) and poll_seq is not None and not timing
    tick_shift = shift if lt.name in v.legacy.after_poll else None
    lists_converted = v.allows(ENUMERATE_LISTS_CONVERTED_THREADS)
    # the locks this thread left held when it raised in the legacy run, released in the modern one
    released = {f"release {lock}" for lock, owner in leaked.items() if owner == lt.name}

    def same(a: Item, b: Item) -> bool:
        if a.kind != b.kind:
            return False
        if a.text != b.text and not (softspace and SOFTSPACE.applies(a.text, b.text)) \
                and v.legacy.denormalised(a.text) != v.modern.denormalised(b.text):
            return False  # (the same text as printed is the same line, whatever a normaliser made of it)
        if a.t == b.t or (timing and TIMING.applies(a, b)) or abs(a.t - b.t) < 1e-9:
            return True
        if joins and POLL_BECAME_JOIN.applies(a, b, poll_seq, shift):
            w.earlier.append(a.t - b.t)
            return True
        if ticks and FALLBACK_POLL_SLEEP.applies(a, b, poll_seq, tick_shift, w.delay):
            w.later.append(b.t - a.t)
            return True
        return False

    while w.i < len(litems) or w.j < len(mitems):
        if w.i < len(litems) and w.j < len(mitems) and same(litems[w.i], mitems[w.j]):
            w.delay = mitems[w.j].t - litems[w.i].t
            w.matched.append((litems[w.i], mitems[w.j]))
            w.i += 1
            w.j += 1
            continue
        if w.j < len(mitems):
            extra = mitems[w.j]
            if lists_converted and ENUMERATE_LISTS_CONVERTED_THREADS.applies(extra, converted):
                w.extras.append(extra)
                w.j += 1
                continue
            if extra.kind == "sync" and extra.text in released:
                w.releases.append(extra)
                w.j += 1
                continue
        break
    return w


def _compare_thread(v: Verdict, lt: ThreadTrace, mt: ThreadTrace, converted: set[str],
                    leaked: dict[str, str]) -> None:
    name = lt.name
    cut_off = v.allows(CUT_OFF_AT_EXIT) and CUT_OFF_AT_EXIT.applies(lt, mt)
    blocked_on = (blocked_on_leaked(lt, leaked)
                  if mt.end in ("finished", "outlived-main", "exited") else None)
    w = _walk(v, lt, mt, converted, leaked, cut_off)
    items_ok = w.complete
    truncated = False
    if not items_ok and w.legacy_done and cut_off and lt.cont_end == "budget":
        items_ok = truncated = True  # the legacy continuation ran out of budget: a prefix is enough
    elif not items_ok and w.legacy_done and blocked_on:
        items_ok = True  # blocked for ever on a lock the modern run released: a prefix is enough
        owner = leaked[blocked_on]
        more = sum(1 for x in w.modern[w.j:] if x.kind != "sync")
        v.allow(LOCK_RELEASED_ON_EXCEPTION, name,
                f"blocked for ever in the legacy run on {blocked_on}, which {owner} still "
                f"held when it raised {v.legacy.thread(owner).exception}; the modern "
                f"run released it and this thread went on to print {_count(more, 'more line')}")
    if items_ok:
        _allow_item_divergences(v, lt, w, converted)
    else:
        _first_difference(v, name, w, cut_off)
    _compare_thread_end(v, lt, mt, cut_off, blocked_on, items_ok, truncated)


def _first_difference(v: Verdict, name: str, w: _Walk, cut_off: bool) -> None:
    i, j = w.i, w.j
    if i < len(w.legacy) and j < len(w.modern):
        what = f"first difference at item {i + 1} (legacy) / {j + 1} (modern)"
        a, b = w.legacy[i], w.modern[j]
        if (a.kind, a.text) == (b.kind, b.text):
            what += f": the same {'event' if a.kind == 'sync' else 'line'} at virtual time " \
                    f"{format_time(a.t)} (legacy) and {format_time(b.t)} (modern)"
    elif i < len(w.legacy):
        what = f"the modern thread stops after {_count(j, 'item')}; the legacy one goes on"
    else:
        what = f"the modern thread goes on after the legacy one's {_count(i, 'item')}"
    if cut_off:
        what += " (the legacy thread was cut off at exit; compared with what it went on to print)"
    lo, mo = max(0, i - CONTEXT), max(0, j - CONTEXT)
    v.differ(name, what, legacy=w.legacy[lo:i + CONTEXT + 1], modern=w.modern[mo:j + CONTEXT + 1],
             legacy_mark=i - lo, modern_mark=j - mo)


def _allow_item_divergences(v: Verdict, lt: ThreadTrace, w: _Walk, converted: set[str]) -> None:
    """Report each divergence the walk used to match the two threads' items."""
    name = lt.name
    if w.earlier:
        v.allow(POLL_BECAME_JOIN, name,
                f"{_count(len(w.earlier), 'line')} after the legacy main began to poll came up "
                f"to {format_time(max(w.earlier))} s earlier in the modern run"
                + ("" if name == "main" else " (started after that poll, as much earlier as its start)"))
    if w.later:
        v.allow(FALLBACK_POLL_SLEEP, name,
                f"{_count(len(w.later), 'line')} after the legacy main began to poll came up "
                f"to {format_time(max(w.later))} s later in the modern run (TM202's fallback poll "
                f"sleeps {POLL_TICK:g} s between checks)"
                + ("" if name == "main" else "; started after that poll, as much later as its start"))
    if w.releases:
        v.allow(LOCK_RELEASED_ON_EXCEPTION, name,
                f"raised {lt.exception} holding {', '.join(r.text.split()[1] for r in w.releases)}: "
                f"the legacy run left it held, the modern run released it")
    if w.extras:
        threads = sorted({m for e in w.extras for m in mentioned(e, converted)})
        v.allow(ENUMERATE_LISTS_CONVERTED_THREADS, name,
                f"{_count(len(w.extras), 'extra modern line')} mention {', '.join(threads)}"
                f" (a thread-module thread in the legacy run): "
                + "; ".join(repr(e.text) for e in w.extras[:3]) + (" ..." if len(w.extras) > 3 else ""))
    if v.allows(SOFTSPACE) and any(a.text != b.text for a, b in w.matched if a.kind != "sync"):
        v.allow(SOFTSPACE, name, "lines differ only in trailing spaces")


# -- how a thread ended, how the run ended ---------------------------------------------------------
_END = {
    "exited": "exited", "finished": "ended while main was running",
    "outlived-main": "ended after main's code (waited for at exit)",
    "cut-off": "was cut off at exit", "blocked": "was blocked forever",
    "spinning": "spun forever", "running": "was still running",
}


def _compare_thread_end(v: Verdict, lt: ThreadTrace, mt: ThreadTrace, cut_off: bool,
                        blocked_on: str | None, items_ok: bool, truncated: bool) -> None:
    name = lt.name
    # main's end is the run's (_compare_ending); a thread blocked on a leaked lock is covered
    if name != "main" and not blocked_on:
        le, me = lt.end, mt.end
        if CUT_OFF_AT_EXIT.applies(lt, mt):
            if cut_off and items_ok:
                after = sum(1 for x in lt.items if x.after_exit and x.kind != "sync")
                before = sum(1 for x in lt.items if not x.after_exit and x.kind != "sync")
                how = ("its continuation ran out of budget; its output is a prefix of the modern one"
                       if truncated else f"the {_count(after, 'line')} it went on to print match "
                       "the modern thread's")
                v.allow(CUT_OFF_AT_EXIT, name,
                        f"never waited for; the legacy process exited at "
                        f"t={format_time(v.legacy.exit_vtime or 0)} after it printed "
                        f"{_count(before, 'line')} and Python 2 cut it off; {how}")
            elif not cut_off:
                v.differ(name, f"cut off when the legacy process exited; the modern run "
                               f"{'waited for it' if me == 'outlived-main' else 'let it finish'}")
        elif le != me:
            v.differ(name, f"{_END[le]} in the legacy run; {_END[me]} in the modern run"
                     + (" (a dropped join?)" if (le, me) == ("finished", "outlived-main") else ""))
    if lt.exception != mt.exception:
        traceback = mt.traceback or lt.traceback
        v.differ(name, f"legacy {_exception(lt)}; modern {_exception(mt)}"
                 + (f"\n{_indent(traceback)}" if traceback else ""))


def _exception(t: ThreadTrace) -> str:
    if t.exception is None:
        return "raised no exception"
    return f"raised {t.exception}" + (f": {t.exc_message}" if t.exc_message else "")


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.rstrip().splitlines())


ENDINGS = ("exited", "crashed", "killed-at-exit", "deadlocked", "runaway")
_ENDED = {"exited": "exited", "crashed": "crashed", "killed-at-exit": "exited (killing threads at exit)",
          "deadlocked": "deadlocked", "runaway": "ran away"}


def ending(run: Trace) -> dict:
    """How a run ended, as one of ENDINGS: exited (its status), crashed (main's uncaught
    exception), killed-at-exit (main exited while threads still ran: Python 2 cuts them
    off, as it does daemon threads), deadlocked (every thread blocked, on the script's
    locks, joins or a real call, and nothing can wake them), runaway (a busy loop that
    cannot end, the virtual-time limit, or the real-time limit), with where it stood."""
    main = run.main
    killed = [t for t in run.threads if t.end == "cut-off"]
    if run.how in ("exit", "os-exit"):
        if main.exception:
            kind = "crashed"
            text = f"crashed ({main.exception}{': ' + main.exc_message if main.exc_message else ''}), exit status {run.exit_code}"
        else:
            kind = "killed-at-exit" if killed else "exited"
            text = f"exited ({run.exit_code})"
        if run.how == "os-exit":
            text += " by os._exit()"
        if killed:
            text += "; killed at exit: " + ", ".join(
                t.name + (f" (then {t.cont_end}{' on ' + t.waiting_on if t.waiting_on else ''})"
                          if t.cont_end in ("blocked", "spinning") else "") for t in killed)
    elif run.how == "deadlock":
        kind, text = "deadlocked", f"deadlocked: {run.detail}"
    else:
        kind = "runaway"
        what = {"time-limit": "ran past the virtual-time limit", "runaway": "ran past the real-time limit"}
        text = f"runaway: {what.get(run.how, run.detail)}" + (
            f" ({run.detail})" if run.how in what and run.detail else "")
    if run.where and kind in ("runaway", "deadlocked"):
        text += "; " + ", ".join(f"{name} at {where}" for name, where in run.where.items())
    return {"kind": kind, "text": text, "exit_code": run.exit_code,
            "killed_at_exit": [t.name for t in killed], "where": dict(run.where)}


def _compare_ending(v: Verdict, leaked: dict[str, str]) -> None:
    lg, md = v.legacy, v.modern
    if MAIN_SPIN.applies(lg, md, leaked):
        modern_waits = waits_for_ever(md)
        if not v.allows(MAIN_SPIN):
            v.differ("main", f"the legacy run ended by {lg.detail} at t={format_time(lg.vtime)}; "
                             f"the modern main {'waits for ever' if modern_waits else 'exited'}")
        elif modern_waits:
            v.allow(MAIN_SPIN, "main",
                    f"{lg.detail} at t={format_time(lg.vtime)}; the modern main waits for ever "
                    f"without spinning ({md.main.waiting_on}) from t={format_time(md.vtime)}")
        elif md.exit_code == 0 and md.main.exception is None:
            v.allow(MAIN_SPIN, "main",
                    f"{lg.detail} at t={format_time(lg.vtime)}; the modern main exited 0 at "
                    f"t={format_time(md.vtime)}")
        else:
            v.differ("main", f"the legacy main spun after its workers ended; the modern main "
                             f"exited with status {md.exit_code}")
        return
    if lg.how != md.how:
        le, me = ending(lg), ending(md)
        v.differ(None, f"the modern run {_ENDED[me['kind']]} where the legacy run {_ENDED[le['kind']]}: "
                       f"legacy {le['text']}; modern {me['text']}")
    elif lg.how in ("exit", "os-exit") and lg.exit_code != md.exit_code:
        v.differ("main", f"exit status {lg.exit_code} in the legacy run, {md.exit_code} in the modern run")
