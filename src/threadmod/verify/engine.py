"""Run a script under the deterministic harness and compare two runs thread by thread.

    trace = run_traced(python, script, timeout)      # -> Trace (raises RunError)
    verdict = compare(legacy_trace, modern_trace)    # -> Verdict (.ok, .differences, .allowed)
    python2 = find_python2(explicit)                 # -> path (raises Python2NotFound)

`_bootstrap.py` (Python 2.7 and 3) does the running: virtual time, one deterministic
scheduler, output tagged by thread.  This module is Python 3 only.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from threadmod.atomic import write_atomically
from threadmod.interpreters import Python2NotFound, find_python2  # noqa: F401  (part of this API)
from threadmod.verify.divergences import ALWAYS, DEFAULT_ALLOWED, DIVERGENCES

BOOTSTRAP = Path(__file__).with_name("_bootstrap.py")
TRACE_FORMAT = 1
TRACE_SUFFIX = ".trace.json"
DEFAULT_TIMEOUT = 60.0


class RunError(Exception):
    """A script could not be run (exit 2): no interpreter, a syntax error, a runaway, a crash."""


# -- the trace --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    kind: str  # "out" | "err" | "sync"
    text: str
    t: float  # virtual seconds
    seq: int  # global order of the run
    after_exit: bool = False  # recorded after the exit point (a cut-off thread running on)

    def to_json(self) -> list:
        return [self.kind, self.text, self.t, self.seq, 1 if self.after_exit else 0]

    @classmethod
    def from_json(cls, row: Sequence) -> "Item":
        return cls(row[0], row[1], row[2], row[3], bool(row[4]))


@dataclass
class ThreadTrace:
    name: str  # "main", or callable#k (k-th thread started running that callable)
    order: int  # start order (main is 0)
    kind: str  # main | raw (thread module) | threading | untagged
    callable: str
    parent: str | None
    daemon: bool
    end: str  # exited | finished | outlived-main | cut-off | blocked | spinning | running
    cont_end: str | None = None  # for cut-off threads: how running on after the exit ended
    exception: str | None = None
    exc_message: str | None = None
    traceback: str | None = None
    joined: bool = False
    waited_at_exit: bool = False
    waiting_on: str | None = None
    holding: list[str] = field(default_factory=list)  # the script's locks still held at its end
    started_at: float = 0.0
    ended_at: float | None = None
    items: list[Item] = field(default_factory=list)

    _FIELDS = ("name", "order", "kind", "callable", "parent", "daemon", "end", "cont_end",
               "exception", "exc_message", "traceback", "joined", "waited_at_exit",
               "waiting_on", "holding", "started_at", "ended_at")

    @property
    def lines(self) -> list[Item]:
        return [i for i in self.items if i.kind != "sync"]

    def to_json(self) -> dict:
        d = {k: getattr(self, k) for k in self._FIELDS}
        d["items"] = [i.to_json() for i in self.items]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "ThreadTrace":
        t = cls(**{k: d.get(k) for k in cls._FIELDS if k in d and d.get(k) is not None
                   or k in ("cont_end", "exception", "exc_message", "traceback", "waiting_on",
                            "ended_at", "parent")})
        t.holding = list(d.get("holding") or [])
        t.items = [Item.from_json(r) for r in d.get("items", [])]
        return t


@dataclass
class Trace:
    """One run of one script: lines per thread, thread table, how the run ended."""

    python: str
    script: str
    how: str  # exit | spin | deadlock | time-limit | os-exit
    detail: str = ""
    exit_code: int | None = None
    vtime: float = 0.0
    exit_vtime: float | None = None
    main_poll_seq: int | None = None  # the run's seq when main first slept or spun while others ran
    threads: list[ThreadTrace] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    normalised: dict[str, int] = field(default_factory=dict)
    source_sha256: str | None = None
    stats: dict = field(default_factory=dict)

    def thread(self, name: str) -> ThreadTrace | None:
        for t in self.threads:
            if t.name == name:
                return t
        return None

    @property
    def main(self) -> ThreadTrace:
        return self.threads[0]

    # -- (de)serialisation --
    def to_json(self) -> dict:
        return {
            "format": TRACE_FORMAT, "normalised": True, "python": self.python,
            "script": self.script, "source_sha256": self.source_sha256,
            "how": self.how, "detail": self.detail, "exit_code": self.exit_code,
            "vtime": self.vtime, "exit_vtime": self.exit_vtime, "main_poll_seq": self.main_poll_seq,
            "normalisations": self.normalised, "warnings": self.warnings,
            "threads": [t.to_json() for t in self.threads],
        }

    def dumps(self) -> str:
        """Stable, reviewable JSON: one item per line, no run-dependent values."""
        d = self.to_json()
        threads = d.pop("threads")
        head = json.dumps(d, indent=1, sort_keys=True, ensure_ascii=False)
        parts = []
        for t in threads:
            items = t.pop("items")
            body = json.dumps(t, indent=2, sort_keys=True, ensure_ascii=False)[:-2]
            rows = ",\n".join("    " + json.dumps(i, ensure_ascii=False) for i in items)
            parts.append(f"{body},\n  \"items\": [\n{rows}\n  ]\n }}" if items
                         else f"{body},\n  \"items\": []\n }}")
        return head[:-2] + ',\n "threads": [\n ' + ",\n ".join(parts) + "\n ]\n}\n"

    def save(self, path: str | os.PathLike) -> Path:
        path = Path(path)
        write_atomically(str(path), self.dumps())
        return path

    @classmethod
    def from_json(cls, d: dict) -> "Trace":
        if d.get("format") != TRACE_FORMAT:
            raise ValueError(f"unknown trace format {d.get('format')!r}")
        if not d.get("normalised"):
            return cls.from_raw(d)
        t = cls(python=d["python"], script=d["script"], how=d["how"], detail=d.get("detail", ""),
                exit_code=d.get("exit_code"), vtime=d.get("vtime", 0.0),
                exit_vtime=d.get("exit_vtime"), main_poll_seq=d.get("main_poll_seq"),
                warnings=list(d.get("warnings", [])),
                normalised=dict(d.get("normalisations", {})),
                source_sha256=d.get("source_sha256"))
        t.threads = [ThreadTrace.from_json(x) for x in d["threads"]]
        return t

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Trace":
        with open(path, encoding="utf-8") as f:
            return cls.from_json(json.load(f))

    @classmethod
    def from_raw(cls, raw: dict, untagged_stdout: str = "", untagged_stderr: str = "") -> "Trace":
        """A trace from the bootstrap's JSON: normalise idents, addresses and default names."""
        norm = _Normaliser(raw)
        trace = cls(python=raw["python"], script=raw["script"], how=raw["how"],
                    detail=norm(raw.get("detail", "")), exit_code=raw.get("exit_code"),
                    vtime=_round(raw.get("vtime", 0.0)), exit_vtime=_round(raw.get("exit_vtime")),
                    main_poll_seq=raw.get("main_poll_seq"),
                    stats=dict(raw.get("stats", {})))
        for rt in raw["threads"]:
            items = [Item(kind, norm(text, seq), _round(t), seq, bool(after))
                     for kind, text, t, seq, after in rt["items"]]
            trace.threads.append(ThreadTrace(
                name=rt["name"], order=rt["order"], kind=rt["kind"], callable=rt["callable"],
                parent=rt["parent"], daemon=bool(rt["daemon"]), end=rt["end"],
                cont_end=rt.get("cont_end"), exception=rt.get("exception"),
                exc_message=norm(rt.get("exc_message")), traceback=norm(rt.get("traceback")),
                joined=bool(rt.get("joined")), waited_at_exit=bool(rt.get("waited_at_exit")),
                waiting_on=rt.get("waiting_on"), holding=list(rt.get("holding") or []),
                started_at=_round(rt.get("started_at", 0.0)),
                ended_at=_round(rt.get("ended_at")), items=items))
        untagged = []
        for kind, text in (("out", untagged_stdout), ("err", untagged_stderr)):
            untagged += [Item(kind, norm(line), 0.0, 0) for line in text.splitlines()]
        if untagged:
            trace.threads.append(ThreadTrace(
                name="(untagged)", order=len(trace.threads), kind="untagged", callable="",
                parent=None, daemon=False, end="finished", items=untagged))
        trace.warnings = [norm(w) for w in raw.get("warnings", [])]
        trace.normalised = {k: v for k, v in norm.counts.items() if v}
        return trace


