"""The thread codemods' view of imports, and the one fix-up of imports after them.

`ImportMap` says which local names stand for which modules (read from the import
statements alone).  The codemods note what their output needs (`require_module`); when
they are done, `fix_imports` drops the thread imports nothing uses any more, spells a
used `thread` as `_thread`, and adds what is needed, in place where it can, so the
import block keeps its layout.  `add_top_imports` places what found no place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from threadmod.codemods.model import ModuleModel
from threadmod.codemods.nodes import child_blocks, code_of
from threadmod.codemods.traversal import walk

if TYPE_CHECKING:
    from threadmod.codemods.base import ThreadContext

THREAD_MODULES = ("thread", "_thread")
NEEDED_KEY = "threadmod.needed_modules"
TOP_IMPORTS_KEY = "threadmod.top_imports"  # `import X` for a module that has no import to follow


def require_module(context: ThreadContext, module: str) -> None:
    """Note that the output needs `import module`; `fix_imports` provides it at the end."""
    context.scratch.setdefault(NEEDED_KEY, set()).add(module)


class ImportMap:
    """Which local names stand for which modules and module attributes.

    `modules` and `names` are read from the import statements alone, at any depth; for a
    name of the tree it was made from, `resolve` asks the module model (model.py), which
    knows scopes: a name imported as the thread module but bound otherwise too where it is
    used (`thread = MyThread()` in a function) resolves to nothing there.
    """

    def __init__(self, module: cst.Module | None = None, model_source=None) -> None:
        self.modules: dict[str, str] = {}  # local name -> module
        self.names: dict[str, str] = {}  # local name -> module.attribute
        self._source = model_source  # has `.model`, made when a name is first resolved
        if module is not None:
            self._scan(module.body)

    def _scan(self, statements) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._add(small)
            else:
                for block in child_blocks(statement):
                    self._scan(block)

    def _add(self, small: cst.CSTNode) -> None:
        imported = _imported_by_call(small)
        if imported is not None:
            self.modules.setdefault(*imported)
            return
        if isinstance(small, cst.Import):
            for alias in small.names:
                dotted_name = code_of(alias.name)
                # The first import of a name wins: `try: import threading as t`
                # `except ImportError: import dummy_threading as t` means threading.
                if alias.asname is not None:
                    self.modules.setdefault(code_of(alias.asname.name), dotted_name)
                else:
                    top = dotted_name.split(".")[0]
                    self.modules.setdefault(top, top)
        elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
            if isinstance(small.names, cst.ImportStar):
                return
            module = code_of(small.module)
            for alias in small.names:
                name = code_of(alias.name)
                local = code_of(alias.asname.name) if alias.asname is not None else name
                self.names.setdefault(local, f"{module}.{name}")

    def resolve(self, node: cst.CSTNode) -> str | None:
        """The dotted name an expression refers to (`thread.start_new_thread`), if imported."""
        if isinstance(node, cst.Name):
            if node.value not in self.names and node.value not in self.modules:
                return None  # never imported: nothing to ask the model
            model = self._source.model if self._source is not None else None
            if model is not None and model.known(node):
                return model.binding(node) or None
            return self.names.get(node.value) or self.modules.get(node.value)
        if isinstance(node, cst.Attribute):
            base = self.resolve(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None


def _module_references(module: cst.Module) -> set[str]:
    """The names the module still uses outside its import statements, where they refer to the
    module's own bindings or to none (a function's local `thread` is no use of `import thread`;
    an import inside a function counts for that function's names)."""
    model = ModuleModel(module)
    used: set[str] = set()
    module_scope = model.module_scope
    for name_id, scope in model.scope_of.items():
        used_name = model.names_by_id.get(name_id)
        if used_name is None or used_name in used:
            continue
        found = model.lookup(used_name, scope)
        if found is None or found is module_scope or any(how == "import" for how, _ in found.bindings[used_name]):
            used.add(used_name)
    return used


def _imported_by_call(small: cst.CSTNode) -> tuple[str, str] | None:
    """(name, module) for `name = importlib.import_module("module")` and the like."""
    if not (isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name)):
        return None
    call = small.value
    if not isinstance(call, cst.Call) or len(call.args) != 1 or not isinstance(call.args[0].value, cst.SimpleString):
        return None
    func = call.func
    last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
    if last not in ("import_module", "__import__"):
        return None
    module = call.args[0].value.evaluated_value
    return (small.targets[0].target.value, module) if isinstance(module, str) else None


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None:
        return cst.ensure_type(alias.asname.name, cst.Name).value
    return code_of(alias.name).split(".")[0]


