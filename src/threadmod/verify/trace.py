"""The trace of one run: each thread's printed lines and lock events, and how the run ended.

`Trace.from_raw` reads what `_bootstrap.py` wrote and normalises the values that differ
between any two runs (thread idents, addresses, default thread names: the normalisations of
divergences.py); `Trace.save` and `Trace.load` keep a normalised trace as reviewable JSON,
the recorded traces `threadmod verify --traces` compares against.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from threadmod.atomic import write_atomically
from threadmod.verify.divergences import ADDRESSES, THREAD_IDS, THREAD_NAMES

TRACE_FORMAT = 1
TRACE_SUFFIX = ".trace.json"


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
    # Read even when null; a null in any other field falls back to the field's default.
    _NULLABLE = ("parent", "cont_end", "exception", "exc_message", "traceback", "waiting_on",
                 "ended_at")

    @property
    def lines(self) -> list[Item]:
        return [i for i in self.items if i.kind != "sync"]

    def to_json(self) -> dict:
        d = {k: getattr(self, k) for k in self._FIELDS}
        d["items"] = [i.to_json() for i in self.items]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "ThreadTrace":
        t = cls(**{k: d.get(k) for k in cls._FIELDS if d.get(k) is not None or k in cls._NULLABLE})
        t.holding = list(d.get("holding") or [])
        t.items = [Item.from_json(r) for r in d.get("items", [])]
        return t


@dataclass
class Trace:
    """One run of one script: lines per thread, thread table, how the run ended."""

    python: str
    script: str
    how: str  # exit | spin | deadlock | time-limit | runaway | os-exit
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
    seed: int = 0  # random's seed in the run
    where: dict[str, str] = field(default_factory=dict)  # thread -> FILE:LINE in FUNC when the run was ended
    after_poll: list[str] = field(default_factory=list)  # threads started after main_poll_seq
    # thread -> the default name THREAD_NAMES rewrote to <name:THREAD> (live runs only, not saved)
    raw_names: dict[str, str] = field(default_factory=dict)

    def denormalised(self, text: str) -> str:
        """`text` with each <name:THREAD> this run's normaliser wrote put back as the name it printed."""
        if not self.raw_names or "<name:" not in text:
            return text
        return _NAME_MARK.sub(lambda m: self.raw_names.get(m.group(1), m.group(0)), text)

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
        d = {
            "format": TRACE_FORMAT, "normalised": True, "python": self.python,
            "script": self.script, "source_sha256": self.source_sha256,
            "how": self.how, "detail": self.detail, "exit_code": self.exit_code,
            "vtime": self.vtime, "exit_vtime": self.exit_vtime, "main_poll_seq": self.main_poll_seq,
            "normalisations": self.normalised, "warnings": self.warnings,
        }
        # written only when they say something, so traces recorded before them stay current
        for key, value, default in (("seed", self.seed, 0), ("where", self.where, {}),
                                    ("after_poll", self.after_poll, [])):
            if value != default:
                d[key] = value
        d["threads"] = [t.to_json() for t in self.threads]
        return d

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
                source_sha256=d.get("source_sha256"), seed=d.get("seed") or 0,
                where=dict(d.get("where") or {}), after_poll=list(d.get("after_poll") or []))
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
                    stats=dict(raw.get("stats", {})), seed=raw.get("seed") or 0,
                    where={k: norm(v) for k, v in (raw.get("where") or {}).items()},
                    after_poll=list(raw.get("after_poll") or []))
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
        trace.raw_names = {thread: name for name, thread in norm.names.items()}
        return trace


def _round(t):
    return None if t is None else round(float(t), 9)


# What each normalisation rewrites: ADDRESSES, a number THREAD_IDS rewrites when it is an
# ident, and the default names THREAD_NAMES rewrites.
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")
_NUMBER = re.compile(r"(?<![0-9])[0-9]{4,}(?![0-9])")
_NAME_MARK = re.compile(r"<name:([^>]+)>")
_DEFAULT_NAME = re.compile(r"^(?:Thread|Dummy)-[0-9]+(?: \(.*\))?$")


class _Normaliser:
    """Rewrites run-dependent values in printed text, counting them per normalisation."""

    def __init__(self, raw: dict):
        self.counts = {ADDRESSES.name: 0, THREAD_IDS.name: 0, THREAD_NAMES.name: 0}
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
            self.counts[ADDRESSES.name] += 1
            return "0x<addr>"

        def number(m):
            name = self._thread_for(int(m.group(0)), seq)
            if name is None:
                return m.group(0)
            self.counts[THREAD_IDS.name] += 1
            return f"<ident:{name}>"

        def tname(m):
            self.counts[THREAD_NAMES.name] += 1
            return f"<name:{self.names[m.group(0)]}>"

        text = _ADDRESS.sub(address, text)
        if self.idents:
            text = _NUMBER.sub(number, text)
        if self.name_re is not None:
            text = self.name_re.sub(tname, text)
        return text