def _round(t):
    return None if t is None else round(float(t), 9)


_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_NUMBER = re.compile(r"(?<![0-9])[0-9]{4,}(?![0-9])")
_DEFAULT_NAME = re.compile(r"^(?:Thread|Dummy)-[0-9]+(?: \(.*\))?$")


class _Normaliser:
    """Rewrites run-dependent values in printed text (see divergences.ALWAYS)."""

    def __init__(self, raw: dict):
        self.counts = {"addresses": 0, "thread-ids": 0, "thread-names": 0}
        self.idents: dict[int, list[tuple[int, int | None, str]]] = {}
        names = {}
        for t in raw.get("threads", []):
            if t.get("ident") is not None:
                self.idents.setdefault(int(t["ident"]), []).append(
                    (t.get("start_seq") or 0, t.get("end_seq"), t["name"]))
            tname = t.get("tname")
            if tname and _DEFAULT_NAME.match(tname):
                names[tname] = t["name"]
        self.names = names
        self.name_re = (re.compile("(?<![\\w-])(?:" + "|".join(
            re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")(?![0-9])")
            if names else None)

    def _thread_for(self, ident: int, seq: int | None) -> str | None:
        owners = self.idents.get(ident)
        if not owners:
            return None
        if len(owners) == 1 or seq is None:
            return owners[0][2]
        alive = [o for o in owners if o[0] <= seq and (o[1] is None or seq <= o[1])]
        if alive:
            return alive[-1][2]
        before = [o for o in owners if o[0] <= seq]
        return (before[-1] if before else owners[0])[2]

    def __call__(self, text, seq: int | None = None):
        if not text:
            return text

        def address(m):
            self.counts["addresses"] += 1
            return "0x<addr>"

        def number(m):
            name = self._thread_for(int(m.group(0)), seq)
            if name is None:
                return m.group(0)
            self.counts["thread-ids"] += 1
            return f"<ident:{name}>"

        def tname(m):
            self.counts["thread-names"] += 1
            return f"<name:{self.names[m.group(0)]}>"

        text = _ADDRESS.sub(address, text)
        if self.idents:
            text = _NUMBER.sub(number, text)
        if self.name_re is not None:
            text = self.name_re.sub(tname, text)
        return text


# -- running ----------------------------------------------------------------------------------
def child_env(base: dict | None = None) -> dict:
    """The environment of a traced run: deterministic hashing, UTC, no bytecode files."""
    env = dict(os.environ if base is None else base)
    env.update(PYTHONHASHSEED="0", TZ="UTC", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    for key in ("PYTHONHOME", "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONBREAKPOINT"):
        env.pop(key, None)
    return env


def sha256_of(path: str | os.PathLike) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_traced(python: str, script: str | os.PathLike, timeout: float = DEFAULT_TIMEOUT, *,
               args: Sequence[str] = (), cwd: str | os.PathLike | None = None,
               env: dict | None = None, quantum: int | None = None,
               max_vtime: float | None = None) -> Trace:
    """Run `script` under `python` with the harness; its Trace.  RunError when it cannot run.

    `timeout` is real seconds for the whole process (a runaway script); virtual time is
    limited separately (`max_vtime`, default 3600 virtual seconds).
    """
    script = Path(script)
    if not script.is_file():
        raise RunError(f"{script}: no such file")
    with tempfile.TemporaryDirectory(prefix="threadmod-verify-") as tmp:
        out = Path(tmp) / "trace.json"
        cmd = [str(python), str(BOOTSTRAP), "--trace", str(out)]
        if quantum is not None:
            cmd += ["--quantum", str(int(quantum))]
        if max_vtime is not None:
            cmd += ["--max-vtime", repr(float(max_vtime))]
        cmd += ["--", str(script.resolve()), *map(str, args)]
        started = time.monotonic()
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout, cwd=cwd, env=child_env(env))
        except subprocess.TimeoutExpired:
            raise RunError(f"{script}: did not finish within {timeout:g} s of real time under "
                           f"{python} (a runaway script? --timeout raises the limit)") from None
        except OSError as e:
            raise RunError(f"{script}: cannot start {python}: {e.strerror or e}") from None
        elapsed = time.monotonic() - started
        if not out.exists():
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-6:]
            raise RunError(f"{script}: the harness failed under {python} (exit status "
                           f"{proc.returncode})" + ("".join("\n    " + x for x in tail)))
        raw = json.loads(out.read_text(encoding="utf-8"))
    # Tracebacks name the script by its absolute path: keep only the name, so that a
    # recorded trace is the same in every checkout.
    folder = str(script.resolve().parent) + os.sep
    raw = _without_prefix(raw, folder)
    if raw["how"] == "cannot-run":
        raise RunError(f"{script}: cannot run under Python {raw['python']}: {raw['detail']}")
    trace = Trace.from_raw(raw, proc.stdout.decode("utf-8", "replace").replace(folder, ""),
                           proc.stderr.decode("utf-8", "replace").replace(folder, ""))
    trace.source_sha256 = sha256_of(script)
    trace.stats["real_seconds"] = round(elapsed, 3)
    return trace