def fix_imports(module: cst.Module, context: ThreadContext) -> cst.Module:
    """Drop thread imports nothing uses any more, and import what the rewrites need.

    Where possible an unused `import thread` is renamed in place to `import threading`,
    so the import block keeps its layout.
    """
    needed = set(context.scratch.get(NEEDED_KEY, ()))
    if not needed and not imports_thread_module(module.body):
        return module  # nothing to add or drop: skip the walk over the whole tree
    references = _module_references(module)
    imported: set[str] = set()
    for statement in module.body:
        # Only the imports before the module's code count: a rewrite's `time.sleep` in a
        # function a thread runs must not depend on an `import time` that main reaches later.
        if not isinstance(statement, cst.SimpleStatementLine):
            break
        for small in statement.body:
            if isinstance(small, cst.Import):
                imported.update(_bound_name(a) for a in small.names)
            elif _imported_by_call(small) is not None:
                imported.add(_imported_by_call(small)[0])
    missing = {m for m in needed if m not in imported}
    new_body, _ = _fixed_imports(module.body, references, missing)
    if missing:
        anchor = _import_anchor(new_body)
        if anchor is not None:
            added = [
                cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=cst.Name(m))])]) for m in sorted(missing)
            ]
            new_body[anchor + 1 : anchor + 1] = added
            missing = set()
    module = module.with_changes(body=new_body)
    if missing:
        context.scratch.setdefault(TOP_IMPORTS_KEY, []).extend(sorted(missing))
    if imports_thread_module(module.body, nested_only=True):
        module = walk(module, _NestedThreadImports(references))
    return module


def rename_thread_imports(module: cst.Module) -> cst.Module:
    """`import thread` becomes `import _thread` (`as thread` while the name is used) and
    `from thread import x` becomes `from _thread import x`, at any depth: for a file whose
    thread imports no codemod rewrote (an unused `import thread`, `from thread import *`),
    which Python 3 could not import."""
    return walk(module, _ThreadToUnderscore(_module_references(module)))


class _ThreadToUnderscore(cst.CSTTransformer):
    def __init__(self, used: set[str]) -> None:
        self.used = used

    def leave_Import(self, original_node: cst.Import, updated_node: cst.Import) -> cst.Import:
        names = []
        for alias in updated_node.names:
            if code_of(alias.name) == "thread":
                asname = alias.asname
                if asname is None and "thread" in self.used:
                    asname = cst.AsName(name=cst.Name("thread"))
                alias = alias.with_changes(name=cst.Name("_thread"), asname=asname)
            names.append(alias)
        return updated_node.with_changes(names=names)

    def leave_ImportFrom(self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom) -> cst.ImportFrom:
        if updated_node.module is not None and not updated_node.relative and code_of(updated_node.module) == "thread":
            return updated_node.with_changes(module=cst.Name("_thread"))
        return updated_node


def _fixed_imports(
    statements, used: set[str] | None, missing: set[str]
) -> tuple[list, tuple[cst.EmptyLine, ...]]:
    """The statements with their thread imports fixed (`_fixed_import`); a dropped statement's
    leading lines (comments) go to the next one.  Also the lines of trailing drops."""
    fixed: list[cst.BaseStatement] = []
    carried: tuple[cst.EmptyLine, ...] = ()
    for statement in statements:
        replacement = _fixed_import(statement, used, missing)
        if replacement is None:
            carried += tuple(statement.leading_lines)
            continue
        if carried:
            replacement = replacement.with_changes(leading_lines=carried + tuple(replacement.leading_lines))
            carried = ()
        fixed.append(replacement)
    return fixed, carried


