"""The terminal: whether a stream is one, whether to colour it, how wide it is, what it can
show; and the colours (ANSI SGR codes), named by what they mark.

Whether to colour (colour_wanted), first rule that applies: `--color always` or `never`;
NO_COLOR set to anything but the empty string (https://no-color.org): no; FORCE_COLOR or
CLICOLOR_FORCE set to anything but the empty string: yes, even into a pipe; TERM=dumb: no;
else only when the stream is a terminal.

Standard library only: every `convert` run imports it.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import IO

RESET = "\x1b[0m"
_BOLD, _DIM, _RED, _GREEN, _YELLOW, _CYAN = "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m"
STYLES = {
    "header": _BOLD,  # a file's name: a side-by-side title, a unified diff's ---/+++ lines
    "rule": _DIM,
    "hunk": _CYAN,  # @@ lines
    "number": _DIM,  # line numbers
    "marker": _DIM,  # tabs, control characters and wraps made visible
    "note": _YELLOW,  # a diagnostic
    "old": _RED,  # removed text and its `-`
    "old-changed": "\x1b[1;97;41m",  # the words that changed in an old line
    "new": _GREEN,  # added text and its `+`
    "new-changed": "\x1b[1;97;42m",  # the words that changed in a new line
}
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def paint(style: str, text: str) -> str:
    """text in one of STYLES."""
    return f"{STYLES[style]}{text}{RESET}"


def unpainted(text: str) -> str:
    """text without the styles paint() put in it."""
    return _SGR.sub("", text)


def is_terminal(stream: IO | None) -> bool:
    try:
        return stream is not None and stream.isatty() and os.isatty(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return False


def no_color_requested() -> bool:
    """NO_COLOR set to anything but the empty string."""
    return bool(os.environ.get("NO_COLOR", ""))


def force_color_requested() -> bool:
    """FORCE_COLOR or CLICOLOR_FORCE set to anything but the empty string."""
    return bool(os.environ.get("FORCE_COLOR", "") or os.environ.get("CLICOLOR_FORCE", ""))


def is_dumb() -> bool:
    """TERM=dumb: a terminal that cannot show colours or redraw a line."""
    return os.environ.get("TERM") == "dumb"


COLOR_CHOICES = ("auto", "always", "never")  # --color


def colour_wanted(stream: IO | None, choice: str = "auto") -> bool:
    """Colour for this stream, by `--color` (COLOR_CHOICES) and the environment (above)."""
    if choice not in COLOR_CHOICES:
        raise ValueError(f"colour choice {choice!r} is not one of {', '.join(COLOR_CHOICES)}")
    if choice != "auto":
        return choice == "always"
    if no_color_requested():
        return False
    if force_color_requested():
        return True
    return not is_dumb() and is_terminal(stream)


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