def _without_prefix(value, prefix: str):
    if isinstance(value, str):
        return value.replace(prefix, "")
    if isinstance(value, list):
        return [_without_prefix(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: _without_prefix(v, prefix) for k, v in value.items()}
    return value


# -- comparing ------------------------------------------------------------------------------------
@dataclass
class Difference:
    thread: str | None
    message: str
    legacy: list[Item] = field(default_factory=list)  # context, the differing item marked by index
    modern: list[Item] = field(default_factory=list)
    legacy_mark: int | None = None
    modern_mark: int | None = None
    legacy_first: int = 0  # the index of legacy[0] in the thread's items
    modern_first: int = 0


@dataclass
class Allowance:
    name: str
    thread: str | None
    message: str


@dataclass
class Verdict:
    legacy: Trace
    modern: Trace
    allowed_names: frozenset[str]
    leaked: dict[str, str] = field(default_factory=dict)  # lock -> the legacy thread that left it held
    differences: list[Difference] = field(default_factory=list)
    allowed: list[Allowance] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def allow(self, name: str, thread: str | None, message: str) -> None:
        self.allowed.append(Allowance(name, thread, message))

    def differ(self, thread: str | None, message: str, **context) -> None:
        self.differences.append(Difference(thread, message, **context))

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "differences": [{"thread": d.thread, "message": d.message,
                             "legacy": [i.to_json() for i in d.legacy],
                             "modern": [i.to_json() for i in d.modern]} for d in self.differences],
            "allowed": [{"name": a.name, "thread": a.thread, "message": a.message} for a in self.allowed],
        }

    def render(self, width: int = 120) -> str:
        """The differences side by side, then what was allowed."""
        out = []
        lp, mp = f"legacy (Python {self.legacy.python})", f"modern (Python {self.modern.python})"
        for d in self.differences:
            out.append(f"  {d.thread + ': ' if d.thread else ''}{d.message}")
            if d.legacy or d.modern:
                out.extend(_side_by_side(d, lp, mp, width))
        for a in self.allowed:
            out.append(f"  allowed: {a.name}{' (' + a.thread + ')' if a.thread else ''}: {a.message}")
        return "\n".join(out)


