"""Run `python -m threadmod` with stdout and/or stderr on a pseudo-terminal, as a person would.

run_in_terminal(args, stdout_tty=True, stderr_tty=True, columns=100, env={...}) -> Captured:
whatever went to the terminal (raw bytes, escape sequences included) and whatever went to
the streams that were pipes.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass

ESC = b"\x1b["


@dataclass
class Captured:
    exit_code: int
    terminal: bytes  # what stdout and/or stderr wrote to the terminal, interleaved
    stdout: bytes  # when stdout was a pipe
    stderr: bytes  # when stderr was a pipe


def clean_env(**changes: str | None) -> dict[str, str]:
    """The environment without anything that forces or forbids colour, then changes."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "CI", "TERM")}
    env["TERM"] = "xterm-256color"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_in_terminal(
    *args,
    stdout_tty: bool = True,
    stderr_tty: bool = True,
    columns: int = 100,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
    timeout: float = 60,
) -> Captured:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "threadmod", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=slave if stdout_tty else subprocess.PIPE,
        stderr=slave if stderr_tty else subprocess.PIPE,
        env=env if env is not None else clean_env(),
        cwd=cwd,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []

    def read_terminal() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    finally:
        reader.join(timeout=10)
        os.close(master)
    return Captured(process.returncode, b"".join(chunks), stdout or b"", stderr or b"")
