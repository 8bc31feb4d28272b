"""The threadmod command line.

Exit codes, the same for every command: 0 nothing to do or done; 1 changes found in
check mode; 2 a usage error, or input that could not be read or converted.
"""

from __future__ import annotations

import os
import sys
from collections import Counter

import click

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="threadmod")
def main() -> None:
    """Convert legacy Python 2 thread code to idiomatic Python 3.

    \b
    Examples:
      threadmod convert legacy/threading1.py          print the Python 3 version
      threadmod convert src/ -o converted/            convert a tree into a new folder
      threadmod convert src/ --diff                   show what would change
      threadmod list                                  every transform, with its code
      threadmod explain TM101                         one transform's docs

    Exit codes: 0 nothing to do or done, 1 changes found (--check), 2 usage error
    or input that could not be read or converted.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=False))
@click.option("-o", "--output-dir", type=click.Path(file_okay=False), help="Write the whole converted tree here, unchanged files too.")
@click.option("-w", "--write", is_flag=True, help="Rewrite changed files in place (atomically; the file mode is kept).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of each change; write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when any file would change, 0 when none would.")
@click.option("--select", multiple=True, metavar="CODE", help="Run only these transforms (code, name or code prefix; repeatable, comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODE", help="Skip these transforms (code, name or code prefix; repeatable, comma-separated).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out files and folders matching this pattern (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: the number of cores).")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def convert(
    paths: tuple[str, ...],
    output_dir: str | None,
    write: bool,
    show_diff: bool,
    check: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    quiet: bool,
) -> None:
    """Convert Python 2 files, or trees of them, to Python 3.

    One file with no option prints the converted source on stdout.  Folders are
    walked for *.py files.  Diagnostics and errors go to stderr as
    `path:line:col: ...`; a file that cannot be converted is named there, the others
    are still converted, and the exit code is 2.

    \b
    Examples:
      threadmod convert legacy/threading2.py > threading2.py
      threadmod convert legacy/ -o modern/
      threadmod convert src/ -w
      threadmod convert src/ --diff --select TM101,TM102
      threadmod convert src/ --check          # for CI and pre-commit
    """
    from threadmod import registry, runner

    modes = [name for name, on in (("-o", output_dir), ("-w", write), ("--diff", show_diff), ("--check", check)) if on]
    if len(modes) > 1 and set(modes) != {"--diff", "--check"}:
        raise click.UsageError(f"{' and '.join(modes)} cannot be combined")
    try:
        codes = registry.select_codes(_split(select), _split(ignore))
    except registry.UnknownTransform as exc:
        raise click.UsageError(str(exc)) from None

    found = list(runner.find_python_files(paths, tuple(exclude)))
    to_stdout = not modes
    if to_stdout and (len(found) != 1 or os.path.isdir(paths[0])):
        raise click.UsageError("to convert several files or a folder, add -o DIR, -w, --diff or --check")
    tasks = []
    written_by: dict[str, str] = {}
    for path, _root, relative in found:
        out_path = None
        if output_dir is not None:
            out_path = os.path.join(output_dir, relative)
            if out_path in written_by:
                raise click.UsageError(f"{written_by[out_path]} and {path} would both be written to {out_path}")
            written_by[out_path] = path
        elif write:
            out_path = path
        tasks.append(
            runner.Task(
                path=path,
                out_path=out_path,
                write_unchanged=output_dir is not None,
                want_output=to_stdout,
                want_diff=show_diff,
                codes=codes,
            )
        )

    counts: Counter = Counter()
    by_code: Counter = Counter()
    out = sys.stdout.buffer
    for result in runner.run(tasks, jobs or os.cpu_count() or 1):
        counts[result.status] += 1
        by_code.update(result.diagnostic_codes)
        for message in result.messages:
            click.echo(message, err=True)
        if result.output is not None and result.status != runner.FAILED:
            out.write(result.output)
            out.flush()
        if result.diff:
            click.echo(result.diff, nl=False)
    if not quiet and (len(tasks) > 1 or not to_stdout):
        summary = (
            f"{len(tasks)} file{'s' if len(tasks) != 1 else ''}: {counts[runner.CHANGED]} "
            f"{'would change' if check or show_diff else 'changed'}, "
            f"{counts[runner.UNCHANGED]} unchanged, {counts[runner.FAILED]} failed"
        )
        if by_code:
            summary += "; diagnostics: " + ", ".join(f"{code} x{n}" for code, n in sorted(by_code.items()))
        click.echo(summary, err=True)
    if counts[runner.FAILED]:
        sys.exit(EXIT_ERROR)
    if check and counts[runner.CHANGED]:
        sys.exit(EXIT_CHANGES)
    sys.exit(EXIT_OK)


@main.command("list")
def list_transforms() -> None:
    """List every transform: code, name, and what it does.

    \b
    Example:
      threadmod list
    """
    from threadmod.registry import ALL_TRANSFORMS

    for transform in sorted(ALL_TRANSFORMS, key=lambda t: t.CODE):
        click.echo(f"{transform.CODE}  {transform.NAME:<22} {transform.DESCRIPTION}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print one transform's docs: What it does, Why, Example, Use instead, When it leaves code alone.

    \b
    Examples:
      threadmod explain TM101
      threadmod explain print-statement
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


def _split(values: tuple[str, ...]) -> list[str]:
    return [part for value in values for part in value.split(",") if part.strip()]