def _fmt_t(t: float) -> str:
    s = f"{t:.3f}"
    return s if abs(float(s) - t) < 1e-12 else f"{t:.6f}".rstrip("0")


def _show(item: Item) -> str:
    if item.kind == "sync":
        text = f"[{item.text}]"
    elif item.kind == "err":
        text = f"[stderr] {item.text}"
    else:
        text = item.text
    return text + (" (after exit)" if item.after_exit else "")


def _side_by_side(d: Difference, lp: str, mp: str, width: int) -> list[str]:
    col = max(24, (width - 27) // 2)  # "    " + (flag, time, text) + " | " + (flag, time, text)

    invisible = (d.legacy_mark is not None and d.modern_mark is not None
                 and d.legacy_mark < len(d.legacy) and d.modern_mark < len(d.modern)
                 and d.legacy[d.legacy_mark].text != d.modern[d.modern_mark].text
                 and d.legacy[d.legacy_mark].text.strip() == d.modern[d.modern_mark].text.strip())

    def cell(items, k, mark, first):
        if k >= len(items):
            return " " * 10 + ("(nothing)" if k == mark else "").ljust(col)
        it = items[k]
        flag = ">" if k == mark else " "
        text = _show(it) if not (invisible and k == mark) else repr(it.text)
        if len(text) > col:
            text = text[: col - 1] + "…"
        return f"{flag}{_fmt_t(it.t):>8} " + text.ljust(col)

    rows = [f"    {' ':10}{lp[:col].ljust(col)} | {' ':10}{mp[:col]}"]
    n = max(len(d.legacy), len(d.modern), (d.legacy_mark or 0) + 1, (d.modern_mark or 0) + 1)
    for k in range(n):
        left = cell(d.legacy, k, d.legacy_mark, d.legacy_first)
        right = cell(d.modern, k, d.modern_mark, d.modern_first)
        rows.append(f"    {left} | {right}".rstrip())
    return rows


_MENTION = re.compile(r"<(?:ident|name):([^>]+)>")
CONTEXT = 2


def compare(legacy: Trace, modern: Trace, allowed: Iterable[str] | None = None) -> Verdict:
    """Compare two runs thread by thread (threads are paired by name: callable#k).

    Per thread: its items (stdout and stderr lines with their virtual time, and acquire/release
    of the script's own locks) in order; how it ended (before or after main's end, cut off at
    exit, an exception's type).  Then how the run ended.  `allowed` names the divergences to
    accept (divergences.DEFAULT_ALLOWED when None; normalisations always apply); each one used
    is reported in Verdict.allowed.
    """
    names = frozenset(DEFAULT_ALLOWED if allowed is None else allowed) | ALWAYS
    unknown = names - set(DIVERGENCES)
    if unknown:
        raise ValueError(f"unknown divergences: {', '.join(sorted(unknown))}")
    v = Verdict(legacy, modern, names)
    for rule in ("thread-ids", "addresses", "thread-names"):
        n = legacy.normalised.get(rule, 0) + modern.normalised.get(rule, 0)
        if n:
            v.allow(rule, None, f"{n} occurrence{'s' if n != 1 else ''} normalised "
                                f"({DIVERGENCES[rule].summary})")
    converted = {t.name for t in legacy.threads if t.kind == "raw"
                 and (m := modern.thread(t.name)) is not None and m.kind == "threading"}
    v.leaked = _leaked_locks(v)
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
            _compare_thread(v, lt, mt, converted)
    _compare_ending(v)
    return v


def _leaked_locks(v: Verdict) -> dict[str, str]:
    """{lock: thread} for the script's locks a legacy thread still held when it ended with an
    exception, which the same thread released in the modern run (raising the same exception)."""
    if "lock-released-on-exception" not in v.allowed_names:
        return {}
    leaked = {}
    for lt in v.legacy.threads:
        mt = v.modern.thread(lt.name)
        if lt.exception and mt is not None and mt.exception == lt.exception:
            for lock in lt.holding:
                if lock not in mt.holding:
                    leaked[lock] = lt.name
    return leaked


def _blocked_on_leaked(v: Verdict, lt: ThreadTrace) -> str | None:
    """The leaked lock legacy thread lt stayed blocked on for ever, if any."""
    if lt.end == "blocked" or (lt.end == "cut-off" and lt.cont_end == "blocked"):
        for lock in v.leaked:
            if lt.waiting_on == f"lock {lock}":
                return lock
    return None


def _key(item: Item, names: frozenset[str]):
    text = item.text.rstrip(" ") if "softspace" in names else item.text
    return (item.kind, text, None if "timing" in names else item.t)


def _compare_thread(v: Verdict, lt: ThreadTrace, mt: ThreadTrace, converted: set[str]) -> None:
    names = v.allowed_names
    name = lt.name
    cutoff_rule = (lt.end == "cut-off" and mt.end in ("finished", "outlived-main")
                   and "cut-off-at-exit" in names)
    leaked = _blocked_on_leaked(v, lt) if mt.end in ("finished", "outlived-main", "exited") else None
    litems, mitems = list(lt.items), list(mt.items)
    if not cutoff_rule and not (lt.end == "cut-off" and mt.end == "cut-off"):
        litems = [i for i in litems if not i.after_exit]
        mitems = [i for i in mitems if not i.after_exit]
    if "locking" in names:
        litems = [i for i in litems if i.kind != "sync"]
        mitems = [i for i in mitems if i.kind != "sync"]
    enum_rule = "enumerate-lists-converted-threads" in names and converted
    poll_seq = v.legacy.main_poll_seq
    poll_rule = (name == "main" and poll_seq is not None and "poll-became-join" in names
                 and "timing" not in names)
    key_names = names | {"timing"} if poll_rule else names
    earlier: list[float] = []

    def same(a: Item, b: Item) -> bool:
        if _key(a, key_names) != _key(b, key_names):
            return False
        if not poll_rule or abs(a.t - b.t) < 1e-9:
            return True
        if a.seq > poll_seq and b.t < a.t:  # after the legacy main began to poll: may be earlier
            earlier.append(a.t - b.t)
            return True
        return False

    def mentions_converted(item: Item) -> bool:
        return item.kind != "sync" and any(m in converted for m in _MENTION.findall(item.text))

    # the locks this thread left held when it raised in the legacy run, released in the modern one
    released = {f"release {lock}" for lock, owner in v.leaked.items() if owner == name}
    i = j = 0
    extras: list[Item] = []
    releases: list[Item] = []
    while i < len(litems) or j < len(mitems):
        if i < len(litems) and j < len(mitems) and same(litems[i], mitems[j]):
            i += 1
            j += 1
            continue
        if j < len(mitems) and enum_rule and mentions_converted(mitems[j]):
            extras.append(mitems[j])
            j += 1
            continue
        if j < len(mitems) and mitems[j].kind == "sync" and mitems[j].text in released:
            releases.append(mitems[j])
            j += 1
            continue
        break
    items_ok = i == len(litems) and j == len(mitems)
    truncated = False
    if not items_ok and i == len(litems) and cutoff_rule and lt.cont_end == "budget":
        items_ok = truncated = True  # the legacy continuation ran out of budget: a prefix is enough
    if not items_ok and i == len(litems) and leaked:
        items_ok = True  # blocked for ever on a lock the modern run released: a prefix is enough
        more = sum(1 for x in mitems[j:] if x.kind != "sync")
        v.allow("lock-released-on-exception", name,
                f"blocked for ever in the legacy run on {leaked}, which {v.leaked[leaked]} still "
                f"held when it raised {v.legacy.thread(v.leaked[leaked]).exception}; the modern "
                f"run released it and this thread went on to print {more} more "
                f"line{'s' if more != 1 else ''}")
    if not items_ok:
        if i < len(litems) and j < len(mitems):
            what = f"first difference at item {i + 1} (legacy) / {j + 1} (modern)"
            a, b = litems[i], mitems[j]
            if (a.kind, a.text) == (b.kind, b.text):
                what += f": the same {'event' if a.kind == 'sync' else 'line'} at virtual time " \
                        f"{_fmt_t(a.t)} (legacy) and {_fmt_t(b.t)} (modern)"
        elif i < len(litems):
            what = f"the modern thread stops after {j} item{'s' if j != 1 else ''}; the legacy one goes on"
        else:
            what = f"the modern thread goes on after the legacy one's {i} item{'s' if i != 1 else ''}"
        if cutoff_rule:
            what += " (the legacy thread was cut off at exit; compared with what it went on to print)"
        lo, mo = max(0, i - CONTEXT), max(0, j - CONTEXT)
        v.differ(name, what, legacy=litems[lo:i + CONTEXT + 1], modern=mitems[mo:j + CONTEXT + 1],
                 legacy_mark=i - lo, modern_mark=j - mo, legacy_first=lo, modern_first=mo)
    if items_ok and earlier:
        v.allow("poll-became-join", name,
                f"{len(earlier)} line{'s' if len(earlier) != 1 else ''} after the legacy main began "
                f"to poll came up to {_fmt_t(max(earlier))} s earlier in the modern run")
    if items_ok and releases:
        v.allow("lock-released-on-exception", name,
                f"raised {lt.exception} holding {', '.join(r.text.split()[1] for r in releases)}: "
                f"the legacy run left it held, the modern run released it")
    if not items_ok:
        pass
    elif extras:
        v.allow("enumerate-lists-converted-threads", name,
                f"{len(extras)} extra modern line{'s' if len(extras) != 1 else ''} mention "
                f"{', '.join(sorted({m for e in extras for m in _MENTION.findall(e.text) if m in converted}))}"
                f" (a thread-module thread in the legacy run): "
                + "; ".join(repr(e.text) for e in extras[:3]) + (" ..." if len(extras) > 3 else ""))
    if items_ok and "softspace" in names and any(
            a.text != b.text for a, b in zip(litems, [m for m in mitems
                                                      if m not in extras and m not in releases])
            if a.kind != "sync"):
        v.allow("softspace", name, "lines differ only in trailing spaces")

    # how the thread ended
    if name != "main" and not leaked:
        le, me = lt.end, mt.end
        if le == "cut-off" and me in ("finished", "outlived-main"):
            if cutoff_rule and items_ok:
                after = sum(1 for x in lt.items if x.after_exit and x.kind != "sync")
                before = sum(1 for x in lt.items if not x.after_exit and x.kind != "sync")
                how = ("its continuation ran out of budget; its output is a prefix of the modern one"
                       if truncated else f"the {after} line{'s' if after != 1 else ''} it went on to "
                       "print match the modern thread's")
                v.allow("cut-off-at-exit", name,
                        f"never waited for; the legacy process exited at t={_fmt_t(v.legacy.exit_vtime or 0)} "
                        f"after it printed {before} line{'s' if before != 1 else ''} and Python 2 cut "
                        f"it off; {how}")
            elif not cutoff_rule:
                v.differ(name, f"cut off when the legacy process exited; the modern run "
                               f"{'waited for it' if me == 'outlived-main' else 'let it finish'}")
        elif le != me:
            v.differ(name, f"{_END[le]} in the legacy run; {_END[me]} in the modern run"
                     + (" (a dropped join?)" if (le, me) == ("finished", "outlived-main") else ""))
    if lt.exception != mt.exception:
        v.differ(name, f"legacy {_exc(lt)}; modern {_exc(mt)}"
                 + (f"\n{_indent(mt.traceback or lt.traceback)}" if (mt.traceback or lt.traceback) else ""))


_END = {
    "exited": "exited", "finished": "ended while main was running",
    "outlived-main": "ended after main's code (waited for at exit)",
    "cut-off": "was cut off at exit", "blocked": "was blocked forever",
    "spinning": "spun forever", "running": "was still running",
}


def _exc(t: ThreadTrace) -> str:
    if t.exception is None:
        return "raised no exception"
    return f"raised {t.exception}" + (f": {t.exc_message}" if t.exc_message else "")


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.rstrip().splitlines())


