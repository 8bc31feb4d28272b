"""What `convert` shows on the terminal while it works: output routing and the progress bar.

- The progress bar (rich) only for several files, only when stderr is a terminal (not a
  dumb one), never with --quiet.  rich is imported only then: `convert` on one file never
  pays for it.  Whether to colour, and the colours, are terminal.py's.
- While the bar is live, every line for stdout or stderr goes through rich's console, so
  it is printed above the bar instead of through it.

The bar refreshes from the loop that reads results (no refresh thread), at most ten times
a second: no thread runs when worker processes are forked.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO

from threadmod.terminal import is_dumb, is_terminal, no_color_requested


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

    def __init__(self, total: int, show_progress: bool, colour: bool | None = None) -> None:
        """colour: the bar's colours on or off (--color always/never); None: rich decides,
        and NO_COLOR turns them off."""
        self.total = total
        self._progress = None
        self._task = None
        self._last_refresh = 0.0
        self._stdout_is_tty = is_terminal(sys.stdout)
        self._stdout_closed = False
        if show_progress and total > 1 and is_terminal(sys.stderr) and not is_dumb():
            self._progress = self._make_progress(colour)

    @property
    def progress_shown(self) -> bool:
        return self._progress is not None

    @staticmethod
    def _make_progress(colour: bool | None):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        no_color = (not colour) if colour is not None else (no_color_requested() or None)
        console = Console(file=sys.stderr, no_color=no_color)
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
