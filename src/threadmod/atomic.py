"""Files that appear whole or not at all: written next to their name, then renamed over it.

A crash at any moment leaves the old file or the new one, never a part of either; a
failed write leaves no temporary file behind.
"""

from __future__ import annotations

import os
import stat
import tempfile
from typing import IO


class AtomicFile:
    """A temporary file beside `path`; `commit()` moves it into place, `abort()` removes it.

    `fsync`: make the data reach the disk before the rename.  None: only when the rename
    replaces a file, so a power cut cannot leave an empty file where the old one was (a
    new file replaces nothing).  `mode_from`: a file whose permissions the new one takes,
    else the file it replaces, else `default_mode` less the umask (as open() would).
    """

    def __init__(
        self,
        path: str,
        *,
        text: bool = False,
        mode_from: str | None = None,
        fsync: bool | None = None,
        default_mode: int | None = 0o666,
    ) -> None:
        self.path = path
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        self._fsync = os.path.lexists(path) if fsync is None else fsync
        self._mode = _mode_of(mode_from, path)
        if self._mode is None and default_mode is not None:
            self._mode = default_mode & ~_umask()
        descriptor, self._temporary = tempfile.mkstemp(
            dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp"
        )
        self.file: IO = os.fdopen(descriptor, "w", encoding="utf-8") if text else os.fdopen(descriptor, "wb")

    def commit(self) -> None:
        try:
            if self._fsync:
                self.file.flush()
                os.fsync(self.file.fileno())
            self.file.close()
            if self._mode is not None:
                os.chmod(self._temporary, self._mode)
            os.replace(self._temporary, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        self.file.close()
        try:
            os.unlink(self._temporary)
        except OSError:
            pass


def write_atomically(path: str, data: bytes | str, mode_from: str | None = None, *, fsync: bool | None = None) -> None:
    """Write data (bytes, or text as UTF-8) to path: afterwards path holds the old data or the new."""
    atomic = AtomicFile(path, text=isinstance(data, str), mode_from=mode_from, fsync=fsync)
    try:
        atomic.file.write(data)
    except BaseException:
        atomic.abort()
        raise
    atomic.commit()


def _mode_of(*candidates: str | None) -> int | None:
    for candidate in candidates:
        if candidate is not None:
            try:
                return stat.S_IMODE(os.stat(candidate).st_mode)
            except OSError:
                continue
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
