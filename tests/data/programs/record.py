"""Record what Python 2.7 prints for each legacy program here, as NAME.py2.out.

usage: python3 tests/data/programs/record.py [--python2 PATH] [--check] [--runs N] [NAME ...]

Runs each NAME.py (default: every program in this folder) under Python 2.7 with
`-u` (unbuffered, so nothing is lost when a spinning program is killed), ends it
once it exits or its output has not grown for 1 s (the busy-waiting ones spin
for ever in Python 2), and writes its stdout and stderr lines, normalised and
sorted, to NAME.py2.out.  Sorting keeps each thread's own lines and drops the
interleaving between threads, which varies from run to run.  Every line ends
in a newline; trailing spaces are significant (Python 2's softspace).

--check   compare with the recorded files instead of writing them (exit 1 on a difference)
--runs N  run each program N times and fail if the runs disagree (default 1)

tests/test_programs.py imports `normalise` from here, so both sides agree.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PYTHON2 = "/root/.pyenv/versions/2.7.18/bin/python2.7"
IDLE_SECONDS = 1.0  # kill a legacy program whose output has not grown for this long
MAX_SECONDS = 20.0  # and any legacy program after this long

_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
_IDENT = re.compile(r"(?<![\d.])\d{12,}L?(?![\d.])")  # thread idents: 12+ digit integers


def normalise(stdout: str, stderr: str) -> list[str]:
    """The sorted multiset of output lines: stderr lines get a `[stderr] ` prefix,
    thread identifiers become <ident> and 0x addresses 0x?."""
    lines = []
    for prefix, text in (("", stdout), ("[stderr] ", stderr)):
        if not text:
            continue
        parts = text.split("\n")
        if parts[-1] == "":
            parts.pop()
        else:
            parts[-1] += "<no newline at end>"
        for line in parts:
            line = _IDENT.sub("<ident>", _ADDRESS.sub("0x?", line))
            lines.append(prefix + line)
    return sorted(lines)


def programs() -> list[str]:
    return sorted(
        name[:-3] for name in os.listdir(HERE) if name.endswith(".py") and name != "record.py"
    )


def run_legacy(python2: str, name: str) -> tuple[str, str, str]:
    """(stdout, stderr, how it ended) of one legacy run."""
    chunks = {"out": [], "err": []}
    last_growth = [time.monotonic()]

    def pump(stream, key):
        for chunk in iter(lambda: os.read(stream.fileno(), 65536), b""):
            chunks[key].append(chunk)
            last_growth[0] = time.monotonic()

    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.Popen(
            [python2, "-u", os.path.join(HERE, name + ".py")],
            cwd=cwd,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        readers = [
            threading.Thread(target=pump, args=(proc.stdout, "out")),
            threading.Thread(target=pump, args=(proc.stderr, "err")),
        ]
        for reader in readers:
            reader.start()
        start = time.monotonic()
        how = None
        while proc.poll() is None:
            now = time.monotonic()
            if now - last_growth[0] > IDLE_SECONDS:
                how = "killed (output idle for %.1f s)" % IDLE_SECONDS
            elif now - start > MAX_SECONDS:
                how = "killed (ran %.0f s)" % MAX_SECONDS
            if how:
                proc.kill()
                proc.wait()
                break
            time.sleep(0.02)
        for reader in readers:
            reader.join()
        proc.stdout.close()
        proc.stderr.close()
        if how is None:
            how = "exit %d" % proc.returncode
    decode = lambda key: b"".join(chunks[key]).decode("utf-8", "replace")
    return decode("out"), decode("err"), how


def recorded_path(name: str) -> str:
    return os.path.join(HERE, name + ".py2.out")


def read_recorded(name: str) -> list[str]:
    with open(recorded_path(name), encoding="utf-8", newline="\n") as f:
        text = f.read()
    return text.split("\n")[:-1] if text else []


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--python2", default=DEFAULT_PYTHON2)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    names = args.names or programs()

    def one(name):
        results = [run_legacy(args.python2, name) for _ in range(args.runs)]
        return name, results

    status = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for name, results in pool.map(one, names):
            outputs = [normalise(out, err) for out, err, _ in results]
            hows = sorted(set(how for _, _, how in results))
            if any(o != outputs[0] for o in outputs):
                print("%s: runs disagree (%s)" % (name, "; ".join(hows)))
                status = 1
                continue
            lines = outputs[0]
            if args.check:
                same = os.path.exists(recorded_path(name)) and read_recorded(name) == lines
                print("%s: %s (%s)" % (name, "same" if same else "DIFFERS", "; ".join(hows)))
                status |= not same
            else:
                with open(recorded_path(name), "w", encoding="utf-8", newline="\n") as f:
                    f.write("".join(line + "\n" for line in lines))
                print("%s: %d lines (%s)" % (name, len(lines), "; ".join(hows)))
    return status


if __name__ == "__main__":
    sys.exit(main())
