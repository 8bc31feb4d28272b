"""The threadmod command line.

Exit codes, the same for every command: 0 nothing to do or done; 1 changes found in
check mode (or a behaviour difference in verify); 2 a usage error, or input that could
not be read or converted.

Colour and the terminal's width are in terminal.py, output routing and the progress bar in
progress.py, side-by-side views in sidebyside.py, the HTML report in report.py, settings
in config.py: each imported only by the command that uses it, and rich only when a
progress bar is shown.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from threadmod.config import Settings
    from threadmod.discovery import Excludes
    from threadmod.output_formats import Formatter
    from threadmod.report import ReportWriter
    from threadmod.runner import Task

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="threadmod")
def main() -> None:
    """Convert legacy Python 2 thread code to idiomatic Python 3.

    \b
    Examples:
      threadmod convert legacy/threading1.py          print the Python 3 version
      threadmod convert legacy/threading1.py --side-by-side
                                                      old and new, side by side
      threadmod convert src/ -o converted/            convert a tree into a new folder
      threadmod convert src/ --diff                   show what would change
      threadmod convert src/ --check                  exit 1 if anything would change
      threadmod convert src/ --report review.html     a page to review it all
      threadmod list                                  every transform, with its code
      threadmod explain TM101                         one transform's docs
      threadmod verify legacy/ modern/                same output, thread by thread?

    Exit codes, the same for every command: 0 nothing to do or done; 1 changes
    found (convert --check) or a behaviour difference (verify); 2 a usage error,
    or input that could not be read or converted.

    Settings: [tool.threadmod] in pyproject.toml (select, ignore, exclude,
    extend-exclude).
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=True))
@click.option(
    "-o", "--output-dir", type=click.Path(file_okay=False), help="Write the whole converted tree here, unchanged files too."
)
@click.option("-w", "--write", is_flag=True, help="Rewrite changed files in place (atomically; the file mode is kept).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of each change; write nothing.")
@click.option(
    "--side-by-side", is_flag=True,
    help="Print each change side by side, old left, new right, fitted to the terminal (COLUMNS); write nothing.",
)
@click.option(
    "--check", is_flag=True,
    help="Write nothing; exit 1 when any file would change, 0 when none would. Combines with --diff or --side-by-side.",
)
@click.option(
    "--report", "report_path", metavar="FILE.html", type=click.Path(dir_okay=False),
    help="Also write a self-contained HTML report: a summary, and each file side by side with its diagnostics. "
    "Alone, nothing else is written.",
)
@click.option(
    "--select", multiple=True, metavar="CODE",
    help="Run only these transforms (code, name or code prefix; repeatable, comma-separated). On a Python 2 "
    "file the syntax transforms that read it (TM101-TM110, TM112) run whatever --select and --ignore say, "
    "so --select TM2 converts its thread code and the syntax Python 3 needs.",
)
@click.option(
    "--ignore", multiple=True, metavar="CODE",
    help="Skip these transforms (code, name or code prefix; repeatable, comma-separated); not the syntax "
    "transforms a Python 2 file needs (see --select).",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB",
    help="Leave out files and folders matching this pattern (repeatable); replaces the exclude setting.",
)
@click.option(
    "--extend-exclude", multiple=True, metavar="GLOB",
    help="Leave these out too, on top of exclude and extend-exclude (repeatable).",
)
@click.option(
    "--force-exclude", is_flag=True,
    help="Apply the exclude patterns to files named on the command line too (and to --stdin-filename), "
    "as pre-commit needs.",
)
@click.option(
    "--no-ignore", is_flag=True,
    help="Also walk what .gitignore ignores and the folders skipped by default (.git, virtualenvs, .tox, "
    "node_modules, build, dist...).",
)
@click.option(
    "--stdin-filename", metavar="PATH",
    help="With - as the path: the name of the source read from stdin, for messages, diffs, settings and excludes.",
)
@click.option(
    "--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="Colour diffs and side-by-side views; auto: on a terminal, unless NO_COLOR (or FORCE_COLOR, CLICOLOR_FORCE) says.",
)
@click.option(
    "--output-format", type=click.Choice(["text", "json", "github", "sarif"]), default="text", show_default=True,
    help="Diagnostics and results as text; json (every file, its status, diagnostics and --diff); github (workflow "
    "commands: annotations); sarif (SARIF 2.1.0, for code scanning). Other than text, stdout carries only that.",
)
@click.option("--no-config", is_flag=True, help="Ignore [tool.threadmod] in pyproject.toml.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: the number of cores).")
@click.option(
    "-q", "--quiet", is_flag=True,
    help="No progress bar, no summary line, no `would convert`/`converted` lines (errors and diagnostics stay).",
)
def convert(
    paths: tuple[str, ...],
    output_dir: str | None,
    write: bool,
    show_diff: bool,
    side_by_side: bool,
    check: bool,
    report_path: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    extend_exclude: tuple[str, ...],
    force_exclude: bool,
    no_ignore: bool,
    stdin_filename: str | None,
    color: str,
    output_format: str,
    no_config: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Convert Python 2 files, or trees of them, to Python 3.

    One file with no option prints the converted source on stdout; so does - (stdin).
    Folders are walked for *.py files, skipping the -o folder and (unless
    --no-ignore) what .gitignore ignores, version control folders, virtualenvs,
    .tox, .nox, node_modules, __pycache__, site-packages, build, dist and .eggs.
    A file named here is always read.  Diagnostics and errors go to stderr
    as `path:line:col: ...`; a file that cannot be converted is named there, the
    others are still converted, and the exit code is 2.  --check names each file
    that would change, -w each file it converted.  A summary ends the run: files
    changed, unchanged and failed, and diagnostics by code.  With several files and
    stderr a terminal, a progress bar shows meanwhile.

    Settings come from [tool.threadmod] (select, ignore, exclude, extend-exclude) in
    the nearest pyproject.toml above the first path; an option given here replaces
    its setting (--extend-exclude adds to both exclude lists).

    Suppressions: `# threadmod: ignore` (or `# threadmod: ignore[TM202,TM204]`, those
    transforms only) at the end of a line keeps that statement as it is; on the first
    line of a def, class, if, while, for, with or try, the whole statement.  `#
    threadmod: skip-file` among the comments that open a file leaves it untouched.

    \b
    Examples:
      threadmod convert legacy/threading2.py > threading2.py
      cat legacy/threading2.py | threadmod convert - > threading2.py
      threadmod convert legacy/threading2.py --side-by-side
      threadmod convert legacy/ -o modern/
      threadmod convert src/ -w -j 4
      threadmod convert src/ --diff --select TM2
      threadmod convert src/ --check          # for CI and pre-commit
      threadmod convert src/ --report review.html
      threadmod convert src/ --output-format sarif > threadmod.sarif

    Exit codes: 0 nothing to do or done (no Python file found too); 1 --check found a
    file that would change; 2 a usage error, or a file that could not be read or
    converted.
    """
    from dataclasses import replace

    from threadmod.terminal import colour_wanted

    modes = _output_modes(output_dir, write, show_diff, side_by_side, check)
    formatter = _formatter(output_format, modes, writing=output_dir is not None or write, with_diff=show_diff)
    stdin = _reads_stdin(paths, stdin_filename, modes)
    settings = _load_settings((stdin_filename or os.curdir) if stdin else paths[0], no_config)
    codes = _selected_codes(settings, select, ignore)
    excludes = _excludes(settings, exclude, extend_exclude)
    to_stdout = not modes and report_path is None and formatter is None
    if stdin:
        source = _read_stdin(stdin_filename, excludes, force_exclude, to_stdout)
        found = [(stdin_filename or "-", os.path.basename(stdin_filename or "-"))]
    else:
        found = _find_files(paths, excludes, output_dir, force_exclude=force_exclude, no_ignore=no_ignore, quiet=quiet)
        if not found:
            if formatter is not None:  # a document with no files, for whatever reads it
                click.echo(formatter.finish(), nl=False)
            sys.exit(EXIT_OK)
        if to_stdout:
            _require_one_file(found, paths)
    colour = colour_wanted(sys.stdout, color)
    tasks = _tasks(
        found, output_dir, write,
        codes=codes, to_stdout=to_stdout, show_diff=show_diff, side_by_side=side_by_side,
        colour=colour, want_report=report_path is not None,
    )
    if stdin:
        tasks = [replace(tasks[0], data=source)]
    report = None
    if report_path is not None:
        report = _open_report(
            report_path, _command_line(paths, modes, output_dir, select, ignore), written=output_dir is not None or write
        )
    name_changed = None if quiet else "would convert" if check else "converted" if write else None
    tally = _run(
        tasks, jobs, report, show_progress=not quiet, colour_diffs=colour, name_changed=name_changed, formatter=formatter,
        colour_bar=None if color == "auto" else color == "always",
    )
    if formatter is not None:
        click.echo(formatter.finish(), nl=False)
    if not quiet and (len(tasks) > 1 or not to_stdout):
        click.echo(_summary(tally, writing=output_dir is not None or write), err=True)
        if report_path is not None:
            click.echo(f"report: {report_path}", err=True)
    sys.exit(_exit_code(tally, check))


# --- convert, step by step ------------------------------------------------------------------


def _formatter(output_format: str, modes: list[str], *, writing: bool, with_diff: bool) -> Formatter | None:
    """None for --output-format text; else what renders the format (output_formats.py), a
    usage error when the format cannot go with the output options given."""
    if output_format == "text":
        return None
    from threadmod import output_formats

    try:
        output_formats.check_options(output_format, modes)
    except output_formats.FormatOptionError as exc:
        raise click.UsageError(str(exc)) from None
    return output_formats.Formatter(output_format, writing=writing, with_diff=with_diff)


def _output_modes(output_dir: str | None, write: bool, show_diff: bool, side_by_side: bool, check: bool) -> list[str]:
    """The output options given, as spelled on the command line; a usage error unless they combine."""
    given = (("-o", output_dir), ("-w", write), ("--diff", show_diff), ("--side-by-side", side_by_side), ("--check", check))
    modes = [name for name, on in given if on]
    if len(modes) > 1 and not (set(modes) <= {"--diff", "--check"} or set(modes) <= {"--side-by-side", "--check"}):
        raise click.UsageError(f"{' and '.join(modes)} cannot be combined")
    return modes


def _load_settings(first_path: str, no_config: bool) -> Settings:
    """[tool.threadmod] from the pyproject.toml nearest the first path, unless --no-config."""
    from threadmod import config

    if no_config:
        return config.Settings()
    try:
        return config.find_settings(first_path)
    except config.ConfigError as exc:
        _fail(str(exc))


def _selected_codes(settings: Settings, select: tuple[str, ...], ignore: tuple[str, ...]) -> frozenset[str]:
    """The transforms to run: --select and --ignore, each replacing its setting.

    A setting in use that names no transform is the pyproject.toml's error (exit 2); an
    option that names none is a usage error.
    """
    from threadmod import registry

    select_keys = _split(select) if select else list(settings.select or ())
    ignore_keys = _split(ignore) if ignore else list(settings.ignore or ())
    from_settings = (list(settings.select or ()) if not select else []) + (list(settings.ignore or ()) if not ignore else [])
    try:
        registry.select_codes(from_settings)  # each setting names a transform
    except registry.UnknownTransform as exc:
        _fail(f"{settings.path}: [tool.threadmod]: {exc}")
    try:
        return registry.select_codes(select_keys, ignore_keys)
    except registry.UnknownTransform as exc:
        raise click.UsageError(str(exc)) from None


def _split(values: tuple[str, ...]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]


def _excludes(settings: Settings, exclude: tuple[str, ...], extend_exclude: tuple[str, ...]) -> Excludes:
    """--exclude, else the exclude setting; then the extend-exclude setting and --extend-exclude.

    A setting's patterns are also relative to its pyproject.toml's folder, an option's to the
    current folder.
    """
    from threadmod.discovery import Excludes

    return Excludes.of(
        (exclude, None) if exclude else (settings.exclude or (), settings.directory),
        (settings.extend_exclude or (), settings.directory),
        (extend_exclude, None),
    )


def _reads_stdin(paths: tuple[str, ...], stdin_filename: str | None, modes: list[str]) -> bool:
    """Whether the source comes from stdin (the path `-`); a usage error where that cannot be."""
    if "-" not in paths:
        if stdin_filename is not None:
            raise click.UsageError("--stdin-filename names the source read from stdin: give - as the path")
        return False
    if len(paths) > 1:
        raise click.UsageError("- (stdin) cannot be combined with other paths")
    for mode in ("-o", "-w"):
        if mode in modes:
            raise click.UsageError(f"{mode} cannot write stdin: without it, the converted source goes to stdout")
    return True


def _read_stdin(stdin_filename: str | None, excludes: Excludes, force_exclude: bool, to_stdout: bool) -> bytes:
    """The source on stdin.  With --force-exclude and an excluded --stdin-filename it is left
    alone, as ruff and black do: printed as it came (or nothing, with --check or --diff), exit 0."""
    source = getattr(sys.stdin, "buffer", sys.stdin).read()
    if isinstance(source, str):
        source = source.encode("utf-8", "surrogateescape")
    if force_exclude and stdin_filename is not None and excludes.match_named(stdin_filename):
        if to_stdout:
            from threadmod.progress import Terminal

            with Terminal(1, show_progress=False) as terminal:
                terminal.out_bytes(source)
        sys.exit(EXIT_OK)
    return source


def _find_files(
    paths: tuple[str, ...], excludes: Excludes, output_dir: str | None, *, force_exclude: bool, no_ignore: bool, quiet: bool
) -> list[tuple[str, str]]:
    """The files named and those found in the folders named (discovery.py); when there are
    none, say so on stderr (unless -q): the run then ends with exit 0, as ruff's and black's do."""
    from threadmod import discovery

    found = discovery.discover(
        paths, excludes, use_ignore=not no_ignore, force_exclude=force_exclude,
        never_walk=[output_dir] if output_dir is not None else [],
    )
    if not found.files and not quiet:
        click.echo(_nothing_found(paths, found.skipped), err=True)
    return found.files


def _nothing_found(paths: tuple[str, ...], skipped: Counter[str]) -> str:
    """`no Python files found under src; left out: 2 ignored by .gitignore, 1 excluded by a pattern`"""
    from threadmod import discovery

    folders = [path for path in paths if os.path.isdir(path)]
    if not folders:
        return "nothing to convert: every file given is excluded"
    message = f"no Python files found under {', '.join(folders)}"
    reasons = [
        (discovery.BUILT_IN, "folder", "folders", "skipped by default (version control, virtualenvs, build...)"),
        (discovery.GITIGNORE, "", "", "ignored by .gitignore"),
        (discovery.EXCLUDED, "", "", "excluded by a pattern"),
    ]
    parts = [f"{n} {one if n == 1 else many} {why}".replace("  ", " ") for key, one, many, why in reasons if (n := skipped[key])]
    if parts:
        message += f"; left out: {', '.join(parts)}"
        if skipped[discovery.GITIGNORE] or skipped[discovery.BUILT_IN]:
            message += "; --no-ignore looks there too"
    return message


def _require_one_file(found: list[tuple[str, str]], paths: tuple[str, ...]) -> None:
    """Printing the converted source needs one file: a usage error for several files or a folder."""
    if len(found) != 1 or os.path.isdir(paths[0]):
        raise click.UsageError(
            "to convert several files or a folder, add -o DIR, -w, --diff, --side-by-side, --check or --report FILE"
        )


def _tasks(
    found: list[tuple[str, str]], output_dir: str | None, write: bool, *,
    codes: frozenset[str], to_stdout: bool, show_diff: bool, side_by_side: bool, colour: bool, want_report: bool,
) -> list[Task]:
    """One runner.Task per file found, with where its result is written (-o, -w) and what it sends back."""
    from threadmod import runner
    from threadmod.terminal import can_encode, terminal_width

    width = terminal_width() if side_by_side else None
    ascii_only = side_by_side and not can_encode(sys.stdout, "\u2502\u2500\u2192\u21aa\u25b2\u2026")
    tasks = []
    written_by: dict[str, str] = {}
    for path, relative in found:
        out_path = None
        if output_dir is not None:
            out_path = os.path.join(output_dir, relative)
            if out_path in written_by:
                raise click.UsageError(f"{written_by[out_path]} and {path} would both be written to {out_path}")
            written_by[out_path] = path
        elif write:
            out_path = os.path.realpath(path)  # through a symlink: convert the file it names
        tasks.append(
            runner.Task(
                path=path,
                out_path=out_path,
                write_unchanged=output_dir is not None,
                want_output=to_stdout,
                want_diff=show_diff,
                codes=codes,
                side_by_side_width=width,
                colour=colour,
                ascii_only=ascii_only,
                want_report=want_report,
            )
        )
    return tasks


def _open_report(report_path: str, command: str, written: bool) -> ReportWriter:
    from threadmod.report import ReportWriter

    names = _code_names()
    try:
        return ReportWriter(report_path, command, names, written=written)
    except OSError as exc:
        _fail(f"cannot write the report {report_path}: {exc.strerror or exc}")


def _command_line(paths, modes, output_dir, select, ignore) -> str:
    """The command as the report shows it."""
    import shlex

    words = ["threadmod", "convert", *paths]
    for mode in modes:
        words += [mode, output_dir] if mode == "-o" else [mode]
    for option, values in (("--select", select), ("--ignore", ignore)):
        for value in values:
            words += [option, value]
    return " ".join(shlex.quote(str(word)) for word in words)


def _code_names() -> dict[str, str]:
    """Each transform's name by code, for the report's table of diagnostics."""
    from threadmod.registry import all_transforms

    return {t.CODE: t.NAME for t in all_transforms()}


class _Tally:
    """What a run did: how many files, their results by status, their diagnostics by code."""

    def __init__(self, files: int) -> None:
        self.files = files
        self.by_status: Counter[str] = Counter()
        self.by_code: Counter[str] = Counter()


def _run(
    tasks: list[Task], jobs: int | None, report: ReportWriter | None, *, show_progress: bool, colour_diffs: bool,
    name_changed: str | None = None, formatter: Formatter | None = None, colour_bar: bool | None = None,
) -> _Tally:
    """Convert the files, printing each one's diagnostics and output as its result comes and
    adding it to the report; the report is written only when every file is done.

    name_changed: `would convert` (--check) or `converted` (-w), printed on stderr before the
    path of each file that changed, as black does.  formatter (--output-format other than
    text) takes each result instead: its lines, if any, go to stdout, and no diagnostic or
    diff is printed here."""
    from threadmod import runner
    from threadmod.progress import Terminal

    tally = _Tally(len(tasks))
    try:
        with Terminal(len(tasks), show_progress=show_progress, colour=colour_bar) as terminal:
            for result in runner.run(tasks, jobs or runner.default_jobs()):
                tally.by_status[result.status] += 1
                tally.by_code.update(result.diagnostic_codes)
                formatted = formatter.add(result) if formatter is not None else None
                if formatted:
                    terminal.out(formatted)
                for message in result.messages if formatted is None else ():
                    terminal.err(message)
                if name_changed and result.status == runner.CHANGED:
                    terminal.err(f"{name_changed} {result.path}")
                if result.output is not None and result.status != runner.FAILED:
                    terminal.out_bytes(result.output)
                if result.diff and formatter is None:
                    terminal.out(_colour_diff(result.diff) if colour_diffs else result.diff)
                if result.side_by_side:
                    terminal.out(result.side_by_side + "\n")
                if report is not None:
                    report.add(
                        result.path, result.status, result.messages, result.diagnostic_codes,
                        result.report, result.removed, result.added,
                    )
                terminal.advance()
        if report is not None:
            report.commit()
            report = None
    finally:
        if report is not None:
            report.abort()
    return tally


_DIFF_LINE_STYLES = (("+++", "header"), ("---", "header"), ("@@", "hunk"), ("+", "new"), ("-", "old"))


def _colour_diff(diff: str) -> str:
    from threadmod.terminal import paint

    out = []
    for line in diff.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        for prefix, style in _DIFF_LINE_STYLES:
            if body.startswith(prefix):
                line = paint(style, body) + line[len(body):]
                break
        out.append(line)
    return "".join(out)


def _summary(tally: _Tally, writing: bool) -> str:
    """`7 files: 5 would change, 1 unchanged, 1 failed; diagnostics: TM301 x2`"""
    from threadmod import runner

    summary = (
        f"{tally.files} file{'s' if tally.files != 1 else ''}: {tally.by_status[runner.CHANGED]} "
        f"{'changed' if writing else 'would change'}, "
        f"{tally.by_status[runner.UNCHANGED]} unchanged, {tally.by_status[runner.FAILED]} failed"
    )
    if tally.by_code:
        summary += "; diagnostics: " + ", ".join(f"{code} x{n}" for code, n in sorted(tally.by_code.items()))
    return summary


def _exit_code(tally: _Tally, check: bool) -> int:
    from threadmod import runner

    if tally.by_status[runner.FAILED]:
        return EXIT_ERROR
    if check and tally.by_status[runner.CHANGED]:
        return EXIT_CHANGES
    return EXIT_OK


def _fail(message: str) -> NoReturn:
    """An error that is not about the command line itself (a bad pyproject.toml...): exit 2."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(EXIT_ERROR)


# --- the other commands ---------------------------------------------------------------------


@main.command("list")
def list_transforms() -> None:
    """List every transform, one a line: its code, its name, and what it does.

    \b
    Examples:
      threadmod list
      threadmod list | grep thread

    Exit code: 0.
    """
    from threadmod.registry import all_transforms

    for transform in sorted(all_transforms(), key=lambda t: t.CODE):
        click.echo(f"{transform.CODE}  {transform.NAME:<22} {transform.DESCRIPTION}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print one transform's docs: What it does, Why, Example, Use instead, When it leaves code alone.

    CODE is a transform's code or name, as `threadmod list` shows them.

    \b
    Examples:
      threadmod explain TM101
      threadmod explain print-statement

    Exit codes: 0 done; 2 no transform has that code or name.
    """
    from threadmod.registry import UnknownTransform, lookup

    try:
        transform = lookup(code)
    except UnknownTransform as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(transform.explain(), nl=False)


def _register_verify() -> None:
    from threadmod.verify.command import verify

    main.add_command(verify)


_register_verify()

