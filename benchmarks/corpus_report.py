#!/usr/bin/env python3
"""Robustness report on real code no one here wrote: the CPython 2.7 library and the 3.11 one.

Run by hand, never by the test suite::

    /work/venv/bin/python benchmarks/corpus_report.py
    /work/venv/bin/python benchmarks/corpus_report.py --keep --workdir /tmp/corpus -j 2

Python 2.7 library (every *.py under lib/python2.7 except site-packages, copied to a
scratch folder first):

1. one ``threadmod convert SRC -o OUT -j 2`` call;
2. its stderr is parsed: ``path:line:col: TMnnn ...`` lines are diagnostics, other
   ``path:line:col: message`` lines are errors (files not written), grouped by cause;
   "Traceback" and "internal error" are counted (both must be 0);
3. every source file is compiled under Python 2.7 (one process) and every output file
   under Python 3.13 (one process), with ``compile(src, path, 'exec')``;
4. files valid in 2.7 that were not converted, or whose output does not compile under
   3.13, are listed with their error line; files invalid in 2.7 are listed with whether
   threadmod named them;
5. a second ``convert OUT -o OUT2`` pass: every file that changes is unstable.

Python 3.11 library (lib/python3.11/*.py): one ``convert -o`` call; every file that
changes at all is listed with its first changed line (a file that never uses the thread
API must come out byte for byte as it went in).

Exit status: 0 when every check holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from threadmod.interpreters import find_python, stdlib_dir

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$")
DIAGNOSTIC = re.compile(r"^TM\d{3} ")
SUMMARY = re.compile(r"^\d+ files?: ")
THREAD_API = re.compile(r"\b(?:thread|threading|_thread|Queue|queue)\b")

# Runs under Python 2.7 and 3.x: paths on stdin, one JSON object per line on stdout.
COMPILE_ALL = r"""
import json, sys, warnings
warnings.simplefilter("ignore")
for path in sys.stdin.read().split("\0"):
    if not path:
        continue
    try:
        with open(path, "rb") as handle:
            compile(handle.read(), path, "exec")
        error = None
    except SyntaxError as exc:
        error = "%s:%s: %s" % (exc.lineno, exc.offset, exc.msg)
    except Exception as exc:
        error = "1:1: %s: %s" % (type(exc).__name__, exc)
    sys.stdout.write(json.dumps({"path": path, "error": error}) + "\n")