def _compare_ending(v: Verdict) -> None:
    lg, md = v.legacy, v.modern
    lm, mm = lg.main, md.main
    others_done = all(t.end in ("finished", "outlived-main") or _blocked_on_leaked(v, t)
                      for t in lg.threads if t.name != "main" and t.kind != "untagged")
    modern_waits = (md.how == "deadlock" and mm.end == "blocked" and all(
        t.end in ("finished", "outlived-main") for t in md.threads if t.name != "main" and t.kind != "untagged"))
    if lg.how == "spin" and lm.end == "spinning" and others_done and (md.how == "exit" or modern_waits):
        if "main-spin" not in v.allowed_names:
            v.differ("main", f"the legacy run ended by {lg.detail} at t={_fmt_t(lg.vtime)}; the modern "
                             f"main {'waits for ever' if modern_waits else 'exited'}")
        elif modern_waits:
            v.allow("main-spin", "main",
                    f"{lg.detail} at t={_fmt_t(lg.vtime)}; the modern main waits for ever without "
                    f"spinning ({mm.waiting_on}) from t={_fmt_t(md.vtime)}")
        elif md.exit_code == 0 and mm.exception is None:
            v.allow("main-spin", "main",
                    f"{lg.detail} at t={_fmt_t(lg.vtime)}; the modern main exited 0 at t={_fmt_t(md.vtime)}")
        else:
            v.differ("main", f"the legacy main spun after its workers ended; the modern main exited "
                             f"with status {md.exit_code}")
        return
    if lg.how != md.how:
        v.differ(None, f"the legacy run ended by {_HOW.get(lg.how, lg.how)}"
                       f"{' (' + lg.detail + ')' if lg.detail else ''}; the modern run by "
                       f"{_HOW.get(md.how, md.how)}{' (' + md.detail + ')' if md.detail else ''}")
    elif lg.how in ("exit", "os-exit") and lg.exit_code != md.exit_code:
        v.differ("main", f"exit status {lg.exit_code} in the legacy run, {md.exit_code} in the modern run")