def _fixed_import(
    statement: cst.BaseStatement, used: set[str] | None, missing: set[str]
) -> cst.BaseStatement | None:
    """A statement importing thread modules without the names nothing uses (None: drop it;
    `used` None: every name counts as used), with `thread` spelled `_thread`; an import
    left unused may become one of `missing` (taken from it).  Any other statement comes
    back as it was."""
    if not (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1):
        return statement
    if used is None:
        used = _EVERY_NAME
    replacement = statement
    small = statement.body[0]
    if isinstance(small, cst.Import):
        names = []
        for alias in small.names:
            top = code_of(alias.name)
            if top in THREAD_MODULES and _bound_name(alias) not in used:
                if missing and alias.asname is None:
                    # The import nothing uses becomes one the rewrites need, in place.
                    wanted = "threading" if "threading" in missing else sorted(missing)[0]
                    names.append(alias.with_changes(name=cst.Name(wanted)))
                    missing.discard(wanted)
                continue
            if top == "thread":  # still used, and Python 3 has no `thread`
                asname = alias.asname or cst.AsName(name=cst.Name("thread"))
                if code_of(asname.name) == "_thread":  # `import thread as _thread`
                    asname = None
                alias = alias.with_changes(name=cst.Name("_thread"), asname=asname)
            names.append(alias)
        if names != list(small.names):
            if not names:
                return None
            names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            replacement = statement.with_changes(body=[small.with_changes(names=names)])
    elif isinstance(small, cst.ImportFrom) and small.module is not None:
        if code_of(small.module) in THREAD_MODULES and not isinstance(small.names, cst.ImportStar):
            kept = [a for a in small.names if _bound_name(a) in used]
            if kept and code_of(small.module) == "thread":  # Python 3 has no `thread`
                small = small.with_changes(module=cst.Name("_thread"))
                replacement = statement.with_changes(body=[small.with_changes(names=small.names)])
            if len(kept) != len(small.names):
                if kept:
                    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    replacement = statement.with_changes(body=[small.with_changes(names=kept)])
                elif missing:
                    wanted = "threading" if "threading" in missing else sorted(missing)[0]
                    replacement = statement.with_changes(body=[cst.Import(names=[cst.ImportAlias(name=cst.Name(wanted))])])
                    missing.discard(wanted)
                else:
                    return None
    return replacement


class _EveryName:
    def __contains__(self, name: object) -> bool:
        return True


_EVERY_NAME = _EveryName()


class _NestedThreadImports(cst.CSTTransformer):
    """Thread imports inside blocks.  In a function, as fix_imports treats the module's own:
    dropped when nothing uses them (a block left empty gets `pass`), `thread` spelled
    `_thread` when something does.  Outside functions (`try: import thread` at module or
    class level) the names are the module's or class's, perhaps used by importers
    (`threading.local`): only `thread` becomes `_thread`.  What the rewrites need is
    imported at the top."""

    def __init__(self, used: set[str]) -> None:
        super().__init__()
        self.used = used
        self.functions = 0  # functions around the current node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        self.functions -= 1
        return updated_node

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return False  # statements are rewritten whole, from their block

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock) -> cst.IndentedBlock:
        body, carried = _fixed_imports(updated_node.body, self.used if self.functions else None, set())
        if not body:
            body = [cst.SimpleStatementLine(body=[cst.Pass()], leading_lines=carried)]
        if body == list(updated_node.body):
            return updated_node
        return updated_node.with_changes(body=body)


def add_top_imports(module: cst.Module, context: ThreadContext) -> cst.Module:
    """The imports fix_imports found no place for, where libcst's AddImportsVisitor puts
    them (after a docstring and `__future__` imports).  Imported only then: it brings
    libcst.codemod and its matchers."""
    names = context.scratch.pop(TOP_IMPORTS_KEY, None)
    if not names:
        return module
    from libcst.codemod import CodemodContext
    from libcst.codemod.visitors import AddImportsVisitor

    adder_context = CodemodContext(scratch={})
    for name in names:
        AddImportsVisitor.add_needed_import(adder_context, name)
    return AddImportsVisitor(adder_context).transform_module(module)


def imports_thread_module(statements, nested_only: bool = False) -> bool:
    """Whether these statements, or the blocks inside them, import a thread module."""
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            if nested_only:
                continue
            for small in statement.body:
                if isinstance(small, cst.Import) and any(code_of(a.name) in THREAD_MODULES for a in small.names):
                    return True
                if isinstance(small, cst.ImportFrom) and small.module is not None and code_of(small.module) in THREAD_MODULES:
                    return True
        elif any(imports_thread_module(block) for block in child_blocks(statement)):
            return True
    return False


def _import_anchor(body: list) -> int | None:
    """Where new imports go: after the first thread-module import, else after the last
    import of the module's first run of imports."""
    last_import = None
    for index, statement in enumerate(body):
        smalls = statement.body if isinstance(statement, cst.SimpleStatementLine) else ()
        imports = [s for s in smalls if isinstance(s, (cst.Import, cst.ImportFrom))]
        if not imports:
            if last_import is not None:
                break
            continue
        for small in imports:
            names = [code_of(a.name) for a in small.names] if isinstance(small, cst.Import) else []
            if isinstance(small, cst.ImportFrom) and small.module is not None:
                names = [code_of(small.module)]
            if any(n in THREAD_MODULES for n in names):
                return index
        if not any(isinstance(s, cst.ImportFrom) and s.module is not None and code_of(s.module) == "__future__" for s in imports):
            last_import = index
        elif last_import is None:
            last_import = index
    return last_import