"""


def copy_tree(source: str, destination: str, skip_top: tuple[str, ...] = (), top_level_only: bool = False) -> list[str]:
    """Copy every *.py under source (relative paths returned, sorted)."""
    copied = []
    for directory, subdirs, files in os.walk(source):
        relative_dir = os.path.relpath(directory, source)
        if relative_dir != "." and (top_level_only or relative_dir.split(os.sep)[0] in skip_top):
            subdirs[:] = []
            continue
        subdirs.sort()
        for name in sorted(files):
            if name.endswith(".py") and os.path.isfile(os.path.join(directory, name)):
                relative = os.path.normpath(os.path.join(relative_dir, name))
                os.makedirs(os.path.join(destination, relative_dir), exist_ok=True)
                shutil.copyfile(os.path.join(directory, name), os.path.join(destination, relative))
                copied.append(relative)
    return sorted(copied)


def run_convert(source: str, output: str, jobs: int) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", source, "-o", output, "-j", str(jobs)],
        capture_output=True,
        text=True,
        errors="replace",
    )
    return done, time.monotonic() - start


def parse_stderr(stderr: str, root: str) -> dict:
    """Errors and diagnostics by relative path, plus lines in no known format."""
    errors: dict[str, str] = {}
    diagnostics: collections.Counter = collections.Counter()
    unparsed: list[str] = []
    summary = None
    for line in stderr.splitlines():
        match = LINE.match(line)
        if match is None:
            if SUMMARY.match(line):
                summary = line
            elif line.strip():
                unparsed.append(line)
            continue
        relative = os.path.relpath(match["path"], root)
        message = match["message"]
        if DIAGNOSTIC.match(message):
            diagnostics[message[:5]] += 1
        elif relative in errors:
            unparsed.append(line)  # a second error line for one file
        else:
            errors[relative] = f"{match['line']}:{match['col']}: {message}"
    return {"errors": errors, "diagnostics": diagnostics, "unparsed": unparsed, "summary": summary}


def cause_of(error: str) -> str:
    """An error message with its particulars (names, numbers, quoted text) blanked out."""
    message = error.split(": ", 1)[1]
    message = re.sub(r"\(detected at line \d+\)", "(detected at line N)", message)
    message = re.sub(r"'[^']*'", "'…'", message)
    message = re.sub(r"\b0x[0-9a-f]{2}\b", "0x..", message)
    return message


def compile_all(python: str, root: str, relatives: list[str]) -> dict[str, str | None]:
    paths = [os.path.join(root, r) for r in relatives]
    done = subprocess.run(
        [python, "-c", COMPILE_ALL], input="\0".join(paths), capture_output=True, text=True, check=True
    )
    results = {}
    for line in done.stdout.splitlines():
        item = json.loads(line)
        results[os.path.relpath(item["path"], root)] = item["error"]
    missing = set(relatives) - set(results)
    if missing:
        raise RuntimeError(f"{python} did not report on {sorted(missing)[:3]}... ({done.stderr[-500:]})")
    return results


def first_changed_line(before: bytes, after: bytes) -> str:
    old, new = before.splitlines(), after.splitlines()
    for number, (a, b) in enumerate(zip(old, new), 1):
        if a != b:
            old, new = (side.decode("utf-8", "replace").strip()[:60] for side in (a, b))
            return f"line {number}: {old!r} -> {new!r}"
    if len(old) != len(new):
        return f"line {min(len(old), len(new)) + 1}: {len(old)} lines -> {len(new)} lines"
    return "line endings or final newline only"


def read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def count_lines(root: str, relatives: list[str]) -> int:
    return sum(read(os.path.join(root, r)).count(b"\n") for r in relatives)


def table(rows: list[tuple[str, object]], title: str) -> str:
    width = max(len(label) for label, _ in rows)
    lines = [title, "-" * len(title)]
    lines += [f"  {label:<{width}}  {value}" for label, value in rows]
    return "\n".join(lines)


def report_python2(args, work: str) -> tuple[list[str], bool]:
    src, out, out2 = (os.path.join(work, name) for name in ("py27", "py27-out", "py27-out2"))
    files = copy_tree(args.py27_lib, src, skip_top=("site-packages",))
    lines = count_lines(src, files)
    first, seconds = run_convert(src, out, args.jobs)
    parsed = parse_stderr(first.stderr, src)
    errors = parsed["errors"]
    tracebacks = first.stderr.count("Traceback")
    internal = first.stderr.count("internal error")
    written = {r for r in files if os.path.exists(os.path.join(out, r))}

    valid27 = compile_all(args.python27, src, files)
    outputs = sorted(written)
    valid313 = compile_all(args.python313, out, outputs)

    second, seconds2 = run_convert(out, out2, args.jobs)
    parsed2 = parse_stderr(second.stderr, out)
    unstable = []
    for relative in outputs:
        before, after = read(os.path.join(out, relative)), read(os.path.join(out2, relative))
        if after is None:
            unstable.append((relative, f"second pass failed: {parsed2['errors'].get(relative, 'not written')}"))
        elif before != after:
            unstable.append((relative, first_changed_line(before, after)))

    ok27 = [r for r in files if valid27[r] is None]
    bad27 = [r for r in files if valid27[r] is not None]
    not_converted = [r for r in ok27 if r in errors]
    not_compiling = [r for r in ok27 if r in written and valid313[r] is not None]
    converted_ok = [r for r in ok27 if r in written and valid313[r] is None]
    bad_named = [r for r in bad27 if r in errors]
    bad_unnamed = [r for r in bad27 if r not in errors]
    # Passing through is right for a file that is valid Python 3 (README: "Python 2 or 3?").
    bad_unnamed_broken = [r for r in bad_unnamed if not (r in written and valid313[r] is None)]
    changed = sum(r in written and read(os.path.join(src, r)) != read(os.path.join(out, r)) for r in files)
    bad_format = [
        line for line in first.stderr.splitlines() if line.strip() and not LINE.match(line) and not SUMMARY.match(line)
    ]

    out_lines = [
        table(
            [
                ("source", args.py27_lib + " (site-packages left out)"),
                ("files / lines", f"{len(files):,} / {lines:,}"),
                ("convert -o, wall", f"{seconds:.1f} s (-j {args.jobs}), exit {first.returncode}"),
                ("summary line", parsed["summary"]),
                ("changed / unchanged / errors", f"{changed} / {len(written) - changed} / {len(errors)}"),
                ("diagnostics", ", ".join(f"{c} x{n}" for c, n in sorted(parsed["diagnostics"].items())) or "none"),
                ("Tracebacks in stderr", tracebacks),
                ("internal errors", internal),
                ("stderr lines in no known format", len(bad_format) + len(parsed["unparsed"])),
                ("valid Python 2.7 (compile under 2.7)", len(ok27)),
                ("  converted and compile under 3.13", len(converted_ok)),
                ("  not converted (error line)", len(not_converted)),
                ("  converted but not compiling under 3.13", len(not_compiling)),
                ("not valid Python 2.7", len(bad27)),
                ("  named by threadmod (path:line:col: cause)", len(bad_named)),
                ("  passed through without an error", len(bad_unnamed)),
                ("    of which do not compile under 3.13", len(bad_unnamed_broken)),
                ("second pass, wall", f"{seconds2:.1f} s, exit {second.returncode}"),
                ("unstable files (second pass changes or fails)", len(unstable)),
            ],
            "Python 2.7 library",
        )
    ]
    causes = collections.Counter(cause_of(e) for e in errors.values())
    out_lines.append("\nErrors by cause (files not written):")
    out_lines += [f"  {n:4}  {cause}" for cause, n in causes.most_common()] or ["  none"]
    if bad_format or parsed["unparsed"]:
        out_lines.append("\nstderr lines in no known format:")
        out_lines += [f"  {line}" for line in (bad_format + parsed["unparsed"])[:20]]
    out_lines.append("\nValid in 2.7, not converted (threadmod's error):")
    out_lines += [f"  {r}:{errors[r]}" for r in not_converted] or ["  none"]
    out_lines.append("\nValid in 2.7, converted, but the output does not compile under 3.13:")
    out_lines += [f"  {r}:{valid313[r]}" for r in not_compiling] or ["  none"]
    out_lines.append("\nNot valid Python 2.7 (2.7's error) -> what threadmod did:")
    for r in bad27:
        if r in errors:
            verdict = f"named: {errors[r]}"
        else:
            fails = valid313.get(r)
            verdict = "NOT named; output " + ("compiles under 3.13" if fails is None else f"fails 3.13 too ({fails})")
        out_lines.append(f"  {r}  [{valid27[r]}]\n      {verdict}")
    out_lines.append("\nUnstable files (second pass):")
    out_lines += [f"  {r}: {why}" for r, why in unstable] or ["  none"]
    if second.stderr.count("Traceback") or second.stderr.count("internal error"):
        out_lines.append(f"\nSecond pass: {second.stderr.count('Traceback')} Tracebacks, "
                         f"{second.stderr.count('internal error')} internal errors")

    good = (
        tracebacks == 0
        and internal == 0
        and not bad_format
        and not parsed["unparsed"]
        and not not_compiling
        and not bad_unnamed_broken
        and not unstable
        and first.returncode in (0, 2)
    )
    return out_lines, good


def report_python3(args, work: str) -> tuple[list[str], bool]:
    src, out = os.path.join(work, "py311"), os.path.join(work, "py311-out")
    files = copy_tree(args.py311_lib, src, top_level_only=True)
    lines = count_lines(src, files)
    done, seconds = run_convert(src, out, args.jobs)
    parsed = parse_stderr(done.stderr, src)
    changed = []
    for relative in files:
        before, after = read(os.path.join(src, relative)), read(os.path.join(out, relative))
        if after is None:
            uses_threads = bool(THREAD_API.search(before.decode("latin-1")))
            changed.append((relative, f"not written: {parsed['errors'].get(relative)}", uses_threads))
        elif before != after:
            changed.append((relative, first_changed_line(before, after), bool(THREAD_API.search(before.decode('latin-1')))))
    no_thread_changed = [c for c in changed if not c[2]]
    outputs = [r for r in files if os.path.exists(os.path.join(out, r))]
    compiled = compile_all(args.python311, out, outputs)
    not_compiling = [r for r in outputs if compiled[r] is not None]
    out_lines = [
        table(
            [
                ("source", args.py311_lib + "/*.py"),
                ("files / lines", f"{len(files):,} / {lines:,}"),
                ("convert -o, wall", f"{seconds:.1f} s (-j {args.jobs}), exit {done.returncode}"),
                ("summary line", parsed["summary"]),
                ("errors", len(parsed["errors"])),
                ("diagnostics", ", ".join(f"{c} x{n}" for c, n in sorted(parsed["diagnostics"].items())) or "none"),
                ("Tracebacks / internal errors", f"{done.stderr.count('Traceback')} / {done.stderr.count('internal error')}"),
                ("files changed at all", len(changed)),
                ("  of which never mention thread/threading/queue", len(no_thread_changed)),
                ("outputs that do not compile under 3.11", len(not_compiling)),
            ],
            "Python 3.11 library (top-level modules)",
        )
    ]
    out_lines.append("\nPython 3 files changed (first changed line):")
    out_lines += [f"  {r}: {why}{'' if uses else '   [no thread API]'}" for r, why, uses in changed] or ["  none"]
    out_lines.append("\nPython 3 outputs that do not compile under 3.11 (the input did):")
    out_lines += [f"  {r}:{compiled[r]}" for r in not_compiling] or ["  none"]
    # Files that use the thread API may change (TM206 moves `_thread` calls to threading);
    # any other Python 3 file must come out as it went in.
    good = not no_thread_changed and not parsed["errors"] and "Traceback" not in done.stderr and not not_compiling
    return out_lines, good


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    python27, python311 = find_python("2.7"), find_python("3.11")
    parser.add_argument("--py27-lib", default=python27 and stdlib_dir(python27))
    parser.add_argument("--py311-lib", default=python311 and stdlib_dir(python311))
    parser.add_argument("--python27", default=find_python("2.7"))
    parser.add_argument("--python313", default=find_python("3.13"))
    parser.add_argument("--python311", default=find_python("3.11"))
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--workdir", help="scratch folder (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--skip-py3", action="store_true", help="leave out the Python 3.11 part")
    args = parser.parse_args()
    for what in ("py27_lib", "py311_lib"):
        if not os.path.isdir(getattr(args, what)):
            parser.error(f"--{what.replace('_', '-')} {getattr(args, what)} is not a folder")
    if not args.python27 or not args.python313 or not args.python311:
        parser.error("python2.7, python3.11 and python3.13 are needed (--python27, --python311, --python313)")

    work = args.workdir or tempfile.mkdtemp(prefix="corpus-report-")
    os.makedirs(work, exist_ok=True)
    try:
        lines, good2 = report_python2(args, work)
        print("\n".join(lines), flush=True)
        good3 = True
        if not args.skip_py3:
            lines, good3 = report_python3(args, work)
            print("\n" + "\n".join(lines))
        print(f"\nverdict: {'all checks hold' if good2 and good3 else 'PROBLEMS (see above)'}")
        return 0 if good2 and good3 else 1
    finally:
        if args.keep:
            print(f"(scratch folder kept: {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
