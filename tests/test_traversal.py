"""traversal.walk behaves as libcst's node.visit: same calls in the same order, same result."""

from __future__ import annotations

import glob
import os
import subprocess
import sys

import libcst as cst
import pytest
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand
from libcst.matchers._visitors import _gather_constructed_leave_funcs, _gather_constructed_visit_funcs, _gather_matchers

from threadmod.codemods.commands import COMMANDS
from threadmod.codemods.traversal import walk
from threadmod.registry import THREAD_CODEMODS

CODEMOD_CLASSES = [entry.load() for entry in THREAD_CODEMODS]

ROOT = os.path.dirname(os.path.dirname(__file__))
SOURCES = [
    open(path, encoding="utf-8").read()
    for pattern in ("modern/*.py", "tests/data/thread_cases/*.expected")
    for path in sorted(glob.glob(os.path.join(ROOT, pattern)))
] + [
    "@d\nclass A(B, metaclass=M):\n    x: int = 1\n    def f(self, *a, k=2, **kw) -> None:\n"
    "        global g\n        async def h():\n            await z\n            async with a as b:\n"
    "                yield [i async for i in c if i]\n        return lambda q=1: {**kw, 'k': (yield)}\n"
    "try:\n    pass\nexcept* E as e:\n    raise X from e\nelse:\n    del a[1:2, ...]\nfinally:\n    pass\n"
    "match p:\n    case [1, *rest] | {'k': _} if rest:\n        print(f'{p!r:>{w}}')\n",
]
MODULES = [cst.parse_module(source) for source in SOURCES]


class Recorder(cst.CSTVisitor):
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.events.append(("visit", type(node).__name__))
        return not isinstance(node, cst.Lambda)  # a skipped subtree too

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.events.append(("leave", type(original_node).__name__))


class TypedRecorder(cst.CSTVisitor):
    """Methods per type, some of them for whitespace and operators, which walk then enters."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def visit_Name(self, node) -> None:
        self.events.append("Name " + node.value)

    def visit_Comma(self, node) -> None:
        self.events.append("Comma")

    def leave_Comment(self, original_node) -> None:
        self.events.append("Comment " + original_node.value)

    def visit_Call(self, node) -> bool:
        self.events.append("Call")
        return not isinstance(node.func, cst.Attribute)


class Changer(cst.CSTTransformer):
    """Renames, removes, flattens and replaces, as the thread codemods do."""

    def leave_Name(self, original_node, updated_node):
        return updated_node.with_changes(value=updated_node.value + "_x") if len(updated_node.value) == 1 else updated_node

    def leave_Pass(self, original_node, updated_node):
        return cst.RemoveFromParent()

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if any(isinstance(s, cst.Expr) and isinstance(s.value, cst.Call) for s in updated_node.body):
            return cst.FlattenSentinel([updated_node, cst.parse_statement("after_call()\n")])
        return updated_node

    def visit_ClassDef(self, node) -> bool:
        return False  # leave_ClassDef still runs

    def leave_ClassDef(self, original_node, updated_node):
        return updated_node.with_changes(name=cst.Name("Renamed"))

    def leave_Arg(self, original_node, updated_node):
        return cst.RemoveFromParent() if updated_node.keyword is not None else updated_node


@pytest.mark.parametrize("module", MODULES)
def test_same_events_as_libcst(module):
    ours, theirs = Recorder(), Recorder()
    walk(module, ours)
    module.visit(theirs)
    assert ours.events == theirs.events


@pytest.mark.parametrize("module", MODULES)
def test_same_typed_events_as_libcst(module):
    ours, theirs = TypedRecorder(), TypedRecorder()
    walk(module, ours)
    module.visit(theirs)
    assert ours.events == theirs.events


def test_typed_events_include_whitespace_and_operator_nodes():
    events = TypedRecorder()
    walk(cst.parse_module("f(a, b)  # note\n"), events)
    assert events.events == ["Call", "Name f", "Name a", "Comma", "Name b", "Comment # note"]


@pytest.mark.parametrize("module", MODULES)
def test_same_result_as_libcst(module):
    assert walk(module, Changer()).code == module.visit(Changer()).code


def test_unchanged_subtrees_are_kept():
    module = cst.parse_module("def fun():\n    return 10\nx = 2\n")
    result = walk(module, Changer())  # renames x only
    assert result.body[0] is module.body[0]
    assert result.body[1] is not module.body[1]
    assert walk(module, Recorder()) is module


def test_a_required_child_cannot_be_removed():
    class RemoveTest(cst.CSTTransformer):
        def leave_Name(self, original_node, updated_node):
            return cst.RemoveFromParent()

    with pytest.raises(TypeError):
        walk(cst.parse_module("if a:\n    pass\n"), RemoveTest())


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.CODE)
def test_commands_use_no_matcher_decorators(command):
    """The libcst commands skip libcst's matcher set-up; that is only right while none is used."""
    instance = command(CodemodContext())
    assert not _gather_constructed_visit_funcs(instance)
    assert not _gather_constructed_leave_funcs(instance)
    assert not _gather_matchers(instance)  # a dict since libcst 1.2, a set before


