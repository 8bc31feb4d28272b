"""The named divergences `threadmod verify` may allow between a legacy run and a modern one.

Each is a documented, expected way a correct conversion's run differs from the original's,
defined here once as a constant: its name, its documentation, the transforms that cause it
and the check that decides where it applies.  `compare()` applies the allowed ones and
reports every one it used as `allowed: NAME`, so nothing is accepted silently.  Some are
normalisations that always apply (the raw values can never agree between two processes);
the others can be switched: the defaults are on unless `--strict`, the rest only when named
with `--allow NAME`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from threadmod.verify.trace import Item, ThreadTrace, Trace


@dataclass(frozen=True)
class Divergence:
    name: str  # what --allow takes and `allowed: NAME` reports
    summary: str
    doc: str
    # The transforms (codes of threadmod.registry.ALL_CODES) whose output shows this
    # divergence.  Empty only for a normalisation of values that differ between any two
    # processes, converted or not.
    caused_by: tuple[str, ...]
    # Decides where the divergence applies; its arguments differ per divergence (see each).
    applies: Callable[..., object] = field(repr=False, compare=False)
    default: bool  # allowed unless --strict
    always: bool = False  # a normalisation: cannot be switched off


# -- the vocabulary of the checks ---------------------------------------------------------------
_FINISHED = ("finished", "outlived-main")  # thread ends that mean it ran to its end
# How the normaliser (trace.py) prints a thread's ident or default name: <ident:NAME>, <name:NAME>.
_MENTION = re.compile(r"<(?:ident|name):([^>]+)>")


def _workers(run: Trace) -> list[ThreadTrace]:
    return [t for t in run.threads if t.name != "main" and t.kind != "untagged"]


def converted_threads(legacy: Trace, modern: Trace) -> set[str]:
    """Threads of the thread module in the legacy run that are threading.Threads in the modern one."""
    return {t.name for t in legacy.threads if t.kind == "raw"
            and (m := modern.thread(t.name)) is not None and m.kind == "threading"}


def mentioned(item: Item, threads: set[str]) -> list[str]:
    """The threads among `threads` that a printed line names by <ident:NAME> or <name:NAME>."""
    if item.kind == "sync":
        return []
    return [m for m in _MENTION.findall(item.text) if m in threads]


def blocked_on_leaked(thread: ThreadTrace, leaked: dict[str, str]) -> str | None:
    """The leaked lock (see LOCK_RELEASED_ON_EXCEPTION) a legacy thread stayed blocked on for ever."""
    if thread.end == "blocked" or (thread.end == "cut-off" and thread.cont_end == "blocked"):
        for lock in leaked:
            if thread.waiting_on == f"lock {lock}":
                return lock
    return None


def waits_for_ever(run: Trace) -> bool:
    """Main blocked for ever, without spinning, after every other thread finished."""
    return (run.how == "deadlock" and run.main.end == "blocked"
            and all(t.end in _FINISHED for t in _workers(run)))


# -- the checks, one per divergence ------------------------------------------------------------
def _normalised(name: str) -> Callable[[Trace, Trace], int]:
    def occurrences(legacy: Trace, modern: Trace) -> int:
        """How many values the normaliser rewrote under this name in the two runs."""
        return legacy.normalised.get(name, 0) + modern.normalised.get(name, 0)
    return occurrences


def _differ_in_trailing_spaces_only(legacy_text: str, modern_text: str) -> bool:
    return legacy_text.rstrip(" ") == modern_text.rstrip(" ")


def _main_spun_after_its_workers(legacy: Trace, modern: Trace, leaked: dict[str, str]) -> bool:
    """The legacy main spun once every other thread had finished (or stayed blocked on a
    lock the modern run released), and the modern main exited or waits without spinning."""
    workers_done = all(t.end in _FINISHED or blocked_on_leaked(t, leaked) for t in _workers(legacy))
    return (legacy.how == "spin" and legacy.main.end == "spinning" and workers_done
            and (modern.how == "exit" or waits_for_ever(modern)))


# TM202's sleep between the checks of a poll it cannot turn into a join (codemods/join_threads.py)
POLL_TICK = 0.01
_EPS = 1e-9


def _came_earlier_after_poll(legacy: Item, modern: Item, main_poll_seq: int, shift: float | None) -> bool:
    """A line printed after the legacy main began to poll, printed earlier in the modern run:
    any earlier for main (shift None); for a thread started after that, earlier by exactly
    as much as its start was (`shift`: modern start - legacy start)."""
    if legacy.seq <= main_poll_seq:
        return False
    delay = modern.t - legacy.t
    if shift is None:
        return delay < 0
    return shift < 0 and abs(delay - shift) < _EPS


def _came_a_poll_tick_later(legacy: Item, modern: Item, main_poll_seq: int, shift: float | None,
                            previous_delay: float) -> bool:
    """A line printed after the legacy main began to poll, printed later in the modern run:
    for main, at most POLL_TICK later than the line before it was (each fallback poll notices
    the end of the threads at its next check); for a thread started after that, later by
    exactly as much as its start was."""
    if legacy.seq <= main_poll_seq:
        return False
    delay = modern.t - legacy.t
    if shift is None:
        return delay > 0 and delay - max(previous_delay, 0.0) <= POLL_TICK + _EPS
    return shift > 0 and abs(delay - shift) < _EPS


def poll_concerns(legacy: Trace, thread: str) -> bool:
    """Whether a thread's timing follows the legacy main's polls: main, and the threads
    started after main began to poll (a new wave of workers)."""
    return legacy.main_poll_seq is not None and (thread == "main" or thread in legacy.after_poll)


def _cut_off_and_waited_for(legacy: ThreadTrace, modern: ThreadTrace) -> bool:
    return legacy.end == "cut-off" and modern.end in _FINISHED


def _mentions_converted(modern: Item, converted: set[str]) -> bool:
    """`converted`: converted_threads(legacy, modern)."""
    return bool(mentioned(modern, converted))


def _locks_left_held(legacy: Trace, modern: Trace) -> dict[str, str]:
    """{lock: thread} for the script's locks a legacy thread still held when it ended with an
    exception, which the same thread released in the modern run (raising the same exception)."""
    leaked = {}
    for lt in legacy.threads:
        mt = modern.thread(lt.name)
        if lt.exception and mt is not None and mt.exception == lt.exception:
            for lock in lt.holding:
                if lock not in mt.holding:
                    leaked[lock] = lt.name
    return leaked


def _printed_at_another_time(legacy: Item, modern: Item) -> bool:
    return legacy.t != modern.t


def _is_lock_event(item: Item) -> bool:
    return item.kind == "sync"


# -- the divergences ---------------------------------------------------------------------------
def _normalisation(name: str, summary: str, doc: str, caused_by: tuple[str, ...]) -> Divergence:
    return Divergence(name, summary, doc, caused_by, applies=_normalised(name), default=True,
                      always=True)


THREAD_IDS = _normalisation(
    "thread-ids",
    "thread idents are compared as <ident:THREAD>",
    "A number equal to a thread's ident (thread.start_new_thread's result, Thread.ident, "
    "thread.get_ident()) is printed as <ident:NAME>: idents differ between any two runs.",
    # start_new_thread's result becomes f_thread.ident; thread.get_ident() threading.get_ident()
    caused_by=("TM201", "TM206"),
)
ADDRESSES = _normalisation(
    "addresses",
    "memory addresses are compared as 0x<addr>",
    "Hexadecimal numbers of 6 or more digits after 0x (object reprs: <function f at 0x7f...>) "
    "are printed as 0x<addr>: addresses differ between any two runs.",
    caused_by=(),  # inherent: no transform prints an address
)
THREAD_NAMES = _normalisation(
    "thread-names",
    "default threading names are compared as <name:THREAD>",
    "Default threading names (Thread-1, Thread-1 (target) on Python 3.10+, Dummy-1) are "
    "printed as <name:NAME>: their numbering and form differ between Python versions.",
    caused_by=("TM201",),  # a thread module thread (Dummy-1) becomes a threading.Thread (Thread-1)
)
SOFTSPACE = Divergence(
    "softspace",
    "trailing spaces at the end of a line are ignored",
    "Python 2's print statement tracks `softspace` per file: `print 'a',` then `print 'b'` "
    "prints 'a b' with no trailing space, and a print from another thread between the two "
    "starts with a space.  The harness keeps softspace per thread, so the second case never "
    "shows; the first is ignored by comparing lines without trailing spaces (the converted "
    "print('a', end=' ') leaves one).",
    caused_by=("TM101",),
    applies=_differ_in_trailing_spaces_only,
    default=True,
)
MAIN_SPIN = Divergence(
    "main-spin",
    "the legacy main spun after its workers ended and was ended by the harness",
    "A legacy main that keeps the process alive with a busy loop (`while 1: pass`, or "
    "`while True: time.sleep(1)`) never exits; the harness ends it once every other thread "
    "has finished.  The conversion joins the threads instead (TM202) and exits with status "
    "0, or waits for ever without spinning (threading.Event().wait()).  Allowed only when "
    "every legacy thread had finished.",
    caused_by=("TM202",),
    applies=_main_spun_after_its_workers,
    default=True,
)
POLL_BECAME_JOIN = Divergence(
    "poll-became-join",
    "lines after main's poll may come earlier in the modern run",
    "A legacy main that waits by polling (`while len(done) < 3: time.sleep(0.5)`) notices "
    "the end of its threads at its next check; the join that replaces it (TM202) returns "
    "when the last thread ends.  From the first time the legacy main slept or spun while "
    "another thread ran, each main line may come earlier in the modern run, never later; "
    "a thread main started after that (the next wave of workers) starts earlier, and each "
    "of its lines may come earlier by exactly as much as its start.  The text and order "
    "must still match.",
    caused_by=("TM202",),
    applies=_came_earlier_after_poll,
    default=True,
)
FALLBACK_POLL_SLEEP = Divergence(
    "fallback-poll-sleep",
    f"lines after a poll TM202 kept may come up to {POLL_TICK:g} s later per poll",
    "A poll whose condition TM202 cannot tie to the threads' last statements keeps its "
    f"condition but sleeps {POLL_TICK:g} s between checks instead of spinning (TM202 documents "
    "this fallback), so it notices the end of the threads up to one sleep later than the "
    "legacy busy-wait did.  From the first time the legacy main slept or spun while another "
    f"thread ran, each main line may come later in the modern run by at most {POLL_TICK:g} s "
    "more than the main line before it, and so may each line of a thread already running "
    "then (main, delayed, releases its locks and sets its values later); a thread main "
    "started after that may start later and each of its lines come later by exactly as "
    "much.  The text and order must still match.",
    caused_by=("TM202",),
    applies=_came_a_poll_tick_later,
    default=True,
)
CUT_OFF_AT_EXIT = Divergence(
    "cut-off-at-exit",
    "a thread Python 2 killed at exit, the modern script waits for",
    "Threads of the thread module (and daemon threads) die when the main thread exits, "
    "usually before they print; the converted threading.Thread is waited for.  The harness "
    "lets a thread that was cut off run on after the exit point to record what it would "
    "have printed: allowed when the legacy thread was never waited for and its output, "
    "before and after the exit point, is what the modern thread printed (a prefix of it "
    "when the continuation ran out of budget).",
    # TM201 makes a thread module thread a non-daemon threading.Thread; TM202 joins it
    caused_by=("TM201", "TM202"),
    applies=_cut_off_and_waited_for,
    default=True,
)
ENUMERATE_LISTS_CONVERTED_THREADS = Divergence(
    "enumerate-lists-converted-threads",
    "modern lines that mention a thread Python 2's threading did not know",
    "threading.enumerate() (and active_count(), current_thread()) in Python 2 does not list "
    "threads started with thread.start_new_thread; once converted to threading.Thread they "
    "are listed (TM201 documents this).  Allows extra modern lines, in any thread, that "
    "mention such a thread by <ident:NAME> or <name:NAME>; every legacy line must still "
    "appear, in order.",
    caused_by=("TM201",),
    applies=_mentions_converted,
    default=True,
)
LOCK_RELEASED_ON_EXCEPTION = Divergence(
    "lock-released-on-exception",
    "a lock an exception left held in the legacy run is released in the modern one",
    "acquire() ... release() becomes `with lock:` (TM204 documents this), so a thread that "
    "raises in between no longer leaves the lock held.  Allowed for threads that in the "
    "legacy run stayed blocked forever on a lock of the script that a thread ending with an "
    "exception still held, when in the modern run that thread raised the same exception "
    "and released the lock: their legacy output must be a prefix of the modern one, and a "
    "legacy main that then spun (or the process that exited with them blocked) counts as "
    "the modern main's normal exit.",
    caused_by=("TM204",),
    applies=_locks_left_held,
    default=True,
)
TIMING = Divergence(
    "timing",
    "ignore the virtual time of each line",
    "Lines are compared with the virtual time at which they were printed, so a changed "
    "sleep is a difference even when the text is the same.  Allow this when the conversion "
    "changes timing on purpose (a polling loop replaced by an Event.wait()).",
    caused_by=("TM202",),  # polls and sleeps that waited for threads become joins
    applies=_printed_at_another_time,
    default=False,
)
LOCKING = Divergence(
    "locking",
    "ignore acquire/release of the script's own locks",
    "Each thread's acquire and release of locks the script created are compared with its "
    "output (`with lock:` and acquire()/release() record the same), so a lock the "
    "conversion dropped is a difference even when the output is the same.",
    caused_by=("TM203", "TM204"),  # the transforms that rewrite locks and their use
    applies=_is_lock_event,
    default=False,
)

# In the order --list-divergences shows them and compare() reports the normalisations.
DIVERGENCES: dict[str, Divergence] = {d.name: d for d in (
    THREAD_IDS, ADDRESSES, THREAD_NAMES, SOFTSPACE, MAIN_SPIN, POLL_BECAME_JOIN, FALLBACK_POLL_SLEEP,
    CUT_OFF_AT_EXIT,
    ENUMERATE_LISTS_CONVERTED_THREADS, LOCK_RELEASED_ON_EXCEPTION, TIMING, LOCKING)}
NORMALISATIONS: tuple[Divergence, ...] = tuple(d for d in DIVERGENCES.values() if d.always)
ALWAYS: frozenset[str] = frozenset(d.name for d in NORMALISATIONS)
DEFAULT_ALLOWED: frozenset[str] = frozenset(d.name for d in DIVERGENCES.values() if d.default)


class UnknownDivergence(ValueError):
    pass


def resolve(allow: Iterable[str] = (), strict: bool = False) -> frozenset[str]:
    """The allowed set: the defaults (or, when strict, only the normalisations) plus `allow`."""
    names = set(ALWAYS if strict else DEFAULT_ALLOWED)
    for item in allow:
        for name in str(item).split(","):
            name = name.strip()
            if not name:
                continue
            if name not in DIVERGENCES:
                raise UnknownDivergence(
                    f"unknown divergence {name!r}; known: {', '.join(DIVERGENCES)}")
            names.add(name)
    return frozenset(names)


def describe() -> str:
    """One paragraph per divergence, for --list-divergences."""
    out = []
    for d in DIVERGENCES.values():
        flag = "always" if d.always else ("default" if d.default else "opt-in (--allow)")
        out.append(f"{d.name} [{flag}]: {d.summary}.\n    {d.doc}")
    return "\n".join(out)
