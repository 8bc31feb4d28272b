"""Settings from `[tool.threadmod]` in pyproject.toml.

    [tool.threadmod]
    select = ["TM1", "start-new-thread"]   # codes, names or code prefixes (default: all)
    ignore = ["TM110"]
    exclude = ["tests/data/*"]             # globs, as --exclude (replaced by --exclude)
    extend-exclude = ["*_pb2.py"]          # more globs (--extend-exclude adds to both)

The file used is the nearest pyproject.toml with a `[tool.threadmod]` table, looking
upwards from the first path given, or for stdin from --stdin-filename's path (else the
current folder).  As in ruff, a pyproject.toml without the table, such as a vendored
package's, does not hide the project's.  A setting given on the command line
replaces the file's, except `--extend-exclude`, which adds to `exclude` and `extend-exclude`.
The patterns are also matched against paths relative to the folder of that pyproject.toml.

tomllib (tomli before Python 3.11) is imported only when a pyproject.toml mentions
threadmod, so a run without settings does not pay for it.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

KEYS = ("select", "ignore", "exclude", "extend-exclude")
PATTERN_KEYS = ("exclude", "extend-exclude")  # globs: a comma is part of the pattern
# A [tool.threadmod] header (or a dotted tool.threadmod key): only such a file is parsed.
_MENTIONS_TABLE = re.compile(rb"""(?m)^[ \t]*\[?[ \t]*tool[ \t]*\.[ \t]*["']?threadmod\b""")


class ConfigError(ValueError):
    """A [tool.threadmod] table threadmod cannot use; the message names the file."""


@dataclass(frozen=True)
class Settings:
    path: str | None = None  # the pyproject.toml they came from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] | None = None

    @property
    def directory(self) -> str | None:
        return os.path.dirname(self.path) if self.path else None


def find_settings(start: str) -> Settings:
    """The settings of the nearest pyproject.toml with [tool.threadmod], from start upwards."""
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate):
            settings = read_settings(candidate)
            if settings is not None:
                return settings
        parent = os.path.dirname(directory)
        if parent == directory:
            return Settings()
        directory = parent


def read_settings(path: str) -> Settings | None:
    """The [tool.threadmod] settings of one pyproject.toml, or None when it has none."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if not _MENTIONS_TABLE.search(data):
        return None  # no need to import tomllib and parse it
    toml = _toml()
    try:
        document = toml.loads(data.decode("utf-8"))
    except (toml.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    tool = document.get("tool")
    table = tool.get("threadmod") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.threadmod must be a table ([tool.threadmod])")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ConfigError(
            f"{path}: [tool.threadmod] has no setting {', '.join(map(repr, unknown))}; "
            f"the settings are {', '.join(KEYS)}"
        )
    values = {key.replace("-", "_"): _strings(path, key, table[key]) for key in KEYS if key in table}
    return Settings(path=path, **values)


def _strings(path: str, key: str, value: object) -> tuple[str, ...]:
    """A list of strings (or one string); commas split, as on the command line."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ConfigError(f"{path}: [tool.threadmod] {key} must be a list of strings, not {value!r}")
    if key in PATTERN_KEYS:
        return tuple(item for item in items if item.strip())
    return tuple(part.strip() for item in items for part in item.split(",") if part.strip())


def _toml():
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib
