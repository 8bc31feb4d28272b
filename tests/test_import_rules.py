"""docs/DESIGN.md's import rules hold: every import in src/threadmod is one its rules allow.

The rules are the fenced block under "What may import what" in docs/DESIGN.md, read
here, so the document and the check cannot drift apart.  A line reads

    MODULE[, MODULE...]: ALLOWED[, ...][; lazily: ALLOWED[, ...]]

Modules are named under threadmod (`syntax.*` is the syntax package and every module in
it); libcst, click and rich are named as they are; `-` allows nothing.  The first line
that names a module decides for it, and every module must be named.  What follows
`lazily:` may be imported only inside a function (to keep start-up and libcst away
from files that do not need them).  Imports under `if TYPE_CHECKING:` are not imports.
Only threadmod's own modules, libcst, click and rich are checked: the standard library
is free to all.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import re
from dataclasses import dataclass

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "src")
DESIGN = os.path.join(ROOT, "docs", "DESIGN.md")
CHECKED = ("threadmod", "libcst", "click", "rich")


@dataclass(frozen=True)
class Rule:
    modules: tuple[str, ...]
    allowed: tuple[str, ...]
    lazily: tuple[str, ...]

    def names(self, module: str) -> bool:
        return any(_matches(module, pattern) for pattern in self.modules)


def _matches(module: str, pattern: str) -> bool:
    if pattern.endswith(".*"):
        return module == pattern[:-2] or module.startswith(pattern[:-1])
    return fnmatch.fnmatchcase(module, pattern)


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip() not in ("", "-"))


def parse_rules(design_text: str) -> list[Rule]:
    section = design_text.split("## What may import what", 1)[1]
    block = re.search(r"```[^\n]*\n(.*?)```", section, re.S).group(1)
    rules = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        modules, _, allowed = line.partition(":")
        allowed, _, lazily = allowed.partition("; lazily:")
        rules.append(Rule(_items(modules), _items(allowed), _items(lazily)))
    return rules


@dataclass(frozen=True)
class Import:
    module: str  # the importer, under threadmod ("syntax.tokens")
    target: str  # the imported module, under threadmod when it is ours ("errors"), else as written
    line: int
    lazy: bool


def module_name(path: str) -> str:
    relative = os.path.relpath(path, os.path.join(SOURCE, "threadmod"))[:-3].replace(os.sep, ".")
    return "threadmod" if relative == "__init__" else relative.removesuffix(".__init__")


def imports_of(module: str, source: str) -> list[Import]:
    """Every import of a checked package in source, with whether it sits inside a function."""
    found: list[Import] = []
    package = module.rsplit(".", 1)[0] if "." in module else ""

    def add(target: str, node: ast.AST, lazy: bool) -> None:
        if target.split(".")[0] in CHECKED:
            if target.startswith("threadmod."):
                target = target[len("threadmod."):]
            found.append(Import(module, target, node.lineno, lazy))

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit_list(child.orelse, lazy)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name, child, lazy)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = ["threadmod", *package.split(".")] if package else ["threadmod"]
                    parts = parts[: len(parts) - child.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                for alias in child.names:
                    # `from threadmod import runner` imports a module; `from x.y import Name` imports x.y
                    candidate = f"{base}.{alias.name}"
                    is_module = os.path.exists(os.path.join(SOURCE, *candidate.split("."))) or os.path.exists(
                        os.path.join(SOURCE, *candidate.split(".")) + ".py"
                    )
                    add(candidate if is_module else base, child, lazy)
            visit(child, lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    def visit_list(nodes: list[ast.AST], lazy: bool) -> None:
        for node in nodes:
            visit(ast.Module(body=[node], type_ignores=[]), lazy)

    visit(ast.parse(source), False)
    return found


def violations(rules: list[Rule], sources: dict[str, str]) -> list[str]:
    """What breaks the rules, one line each: `module:line: imports target (why not)`."""
    problems = []
    for module, source in sorted(sources.items()):
        rule = next((r for r in rules if r.names(module)), None)
        if rule is None:
            problems.append(f"{module}: no rule in docs/DESIGN.md names this module")
            continue
        for imp in imports_of(module, source):
            if imp.target == module:
                continue
            if any(_matches(imp.target, p) for p in rule.allowed):
                continue
            if imp.lazy and any(_matches(imp.target, p) for p in rule.lazily):
                continue
            how = "only inside a function" if any(_matches(imp.target, p) for p in rule.lazily) else "not allowed"
            problems.append(f"{module}:{imp.line}: imports {imp.target} ({how})")
    return problems


def threadmod_sources() -> dict[str, str]:
    sources = {}
    for directory, _subdirs, files in os.walk(os.path.join(SOURCE, "threadmod")):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as handle:
                    sources[module_name(path)] = handle.read()
    return sources


with open(DESIGN, encoding="utf-8") as _handle:
    RULES = parse_rules(_handle.read())
SOURCES = threadmod_sources()


def test_every_import_follows_the_design():
    assert violations(RULES, SOURCES) == []


def test_every_rule_names_a_module_that_exists():
    for rule in RULES:
        for pattern in rule.modules:
            assert any(_matches(module, pattern) for module in SOURCES), f"DESIGN.md names {pattern}, which is no module"


@pytest.mark.parametrize(
    "module, wrong_line, expected",
    [
        # the tokenizer reaching up to the pipeline
        ("syntax.tokens", "from threadmod.pipeline import convert_text\n", "syntax.tokens:1: imports pipeline (not allowed)"),
        # the pipeline importing libcst's stage at start-up instead of lazily
        ("pipeline", "from threadmod.codemods import stage\n", "pipeline:1: imports codemods.stage (only inside a function)"),
        # a codemod importing the pipeline back (exec strings get it through the context)
        ("codemods.exec_strings", "import threadmod.pipeline\n", "codemods.exec_strings:1: imports pipeline (not allowed)"),
        # the gates, which run on every file, importing libcst
        ("codemods.gates", "import libcst\n", "codemods.gates:1: imports libcst (not allowed)"),
    ],
)
def test_a_wrong_import_is_caught(module, wrong_line, expected):
    sources = dict(SOURCES)
    sources[module] = wrong_line + sources[module]
    assert expected in violations(RULES, sources)


def test_lazy_imports_and_type_checking_blocks_are_told_apart():
    source = (
        "from typing import TYPE_CHECKING\n"
        "import threadmod.errors\n"
        "if TYPE_CHECKING:\n    from threadmod.cli import main\n"
        "def f():\n    from threadmod import runner\n"
    )
    found = {(i.target, i.lazy) for i in imports_of("sample", source)}
    assert found == {("errors", False), ("runner", True)}


def test_a_module_no_rule_names_is_caught():
    sources = {**SOURCES, "newroom": "import os\n"}
    assert "newroom: no rule in docs/DESIGN.md names this module" in violations(RULES, sources)
