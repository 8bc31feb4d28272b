"""The named divergences `threadmod verify` may allow between a legacy run and a modern one.

Each is a documented, expected way a correct conversion's run differs from the original's.
`compare()` applies the allowed ones and reports every one it used as `allowed: NAME`, so
nothing is accepted silently.  Some are normalisations that always apply (the raw values
can never agree between two processes); the others can be switched: the defaults are on
unless `--strict`, the rest only when named with `--allow NAME`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class Divergence:
    name: str
    summary: str
    doc: str
    default: bool  # allowed unless --strict
    always: bool = False  # a normalisation: cannot be switched off


_ALL = [
    Divergence(
        "thread-ids",
        "thread idents are compared as <ident:THREAD>",
        "A number equal to a thread's ident (thread.start_new_thread's result, Thread.ident, "
        "thread.get_ident()) is printed as <ident:NAME>: idents differ between any two runs.",
        default=True, always=True,
    ),
    Divergence(
        "addresses",
        "memory addresses are compared as 0x<addr>",
        "Hexadecimal numbers of 6 or more digits after 0x (object reprs: <function f at 0x7f...>) "
        "are printed as 0x<addr>: addresses differ between any two runs.",
        default=True, always=True,
    ),
    Divergence(
        "thread-names",
        "default threading names are compared as <name:THREAD>",
        "Default threading names (Thread-1, Thread-1 (target) on Python 3.10+, Dummy-1) are "
        "printed as <name:NAME>: their numbering and form differ between Python versions.",
        default=True, always=True,
    ),
    Divergence(
        "softspace",
        "trailing spaces at the end of a line are ignored",
        "Python 2's print statement tracks `softspace` per file: `print 'a',` then `print 'b'` "
        "prints 'a b' with no trailing space, and a print from another thread between the two "
        "starts with a space.  The harness keeps softspace per thread, so the second case never "
        "shows; the first is ignored by comparing lines without trailing spaces (the converted "
        "print('a', end=' ') leaves one).",
        default=True,
    ),
    Divergence(
        "main-spin",
        "the legacy main spun after its workers ended and was ended by the harness",
        "A legacy main that keeps the process alive with a busy loop (`while 1: pass`, or "
        "`while True: time.sleep(1)`) never exits; the harness ends it once every other thread "
        "has finished.  The conversion joins the threads instead (TM202) and exits with status "
        "0, or waits for ever without spinning (threading.Event().wait()).  Allowed only when "
        "every legacy thread had finished.",
        default=True,
    ),
    Divergence(
        "poll-became-join",
        "main's lines after a poll may come earlier in the modern run",
        "A legacy main that waits by polling (`while len(done) < 3: time.sleep(0.5)`) notices "
        "the end of its threads at its next check; the join that replaces it (TM202) returns "
        "when the last thread ends.  From the first time the legacy main slept or spun while "
        "another thread ran, each main line may come earlier in the modern run, never later; "
        "the text and order must still match.",
        default=True,
    ),
    Divergence(
        "cut-off-at-exit",
        "a thread Python 2 killed at exit, the modern script waits for",
        "Threads of the thread module (and daemon threads) die when the main thread exits, "
        "usually before they print; the converted threading.Thread is waited for.  The harness "
        "lets a thread that was cut off run on after the exit point to record what it would "
        "have printed: allowed when the legacy thread was never waited for and its output, "
        "before and after the exit point, is what the modern thread printed (a prefix of it "
        "when the continuation ran out of budget).",
        default=True,
    ),
    Divergence(
        "enumerate-lists-converted-threads",
        "modern lines that mention a thread Python 2's threading did not know",
        "threading.enumerate() (and active_count(), current_thread()) in Python 2 does not list "
        "threads started with thread.start_new_thread; once converted to threading.Thread they "
        "are listed (TM201 documents this).  Allows extra modern lines, in any thread, that "
        "mention such a thread by <ident:NAME> or <name:NAME>; every legacy line must still "
        "appear, in order.",
        default=True,
    ),
    Divergence(
        "lock-released-on-exception",
        "a lock an exception left held in the legacy run is released in the modern one",
        "acquire() ... release() becomes `with lock:` (TM204 documents this), so a thread that "
        "raises in between no longer leaves the lock held.  Allowed for threads that in the "
        "legacy run stayed blocked forever on a lock of the script that a thread ending with an "
        "exception still held, when in the modern run that thread raised the same exception "
        "and released the lock: their legacy output must be a prefix of the modern one, and a "
        "legacy main that then spun (or the process that exited with them blocked) counts as "
        "the modern main's normal exit.",
        default=True,
    ),
    Divergence(
        "timing",
        "ignore the virtual time of each line",
        "Lines are compared with the virtual time at which they were printed, so a changed "
        "sleep is a difference even when the text is the same.  Allow this when the conversion "
        "changes timing on purpose (a polling loop replaced by an Event.wait()).",
        default=False,
    ),
    Divergence(
        "locking",
        "ignore acquire/release of the script's own locks",
        "Each thread's acquire and release of locks the script created are compared with its "
        "output (`with lock:` and acquire()/release() record the same), so a lock the "
        "conversion dropped is a difference even when the output is the same.",
        default=False,
    ),
]

DIVERGENCES: dict[str, Divergence] = {d.name: d for d in _ALL}
ALWAYS: frozenset[str] = frozenset(d.name for d in _ALL if d.always)
DEFAULT_ALLOWED: frozenset[str] = frozenset(d.name for d in _ALL if d.default)


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
    for d in _ALL:
        flag = "always" if d.always else ("default" if d.default else "opt-in (--allow)")
        out.append(f"{d.name} [{flag}]: {d.summary}.\n    {d.doc}")
    return "\n".join(out)
