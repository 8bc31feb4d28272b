"""What the thread codemods share: the codemod base, name resolution, diagnostics.

Each thread codemod is a libcst `CSTTransformer` with the codemod protocol (a context
with `scratch` and `warnings`, `transform_module`).  threadmod's pipeline runs them as
they are; `codemods/commands.py` makes each a libcst `VisitorBasedCodemodCommand` for
`python -m libcst.tool codemod -x threadmod.codemods.commands.<Class> FILE`.  The
pipeline never imports `libcst.codemod` (0.15 s, mostly `libcst.matchers`) unless a
module without imports needs one at its top (libcst's AddImportsVisitor does that).
Diagnostics (with their nodes) and counts go to `context.scratch`, where threadmod's
pipeline reads them and finds each diagnostic's line in the file the user gave.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from threadmod.codemods.imports import (
    NEEDED_KEY,
    THREAD_MODULES,
    ImportMap,
    add_top_imports,
    fix_imports,
    require_module,
)
from threadmod.codemods.model import ModuleModel
from threadmod.codemods.traversal import walk
from threadmod.transform import TransformInfo

PENDING_KEY = "threadmod.pending_diagnostics"  # (node, code, message)
APPLIED_KEY = "threadmod.applied"
# The whole text of the file, when the pipeline runs the codemods (their tree may be masked).
SOURCE_TEXT_KEY = "threadmod.source_text"
# Names in the statements masking hid from the tree: a fresh name must avoid them too.
HIDDEN_NAMES_KEY = "threadmod.hidden_names"
# Dual-version statements hidden from the codemods (dual_version.py): (marker prefix, {marker
# number: the names the statement binds}, every name they mention); the names they bind are
# bound by something no codemod knows, and a thread they mention is treated as they treat it.
DUAL_MARKERS_KEY = "threadmod.dual_markers"
# The thread stage's cache of the module model, for the next codemod when one changed nothing.
MODEL_CACHE_KEY = "threadmod.model_cache"
# Set by the thread stage, which fixes the imports once after all codemods ran.
DEFER_IMPORTS_KEY = "threadmod.defer_imports"
# The stage's whole-file converter (Callable[[str], str], raises SourceError), for code in
# exec strings; without one (libcst.tool gives none unless commands.py adds it) they stay.
NESTED_CONVERTER_KEY = "threadmod.convert_nested"


@dataclass
class ThreadContext:
    """What a thread codemod reads and writes besides the tree: the attributes of
    libcst's CodemodContext that it uses (libcst.tool passes a CodemodContext)."""

    scratch: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class ThreadCodemod(TransformInfo, cst.CSTTransformer):
    """Subclasses set CODE, NAME and their docs; which files they see, and in what order
    they run, is the registry's (registry.THREAD_CODEMODS)."""

    def __init__(self, context: ThreadContext | None = None) -> None:
        cst.CSTTransformer.__init__(self)
        self.context = context if context is not None else ThreadContext()
        self.imports = ImportMap()
        self._model: ModuleModel | None = None
        self._model_tree: cst.Module | None = None
        self._model_defaults: tuple[str, ...] = ("threading",)

    def transform_module(self, tree: cst.Module) -> cst.Module:
        """Run without libcst's metadata wrapper, which deep-copies the tree and costs most of the time."""
        needed = tuple(self.context.scratch.get(NEEDED_KEY, ()))
        # A bare `threading` (or a module a codemod before this one needs) is the module even
        # where the import comes only at the end, so a second pass finds nothing new.
        self._model_tree, self._model_defaults = tree, ("threading", *sorted(needed))
        self._model = None
        self.imports = ImportMap(tree, self)
        for module in needed:
            self.imports.modules.setdefault(module, module)  # imported at the end, already usable
        if "threading" not in self.imports.names:
            self.imports.modules.setdefault("threading", "threading")
        tree = walk(tree, self)
        return add_top_imports(tree, self.context)

    # -- reporting ---------------------------------------------------------------

    def warn(self, message: str) -> None:
        self.context.warnings.append(message)

    def diagnose(self, node: cst.CSTNode, message: str) -> None:
        """Report on a node of this codemod's input tree; the pipeline finds its line later."""
        self.context.scratch.setdefault(PENDING_KEY, []).append((node, self.CODE, message))
        self.warn(message)

    def require(self, module: str) -> None:
        require_module(self.context, module)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        if self.context.scratch.get(DEFER_IMPORTS_KEY):
            return updated_node
        return fix_imports(updated_node, self.context)

    def applied(self, count: int = 1) -> None:
        self.context.scratch.setdefault(APPLIED_KEY, Counter())[self.CODE] += count

    # -- names -------------------------------------------------------------------

    def thread_api(self, node: cst.CSTNode) -> str | None:
        """The thread-module function a node names (`start_new_thread`), through any import style."""
        name = self.imports.resolve(node)
        if name:
            module, _, attribute = name.rpartition(".")
            if module in THREAD_MODULES and attribute:
                return attribute
        return None

    def is_qualified(self, node: cst.CSTNode, *names: str) -> bool:
        return self.imports.resolve(node) in names

    @property
    def model(self) -> ModuleModel | None:
        """The module model of this codemod's input tree (model.py), made when first asked
        for; the one the codemod before made when that one changed nothing."""
        if self._model is None and self._model_tree is not None:
            tree, defaults = self._model_tree, self._model_defaults
            dual = self.context.scratch.get(DUAL_MARKERS_KEY)
            cache = self.context.scratch.get(MODEL_CACHE_KEY)
            cached = cache.get("model") if cache is not None else None
            if cached is not None and cached[0] is tree and cached[1] == defaults and cached[2] is dual:
                self._model = cached[3]
            else:
                self._model = ModuleModel(tree, dual, defaults=defaults)
                if cache is not None:
                    cache["model"] = (tree, defaults, dual, self._model)
        return self._model

    def kind_of(self, node: cst.CSTNode) -> str | None:
        """What the module model proves a node of this codemod's input tree to be (model.py)."""
        return self.model.kind_of(node) if self.model is not None else None

    def is_module_name(self, node: cst.CSTNode) -> bool:
        """A name the model proves to be an imported module or a name imported from one."""
        return isinstance(node, cst.Name) and self.model is not None and self.model.known(node) and bool(self.model.binding(node))

    def report_shadowed(self, node: cst.Name, module: str) -> bool:
        """When `node` refers to a scope that imports `module` under its name and binds the name
        otherwise too, say so once per scope (its uses are left alone) and return True."""
        if self.model is None or not self.model.known(node):
            return False
        shadowed = self.model.shadowed_import(node)
        if shadowed is None or shadowed[0].split(".")[0] != module:
            return False
        reported = self.context.scratch.setdefault("threadmod.shadowed_reported", set())
        key = (self.CODE, id(self.model.lookup(node.value, self.model.scope_of[id(node)])), node.value)
        if key not in reported:
            reported.add(key)
            self.diagnose(
                node,
                f"`{node.value}` is the {module} module here and also bound to something else in the same scope: "
                f"its uses there are left as they are; rename the other variable to convert them",
            )
        return True
