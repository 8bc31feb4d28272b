#!/usr/bin/env python3
"""Benchmark ``threadmod convert`` against lib2to3 (2to3), side by side.

Run by hand, never by the test suite::

    /work/venv/bin/python benchmarks/bench.py                 # all corpora but `full`
    /work/venv/bin/python benchmarks/bench.py --corpus top206 --corpus seeds
    /work/venv/bin/python benchmarks/bench.py --all --runs 5 -j 2 --json out.json

Every run is a fresh process tree, started by a tiny launcher (see LAUNCHER).
For each run we record

* wall time from fork() of the tool to its reap, so interpreter start-up counts,
* user+sys CPU time of the tool and all its reaped descendants,
* ``ru_maxrss`` from ``os.wait4`` of the tool's top process: the kernel folds in
  the ru_maxrss of every descendant that was reaped, taking the MAXIMUM, so this
  is the *largest single process* of the tree, not a total,
* the total RSS (and PSS) of the whole tree, sampled from /proc every
  ``--sample-ms`` milliseconds (default 20); the peak of that sum is reported,
* how much CPU *other* processes used meanwhile (a noise indicator).

Runs alternate tool A / tool B (threadmod, 2to3, threadmod, 2to3, ...) and
the best (and median) of ``--runs`` runs is reported.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import fnmatch
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

from threadmod.interpreters import find_python, stdlib_dir

REPO = Path(__file__).resolve().parent.parent
LEGACY_DIR = REPO / "legacy"

CORPORA = ("top206", "full", "seeds", "py3", "copies4")
DEFAULT_CORPORA = ("top206", "seeds", "py3", "copies4")  # `full` is slow: --all / --corpus full
PER_FILE_CORPORA = ("seeds",)  # one process call per file

# 2to3's fixers: `all` is every default fixer (what `2to3` runs with no -f); `--fixers
# syntax` is the ten that matched threadmod before it did the rest of Python 2.
FIXER_SETS = {
    "all": ("all",),
    "syntax": ("print", "except", "exec", "raise", "repr", "ne", "numliterals", "unicode", "tuple_params", "imports"),
}
FIXERS = FIXER_SETS["all"]

# threadmod exit codes that mean "ran to completion" (0 = clean, 2 = some files had errors).
THREADMOD_OK_EXIT = (0, 2)

# `path:line:col: message` at the start of a stderr line -> threadmod's per-file error
# report; `path:line:col: TM204 message` (a transform code first) is a diagnostic.
THREADMOD_ERR_RE = re.compile(r"^(?P<path>[^\s:][^:]*?):(?P<line>\d+):(?P<col>\d+):"
                              r"(?: (?P<code>[A-Z]{1,4}\d{2,4})\b)?")
# threadmod's summary line: `206 files: 152 changed, 54 unchanged, 0 failed; ...`
THREADMOD_SUMMARY_RE = re.compile(r"^\d+ files?: .*\b(?P<failed>\d+) failed\b")
# lib2to3's error log lines (so that a 2to3 command used as tool A is counted too).
LIB2TO3_ERR_RE = re.compile(r"RefactoringTool: Can't (?:parse|open) (?P<path>.+?): ")

PAGE = os.sysconf("SC_PAGE_SIZE")
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- #
# Process-tree measurement
# --------------------------------------------------------------------------- #

def _proc_pids() -> set[int]:
    return {int(n) for n in os.listdir("/proc") if n.isdigit()}


def _stat(pid: int) -> list[bytes] | None:
    """Fields of /proc/PID/stat from field 3 (state) on: [0]=state, [1]=ppid,
    [11..14]=utime, stime, cutime, cstime (clock ticks)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except OSError:
        return None
    # comm may contain spaces/parens: the fields start after the LAST ')'.
    return data[data.rfind(b")") + 2:].split()


def _ppid(pid: int) -> int | None:
    st = _stat(pid)
    return int(st[1]) if st else None


def _cpu_ticks(pid: int) -> int:
    st = _stat(pid)
    return sum(int(x) for x in st[11:15]) if st else 0


def _busy_cpu_s() -> float:
    """Machine-wide busy CPU seconds so far (all cores), from /proc/stat."""
    with open("/proc/stat", "rb") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    # user nice system idle iowait irq softirq steal
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / CLK_TCK


