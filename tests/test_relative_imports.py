"""TM181: Python 2's implicit relative imports in a package, read from the files around."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.interpreters import require_python

PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/helper.py": "def f():\n    return 'helper'\n",
    "pkg/sub/__init__.py": "NAME = 'sub'\n",
    "pkg/main.py": (
        "import helper\n"
        "from helper import f\n"
        "import sub as s\n"
        "import os\n"
        "def run():\n"
        "    import helper as h  # inside a function too\n"
        "    print h.f(), f(), s.NAME, os.sep\n"
    ),
    "script/helper.py": "def f():\n    return 'helper'\n",
    "script/main.py": "import helper\nprint helper.f()\n",
    "future/__init__.py": "",
    "future/helper.py": "",
    "future/main.py": "from __future__ import absolute_import\nimport helper\nprint 1\n",
}

EXPECTED_MAIN = (
    "from . import helper\n"
    "from .helper import f\n"
    "from . import sub as s\n"
    "import os\n"
    "def run():\n"
    "    from . import helper as h  # inside a function too\n"
    "    print(h.f(), f(), s.NAME, os.sep)\n"
)


def _write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _convert(tmp_path):
    _write(tmp_path / "in", PACKAGE)
    done = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-q"],
        capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_package_imports_become_relative(tmp_path):
    _convert(tmp_path)
    out = tmp_path / "out"
    assert (out / "pkg/main.py").read_text() == EXPECTED_MAIN
    # A script's folder is on sys.path: its imports work as they are.
    assert (out / "script/main.py").read_text() == "import helper\nprint(helper.f())\n"
    assert (out / "future/main.py").read_text() == "from __future__ import absolute_import\nimport helper\nprint(1)\n"


def test_mixed_import_is_diagnosed_not_split(tmp_path):
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/helper.py": "", "pkg/m.py": "import os, helper\nprint 1\n"})
    done = subprocess.run(
        [sys.executable, "-m", "threadmod", "convert", str(tmp_path / "pkg" / "m.py")], capture_output=True, text=True
    )
    assert done.stdout == "import os, helper\nprint(1)\n"
    assert f"{tmp_path / 'pkg' / 'm.py'}:1:1: TM181" in done.stderr


@pytest.mark.slow
def test_converted_package_prints_what_python2_printed(tmp_path):
    python2, python3 = require_python("2.7"), require_python("3.13")
    _convert(tmp_path)
    code = "import pkg.main; pkg.main.run()"
    legacy = subprocess.run([python2, "-c", code], cwd=tmp_path / "in", capture_output=True, text=True)
    modern = subprocess.run([python3, "-W", "error", "-c", code], cwd=tmp_path / "out", capture_output=True, text=True)
    assert legacy.returncode == modern.returncode == 0, (legacy.stderr, modern.stderr)
    assert legacy.stdout == modern.stdout == "helper helper sub /\n"