_HOW = {"exit": "exiting", "spin": "a busy loop the harness ended", "deadlock": "a deadlock",
        "time-limit": "reaching the virtual time limit", "os-exit": "os._exit()"}


# -- pairs of files, recorded traces ----------------------------------------------------------------
@dataclass
class PairResult:
    legacy: Path
    modern: Path | None
    verdict: Verdict | None = None
    error: str | None = None

    @property
    def exit_code(self) -> int:
        return 2 if self.error is not None else (0 if self.verdict.ok else 1)


def trace_path_for(traces_dir: str | os.PathLike, rel: str | os.PathLike) -> Path:
    return Path(traces_dir) / (str(rel) + TRACE_SUFFIX)


def pair_paths(legacy: str | os.PathLike, modern: str | os.PathLike | None) -> list[tuple[Path, Path | None, str]]:
    """(legacy file, modern file or None when missing, relative name) for a file or a tree."""
    legacy = Path(legacy)
    if legacy.is_dir():
        out = []
        for p in sorted(legacy.rglob("*.py")):
            rel = p.relative_to(legacy)
            m = Path(modern) / rel if modern is not None else None
            out.append((p, m if m is None or m.is_file() else None, rel.as_posix()))
        return out
    if modern is not None and Path(modern).is_dir():
        m = Path(modern) / legacy.name
        return [(legacy, m if m.is_file() else None, legacy.name)]
    return [(legacy, Path(modern) if modern is not None else None, legacy.name)]