def _self_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples sum(RSS) and sum(PSS) over a process tree every `interval` s.

    The kernel here has no /proc/PID/task/TID/children, so descendants are
    found from the ppid in /proc/PID/stat.  Only pids that appeared since the
    last tick are inspected (pids are allocated increasingly; a pid reused
    within one run is ignored), so a tick costs one listdir plus a few reads.
    """

    def __init__(self, root: int, before: set[int], interval: float, pss: bool,
                 idle_timeout: float | None = None, on_hang=None):
        super().__init__(daemon=True)
        self.root, self.interval, self.pss = root, interval, pss
        # Hang detection: the tree's CPU time (incl. reaped children) has not
        # moved for idle_timeout seconds, e.g. lib2to3 -j N after a worker died.
        self.idle_timeout, self.on_hang = idle_timeout, on_hang
        self.last_cpu, self.last_cpu_change = -1, time.monotonic()
        self.hung = False
        self.seen = set(before)
        self.tree = {root}
        self.all_tree_pids = {root}
        self.peak_rss = self.peak_pss = self.peak_single_rss = 0
        self.peak_procs = 0
        self.rss_at_pss = 0
        self.samples = 0
        self._halt = threading.Event()

    def tick(self) -> None:
        pids = _proc_pids()
        for pid in sorted(pids - self.seen):  # parents normally have lower pids
            if _ppid(pid) in self.tree:
                self.tree.add(pid)
                self.all_tree_pids.add(pid)
        self.seen = pids
        self.tree &= pids
        measured = self.tree - {self.root}  # the root is the launcher, not the tool
        rss = [_rss_bytes(p) for p in measured]
        total = sum(rss)
        if total:
            self.samples += 1
            # smaps_rollup costs ~0.5 ms per 50 MiB process, 10x a whole tick without
            # it: read it only when the RSS sum climbs 3% above the level of the last
            # PSS reading (a new peak) and every 25th sample.
            if self.pss and (total > 1.03 * self.rss_at_pss or self.samples % 25 == 1):
                self.rss_at_pss = max(self.rss_at_pss, total)
                self.peak_pss = max(self.peak_pss, sum(_pss_bytes(p) for p in measured))
            self.peak_rss = max(self.peak_rss, total)
            self.peak_single_rss = max(self.peak_single_rss, max(rss))
            self.peak_procs = max(self.peak_procs, sum(1 for r in rss if r))
        if self.idle_timeout and measured and not self.hung:
            cpu = sum(_cpu_ticks(p) for p in measured)
            now = time.monotonic()
            if cpu != self.last_cpu:
                self.last_cpu, self.last_cpu_change = cpu, now
            elif now - self.last_cpu_change > self.idle_timeout:
                self.hung = True
                self.on_hang()

    def run(self) -> None:
        while True:
            self.tick()
            if self._halt.wait(self.interval):
                return

    def stop(self) -> None:
        self._halt.set()
        self.join()


# The tools are started through this tiny launcher (run as `python -I -S -c`)
# instead of directly from this script.  Reason: exec() folds the high-water
# RSS of the *old* address space into the new process's ru_maxrss, and
# subprocess uses vfork, whose old address space is this script's (~16 MiB).
# The launcher fork()s, so the tool's ru_maxrss starts from the small forked
# copy of the launcher (~5 MiB, below any Python interpreter's own RSS), and it
# times fork..reap itself so its own start-up is not counted in the wall time.
LAUNCHER = r"""
import os, sys, time
res_path, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        os.write(2, ("bench launcher: cannot run %r: %s\n" % (argv[0], e)).encode())
    os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
own = os.times()
with open(res_path + ".tmp", "w") as f:
    f.write("%r %d %d %r %r %r\n" % (wall, os.waitstatus_to_exitcode(status), ru.ru_maxrss,
                                     ru.ru_utime, ru.ru_stime, own.user + own.system))
