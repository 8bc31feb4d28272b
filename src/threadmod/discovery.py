"""Which files a run converts: the paths given, and the *.py files found by walking folders.

As ruff and black do it:

- A file named on the command line is always read (`--force-exclude` applies the exclude
  patterns to it too, for pre-commit, which names every staged file).  A folder named is
  always walked.
- A walk skips version-control folders, virtualenvs (any folder holding `pyvenv.cfg`), tool
  and build folders (SKIPPED_FOLDERS) and whatever `.gitignore` files ignore: the one in the
  walked folder and every folder below it, and those of the folders above it up to the root
  of its git work tree (a folder holding `.git`), with `.git/info/exclude`; a deeper file
  overrides a shallower one, as in git.  `use_ignore=False` (`--no-ignore`) turns both off.
- Exclude patterns (fnmatch) leave out a file or folder found in a walk when they match its
  path relative to the folder walked, any one part of that path, or its path relative to
  the pattern's base folder (the folder of the pyproject.toml it came from, or the current
  folder for one given on the command line).
- A folder in `never_walk` (the `-o` folder) is never entered.

Symlinked folders are not followed, so a symlink loop cannot trap a walk; files are found in
sorted order, a folder's files before its subfolders.  pathspec is imported only when a
`.gitignore` is found.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch

# Never walked into (unless named, or with use_ignore=False): version control, tool
# environments and caches, installed and built packages.
SKIPPED_FOLDERS = frozenset(
    {".git", ".hg", ".svn", ".bzr", ".tox", ".nox", "node_modules", "__pycache__", "site-packages", "build", "dist", ".eggs"}
)
VIRTUALENV_MARKER = "pyvenv.cfg"

# Why a file or folder was left out (Found.skipped's keys).
BUILT_IN, GITIGNORE, EXCLUDED = "built-in", ".gitignore", "exclude"


@dataclass(frozen=True)
class Excludes:
    """Exclude patterns, each with the folder it is also anchored at."""

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (absolute base folder, patterns)

    @classmethod
    def of(cls, *groups: tuple[Iterable[str], str | None]) -> Excludes:
        """Excludes.of((patterns, base folder or None for the current one), ...)"""
        kept = []
        for patterns, base in groups:
            patterns = tuple(p for p in patterns if p.strip())
            if patterns:
                kept.append((os.path.abspath(base or os.curdir), patterns))
        return cls(tuple(kept))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def _matches(self, candidates: list[str], path: str, with_folders: bool) -> bool:
        for base, patterns in self.groups:
            anchored = _inside(os.path.abspath(path), base)
            names = list(candidates)
            if anchored:
                names.append(anchored)
                if with_folders:  # each folder's name, and each folder's path from the base
                    folders = anchored.split(os.sep)[:-1]
                    names += folders + [os.path.join(*folders[:n]) for n in range(2, len(folders) + 1)]
            if any(fnmatch(name, pattern) for pattern in patterns for name in names):
                return True
        return False

    def match_found(self, path: str, relative: str) -> bool:
        """A file or folder found in a walk: `relative` is its path from the folder walked."""
        return self._matches([relative, *relative.split(os.sep)], path, with_folders=False)

    def match_named(self, path: str) -> bool:
        """A file named on the command line: its name, its path from a base, or a folder on that path."""
        return self._matches([os.path.basename(path)], path, with_folders=True)


@dataclass
class Found:
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, path relative to the folder walked)
    skipped: Counter[str] = field(default_factory=Counter)  # files and folders left out, by why


def discover(
    paths: Iterable[str],
    excludes: Excludes = Excludes(),
    *,
    use_ignore: bool = True,
    force_exclude: bool = False,
    never_walk: Iterable[str] = (),
) -> Found:
    """The files to convert, each once, in the order found."""
    found = Found()
    walker = _Walker(excludes, use_ignore, never_walk, found.skipped)
    seen: set[str] = set()
    for path, relative in walker.files(paths, force_exclude):
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.files.append((path, relative))
    return found


def cwd_relative(path: str) -> str | None:
    """path relative to the current folder, with `/` between folders, or None when the file
    lies outside it (diff headers and SARIF locations name files so)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def _inside(path: str, folder: str) -> str | None:
    """path relative to folder (both absolute), or None when it is not inside it."""
    try:
        relative = os.path.relpath(path, folder)
    except ValueError:  # another drive
        return None
    return None if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def _child(display_folder: str, name: str) -> str:
    return name if display_folder == os.curdir else os.path.join(display_folder, name)


# A .gitignore's rules, and the folder they are relative to.
_Chain = tuple[tuple[str, object], ...]


