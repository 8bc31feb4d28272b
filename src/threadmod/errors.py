"""Errors and diagnostics: what a conversion reports, always with a line and column."""

from __future__ import annotations

from dataclasses import dataclass


class SourceError(Exception):
    """Input that cannot be converted: undecodable, not Python 2 nor Python 3, ..."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message

    def format(self, path: str) -> str:
        return f"{path}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """Something a transform saw and left alone, or changed with a caveat."""

    line: int
    col: int
    code: str
    message: str

    def format(self, path: str) -> str:
        return f"{path}:{self.line}:{self.col}: {self.code} {self.message}"