os.rename(res_path + ".tmp", res_path)
"""


def run_measured(argv: list[str], *, cwd: Path, timeout: float, interval: float,
                 pss: bool, logdir: Path, idle_timeout: float | None = None,
                 env: dict | None = None) -> dict:
    """Run argv (via LAUNCHER, in a new session); return wall/memory/exit/stderr info."""
    out_path, err_path, res_path = (logdir / "stdout.txt", logdir / "stderr.txt",
                                    logdir / "rusage.txt")
    res_path.unlink(missing_ok=True)
    with open(out_path, "wb") as fo, open(err_path, "wb") as fe:
        before = _proc_pids()
        busy0, self0, w0 = _busy_cpu_s(), _self_cpu_s(), time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, str(res_path)] + argv,
                                cwd=cwd, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe, env=env,
                                start_new_session=True)
        timed_out = threading.Event()

        def _kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        sampler = TreeSampler(proc.pid, before, interval, pss, idle_timeout, _kill)
        sampler.start()
        timer = threading.Timer(timeout, _kill)
        timer.start()
        try:
            _, status, _ = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C / SIGTERM: do not leave the tool running
            _kill()
            timer.cancel()
            sampler.stop()
            raise
        timer.cancel()
        busy1, self1, w1 = _busy_cpu_s(), _self_cpu_s(), time.perf_counter()
        proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it, tell Popen
        sampler.stop()
    # Anything still alive in the session (orphaned workers) is killed.
    leftovers = [p for p in sampler.tree if p != proc.pid and _ppid(p) is not None]
    if leftovers:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        wall_s, exit_s, maxrss_s, user_s, sys_s, launcher_s = res_path.read_text().split()
        wall, exitcode, maxrss = float(wall_s), int(exit_s), int(maxrss_s)
        user, system, launcher_cpu = float(user_s), float(sys_s), float(launcher_s)
    except (OSError, ValueError):  # killed by the timeout, or the launcher failed
        wall, exitcode, maxrss, user, system = float("nan"), proc.returncode, 0, 0.0, 0.0
        launcher_cpu = 0.0
    # CPU used on the machine during the run by anything but the tool, the launcher
    # and this script (sampler): other jobs.  A contamination indicator.
    foreign = max(0.0, (busy1 - busy0) - (user + system) - launcher_cpu - (self1 - self0))
    with open(err_path, "r", encoding="utf-8", errors="replace") as f:
        err_files, diag_files = set(), set()
        err_lines = diag_lines = 0
        summary_failed = None
        tail: list[str] = []
        for line in f:
            m = THREADMOD_ERR_RE.match(line) or LIB2TO3_ERR_RE.search(line)
            if m and m.groupdict().get("code"):
                diag_lines += 1
                diag_files.add(os.path.normpath(m.group("path")))
            elif m:
                err_lines += 1
                err_files.add(os.path.normpath(m.group("path")))
            elif sm := THREADMOD_SUMMARY_RE.match(line):
                summary_failed = int(sm.group("failed"))
            tail.append(line)
            if len(tail) > 15:
                tail.pop(0)
    return {
        "wall_s": wall,
        "exit": exitcode,
        "timed_out": timed_out.is_set(),
        "hung": sampler.hung,
        # wait4 rusage of the tool's top process *and its reaped descendants*;
        # for ru_maxrss that is the MAX over them (KiB on Linux), not the sum.
        "maxrss_kib": maxrss,
        "user_s": user,
        "sys_s": system,
        "foreign_cpu_s": foreign,
        "foreign_cpu_frac": foreign / ((w1 - w0) * (os.cpu_count() or 1)),
        "sampler_cpu_s": self1 - self0,
        "tree_peak_rss_kib": sampler.peak_rss // 1024,
        "tree_peak_pss_kib": sampler.peak_pss // 1024 if pss else None,
        "sampled_single_peak_kib": sampler.peak_single_rss // 1024,
        "tree_peak_procs": sampler.peak_procs,
        "tree_procs_seen": len(sampler.all_tree_pids) - 1,
        "samples": sampler.samples,
        "error_lines": err_lines,
        "error_files": sorted(err_files),
        "diagnostic_lines": diag_lines,
        "diagnostic_files": len(diag_files),
        "summary_failed": summary_failed,
        "stderr_tail": "".join(tail)[-3000:],
        "leftover_procs": len(leftovers),
    }


# --------------------------------------------------------------------------- #
# Corpora
# --------------------------------------------------------------------------- #

def count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 16):
            n += chunk.count(b"\n")
    return n


class Corpus:
    def __init__(self, name: str, root: Path, files: list[Path], per_file: bool, note: str):
        self.name, self.root, self.files, self.per_file, self.note = name, root, files, per_file, note
        self.lines_by_file = {f: count_lines(f) for f in files}
        self.lines = sum(self.lines_by_file.values())

    def fingerprint(self) -> dict[str, tuple[int, int]]:
        """Size and mtime of every file under root: proves the inputs were not touched."""
        fp = {}
        for dirpath, _, names in os.walk(self.root):
            for n in names:
                st = os.stat(os.path.join(dirpath, n))
                fp[os.path.join(dirpath, n)] = (st.st_size, st.st_mtime_ns)
        return fp


def py2_stdlib_dir(args) -> Path:
    if args.py2_stdlib:
        return Path(args.py2_stdlib)
    python2 = find_python("2.7")
    stdlib = stdlib_dir(python2) if python2 else None
    if stdlib is None:
        sys.exit("bench: cannot locate the Python 2.7 stdlib (no working python2.7 found); pass --py2-stdlib DIR")
    return Path(stdlib)


def _copy_files(srcs: list[Path], src_root: Path, dst_root: Path,
                exclude: list[str]) -> list[Path]:
    out = []
    for s in srcs:
        rel = s.relative_to(src_root)
        if any(fnmatch.fnmatch(rel.as_posix(), pat) for pat in exclude):
            continue
        d = dst_root / rel
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(s, d)
        out.append(d)
    return sorted(out)


def prepare_corpus(name: str, work: Path, args, cache: dict) -> Corpus:
    dst = work / "in" / name
    dst.mkdir(parents=True)
    if name in ("top206", "copies4", "full"):
        if "py2" not in cache:
            cache["py2"] = py2_stdlib_dir(args)
        py2 = cache["py2"]
    if name == "top206":
        files = _copy_files(sorted(py2.glob("*.py")), py2, dst, args.exclude)
        note = f"{py2}/*.py"
    elif name == "copies4":
        srcs = sorted(py2.glob("*.py"))
        files = []
        for i in range(4):
            files += _copy_files(srcs, py2, dst / f"copy{i}", args.exclude)
        note = f"4 x {py2}/*.py in one call"
    elif name == "full":
        srcs = []
        for dirpath, dirnames, names in os.walk(py2):
            dirnames[:] = sorted(d for d in dirnames if d != "site-packages")
            srcs += [Path(dirpath, n) for n in names if n.endswith(".py")]
        files = _copy_files(sorted(srcs), py2, dst, args.exclude)
        note = f"{py2}/**/*.py minus site-packages"
    elif name == "seeds":
        legacy = Path(args.seeds_dir) if args.seeds_dir else LEGACY_DIR
        files = _copy_files(sorted(legacy.glob("*.py")), legacy, dst, args.exclude)
        note = f"{legacy}/*.py, one process per file"
    elif name == "py3":
        std = Path(sysconfig.get_paths()["stdlib"])
        files = _copy_files(sorted(std.glob("*.py")), std, dst, args.exclude)
        note = f"{std}/*.py (Python {platform.python_version()})"
    else:  # pragma: no cover - argparse restricts choices
        raise ValueError(name)
    if args.exclude:
        note += " excluding " + " ".join(args.exclude)
    if not files:
        sys.exit(f"bench: corpus {name} is empty ({note})")
    return Corpus(name, dst, files, name in PER_FILE_CORPORA, note)


# --------------------------------------------------------------------------- #
# Tool command lines
# --------------------------------------------------------------------------- #

def default_2to3_python() -> str:
    if importlib.util.find_spec("lib2to3") is not None:
        return sys.executable
    for version in ("3.12", "3.11", "3.10", "3.9"):  # 3.13 removed lib2to3
        candidate = find_python(version)
        if candidate:
            return candidate
    sys.exit("bench: no Python with lib2to3 found; pass --python-2to3 EXE")


class Tool:
    """A command template.  Placeholders (whole tokens or inside tokens):
    {input} file or directory to convert, {outdir}, {jobs}, {python} (this
    interpreter), {python2to3} (the interpreter used for 2to3), {fixers}
    (expands to `-f print -f except ...` when it is a whole token)."""

    def __init__(self, name: str, template: list[str]):
        self.name, self.template = name, template

    def argv(self, inp: Path, outdir: Path, jobs: int, ctx: dict) -> list[str]:
        vals = dict(ctx, input=str(inp), outdir=str(outdir), jobs=str(jobs))
        out: list[str] = []
        for tok in self.template:
            if tok == "{fixers}":
                for f in FIXERS:
                    out += ["-f", f]
            else:
                out.append(tok.format(**vals))
        return out

    def display(self, jobs: int, ctx: dict) -> str:
        return shlex.join(self.argv(Path("INPUT"), Path("OUTDIR"), jobs, ctx))


def make_tools(args) -> tuple[Tool, Tool]:
    twotothree = Tool("2to3", ["{python2to3}", "-m", "lib2to3", "{fixers}", "-j", "{jobs}",
                               "-n", "-w"] + ([] if args.changed_only else ["-W"]) +
                      ["-o", "{outdir}", "--no-diffs", "{input}"])
    if args.threadmod:
        toks = shlex.split(args.threadmod)
        if not any("{" in t for t in toks):
            toks += ["convert", "{input}", "-o", "{outdir}", "-j", "{jobs}"]
    else:
        exe = Path(sys.executable).parent / "threadmod"
        found = str(exe) if exe.exists() else shutil.which("threadmod")
        if not found:
            sys.exit("bench: no `threadmod` next to sys.executable nor on PATH; "
                     "run `pip install -e /work/main` or pass --threadmod CMD")
        toks = [found, "convert", "{input}", "-o", "{outdir}", "-j", "{jobs}"]
    return Tool("threadmod", toks), twotothree


# --------------------------------------------------------------------------- #
# Running and summarising
# --------------------------------------------------------------------------- #

def count_outputs(outdir: Path) -> int:
    return sum(1 for _, _, names in os.walk(outdir) for n in names if n.endswith(".py"))


def wait_idle(max_wait: float, threshold: float = 0.10, window: float = 0.5) -> float:
    """Wait until other processes use < threshold of the machine over `window` s
    (or max_wait s have passed).  Returns the seconds waited."""
    t0 = time.perf_counter()
    ncpu = os.cpu_count() or 1
    while True:
        b0, s0, w0 = _busy_cpu_s(), _self_cpu_s(), time.perf_counter()
        time.sleep(window)
        busy = (_busy_cpu_s() - b0 - (_self_cpu_s() - s0)) / ((time.perf_counter() - w0) * ncpu)
        if busy < threshold or time.perf_counter() - t0 >= max_wait:
            return time.perf_counter() - t0


def one_run(tool: Tool, inp: Path, work: Path, args, ctx: dict, tag: str) -> dict:
    outdir = work / "out" / tag
    logdir = work / "log" / tag
    for d in (outdir, logdir):
        shutil.rmtree(d, ignore_errors=True)
    # The output dir is created by the tool (2to3 creates it; threadmod is expected to).
    outdir.parent.mkdir(parents=True, exist_ok=True)
    logdir.mkdir(parents=True)
    argv = tool.argv(inp, outdir, args.jobs, ctx)
    waited = wait_idle(args.wait_idle) if args.wait_idle else 0.0
    res = run_measured(argv, cwd=work, timeout=args.timeout, interval=args.sample_ms / 1000,
                       pss=not args.no_pss, logdir=logdir, idle_timeout=args.idle_timeout or None,
                       env=ctx["env"])
    res["written"] = count_outputs(outdir) if outdir.exists() else 0
    res["idle_timeout"] = args.idle_timeout
    res["waited_for_idle_s"] = waited
    res["argv"] = argv
    shutil.rmtree(outdir, ignore_errors=True)
    shutil.rmtree(logdir, ignore_errors=True)
    return res


def check_exit(tool: Tool, res: dict, corpus: str, problems: list[str]) -> None:
    ok = THREADMOD_OK_EXIT if tool.name == "threadmod" else (0, 1)  # 2to3 exits 1 on errors
    if res["timed_out"] or res["exit"] not in ok:
        what = (f"hung (no CPU used for {res['idle_timeout']:g}s; killed)" if res["hung"]
                else "timed out" if res["timed_out"] else f"exited {res['exit']}")
        msg = f"{tool.name} {what} on {corpus} (expected exit in {ok})"
        problems.append(msg)
        print(f"  !! {msg}; stderr tail:\n" + "    " + res["stderr_tail"].replace("\n", "\n    "),
              file=sys.stderr)


def bench_corpus(c: Corpus, tools: tuple[Tool, Tool], work: Path, args, ctx: dict,
                 problems: list[str]) -> list[dict]:
    runs: dict[str, list] = {t.name: [] for t in tools}
    before = c.fingerprint()
    units = c.files if c.per_file else [c.root]
    for unit in units:
        per_unit = {t.name: [] for t in tools}
        for r in range(args.runs):
            for t in tools:  # A B A B ...
                res = one_run(t, unit, work, args, ctx, f"{c.name}-{t.name}")
                check_exit(t, res, c.name if not c.per_file else f"{c.name}:{unit.name}", problems)
                res["unit"] = str(unit.relative_to(c.root)) if c.per_file else "."
                res["run"] = r
                per_unit[t.name].append(res)
                if args.verbose:
                    print(f"  {c.name:8} {t.name:9} run {r + 1}/{args.runs}"
                          f"{' ' + unit.name if c.per_file else ''}: {res['wall_s']:.3f}s "
                          f"exit {res['exit']} maxrss {res['maxrss_kib'] / 1024:.0f}M "
                          f"tree {res['tree_peak_rss_kib'] / 1024:.0f}M", file=sys.stderr)
        for name, lst in per_unit.items():
            runs[name].append(lst)
    if c.fingerprint() != before:
        problems.append(f"input tree of {c.name} was modified by a tool")
    out = []
    for t in tools:
        out.append(summarise(c, t, runs[t.name], args, ctx))
    a, b = out  # threadmod, 2to3
    if a["ratio_basis_s"] and b["ratio_basis_s"]:
        a["ratio_2to3_over_threadmod"] = b["ratio_basis_s"] / a["ratio_basis_s"]
    return out


def summarise(c: Corpus, t: Tool, units: list[list[dict]], args, ctx: dict) -> dict:
    """units: one list of run results per process-call unit (1 unit for dir corpora)."""
    flat = [r for u in units for r in u]
    s = {
        "corpus": c.name, "tool": t.name, "files": len(c.files), "lines": c.lines,
        "per_file": c.per_file, "note": c.note, "command": t.display(args.jobs, ctx),
        "exits": sorted({r["exit"] for r in flat}),
        "timed_out": any(r["timed_out"] for r in flat),
        "hung": any(r["hung"] for r in flat),
        "maxrss_kib": max(r["maxrss_kib"] for r in flat),
        "tree_peak_rss_kib": max(r["tree_peak_rss_kib"] for r in flat),
        "tree_peak_pss_kib": (None if args.no_pss else max(r["tree_peak_pss_kib"] for r in flat)),
        "tree_peak_procs": max(r["tree_peak_procs"] for r in flat),
        "error_files_per_run": sorted({len(r["error_files"]) for r in flat}),
        "error_files": sorted({p for r in flat for p in r["error_files"]}),
        "written_per_run": sorted({r["written"] for r in flat}),
        "runs": [{k: v for k, v in r.items() if k != "stderr_tail" or r["exit"] not in (0,)}
                 for r in flat],
    }

    def ok(rs: list[dict]) -> list[float]:  # wall times of runs that finished
        return [r["wall_s"] for r in rs if not r["timed_out"] and r["wall_s"] == r["wall_s"]]

    s["wall_best_s"] = s["wall_median_s"] = s["lines_per_s"] = s["ratio_basis_s"] = None
    if c.per_file:
        best = [min(ok(u)) if ok(u) else None for u in units]
        s["per_file_best_s"] = {u[0]["unit"]: b for u, b in zip(units, best)}
        s["cpu_s"] = _median([min(r["user_s"] + r["sys_s"] for r in u) for u in units])
        if None not in best:
            s["wall_best_s"] = max(best)                 # column "max/file"
            s["wall_median_s"] = _median(best)           # column "med/file"
            s["lines_per_s"] = c.lines / sum(best)
            s["ratio_basis_s"] = _median(best)
        s["errors"] = sum(len(u[-1]["error_files"]) for u in units)
        s["diagnostics"] = sum(u[-1]["diagnostic_lines"] for u in units)
        s["diagnostic_files"] = sum(u[-1]["diagnostic_files"] for u in units)
        s["summary_failed"] = (None if any(u[-1]["summary_failed"] is None for u in units)
                               else sum(u[-1]["summary_failed"] for u in units))
        s["written"] = sum(u[-1]["written"] for u in units)
    else:
        s["cpu_s"] = min(r["user_s"] + r["sys_s"] for r in flat)
        if ok(flat):
            s["wall_best_s"] = min(ok(flat))
            s["wall_median_s"] = _median(ok(flat))
            s["lines_per_s"] = c.lines / min(ok(flat))
            s["ratio_basis_s"] = min(ok(flat))
        s["errors"] = len(flat[-1]["error_files"])
        s["diagnostics"] = flat[-1]["diagnostic_lines"]
        s["diagnostic_files"] = flat[-1]["diagnostic_files"]
        s["summary_failed"] = flat[-1]["summary_failed"]
        s["written"] = flat[-1]["written"]
    done = [r for r in flat if not r["timed_out"]]
    fr = [r["foreign_cpu_frac"] for r in done if r["foreign_cpu_frac"] is not None]
    s["foreign_cpu_frac_worst_run"] = max(fr) if fr else None
    # ... and in the run(s) the reported best times come from (per-file: worst file).
    bests = [min((r for r in u if not r["timed_out"]), key=lambda r: r["wall_s"])
             for u in units if any(not r["timed_out"] for r in u)]
    s["foreign_cpu_frac_best_runs"] = max((r["foreign_cpu_frac"] for r in bests), default=None)
    s["foreign_cpu_s_best_runs"] = max((r["foreign_cpu_s"] for r in bests), default=None)
    s["user_s_best_run"] = min(done, key=lambda r: r["wall_s"])["user_s"] if done else None
    return s


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #

def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def _mib(kib: int | None, floor_kib: int) -> str:
    if not kib:
        return "-"
    mark = "<=" if kib <= floor_kib * 1.05 else ""
    return f"{mark}{kib / 1024:.0f}M"


def _secs(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1000:.0f}ms" if s < 1 else f"{s:.2f}s"


def print_table(results: list[dict], floor_kib: int, per_file: bool) -> None:
    rows = [r for r in results if r["per_file"] == per_file]
    if not rows:
        return
    head = ["corpus", "tool", "files", "lines",
            "max/file" if per_file else "wall best", "med/file" if per_file else "wall med",
            "lines/s", "2to3/tm", "CPU", "RSS 1proc", "RSS tree", "PSS tree", "exit", "err", "diag", "out"]
    table = [head]
    for r in rows:
        ratio = r.get("ratio_2to3_over_threadmod")
        table.append([
            r["corpus"], r["tool"], str(r["files"]), f"{r['lines']:,}",
            _secs(r["wall_best_s"]), _secs(r["wall_median_s"]),
            f"{r['lines_per_s']:,.0f}" if r["lines_per_s"] else "-",
            f"{ratio:.2f}x" if ratio else "",
            _secs(r["cpu_s"]) if r["cpu_s"] else "-",
            _mib(r["maxrss_kib"], floor_kib), _mib(r["tree_peak_rss_kib"], 0),
            _mib(r["tree_peak_pss_kib"], 0),
            ",".join(map(str, r["exits"]))
            + ("H" if r["hung"] else "T" if r["timed_out"] else "")
            + ("!" if r.get("bad_exit") else ""),
            str(r["errors"]), str(r["diagnostics"]), str(r["written"]),
        ])
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    left = {0, 1}
    for k, row in enumerate(table):
        print("  ".join(c.ljust(w) if i in left else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See benchmarks/README.md for the meaning of each column.")
    ap.add_argument("--corpus", action="append", choices=CORPORA,
                    help="corpus to run (repeatable); default: " + " ".join(DEFAULT_CORPORA))
    ap.add_argument("--all", action="store_true", help="run every corpus, including `full`")
    ap.add_argument("--runs", type=int, default=3, help="runs per tool, best-of (default 3)")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="-j passed to both tools (default 2)")
    ap.add_argument("--json", metavar="FILE", help="write all results (every run) as JSON")
    ap.add_argument("--threadmod", metavar="CMD",
                    help="threadmod command: an executable/prefix to which "
                         "`convert INPUT -o OUTDIR -j N` is appended, or a template using "
                         "{input} {outdir} {jobs} {python} {python2to3} {fixers}. "
                         "Default: `threadmod` next to sys.executable, else on PATH.")
    ap.add_argument("--python-2to3", metavar="EXE",
                    help="interpreter for `-m lib2to3` (default: this one if it has lib2to3, "
                         "else python3.11)")
    ap.add_argument("--fixers", choices=sorted(FIXER_SETS), default="all",
                    help="2to3's fixers: all (every default fixer, as threadmod does the rest of Python 2; "
                    "default) or syntax (the ten of the syntax stage)")
    ap.add_argument("--changed-only", action="store_true",
                    help="run 2to3 without -W (only write files it changed); default writes "
                         "every file, like threadmod's converted tree")
    ap.add_argument("--py2-stdlib", metavar="DIR", help="Python 2.7 stdlib dir (default: ask "
                    "`PYENV_VERSION=2.7.18 python2.7`)")
    ap.add_argument("--seeds-dir", metavar="DIR", help=f"seed files dir (default {LEGACY_DIR})")
    ap.add_argument("--timeout", type=float, default=1800, help="per-run timeout, s (default 1800)")
    ap.add_argument("--idle-timeout", type=float, default=60, metavar="S",
                    help="kill a run whose process tree used no CPU for S seconds "
                         "(a hang; 0 = off; default 60)")
    ap.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                    help="leave out corpus files whose path relative to the corpus source "
                         "matches GLOB (fnmatch; repeatable), e.g. 'test/bad_coding*.py'")
    ap.add_argument("--inherit-env", action="store_true",
                    help="run the tools in this environment as is (default: drop "
                         "PYTHONDONTWRITEBYTECODE and set PYTHONPYCACHEPREFIX to a cache in the "
                         "work dir, so bytecode is cached as in a normal install)")
    ap.add_argument("--no-warmup", action="store_true",
                    help="skip the untimed warm-up run of each tool on one seed file")
    ap.add_argument("--wait-idle", type=float, default=0, metavar="S",
                    help="before each run, wait (up to S seconds) until other processes use "
                         "less than 10%% of the machine; for shared machines (default 0 = off)")
    ap.add_argument("--sample-ms", type=float, default=20, help="/proc sampling period (default 20)")
    ap.add_argument("--no-pss", action="store_true", help="do not read smaps_rollup for PSS")
    ap.add_argument("--workdir", metavar="DIR", help="where to put inputs/outputs (default: a "
                    "fresh temp dir, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the work dir")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run to stderr")
    args = ap.parse_args(argv)
    global FIXERS
    FIXERS = FIXER_SETS[args.fixers]
    if args.runs < 1 or args.jobs < 1:
        ap.error("--runs and -j must be >= 1")
    corpora = list(CORPORA) if args.all else (list(dict.fromkeys(args.corpus))
                                              if args.corpus else list(DEFAULT_CORPORA))

    # SIGTERM behaves like Ctrl-C: the running tool is killed and the work dir removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    tools = make_tools(args)
    ctx = {"python": sys.executable, "python2to3": args.python_2to3 or default_2to3_python()}

    work = Path(tempfile.mkdtemp(prefix="threadmod-bench-", dir=args.workdir))
    # Bytecode: with PYTHONDONTWRITEBYTECODE set (as in some sandboxes) an editable
    # install recompiles its own modules at every start while the stdlib's lib2to3
    # ships .pyc files.  Give both tools a writable cache instead, like a normal install.
    ctx["env"] = None
    if not args.inherit_env:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        ctx["env"] = env
    problems: list[str] = []
    results: list[dict] = []
    floor_kib = 0
    cache: dict = {}
    print(f"threadmod: {tools[0].display(args.jobs, ctx)}")
    print(f"2to3:      {tools[1].display(args.jobs, ctx)}")
    print(f"-j {args.jobs}, best of {args.runs} (alternating), {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, work dir {work}, bytecode: "
          + ("inherited environment" if args.inherit_env else "cached in the work dir"))
    try:
        seeds = sorted((Path(args.seeds_dir) if args.seeds_dir else LEGACY_DIR).glob("*.py"))
        if seeds and not args.no_warmup:  # untimed: fills the bytecode cache, warms the disk cache
            (work / "warm").mkdir()
            shutil.copy2(seeds[0], work / "warm" / seeds[0].name)
            msg = []
            for t in tools:
                r = one_run(t, work / "warm" / seeds[0].name, work, args, ctx, f"warmup-{t.name}")
                msg.append(f"{t.name} {r['wall_s']:.2f}s exit {r['exit']}")
            print(f"warm-up on {seeds[0].name} (untimed): " + ", ".join(msg), file=sys.stderr)
        for name in corpora:
            c = prepare_corpus(name, work, args, cache)
            # ru_maxrss can never read below the launcher's forked copy: measure that floor.
            floor = run_measured(["/bin/true"], cwd=work, timeout=60, interval=1, pss=False,
                                 logdir=work)["maxrss_kib"]
            floor_kib = max(floor_kib, floor)
            print(f"[{name}] {len(c.files)} files, {c.lines:,} lines: {c.note}", file=sys.stderr)
            t0 = time.perf_counter()
            res = bench_corpus(c, tools, work, args, ctx, problems)
            print(f"[{name}] done in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
            for r in res:
                if r["tool"] == "threadmod":
                    r["bad_exit"] = r["timed_out"] or any(e not in THREADMOD_OK_EXIT for e in r["exits"])
            results += res
            shutil.rmtree(c.root)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print_table(results, floor_kib, per_file=False)
    if any(r["per_file"] for r in results):
        print()
        print_table(results, floor_kib, per_file=True)
    print()
    by = {(r["corpus"], r["tool"]): r for r in results}
    for tool in ("threadmod", "2to3"):
        one, four = by.get(("top206", tool)), by.get(("copies4", tool))
        if one and four:
            def x(key: str) -> str:
                return f"{four[key] / one[key]:.2f}x" if one[key] and four[key] else "n/a"
            print(f"copies4/top206 ({tool}): peak largest process {x('maxrss_kib')}, "
                  f"peak tree RSS {x('tree_peak_rss_kib')} (flat = ~1.0x); "
                  f"wall {x('wall_best_s')} (4 copies)")
    for r in results:
        if r["tool"] == "threadmod":
            ex = ",".join(map(str, r["exits"]))
            sf = r["summary_failed"]
            print(f"threadmod on {r['corpus']}: exit {ex} "
                  f"({'OK' if not r['bad_exit'] else 'NOT 0/2'}), "
                  f"{r['errors']} file(s) reported as errors (`path:line:col: msg` on stderr"
                  + (f"; its summary says {sf} failed" if sf is not None else "") + "), "
                  f"{r['diagnostics']} diagnostic(s) in {r['diagnostic_files']} file(s) "
                  f"(`path:line:col: TMnnn msg`)")
            if sf is not None and sf != r["errors"]:
                problems.append(f"threadmod on {r['corpus']}: {r['errors']} error file(s) on "
                                f"stderr but the summary says {sf} failed")
    print(f"RSS 1proc = ru_maxrss via wait4 (largest single process; '<=' = at or below the "
          f"{floor_kib / 1024:.0f}M floor inherited from the launcher); RSS/PSS tree = peak of "
          f"the sum over the live tree, sampled every {args.sample_ms:g} ms.")
    print("CPU = user+sys time of the whole tool tree, least over the runs (per-file corpora: "
          "median over files); it is less disturbed by other load than wall time.")
    if any(r["per_file"] for r in results):
        print("per-file corpora: max/file and med/file are the max and median over files of "
              "each file's best time; 2to3/tm compares the medians.")
    noisy = [f"{r['corpus']}/{r['tool']} {r['foreign_cpu_frac_best_runs']:.0%}" for r in results
             if (r["foreign_cpu_frac_best_runs"] or 0) > 0.10
             and (r["foreign_cpu_s_best_runs"] or 0) > 0.05]
    if noisy:
        print("WARNING: other processes used CPU during the best runs (share of the machine): "
              + ", ".join(noisy) + ". Those timings are suspect; rerun on an idle machine or "
              "with --wait-idle 60.")
    if args.json:
        meta = {
            "when": datetime.datetime.now().isoformat(timespec="seconds"),
            "argv": sys.argv, "runs": args.runs, "jobs": args.jobs,
            "cpus": os.cpu_count(), "platform": platform.platform(),
            "python": sys.version, "python_2to3": ctx["python2to3"],
            "threadmod_cmd": tools[0].display(args.jobs, ctx),
            "twotothree_cmd": tools[1].display(args.jobs, ctx),
            "sample_ms": args.sample_ms, "maxrss_floor_kib": floor_kib, "problems": problems,
            "inherit_env": args.inherit_env, "warmup": not args.no_warmup,
            "exclude": args.exclude, "idle_timeout": args.idle_timeout,
            "timeout": args.timeout,
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
        print(f"results written to {args.json}")
    if problems:
        print("\nPROBLEMS:\n  " + "\n  ".join(dict.fromkeys(problems)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