def load_recorded(legacy: Path, traces_dir: str | os.PathLike | None, rel: str) -> Trace | None:
    """The recorded trace of `legacy`, or None; RunError when it is stale."""
    if legacy.name.endswith(TRACE_SUFFIX) or legacy.suffix == ".json":
        return Trace.load(legacy)
    if traces_dir is None:
        return None
    path = trace_path_for(traces_dir, rel)
    if not path.is_file():
        return None
    trace = Trace.load(path)
    if trace.source_sha256 and trace.source_sha256 != sha256_of(legacy):
        raise RunError(f"{path}: recorded from a different version of {legacy}; record it again: "
                       f"threadmod verify --record {traces_dir} {legacy}")
    return trace


def record(legacy: str | os.PathLike, traces_dir: str | os.PathLike, *, python2: str | None = None,
           timeout: float = DEFAULT_TIMEOUT, jobs: int | None = None) -> list[tuple[Path, Path | None, str | None]]:
    """Run LEGACY (a file or a tree) under Python 2.7 and store each trace in traces_dir.

    Returns (legacy file, trace path or None, error or None) per file."""
    from concurrent.futures import ThreadPoolExecutor

    python = find_python2(python2)
    pairs = pair_paths(legacy, None)

    def one(p):
        src, _, rel = p
        try:
            trace = run_traced(python, src, timeout)
        except RunError as e:
            return src, None, str(e)
        trace.script = rel
        return src, trace.save(trace_path_for(traces_dir, rel)), None

    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 2) as pool:
        return list(pool.map(one, pairs))


