"""The `threadmod verify` click command (registered in cli.py with main.add_command(verify)).

Exit codes: 0 every pair agrees, 1 some pair differs, 2 some script cannot be run (or a
usage error).  Imports of the rest of verify are lazy so `--help` starts fast.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

EXIT_AGREE, EXIT_CANNOT_RUN = 0, 2


def _list_divergences(ctx: click.Context, _param, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from threadmod.verify.divergences import describe

    click.echo(describe())
    ctx.exit(0)


@click.command("verify", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("legacy", type=click.Path(exists=True, path_type=Path))
@click.argument("modern", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--python2", metavar="PATH",
              help="The Python 2.7 to run LEGACY with (else $THREADMOD_PYTHON2, then python2.7 or "
                   "python2 on PATH, then pyenv's versions; only one that runs counts).")
@click.option("--python3", metavar="PATH", help="The Python 3 to run MODERN with (default: this one).")
@click.option("--traces", "traces_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Recorded legacy traces (DIR/<relative path>.trace.json): compare against them "
                   "instead of running Python 2.7; files without one are run.")
@click.option("--record", "record_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Run LEGACY under Python 2.7 and write its traces to DIR (no MODERN).")
@click.option("--allow", multiple=True, metavar="NAME",
              help="Also allow this named divergence (repeatable, comma-separated; see --list-divergences).")
@click.option("--strict", is_flag=True,
              help="Allow no divergence but the normalisations and those named with --allow.")
@click.option("--list-divergences", is_flag=True, is_eager=True, expose_value=False,
              callback=_list_divergences, help="Describe every named divergence and exit.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="SECONDS", help="Real-time limit per script run (a runaway script exits 2).")
@click.option("--seed", type=int, default=0, show_default=True, metavar="N",
              help="Seed of random in both runs (both draw randint, choice, shuffle... the same way).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Scripts run at once (default: the number of cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Only differences and errors; no summary line.")
def verify(legacy: Path, modern: Path | None, python2: str | None, python3: str | None,
           traces_dir: Path | None, record_dir: Path | None, allow: tuple[str, ...], strict: bool,
           timeout: float, seed: int, jobs: int | None, as_json: bool, quiet: bool) -> None:
    """Check that MODERN prints what LEGACY printed, thread by thread.

    LEGACY runs under Python 2.7 and MODERN under Python 3, each in a harness with a virtual
    clock and one deterministic scheduler (the same in both): sleeps cost nothing, racy
    programs compare exactly, and every run gives the same verdict.  Each runs as its
    interpreter runs the file (its source encoding rules and compile errors: a file it
    refuses cannot run), in this directory, with empty stdin; random draws the same numbers
    in both (--seed).  Each side's ending is shown: exited, crashed, killed at exit,
    deadlocked, or runaway.  Each output line is
    tagged by its thread (`main`, or the callable it runs and its start order: `consumer#1`)
    and compared with its virtual time; so are acquire/release of the script's own locks.
    With two folders, files are paired by relative path.  LEGACY may also be a recorded
    trace (*.trace.json).

    Documented divergences are allowed and each one used is reported as `allowed: NAME`:
    thread idents, addresses and default thread names are normalised; and what the
    transforms document: a legacy main that spins or sleeps for ever after its workers end,
    polls that became joins (or sleep 10 ms between checks), threads Python 2 cut off at exit, threads that
    threading.enumerate() now lists, locks an exception no longer leaves held, trailing
    spaces left by softspace.  --strict turns these off; --allow NAME adds one (timing,
    locking...); --list-divergences describes them all.

    \b
    Examples:
      threadmod verify legacy/threading2.py modern/threading2.py
      threadmod verify legacy/ modern/               pair files by relative path
      threadmod verify legacy/ modern/ --strict --allow main-spin
      threadmod verify --python2 /opt/py27/bin/python2.7 old.py new.py
      threadmod verify --record traces/ legacy/      record legacy runs (needs Python 2.7)
      threadmod verify --traces traces/ legacy/ modern/   compare without Python 2.7

    Exit codes: 0 every pair agrees, 1 some pair differs (the first divergence of each
    thread is shown side by side), 2 a script cannot be run (no Python 2.7, a syntax error,
    no counterpart, over --timeout) or a usage error.
    """
    from threadmod.interpreters import Python2NotFound
    from threadmod.verify import divergences, run

    try:
        allowed = divergences.resolve(allow, strict)
    except divergences.UnknownDivergence as e:
        raise click.BadParameter(str(e), param_hint="--allow") from None

    if record_dir is not None:
        if modern is not None:
            raise click.UsageError("--record takes only LEGACY (a file or a folder)")
        try:
            done = run.record(legacy, record_dir, python2=python2, timeout=timeout, jobs=jobs, seed=seed)
        except Python2NotFound as e:
            click.echo(str(e), err=True)
            sys.exit(EXIT_CANNOT_RUN)
        code = EXIT_AGREE
        for src, path, error in done:
            if error:
                click.echo(error, err=True)
                code = EXIT_CANNOT_RUN
            elif not quiet:
                click.echo(f"{src} -> {path}")
        sys.exit(code)

    if modern is None:
        raise click.UsageError("MODERN is required (or use --record DIR to record LEGACY's traces)")
    if legacy.is_dir() and not modern.is_dir():
        raise click.UsageError(f"{legacy} is a folder, so MODERN must be one too")

    started = time.monotonic()
    results = run.verify(legacy, modern, python2=python2, python3=python3, timeout=timeout,
                            allowed=allowed, traces_dir=traces_dir, jobs=jobs, seed=seed)
    elapsed = time.monotonic() - started
    code = max((r.exit_code for r in results), default=EXIT_AGREE)

    if as_json:
        click.echo(json.dumps([{
            "legacy": str(r.legacy), "modern": str(r.modern) if r.modern else None,
            "exit_code": r.exit_code, "error": r.error,
            "verdict": r.verdict.to_dict() if r.verdict else None,
        } for r in results], indent=1))
        sys.exit(code)

    from threadmod.terminal import terminal_width

    width = max(100, terminal_width(120))
    shown_errors: set[str] = set()
    for r in results:
        title = f"{r.legacy} ~ {r.modern}" if r.modern else str(r.legacy)
        if r.error is not None:
            if r.error in shown_errors:
                click.echo(f"{r.legacy}: cannot run (see above)", err=True)
            else:
                shown_errors.add(r.error)
                message = r.error if r.error.startswith(str(r.legacy)) or r.error.startswith(str(r.modern)) \
                    else f"{r.legacy}: cannot run: {r.error}"
                click.echo(message, err=True)
            continue
        v = r.verdict
        if v.ok:
            if not quiet:
                threads = [t for t in v.modern.threads if t.kind != "untagged"]
                lines = sum(len(t.lines) for t in threads)
                click.echo(f"{title}: agree ({len(threads)} thread{'s' if len(threads) != 1 else ''}, "
                           f"{lines} line{'s' if lines != 1 else ''}, virtual time "
                           f"{v.modern.vtime:.3f} s)")
                body = v.render(width)
                if body:
                    click.echo(body)
        else:
            click.echo(f"{title}: DIFFER")
            click.echo(v.render(width))
    if not quiet:
        n = len(results)
        agree = sum(1 for r in results if r.exit_code == 0)
        differ = sum(1 for r in results if r.exit_code == 1)
        failed = n - agree - differ
        parts = [f"{agree} agree"] + ([f"{differ} differ"] if differ else []) \
            + ([f"{failed} cannot run"] if failed else [])
        click.echo(f"{n} pair{'s' if n != 1 else ''}: {', '.join(parts)} ({elapsed:.2f} s)")
    sys.exit(code)
