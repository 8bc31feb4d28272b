"""What `convert` shows on the terminal while it works: output routing, colour, the progress bar.

- Colour only when the stream is a terminal, never when NO_COLOR is set (to anything but
  the empty string, as https://no-color.org asks) or TERM is `dumb`.
- The progress bar (rich) only for several files, only when stderr is a terminal, never
  with --quiet.  rich is imported only then: `convert` on one file never pays for it.
- While the bar is live, every line for stdout or stderr goes through rich's console, so
  it is printed above the bar instead of through it.

The bar refreshes from the loop that reads results (no refresh thread), at most ten times
a second: no thread runs when worker processes are forked.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from typing import IO


def _isatty(stream: IO | None) -> bool:
    try:
        return stream is not None and stream.isatty() and os.isatty(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def colour_wanted(stream: IO | None) -> bool:
    """Colour for this stream: a terminal, NO_COLOR unset or empty, TERM not dumb."""
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def terminal_width(default: int = 80) -> int:
    """COLUMNS, else the width of the terminal on stdout, stderr or stdin, else default."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for fd in (1, 2, 0):
        try:
            width = os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
        if width > 0:
            return width
    return shutil.get_terminal_size((default, 24)).columns


def can_encode(stream: IO, text: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class _Raw:
    """Text rich must write as it is (it already holds our ANSI colours)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        yield Segment(self.text)


class Terminal:
    """stdout and stderr for one `convert` run, with a progress bar over `total` files.

    Use as a context manager; call `advance()` once per file.
    """

    REFRESH = 0.1  # seconds between redraws of the bar

    def __init__(self, total: int, show_progress: bool) -> None:
        self.total = total
        self._progress = None
        self._task = None
        self._last_refresh = 0.0
        self._stdout_is_tty = _isatty(sys.stdout)
        self._stdout_closed = False
        if show_progress and total > 1 and _isatty(sys.stderr) and os.environ.get("TERM") != "dumb":
            self._progress = self._make_progress()

    @property
    def progress_shown(self) -> bool:
        return self._progress is not None

    @staticmethod
    def _make_progress():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        console = Console(file=sys.stderr, no_color=bool(os.environ.get("NO_COLOR", "")) or None)
        if not console.is_interactive:
            return None
        return Progress(
            TextColumn("[bold]threadmod[/bold] converting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            transient=True,  # the summary line takes its place
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )

    def __enter__(self) -> Terminal:
        if self._progress is not None:
            self._task = self._progress.add_task("convert", total=self.total)
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def advance(self) -> None:
        if self._progress is None:
            return
        self._progress.advance(self._task)
        now = time.monotonic()
        if now - self._last_refresh >= self.REFRESH or self._progress.tasks[0].finished:
            self._last_refresh = now
            self._progress.refresh()

    def out(self, text: str) -> None:
        """Text for stdout (a diff, a side-by-side view)."""
        if self._stdout_closed:
            return
        if self._progress is not None and self._stdout_is_tty:
            # Same screen: print it above the bar.
            self._progress.console.print(_Raw(text), crop=False, end="")
            return
        try:
            _write(sys.stdout, text)
        except BrokenPipeError:
            self._close_stdout()

    def out_bytes(self, data: bytes) -> None:
        """Bytes for stdout (a converted file)."""
        if self._stdout_closed:
            return
        try:
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:
                sys.stdout.write(data.decode("utf-8", "replace"))
            else:
                sys.stdout.flush()
                buffer.write(data)
                buffer.flush()
        except BrokenPipeError:
            self._close_stdout()

    def _close_stdout(self) -> None:
        """The reader went away (`| head`): print no more, but finish the run and its exit code."""
        self._stdout_closed = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass

    def err(self, line: str) -> None:
        """One line for stderr (a diagnostic, an error, the summary)."""
        if self._progress is not None:
            self._progress.console.out(line, highlight=False)
            return
        _write(sys.stderr, line + "\n")


def _write(stream: IO, text: str) -> None:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(text.encode(encoding, "backslashreplace"))
        buffer.flush()
    else:
        stream.write(text)
        stream.flush()
