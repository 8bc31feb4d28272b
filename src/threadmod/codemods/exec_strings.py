"""TM209 exec-strings: Python 2 code in a string given to exec is converted as code."""

from __future__ import annotations

import ast

import libcst as cst

from threadmod.codemods.base import NESTED_CONVERTER_KEY, ThreadCodemod
from threadmod.codemods.traversal import walk
from threadmod.errors import SourceError
from threadmod.transform import Example


class ExecStrings(ThreadCodemod):
    CODE = "TM209"
    NAME = "exec-strings"
    DESCRIPTION = "Python 2 code in a string literal given to exec() is converted like a file."
    WHAT = """
        When `exec` (or `compile(..., "exec")`) gets a string literal, or a name the
        module binds exactly once, to a string literal, that string's code goes through threadmod as a file of its own
        (print statements, `thread` calls, busy-waits...), and the literal is rewritten
        with the converted code, in the same quotes where it can be.
    """
    WHY = "Code in strings runs too: left as Python 2, it fails the moment exec runs it."
    LEAVES_ALONE = """
        Strings built at run time, names bound more than once, f-strings and byte
        strings, strings that are not valid Python 2 or 3 code, and strings whose code
        is already Python 3.
        Dual-version code (a branch on `sys.version_info`, `sys.version`, `six.PY2`/`PY3` or a
        flag set from them, a conditional expression on the version, a `try: import thread` /
        `except ImportError: import _thread as thread` fallback) is left exactly as it is, and
        so is an exec string in it: six's `exec_` keeps its
        `exec("exec _code_ in _globs_, _locs_")` (three quotes there) for Python 2.
    """
    EXAMPLES = (
        Example("exec 'print \"hi\"'\n", "exec('print(\"hi\")')\n"),
        Example(
            'CODE = """\nfor i in range(2):\n    print i\n"""\nexec CODE in {}\n',
            'CODE = """\nfor i in range(2):\n    print(i)\n"""\nexec(CODE, {})\n',
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("exec('print(1)')\n", "exec(make_code())\n")

    def visit_Module(self, node: cst.Module) -> None:
        finder = _ExecFinder()
        walk(node, finder)
        self.literal_ids = {id(s) for s in finder.literals}
        for name in finder.names:
            bindings = finder.bindings.get(name, [])
            if len(bindings) == 1 and finder.binding_counts.get(name, 0) == 1:
                self.literal_ids.add(id(bindings[0]))

    def leave_SimpleString(self, original_node: cst.SimpleString, updated_node: cst.SimpleString):
        return self._convert(original_node, updated_node)

    def leave_ConcatenatedString(self, original_node, updated_node):
        return self._convert(original_node, updated_node)

    def _convert(self, original_node, updated_node):
        if id(original_node) not in self.literal_ids:
            return updated_node
        literal = cst.Module(body=[]).code_for_node(original_node)
        try:
            value = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            return updated_node
        if not isinstance(value, str):
            return updated_node
        convert = self.context.scratch.get(NESTED_CONVERTER_KEY)
        if convert is None:  # run without threadmod's pipeline: nothing converts the code
            return updated_node
        try:
            converted = convert(value)
        except SourceError as exc:
            self.diagnose(original_node, f"the code in this exec string does not convert: {exc.message}")
            return updated_node
        if converted == value:
            return updated_node
        self.applied()
        return cst.SimpleString(_literal_like(original_node, converted))


def _literal_like(original, value: str) -> str:
    """A literal for value in the original's quotes when no escaping is needed, else repr."""
    if isinstance(original, cst.SimpleString):
        prefix = original.prefix.lower()
        quote = original.quote
        body = original.raw_value
        plain = "\\" not in body and "r" not in prefix and "b" not in prefix and "f" not in prefix
        if plain and "\\" not in value and quote not in value and not value.endswith(quote[0]):
            if len(quote) == 3 or "\n" not in value:
                return f"{original.prefix}{quote}{value}{quote}"
    return repr(value)


class _ExecFinder(cst.CSTVisitor):
    """String literals passed to exec, and names passed to exec with their bindings."""

    def __init__(self) -> None:
        self.literals: list[cst.BaseExpression] = []
        self.names: set[str] = set()
        self.bindings: dict[str, list[cst.BaseExpression]] = {}
        self.binding_counts: dict[str, int] = {}

    def visit_Call(self, node: cst.Call) -> None:
        is_exec = isinstance(node.func, cst.Name) and node.func.value == "exec" and node.args
        # compile(source, name, "exec"): the source is code too
        is_compile = (
            isinstance(node.func, cst.Name)
            and node.func.value == "compile"
            and len(node.args) >= 3
            and isinstance(node.args[2].value, cst.SimpleString)
            and node.args[2].value.evaluated_value == "exec"
        )
        if is_exec or is_compile:
            code = node.args[0].value
            if isinstance(code, (cst.SimpleString, cst.ConcatenatedString)):
                self.literals.append(code)
            elif isinstance(code, cst.Name):
                self.names.add(code.value)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        if isinstance(node.target, cst.Name):
            self.binding_counts[node.target.value] = self.binding_counts.get(node.target.value, 0) + 1

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            if isinstance(node.value, (cst.SimpleString, cst.ConcatenatedString)):
                self.bindings.setdefault(node.targets[0].target.value, []).append(node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self.binding_counts[node.target.value] = self.binding_counts.get(node.target.value, 0) + 2
