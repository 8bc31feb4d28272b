"""`convert --output-format`: diagnostics and per-file results for machines.

    text    what convert has always printed: cli.py prints it, nothing here
    json    one document on stdout: every file, its status, diagnostics, error and (--diff) diff
    github  one GitHub Actions workflow command a line: `::warning` per diagnostic, `::error` per failed file
    sarif   SARIF 2.1.0 for code scanning: one run, a rule for every transform, a result per diagnostic

With a format other than text, stdout carries that format only: the converted source is
not printed, diffs go into the JSON document (github and sarif have no place for them) and
side-by-side views are a usage error.  Stderr keeps the summary and the progress bar.
The formats are checked against their schemas in tests/test_output_formats.py
(tests/data/schemas/).
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from threadmod.discovery import cwd_relative

if TYPE_CHECKING:
    from threadmod.runner import FileResult

FORMATS = ("text", "json", "github", "sarif")
JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
CHANGED, WOULD_CHANGE, UNCHANGED, FAILED = "changed", "would-change", "unchanged", "failed"
_POSITION = re.compile(r"(\d+):(\d+): (.*)", re.DOTALL)


class FormatOptionError(ValueError):
    """An output format that cannot go with the other options given (a usage error)."""


def check_options(output_format: str, modes: list[str]) -> None:
    """Raise FormatOptionError when the format and the output modes given (-o, -w, --diff,
    --side-by-side, --check, as spelled) cannot combine."""
    if output_format == "text":
        return
    if "--side-by-side" in modes:
        raise FormatOptionError(f"--side-by-side cannot be combined with --output-format {output_format}")
    if "--diff" in modes and output_format != "json":
        raise FormatOptionError(
            f"--diff cannot be combined with --output-format {output_format}: only json has a place for diffs"
        )


@dataclass(frozen=True)
class Finding:
    line: int
    col: int
    message: str
    code: str | None = None  # None for the error that stopped a file


@dataclass
class FileRecord:
    path: str
    status: str  # changed (written), would-change, unchanged, failed
    diagnostics: list[Finding] = field(default_factory=list)
    error: Finding | None = None
    diff: str | None = None


def record_of(result: FileResult, writing: bool) -> FileRecord:
    """A runner result as the formats see it: `path:line:col: CODE message` lines read back
    into their parts (the runner formats them with this path)."""
    if result.status == FAILED:
        line, col, message = _position(result.messages[0] if result.messages else "", result.path)
        return FileRecord(result.path, FAILED, error=Finding(line, col, message))
    status = (CHANGED if writing else WOULD_CHANGE) if result.status == CHANGED else UNCHANGED
    record = FileRecord(result.path, status, diff=result.diff)
    for text, code in zip(result.messages, result.diagnostic_codes):
        line, col, message = _position(text, result.path)
        record.diagnostics.append(Finding(line, col, message.removeprefix(f"{code} "), code))
    return record


def _position(text: str, path: str) -> tuple[int, int, str]:
    prefix = f"{path}:"
    if text.startswith(prefix):
        match = _POSITION.match(text, len(prefix))
        if match:
            return int(match.group(1)), int(match.group(2)), match.group(3)
    return 1, 1, text


class Formatter:
    """Collects each file's result as it comes and renders the chosen format.

    `add` returns what to print on stdout at once (github's lines); `finish` the document
    printed when every file is done (json, sarif)."""

    def __init__(self, output_format: str, *, writing: bool, with_diff: bool) -> None:
        if output_format not in FORMATS or output_format == "text":
            raise ValueError(f"no formatter for {output_format!r}")
        self.format = output_format
        self.writing = writing
        self.with_diff = with_diff
        self.records: list[FileRecord] = []

    def add(self, result: FileResult) -> str:
        record = record_of(result, self.writing)
        self.records.append(record)
        return github_lines(record) if self.format == "github" else ""

    def finish(self) -> str:
        if self.format == "json":
            return json.dumps(json_document(self.records, self.with_diff), indent=2, ensure_ascii=False) + "\n"
        if self.format == "sarif":
            return json.dumps(sarif_document(self.records), indent=2, ensure_ascii=False) + "\n"
        return ""


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("threadmod")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0+unknown"


# --- json ---------------------------------------------------------------------------------


def json_document(records: list[FileRecord], with_diff: bool) -> dict:
    """tests/data/schemas/threadmod-output.schema.json describes it (README: "Output formats")."""
    files = []
    statuses: Counter[str] = Counter({CHANGED: 0, WOULD_CHANGE: 0, UNCHANGED: 0, FAILED: 0})
    codes: Counter[str] = Counter()
    for record in records:
        statuses[record.status] += 1
        entry: dict = {
            "path": record.path,
            "status": record.status,
            "diagnostics": [
                {"line": d.line, "col": d.col, "code": d.code, "message": d.message} for d in record.diagnostics
            ],
        }
        codes.update(d.code for d in record.diagnostics)
        if record.error is not None:
            entry["error"] = {"line": record.error.line, "col": record.error.col, "message": record.error.message}
        if with_diff and record.status in (CHANGED, WOULD_CHANGE) and record.diff is not None:
            entry["diff"] = record.diff
        files.append(entry)
    return {
        "format_version": JSON_FORMAT_VERSION,
        "tool": {"name": "threadmod", "version": tool_version()},
        "files": files,
        "summary": {"files": len(records), "statuses": dict(statuses), "diagnostics": dict(sorted(codes.items()))},
    }


# --- github -------------------------------------------------------------------------------


def github_lines(record: FileRecord) -> str:
    """`::warning file=P,line=L,col=C,title=CODE::message` for each diagnostic, `::error ...` for
    a file that failed (GitHub Actions workflow commands, escaped as the runner reads them)."""
    path = record.path.replace(os.sep, "/")
    lines = [
        _command("warning", path, d.line, d.col, d.code or "threadmod", d.message) for d in record.diagnostics
    ]
    if record.error is not None:
        lines.append(_command("error", path, record.error.line, record.error.col, "threadmod", record.error.message))
    return "".join(line + "\n" for line in lines)


def _command(kind: str, path: str, line: int, col: int, title: str, message: str) -> str:
    properties = f"file={_property(path)},line={line},col={col},title={_property(title)}"
    return f"::{kind} {properties}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


# --- sarif --------------------------------------------------------------------------------


def sarif_document(records: list[FileRecord]) -> dict:
    """SARIF 2.1.0: one run; its driver's rules are every transform (id = code, name,
    shortDescription = DESCRIPTION, fullDescription = what it does, help = `threadmod
    explain`); a warning result per diagnostic; a file that failed is an error notification
    of the invocation, which then did not succeed.  Columns count code points."""
    rules = _rules()
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = []
    failures = []
    for record in records:
        for d in record.diagnostics:
            result = {
                "ruleId": d.code,
                "level": "warning",
                "message": {"text": d.message},
                "locations": [_location(record.path, d.line, d.col)],
            }
            if d.code in index:
                result["ruleIndex"] = index[d.code]
            results.append(result)
        if record.error is not None:
            failures.append(
                {
                    "level": "error",
                    "message": {"text": f"cannot convert {record.path}: {record.error.message}"},
                    "locations": [_location(record.path, record.error.line, record.error.col)],
                }
            )
    driver = {"name": "threadmod", "version": tool_version(), "rules": rules}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": _directory_uri(os.getcwd())}},
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": not failures, "toolExecutionNotifications": failures}],
                "results": results,
            }
        ],
    }


def _rules() -> list[dict]:
    from threadmod.registry import all_transforms

    rules = []
    for transform in sorted(all_transforms(), key=lambda t: t.CODE):
        rules.append(
            {
                "id": transform.CODE,
                "name": transform.NAME,
                "shortDescription": {"text": transform.DESCRIPTION},
                "fullDescription": {"text": " ".join(textwrap.dedent(transform.WHAT).split())},
                "help": {"text": transform.explain(), "markdown": transform.explain()},
                "defaultConfiguration": {"level": "warning"},
            }
        )
    return rules


def _location(path: str, line: int, col: int) -> dict:
    relative = cwd_relative(path)
    if relative is None:
        artifact = {"uri": _file_uri(os.path.abspath(path))}
    else:
        artifact = {"uri": quote(relative), "uriBaseId": "%SRCROOT%"}
    return {"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": line, "startColumn": col}}}


def _file_uri(absolute: str) -> str:
    from pathlib import Path

    return Path(absolute).as_uri()


def _directory_uri(directory: str) -> str:
    uri = _file_uri(directory)
    return uri if uri.endswith("/") else uri + "/"


def _information_uri() -> str | None:
    """The project's home page as its package metadata names it, if it does."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("threadmod")
    except PackageNotFoundError:  # pragma: no cover
        return None
    for entry in meta.get_all("Project-URL") or ():
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository", "documentation"):
            return url.strip()
    return meta.get("Home-page") or None