def test_a_command_for_every_codemod():
    assert sorted(c.CODE for c in COMMANDS) == sorted(c.CODE for c in CODEMOD_CLASSES)
    for command in COMMANDS:
        codemod = next(c for c in CODEMOD_CLASSES if c.CODE == command.CODE)
        assert issubclass(command, codemod) and issubclass(command, VisitorBasedCodemodCommand)
        assert command.__name__ == codemod.__name__


def test_the_pipeline_does_not_import_libcst_codemod():
    """libcst.codemod brings libcst.matchers: 0.15 s of start-up the pipeline does not need."""
    code = (
        "import sys\n"
        "from threadmod.pipeline import convert_text\n"
        "out = convert_text('import thread\\nthread.start_new_thread(f, ())\\nwhile 1: pass\\n')[0]\n"
        "assert 'threading.Thread' in out, out\n"
        "assert 'libcst' in sys.modules and 'libcst.codemod' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_libcst_tool_runs_a_command(tmp_path):
    source = tmp_path / "work.py"
    source.write_text("import thread\ndef work(n):\n    print(n)\nthread.start_new_thread(work, (1,))\n")
    command = [sys.executable, "-m", "libcst.tool", "codemod", "-x", "--no-format", "--hide-progress"]
    subprocess.run([*command, "threadmod.codemods.commands.StartNewThread", str(source)], check=True, capture_output=True)
    subprocess.run([*command, "threadmod.codemods.commands.JoinThreads", str(source)], check=True, capture_output=True)
    assert source.read_text() == (
        "import threading\ndef work(n):\n    print(n)\n"
        "work_thread = threading.Thread(target=work, args=(1,))\nwork_thread.start()\nwork_thread.join()\n"
    )


WORK = "import thread\ndef work(n):\n    print(n)\nthread.start_new_thread(work, (1,))\n"
WORKED = (
    "import threading\ndef work(n):\n    print(n)\n"
    "work_thread = threading.Thread(target=work, args=(1,))\nwork_thread.start()\nwork_thread.join()\n"
)


def readme_libcst_commands() -> list[str]:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
        return [line.strip() for line in readme if line.startswith("python -m libcst.tool codemod ")]


def test_the_readme_libcst_commands_run_as_written(tmp_path):
    """In a project of the user's own (no .libcst.codemod.yaml, maybe no black): the
    README's lines, word for word, on its `src/`."""
    import shlex

    commands = readme_libcst_commands()
    assert len(commands) == 2
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "work.py"
    source.write_text(WORK)
    environment = {**os.environ, "PATH": os.path.dirname(sys.executable)}  # no black on it
    for line in commands:
        words = shlex.split(line)
        assert words[0] == "python"
        done = subprocess.run([sys.executable, *words[1:]], cwd=tmp_path, env=environment, capture_output=True, text=True)
        assert done.returncode == 0, (line, done.stderr[-2000:])
    assert source.read_text() == WORKED


def test_libcst_tool_list_finds_the_codemods_in_the_project():
    """`.libcst.codemod.yaml` names threadmod.codemods under `modules:`."""
    done = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "list"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    listed = dict(line.split(" - ", 1) for line in done.stdout.splitlines() if " - " in line)
    for command in COMMANDS:
        assert listed.get(f"commands.{command.__name__}") == command.DESCRIPTION, (command, done.stdout, done.stderr)


def test_libcst_tool_runs_a_command_by_its_short_name_in_the_project(tmp_path):
    source = tmp_path / "work.py"
    source.write_text(WORK)
    for name in ("commands.StartNewThread", "commands.JoinThreads"):
        subprocess.run(
            [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress", name, str(source)],
            cwd=ROOT, check=True, capture_output=True,
        )
    assert source.read_text() == WORKED


def test_libcst_tool_leaves_dual_version_code_alone(tmp_path):
    """libcst.tool's commands hide dual-version code as `threadmod convert` does."""
    source = tmp_path / "dual.py"
    text = (
        "import sys\nimport threading\nt = threading.Thread(target=f)\n"
        "if sys.version_info[0] == 2:\n    t.setDaemon(True)\nelse:\n    t.daemon = True\n"
        "u = threading.Thread(target=f)\nu.setDaemon(True)\n"
    )
    source.write_text(text)
    command = [sys.executable, "-m", "libcst.tool", "codemod", "-x", "--no-format", "--hide-progress"]
    subprocess.run([*command, "threadmod.codemods.commands.ThreadingCamelCase", str(source)], check=True, capture_output=True)
    assert source.read_text() == text.replace("u.setDaemon(True)", "u.daemon = True")