class _Walker:
    def __init__(self, excludes: Excludes, use_ignore: bool, never_walk: Iterable[str], skipped: Counter[str]) -> None:
        self.excludes = excludes
        self.use_ignore = use_ignore
        self.never = {os.path.normcase(os.path.realpath(p)) for p in never_walk}
        self.skipped = skipped
        self._specs: dict[str, object | None] = {}

    def files(self, paths: Iterable[str], force_exclude: bool) -> Iterator[tuple[str, str]]:
        for path in paths:
            if os.path.isdir(path):
                yield from self.walk(path)
            elif force_exclude and self.excludes.match_named(path):
                self.skipped[EXCLUDED] += 1
            else:
                yield path, os.path.basename(path)

    def walk(self, root: str) -> Iterator[tuple[str, str]]:
        root_abs = os.path.abspath(root)
        stack = [(root_abs, os.path.normpath(root), "", self._chain_above(root_abs) if self.use_ignore else ())]
        while stack:
            folder, display, relative, chain = stack.pop()
            try:
                with os.scandir(folder) as scan:
                    entries = sorted(scan, key=lambda entry: entry.name)
            except OSError:
                continue  # unreadable: as os.walk, leave it out
            if self.use_ignore:
                if relative and os.path.lexists(os.path.join(folder, ".git")):
                    chain = self._repository_chain(folder)  # a nested repository: its own rules
                chain = self._with_gitignore(chain, folder)
            subfolders = []
            for entry in entries:
                if _is_dir(entry):
                    if not entry.is_symlink():
                        subfolders.append(entry)
                elif entry.name.endswith(".py"):
                    entry_relative = os.path.join(relative, entry.name) if relative else entry.name
                    if self._keep(entry.path, entry_relative, False, chain):
                        yield _child(display, entry.name), entry_relative
            for entry in reversed(subfolders):
                entry_relative = os.path.join(relative, entry.name) if relative else entry.name
                if self.never and os.path.normcase(os.path.realpath(entry.path)) in self.never:
                    continue
                if self.use_ignore and (
                    entry.name in SKIPPED_FOLDERS or os.path.isfile(os.path.join(entry.path, VIRTUALENV_MARKER))
                ):
                    self.skipped[BUILT_IN] += 1
                    continue
                if self._keep(entry.path, entry_relative, True, chain):
                    stack.append((entry.path, _child(display, entry.name), entry_relative, chain))

    def _keep(self, path: str, relative: str, is_dir: bool, chain: _Chain) -> bool:
        if chain and _ignored(path, is_dir, chain):
            self.skipped[GITIGNORE] += 1
            return False
        if self.excludes and self.excludes.match_found(path, relative):
            self.skipped[EXCLUDED] += 1
            return False
        return True

    # --- .gitignore ---------------------------------------------------------------------------

    def _spec(self, path: str, exclude_file: bool = False):
        """The rules of a folder's .gitignore (or of a repository's info/exclude file), or None."""
        if path not in self._specs:
            name = path if exclude_file else os.path.join(path, ".gitignore")
            try:
                with open(name, encoding="utf-8", errors="surrogateescape") as handle:
                    lines = handle.read().splitlines()
            except OSError:
                lines = []
            spec = None
            if any(line.strip() and not line.startswith("#") for line in lines):
                from pathspec import GitIgnoreSpec

                spec = GitIgnoreSpec.from_lines(lines)
            self._specs[path] = spec
        return self._specs[path]

    def _repository_chain(self, top: str) -> _Chain:
        """A work tree's first rules: .git/info/exclude (the lowest precedence)."""
        spec = self._spec(os.path.join(top, ".git", "info", "exclude"), exclude_file=True)
        return ((top, spec),) if spec is not None else ()

    def _with_gitignore(self, chain: _Chain, folder: str) -> _Chain:
        spec = self._spec(folder)
        return chain + ((folder, spec),) if spec is not None else chain

    def _chain_above(self, root: str) -> _Chain:
        """The rules of the folders above a walked folder, from its work tree's top down.

        Outside a git work tree there are none.  When those rules ignore the walked folder
        itself (it was named, so it is walked all the same), they are not applied inside it.
        """
        folders = []
        folder = root
        while True:
            folders.append(folder)
            if os.path.lexists(os.path.join(folder, ".git")):
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                return ()
            folder = parent
        folders.reverse()  # top, ..., root
        chain = self._repository_chain(folders[0])
        for above, below in zip(folders, folders[1:]):
            chain = self._with_gitignore(chain, above)
            if chain and _ignored(below, True, chain):
                return ()
        return chain


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _ignored(path: str, is_dir: bool, chain: _Chain) -> bool:
    """Whether the deepest rules that speak of path ignore it (a negation un-ignores)."""
    for folder, spec in reversed(chain):
        relative = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
        include = spec.check_file(relative).include
        if include is not None:
            return include
    return False


_MODULE_SUFFIXES = (".py", ".pyc", ".so", ".sl", ".pyd")


@functools.lru_cache(maxsize=256)
def _package_modules_in(folder: str) -> frozenset[str] | None:
    try:
        names = os.listdir(folder or os.curdir)
    except OSError:
        return None
    if "__init__.py" not in names:
        return None
    modules = set()
    for name in names:
        stem, suffix = os.path.splitext(name)
        if suffix in _MODULE_SUFFIXES and stem.isidentifier():
            modules.add(stem)
        elif name.isidentifier() and os.path.isfile(os.path.join(folder, name, "__init__.py")):
            modules.add(name)
    return frozenset(modules)


def package_modules(path: str) -> frozenset[str] | None:
    """The modules and subpackages next to the file at path when its folder is a package
    (has __init__.py): what a Python 2 `import name` there imports relatively.  None when
    the folder is no package."""
    return _package_modules_in(os.path.dirname(os.path.abspath(path)))