def verify(legacy: str | os.PathLike, modern: str | os.PathLike, *, python2: str | None = None,
           python3: str | None = None, timeout: float = DEFAULT_TIMEOUT,
           allowed: Iterable[str] | None = None, traces_dir: str | os.PathLike | None = None,
           jobs: int | None = None) -> list[PairResult]:
    """Verify a pair of files, or two trees paired by relative path.  Runs in parallel."""
    from concurrent.futures import ThreadPoolExecutor

    python3 = python3 or sys.executable
    allowed = None if allowed is None else frozenset(allowed)
    pairs = pair_paths(legacy, modern)
    results = [PairResult(lp, mp) for lp, mp, _ in pairs]
    python2_box: list = []
    python2_lock = threading.Lock()

    def python2_path():  # found once, only when some legacy file has no recorded trace
        with python2_lock:
            if not python2_box:
                try:
                    python2_box.append(find_python2(python2))
                except Python2NotFound as e:
                    python2_box.append(e)
        if isinstance(python2_box[0], Exception):
            raise python2_box[0]
        return python2_box[0]

    def run_legacy(k):
        lp, mp, rel = pairs[k]
        recorded = load_recorded(lp, traces_dir, rel)
        return recorded if recorded is not None else run_traced(python2_path(), lp, timeout)

    def run_modern(k):
        return run_traced(python3, pairs[k][1], timeout)

    jobs = jobs or os.cpu_count() or 2
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = []
        for k, (lp, mp, rel) in enumerate(pairs):
            if mp is None:
                results[k].error = f"{lp}: no modern counterpart" + (f" under {modern}" if modern else "")
                futures.append(None)
                continue
            futures.append((pool.submit(run_legacy, k), pool.submit(run_modern, k)))
        for k, fs in enumerate(futures):
            if fs is None:
                continue
            errors, traces = [], []
            for f in fs:
                try:
                    traces.append(f.result())
                except (RunError, Python2NotFound) as e:
                    errors.append(str(e))
            if errors:
                results[k].error = "\n".join(errors)
            else:
                results[k].verdict = compare(traces[0], traces[1], allowed)
    return results
