"""Many files: worker processes, atomic writes, results streamed back in order (discovery.py
finds the files).

Workers read, convert and write their own files and send back only small results
(status, diagnostics, and when asked one file's unified diff, side-by-side view or report
section, rendered in the worker), so memory stays flat however many files run.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from threadmod.atomic import write_atomically
from threadmod.discovery import package_modules, cwd_relative
from threadmod.errors import SourceError
from threadmod.pipeline import ALL_CODES, convert_bytes
from threadmod.syntax import dialect
from threadmod.source import decode_source

CHANGED, UNCHANGED, FAILED = "changed", "unchanged", "failed"


@dataclass(frozen=True)
class Task:
    path: str  # as given or found by the walk, or the name given to stdin ("-"); shown in messages
    data: bytes | None = None  # the source itself (stdin), instead of reading path
    out_path: str | None = None  # write the result here (-o, or the path itself with -w)
    write_unchanged: bool = False  # -o writes the whole tree
    want_output: bool = False  # return the converted bytes (stdout mode)
    want_diff: bool = False
    codes: frozenset[str] = ALL_CODES
    # A file that compiles as Python 3 and says nothing of which Python it is for
    # (dialect.UNDECIDED): read as Python 2 (True), as Python 3 (False), or as the
    # files converted with it are read (None: see run()).
    assume_python2: bool | None = None
    side_by_side_width: int | None = None  # render a side-by-side view this many cells wide
    colour: bool = False  # ... with ANSI colours
    ascii_only: bool = False  # ... with ASCII rules and markers (stdout cannot encode others)
    want_report: bool = False  # render the file's section of the HTML report


@dataclass
class FileResult:
    path: str
    status: str
    messages: list[str] = field(default_factory=list)  # diagnostics, or the one error
    diagnostic_codes: list[str] = field(default_factory=list)
    output: bytes | None = None
    diff: str | None = None
    side_by_side: str | None = None
    report: str | None = None  # HTML fragment: the file's side-by-side diff and diagnostics
    removed: int = 0  # lines (only counted for side-by-side views and reports)
    added: int = 0
    read_as: str = dialect.UNDECIDED  # how the file was read (dialect.PYTHON2, PYTHON3, DUAL, UNDECIDED)
    deferred: bool = False  # UNDECIDED, read as Python 3 and not yet written: run() decides


def process(task: Task) -> FileResult:
    """Convert one file; never raises: every failure becomes a FAILED result."""
    try:
        return _process(task)
    except SourceError as exc:
        return FileResult(task.path, FAILED, [exc.format(task.path)])
    except OSError as exc:
        return _os_error(task, exc)
    except Exception as exc:  # a bug in threadmod: report it, keep going with the other files
        return FileResult(
            task.path, FAILED, [f"{task.path}:1:1: internal error {type(exc).__name__}: {exc} (please report)"]
        )


def _os_error(task: Task, exc: OSError) -> FileResult:
    reason = exc.strerror or str(exc)
    where = exc.filename if exc.filename and exc.filename != task.path else ""
    return FileResult(task.path, FAILED, [f"{task.path}:1:1: {reason}{' (' + where + ')' if where else ''}"])


def _process(task: Task) -> FileResult:
    data = task.data if task.data is not None else _read(task.path)
    package = package_modules(task.path) if task.data is None else None
    conversion = convert_bytes(data, task.codes, bool(task.assume_python2), package)
    result = FileResult(task.path, CHANGED if conversion.changed else UNCHANGED, read_as=conversion.read_as)
    result.deferred = conversion.read_as == dialect.UNDECIDED and task.assume_python2 is None
    for diagnostic in conversion.diagnostics:
        result.messages.append(diagnostic.format(task.path))
        result.diagnostic_codes.append(diagnostic.code)
    if task.want_output or result.deferred:
        result.output = conversion.output
    if task.want_diff and conversion.changed:
        result.diff = unified_diff(task.path, data, conversion.output)
    if (task.side_by_side_width or task.want_report) and (conversion.changed or conversion.diagnostics):
        _render_views(task, result, data, conversion)
    if task.out_path is not None and (conversion.changed or task.write_unchanged) and not result.deferred:
        write_atomically(task.out_path, conversion.output, mode_from=task.path)
    return result


def _read(path: str) -> bytes:
    if not stat.S_ISREG(os.stat(path).st_mode):
        # Opening a FIFO would wait forever; a socket or device is not source either.
        raise SourceError(1, 1, "not a regular file")
    with open(path, "rb") as handle:
        return handle.read()


def _render_views(task: Task, result: FileResult, before: bytes, conversion) -> None:
    from threadmod import sidebyside

    diff = sidebyside.compare(
        decode_source(before).text, decode_source(conversion.output).text, conversion.diagnostics
    )
    result.removed, result.added = diff.removed, diff.added
    if task.side_by_side_width and conversion.changed:
        glyphs = sidebyside.ASCII_GLYPHS if task.ascii_only else sidebyside.Glyphs()
        result.side_by_side = sidebyside.render_text(
            diff, task.path, task.side_by_side_width, task.colour, glyphs
        )
    if task.want_report:
        from threadmod import report

        result.report = report.render_file(diff)


def diff_name(path: str) -> str:
    """The path a unified diff's headers name after `a/` and `b/`, as `git apply` (and `patch
    -p1`, from the current folder) read it: relative to the current folder when the file is
    inside it (`./app/x.py` and `/here/app/x.py` give `app/x.py`), else absolute without its
    leading `/`, as `git diff --no-index` writes it; `/` between folders."""
    relative = cwd_relative(path)
    if relative is not None:
        return relative
    rest = os.path.splitdrive(os.path.abspath(path))[1]
    return rest.lstrip("/" + os.sep).replace(os.sep, "/")


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """`--- a/NAME` and `+++ b/NAME` (diff_name), or `--- -` and `+++ -` for unnamed stdin."""
    from threadmod.sidebyside import split_lines

    old = split_lines(decode_source(before).text)
    new = split_lines(decode_source(after).text)
    name = diff_name(path) if path != "-" else None
    lines = difflib.unified_diff(old, new, f"a/{name}" if name else "-", f"b/{name}" if name else "-")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


def default_jobs() -> int:
    """The cores this process may run on (its CPU affinity where the system tells)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# A legacy tree may hold a few files of Python 3 syntax (test data, a new script); a
# project with many is a Python 3 project with a few legacy files.
PYTHON2_TREE_RATIO = 10


def run(tasks: list[Task], jobs: int) -> Iterator[FileResult]:
    """Every task's result, converted in `jobs` worker processes when that pays.

    A file that compiles as Python 3 and says nothing of which Python it is for (`x =
    d.keys()`) is read as the tree it came with is: as Python 2 when the files converted
    together that are Python 2 for certain (they do not compile as Python 3, or use what
    only Python 2 has) outnumber those that say Python 3 (six, version checks, Python 3
    syntax: dialect.py) PYTHON2_TREE_RATIO to one, else as Python 3, as a file converted
    alone is.  Such files come last, once the others have told; a second run over the
    converted tree finds no Python 2 and reads them as Python 3 again: it changes nothing.
    """
    deferred: list[tuple[Task, FileResult]] = []
    python2 = python3 = 0
    for task, result in zip(tasks, _results(tasks, jobs)):
        if result.status != FAILED:
            python2 += result.read_as == dialect.PYTHON2
            python3 += result.read_as in (dialect.PYTHON3, dialect.DUAL)
        if result.deferred:
            deferred.append((task, result))
        else:
            yield result
    if not deferred:
        return
    if python2 and python2 >= PYTHON2_TREE_RATIO * python3:
        yield from _results([replace(task, assume_python2=True) for task, _ in deferred], jobs)
        return
    for task, result in deferred:  # as read already: write what was held back
        yield _write_held(task, result)


def _write_held(task: Task, result: FileResult) -> FileResult:
    result.deferred = False
    try:
        if task.out_path is not None and (result.status == CHANGED or task.write_unchanged):
            write_atomically(task.out_path, result.output, mode_from=task.path)
    except OSError as exc:
        return _os_error(task, exc)
    if not task.want_output:
        result.output = None
    return result


def _results(tasks: list[Task], jobs: int) -> Iterator[FileResult]:
    """Results in task order."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield process(task)
        return
    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    jobs = min(jobs, len(tasks))
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    with context.Pool(jobs) as pool:
        yield from pool.imap(process, tasks, chunksize=chunk)
