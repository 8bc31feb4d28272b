"""The module model the thread codemods share: what each name is bound to, scope by scope,
and which expressions are proven threads, events, conditions or locks.

    model = ModuleModel(tree, dual_markers)
    model.binding(name_node)   # the import a name stands for here (`thread`, `threading.Thread`), else None
    model.kind_of(expression)  # "thread", "event", "condition", "lock" (or "list:thread"...), else None

**Scopes.**  The module, each function, lambda, class and comprehension is a scope; a name
refers to the innermost function scope (or the class body it stands in) that binds it, then
to the enclosing functions', then to the module's (`global` sends it there), as Python reads
it.  A name stands for an import only when every binding of it in that scope is an import,
the first of which names it, or an optional import's stand-in (`except ImportError: thread
= None`, or a mock object): `thread = MyThread()` in a function makes that function's
`thread` a variable, and an assignment, parameter, loop target, `def` or `with ... as` of
`thread` next to `import thread` in the same scope makes the name unproven there (no
codemod rewrites its uses).  A name no statement binds and that a rewrite imports
(`threading`) is that module.  A dual-version statement hidden from the codemods
(dual_version.py) binds its names by means no codemod knows.

**Kinds.**  `threading.Thread(...)`, `Timer(...)`, `current_thread()` and instances of the
module's own subclasses of Thread are threads, `self` in their methods too; `Event()`,
`Condition()` and the lock factories (`allocate_lock()`, `Lock()`, `RLock()`,
`Semaphore()`...) make events, conditions and locks.  A kind then flows through a name
(every binding of it in its scope has that kind), an attribute target (`self.done =
threading.Event()`: every assignment to the same text), a list literal, comprehension or
`[x] * n`, the `append`s to a list, `for` over such a list or over `threading.enumerate()`,
an index into one, and the parameters of a function whose every call and every thread
start passes that kind there.  Anything else is unknown: a codemod that needs a kind
leaves the expression alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from threadmod.codemods.nodes import code_of
from threadmod.codemods.traversal import walk

# Calls that make a kind, by the dotted name they resolve to.
FACTORIES = {
    "threading.Thread": "thread",
    "threading.Timer": "thread",
    "threading._Timer": "thread",
    "threading.currentThread": "thread",
    "threading.current_thread": "thread",
    "threading.main_thread": "thread",
    "threading.Event": "event",
    "threading._Event": "event",
    "threading.Condition": "condition",
    "threading._Condition": "condition",
    "thread.allocate_lock": "lock",
    "thread.allocate": "lock",
    "_thread.allocate_lock": "lock",
    "_thread.allocate": "lock",
    "threading.Lock": "lock",
    "threading.RLock": "lock",
    "threading._RLock": "lock",
    "threading.Semaphore": "lock",
    "threading._Semaphore": "lock",
    "threading.BoundedSemaphore": "lock",
    "threading._BoundedSemaphore": "lock",
}
CONTAINER_FACTORIES = {"threading.enumerate": "list:thread"}
_CLASS_KINDS = {"threading.Thread": "thread", "threading.Timer": "thread", "threading._Timer": "thread",
                "threading.Event": "event", "threading._Event": "event",
                "threading.Condition": "condition", "threading._Condition": "condition"}
_STARTERS = ("thread.start_new_thread", "thread.start_new", "_thread.start_new_thread", "_thread.start_new")

_IMPORT = "import"
_OTHER = "other"
_ASSUMED = "?"  # the kind of a binding met again while its kind is computed
_NONE = "stand-in"  # `except ImportError: name = None` (or a mock): the import's stand-in


@dataclass(eq=False)
class Scope:
    kind: str  # module, function, class, lambda, comprehension
    parent: Scope | None
    node: cst.CSTNode | None = None
    # name -> its bindings here, in order: ("import", dotted), ("assign", expression),
    # ("param", (function, index)), ("for", iterable), ("class", ClassDef), ("other", node)
    bindings: dict[str, list[tuple[str, object]]] = field(default_factory=dict)
    globals: set[str] = field(default_factory=set)
    nonlocals: set[str] = field(default_factory=set)

    def bind(self, name: str, how: str, what: object) -> None:
        self.bindings.setdefault(name, []).append((how, what))


class ModuleModel:
    def __init__(self, tree: cst.Module, dual_markers: tuple[str, dict[int, frozenset[str]]] | None = None,
                 defaults: tuple[str, ...] = ("threading",)) -> None:
        builder = _Builder(dual_markers)
        walk(tree, builder)
        self.module_scope = builder.module
        self.scope_of: dict[int, Scope] = builder.scope_of  # Name node -> the scope it stands in
        self.names_by_id: dict[int, str] = builder.names_by_id
        self.texts: dict[str, list[object]] = builder.texts  # attribute target text -> values
        self._builder = builder  # its call sites are resolved on the first question about kinds
        self.method_of: dict[int, cst.ClassDef] = builder.method_of
        self.defaults = set(defaults)
        self._kinds: dict[object, str | None] = {}
        self._busy: set[object] = set()
        self._assumed: set[object] = set()

    # -- names -------------------------------------------------------------------------

    def lookup(self, name: str, scope: Scope) -> Scope | None:
        """The scope whose binding of `name` a reference in `scope` uses (None: unbound)."""
        if name in scope.globals:
            return self.module_scope if name in self.module_scope.bindings else None
        if name in scope.bindings and name not in scope.nonlocals:
            return scope
        parent = scope.parent
        while parent is not None:
            if parent.kind != "class" and name in parent.bindings:
                return parent
            parent = parent.parent
        return None

    def known(self, node: cst.CSTNode) -> bool:
        return id(node) in self.scope_of

    def binding(self, node: cst.Name) -> str | None:
        """The dotted name of what `node` was imported as, where every binding of it in the
        scope it refers to is an import ("" when it is bound otherwise or not at all)."""
        scope = self.scope_of.get(id(node))
        if scope is None:
            return None
        found = self.lookup(node.value, scope)
        if found is None:
            return node.value if node.value in self.defaults else ""
        bindings = [b for b in found.bindings[node.value] if b[0] != _NONE]
        if bindings and all(how == _IMPORT for how, _what in bindings):
            return bindings[0][1]
        return ""

    def shadowed_import(self, node: cst.Name) -> tuple[str, cst.CSTNode | None] | None:
        """(module, another binding) when `node` refers to a scope that imports it and binds it
        otherwise too: for a diagnostic saying why its uses are left alone."""
        scope = self.scope_of.get(id(node))
        found = self.lookup(node.value, scope) if scope is not None else None
        if found is None:
            return None
        bindings = found.bindings[node.value]
        imports = [what for how, what in bindings if how == _IMPORT]
        others = [what for how, what in bindings if how not in (_IMPORT, _NONE)]
        if imports and others:
            other = others[0]
            return imports[0], other if isinstance(other, cst.CSTNode) else None
        return None

    # -- kinds -------------------------------------------------------------------------

    def kind_of(self, expression: cst.BaseExpression | None) -> str | None:
        """What the model proves an expression evaluates to: "thread", "event", "condition",
        "lock", "list:<kind>" ("list:" when nothing is known of its elements), or None."""
        kind = self._kind(expression)
        return None if kind == _ASSUMED else kind

    def _kind(self, expression: cst.BaseExpression | None) -> str | None:
        if expression is None:
            return None
        if isinstance(expression, cst.Call):
            dotted = self.dotted(expression.func)
            if dotted in FACTORIES:
                return FACTORIES[dotted]
            if dotted in CONTAINER_FACTORIES:
                return CONTAINER_FACTORIES[dotted]
            if isinstance(expression.func, cst.Name):
                if expression.func.value in ("list", "tuple", "sorted") and len(expression.args) == 1:
                    inner = self._kind(expression.args[0].value)
                    return inner if inner and inner.startswith("list:") else None
                cls = self._class_of(expression.func)
                if cls is not None:
                    return self.class_kind(cls)
            return None
        if isinstance(expression, cst.Name):
            scope = self.scope_of.get(id(expression))
            if scope is None:
                return None
            found = self.lookup(expression.value, scope)
            if found is None:
                return None
            return self._memo(("name", id(found), expression.value), lambda: self._name_kind(found, expression.value))
        if isinstance(expression, cst.Attribute):
            text = code_of(expression)
            if text in self.texts:
                return self._memo(("text", text), lambda: self._all_same([self._kind(v) for v in self.texts[text]]))
            return None
        if isinstance(expression, cst.Subscript):
            return _element(self._kind(expression.value))
        if isinstance(expression, (cst.List, cst.Tuple)):
            kinds = [self._kind(e.value) for e in expression.elements if not isinstance(e, cst.StarredElement)]
            if not expression.elements:
                return "list:"
            same = self._all_same(kinds)
            if same is None or len(kinds) != len(expression.elements):
                return None
            return "list:" if same == _ASSUMED else f"list:{same}"
        if isinstance(expression, (cst.ListComp, cst.GeneratorExp)):
            inner = self._kind(expression.elt)
            if inner is None:
                return None
            return "list:" if inner == _ASSUMED else f"list:{inner}"
        if isinstance(expression, cst.BinaryOperation) and isinstance(expression.operator, cst.Multiply):
            for side in (expression.left, expression.right):
                inner = self._kind(side)
                if inner and inner.startswith("list:"):
                    return inner
            return None
        if isinstance(expression, cst.IfExp):
            return self._all_same([self._kind(expression.body), self._kind(expression.orelse)])
        return None

    def dotted(self, node: cst.CSTNode) -> str | None:
        if isinstance(node, cst.Name):
            return self.binding(node) or None
        if isinstance(node, cst.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr.value}" if base else None
        return None

    def class_kind(self, cls: cst.ClassDef) -> str | None:
        kind = self._memo(("class", id(cls)), lambda: self._class_kind(cls))
        return None if kind == _ASSUMED else kind

    def _class_kind(self, cls: cst.ClassDef) -> str | None:
        for base in cls.bases:
            if base.keyword is not None:
                continue
            dotted = self.dotted(base.value)
            if dotted in _CLASS_KINDS:
                return _CLASS_KINDS[dotted]
            inner = self._class_of(base.value) if isinstance(base.value, cst.Name) else None
            if inner is not None and self.class_kind(inner):
                return self.class_kind(inner)
        return None

    def _class_of(self, name: cst.Name) -> cst.ClassDef | None:
        scope = self.scope_of.get(id(name))
        found = self.lookup(name.value, scope) if scope is not None else None
        if found is None:
            return None
        bindings = found.bindings[name.value]
        if len(bindings) == 1 and bindings[0][0] == "class":
            return bindings[0][1]
        return None

    def _memo(self, key, compute) -> str | None:
        """A binding's kind, computed once.  A binding met again while its own kind is being
        computed (`t` appended to `threads`, then `for t in threads`) adds nothing of its
        own: it counts as agreeing with the others (`_ASSUMED`), and what was computed under
        that assumption is kept only once the binding it assumed is done."""
        if key in self._kinds:
            return self._kinds[key]
        if key in self._busy:
            self._assumed.add(key)
            return _ASSUMED
        self._busy.add(key)
        try:
            value = compute()
        finally:
            self._busy.discard(key)
            self._assumed.discard(key)
        if not self._assumed:
            self._kinds[key] = value
        return value

    @staticmethod
    def _all_same(kinds: list[str | None]) -> str | None:
        """The one kind all agree on; an empty list ("list:") agrees with any list, an
        assumed kind with anything; None when one is unknown or two differ."""
        if not kinds or any(k is None for k in kinds):
            return None
        real = {k for k in kinds if k != _ASSUMED}
        if not real:
            return _ASSUMED
        if len(real) > 1:
            real.discard("list:")
        if len(real) == 1:
            return real.pop()
        return None

    def _name_kind(self, scope: Scope, name: str) -> str | None:
        kinds: list[str | None] = []
        for how, what in scope.bindings[name]:
            if how == "assign":
                kinds.append(self._kind(what))
            elif how == "for":
                kinds.append(_element(self._kind(what)))
            elif how == "param":
                kinds.append(self._param_kind(*what))
            else:
                return None
        kind = self._all_same(kinds)
        if kind is not None and kind.startswith("list:"):
            appended = [self._kind(a) for a in self._builder.resolved().appends.get((id(scope), name), ())]
            element = self._all_same([kind[5:] or _ASSUMED, *appended])
            if element is None:
                return None
            return "list:" if element == _ASSUMED else f"list:{element}"
        return kind

    def _param_kind(self, function: cst.FunctionDef, index: int) -> str | None:
        cls = self.method_of.get(id(function))
        if index == 0 and cls is not None and not _is_static(function):
            return self.class_kind(cls)
        sites = self._builder.resolved().calls.get(id(function), [])
        if not sites:
            return None
        parameter = function.params.params[index].name.value if index < len(function.params.params) else None
        offset = 1 if cls is not None and not _is_static(function) else 0
        kinds = []
        for _scope, args, _started in sites:
            value = None
            positional = [a for a in args if a.keyword is None and not a.star]
            if index - offset < len(positional) and index - offset >= 0:
                value = positional[index - offset].value
            else:
                value = next((a.value for a in args if a.keyword is not None and a.keyword.value == parameter), None)
            if value is None or any(a.star for a in args):
                return None
            kinds.append(self._kind(value))
        return self._all_same(kinds)


def _element(container: str | None) -> str | None:
    """The kind of what a loop over a container of that kind gives."""
    if container == _ASSUMED:
        return _ASSUMED
    if container is not None and container.startswith("list:"):
        return container[5:] or _ASSUMED
    return None


def _is_static(function: cst.FunctionDef) -> bool:
    return any(
        isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod") for d in function.decorators
    )


class _Builder(cst.CSTVisitor):
    """One walk: the scopes, every name's scope, the bindings, attribute targets, appends, call sites."""

    def __init__(self, dual_markers) -> None:
        self.module = Scope("module", None)
        self.scope = self.module
        self.scope_of: dict[int, Scope] = {}
        self.names_by_id: dict[int, str] = {}
        self.not_variables: set[int] = set()
        self.texts: dict[str, list[object]] = {}
        self.appends: dict[tuple[int, str], list[cst.BaseExpression]] = {}
        self.pending_calls: list[tuple[Scope, cst.Call]] = []
        self.calls: dict[int, list] = {}
        self.calls_resolved = False
        self.method_of: dict[int, cst.ClassDef] = {}
        self.prefix, self.dual = dual_markers[:2] if dual_markers else (None, {})
        self.stack: list[Scope] = []
        self.handlers: list[bool] = []  # the except clauses around: whether each catches ImportError

    # -- scopes --------------------------------------------------------------------------

    def _push(self, kind: str, node) -> None:
        self.stack.append(self.scope)
        self.scope = Scope(kind, self.scope, node)

    def _pop(self) -> None:
        self.scope = self.stack.pop()

    def _bind(self, name: str, how: str, what: object) -> None:
        scope = self.module if name in self.scope.globals else self.scope
        if name in self.scope.nonlocals:  # the enclosing function's name
            scope = self.scope.parent
            while scope is not None and (scope.kind == "class" or name not in scope.bindings) and scope.parent is not None:
                scope = scope.parent
        scope.bind(name, how, what)

    def visit_Module(self, node) -> None:
        self.module.node = node

    def resolved(self) -> _Builder:
        if not self.calls_resolved:
            self.calls_resolved = True
            self._resolve_calls()
        return self

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name.value, "def", node)
        if self.scope.kind == "class":
            self.method_of[id(node)] = self.scope.node
        self._push("function", node)
        for index, param in enumerate(node.params.params):
            self.scope.bind(param.name.value, "param", (node, index))
        for param in (*node.params.posonly_params, *node.params.kwonly_params):
            self.scope.bind(param.name.value, _OTHER, param)
        for star in (node.params.star_arg, node.params.star_kwarg):
            if isinstance(star, cst.Param):
                self.scope.bind(star.name.value, _OTHER, star)

    def leave_FunctionDef(self, node) -> None:
        self._pop()

    def visit_Param(self, node: cst.Param) -> None:
        self.scope_of[id(node.name)] = self.scope

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._push("lambda", node)
        params = node.params
        for param in (*params.params, *params.posonly_params, *params.kwonly_params):
            self.scope.bind(param.name.value, _OTHER, param)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                self.scope.bind(star.name.value, _OTHER, star)

    def leave_Lambda(self, node) -> None:
        self._pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name.value, "class", node)
        self._push("class", node)

    def leave_ClassDef(self, node) -> None:
        self._pop()

    def _comprehension(self, node) -> None:
        self._push("comprehension", node)
        clause = node.for_in
        while clause is not None:
            self._targets(clause.target, "for", clause.iter)
            clause = clause.inner_for_in

    def visit_ListComp(self, node) -> None:
        self._comprehension(node)

    def leave_ListComp(self, node) -> None:
        self._pop()

    def visit_SetComp(self, node) -> None:
        self._comprehension(node)

    def leave_SetComp(self, node) -> None:
        self._pop()

    def visit_DictComp(self, node) -> None:
        self._comprehension(node)

    def leave_DictComp(self, node) -> None:
        self._pop()

    def visit_GeneratorExp(self, node) -> None:
        self._comprehension(node)

    def leave_GeneratorExp(self, node) -> None:
        self._pop()

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.scope.globals.add(item.name.value)

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.scope.nonlocals.add(item.name.value)

    # -- names and bindings -----------------------------------------------------------------

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self.not_variables:
            return
        self.scope_of[id(node)] = self.scope
        self.names_by_id[id(node)] = node.value

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_variables.add(id(node.attr))  # the attribute's own name is no variable

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_variables.add(id(node.keyword))  # nor is a keyword

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = code_of(alias.name)
            if alias.asname is not None:
                self._bind(code_of(alias.asname.name), _IMPORT, dotted)
            else:
                top = dotted.split(".")[0]
                self._bind(top, _IMPORT, top)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            return False
        module = code_of(node.module) if node.module is not None and not node.relative else None
        for alias in node.names:
            name = code_of(alias.name)
            local = code_of(alias.asname.name) if alias.asname is not None else name
            self._bind(local, _IMPORT if module else _OTHER, f"{module}.{name}" if module else node)
        return False

    def visit_Assign(self, node: cst.Assign) -> None:
        imported = _imported_by_call(node)
        if self.handlers and self.handlers[-1]:
            # `except ImportError: thread = None` (or a mock): an optional import's stand-in
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self._bind(target.target.value, _NONE, node)
            return
        for target in node.targets:
            if imported is not None and isinstance(target.target, cst.Name):
                self._bind(target.target.value, _IMPORT, imported)
            else:
                self._targets(target.target, "assign", node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets(node.target, "assign" if node.value is not None else _OTHER, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._targets(node.target, _OTHER, node)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._targets(node.target, "assign", node.value)

    def visit_For(self, node: cst.For) -> None:
        self._targets(node.target, "for", node.iter)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._targets(node.asname.name, _OTHER, node)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._targets(node.name.name, _OTHER, node)
        self.handlers.append(_catches_import_error(node))

    def leave_ExceptHandler(self, node) -> None:
        self.handlers.pop()

    def visit_Expr(self, node: cst.Expr) -> None:
        value = node.value
        if self.prefix and isinstance(value, cst.Name) and value.value.startswith(self.prefix):
            number = value.value[len(self.prefix):].rstrip("_")
            for name in self.dual.get(int(number), ()) if number.isdigit() else ():
                self._bind(name, _OTHER, node)

    def _targets(self, target, how: str, value) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, how, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            values = value.elements if how == "assign" and isinstance(value, (cst.Tuple, cst.List)) else None
            if values is not None and len(values) != len(target.elements):
                values = None
            for position, element in enumerate(target.elements):
                inner = values[position].value if values is not None else None
                self._targets(element.value, how if inner is not None else _OTHER, inner)
        elif isinstance(target, cst.StarredElement):
            self._targets(target.value, _OTHER, None)
        elif isinstance(target, cst.Attribute) and how == "assign":
            self.texts.setdefault(code_of(target), []).append(value)
        elif isinstance(target, cst.Attribute):
            self.texts.setdefault(code_of(target), []).append(None)

    def visit_Call(self, node: cst.Call) -> None:
        self.pending_calls.append((self.scope, node))

    def _resolve_calls(self) -> None:
        """Call sites of the module's functions (direct calls and thread starts), and appends."""
        model = _Lookup(self.module)
        for scope, call in self.pending_calls:
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value == "append" and len(call.args) == 1:
                receiver = func.value
                if isinstance(receiver, cst.Name):
                    found = model.lookup(receiver.value, scope)
                    if found is not None:
                        self.appends.setdefault((id(found), receiver.value), []).append(call.args[0].value)
                continue
            target, args, started = None, list(call.args), False
            keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
            if "target" in keywords:  # threading.Thread(target=f, args=(...))
                target, started = keywords["target"], True
                packed = keywords.get("args")
                args = [cst.Arg(value=e.value) for e in packed.elements] if isinstance(packed, (cst.Tuple, cst.List)) else None
                if "args" not in keywords:
                    args = []
            elif _last(func) in ("start_new_thread", "start_new") and len(call.args) >= 2:
                target, started = call.args[0].value, True
                packed = call.args[1].value
                args = [cst.Arg(value=e.value) for e in packed.elements] if isinstance(packed, (cst.Tuple, cst.List)) else None
            else:
                target = func
            function = self._function(target, scope, model)
            if function is None:
                continue
            if args is None:  # arguments it cannot read: a call whose arguments are unknown
                args = [_UNKNOWN_ARGUMENTS]
            self.calls.setdefault(id(function), []).append((scope, args, started))
        # A function passed anywhere else (a callback) has callers no one sees.
        for scope, call in self.pending_calls:
            for arg in call.args:
                value = arg.value
                if isinstance(value, cst.Name) and not (arg.keyword is not None and arg.keyword.value == "target"):
                    if arg is call.args[0] and _last(call.func) in ("start_new_thread", "start_new"):
                        continue
                    function = self._function(value, scope, model)
                    if function is not None:
                        self.calls.setdefault(id(function), []).append((scope, [_UNKNOWN_ARGUMENTS], False))

    def _function(self, target, scope: Scope, model) -> cst.FunctionDef | None:
        if isinstance(target, cst.Name):
            found = model.lookup(target.value, scope)
            if found is None:
                return None
            bindings = found.bindings[target.value]
            if len(bindings) == 1 and bindings[0][0] == "def":
                return bindings[0][1]
        return None


class _Lookup(ModuleModel):
    """Only the lookup, for the builder (which has no model yet)."""

    def __init__(self, module: Scope) -> None:  # noqa: D107 - no super: nothing else is needed
        self.module_scope = module


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = [e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple) else [handler.type]
    for value in types:
        name = value.attr.value if isinstance(value, cst.Attribute) else value.value if isinstance(value, cst.Name) else None
        if name in ("ImportError", "ModuleNotFoundError"):
            return True
    return False


_UNKNOWN_ARGUMENTS = cst.Arg(value=cst.Name("_"), star="*")


def _last(func) -> str | None:
    return func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None


def _imported_by_call(assign: cst.Assign) -> str | None:
    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
        return None
    call = assign.value
    if not isinstance(call, cst.Call) or len(call.args) != 1 or not isinstance(call.args[0].value, cst.SimpleString):
        return None
    if _last(call.func) not in ("import_module", "__import__"):
        return None
    module = call.args[0].value.evaluated_value
    return module if isinstance(module, str) else None


LOCK_FACTORIES = frozenset(dotted for dotted, kind in FACTORIES.items() if kind in ("lock", "condition"))


class Locks:
    """What a codemod's module proves to be locks: what the model proves (`kind_of` "lock"),
    and, as TM204 always read it, the names and attribute texts the module assigns a lock
    factory's result (or a list of them, or appends one to), with the parameters a thread
    start passes such a name in.  Calling `acquire_lock()` on a receiver proves nothing (the
    import lock: `imp.acquire_lock()`)."""

    def __init__(self, codemod, tree: cst.Module) -> None:
        self.codemod = codemod
        finder = _LockFinder(codemod)
        walk(tree, finder)
        finder.add_thread_parameters()
        self.texts = finder.texts
        self.names = finder.names

    def proves(self, receiver: cst.BaseExpression) -> bool:
        if self.codemod.kind_of(receiver) in ("lock", "condition"):
            return True
        if self.codemod.is_module_name(receiver):
            return False  # a module (imp) or a name imported from one
        if code_of(receiver) in self.texts:
            return True
        base = receiver
        while isinstance(base, cst.Subscript):
            base = base.value
        last = base.attr.value if isinstance(base, cst.Attribute) else base.value if isinstance(base, cst.Name) else None
        return last in self.names


class _LockFinder(cst.CSTVisitor):
    """Expressions the module binds to locks, and names of lock containers."""

    def __init__(self, codemod) -> None:
        self.codemod = codemod
        self.texts: set[str] = set()
        self.names: set[str] = set()
        self.functions: dict[str, cst.FunctionDef] = {}
        self.thread_calls: list[tuple[str, cst.Tuple]] = []  # (target function, args tuple)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.setdefault(node.name.value, node)

    def add_thread_parameters(self) -> None:
        """A thread function's parameter is a lock when a thread is started with a lock there."""
        for target, args in self.thread_calls:
            function = self.functions.get(target)
            if function is None:
                continue
            parameters = [p.name.value for p in function.params.params]
            for position, element in enumerate(args.elements):
                value = element.value
                if position < len(parameters) and isinstance(value, cst.Name) and value.value in self.names:
                    self.names.add(parameters[position])

    def _is_factory_call(self, node: cst.BaseExpression) -> bool:
        if isinstance(node, cst.Call):
            return self.codemod.imports.resolve(node.func) in LOCK_FACTORIES
        if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return self._is_factory_call(node.elt)
        if isinstance(node, (cst.List, cst.Tuple)):
            return any(self._is_factory_call(e.value) for e in node.elements)
        if isinstance(node, cst.BinaryOperation):  # [allocate_lock()] * n
            return self._is_factory_call(node.left) or self._is_factory_call(node.right)
        return False

    def _add_target(self, target: cst.BaseExpression) -> None:
        self.texts.add(code_of(target))
        if isinstance(target, cst.Name):
            self.names.add(target.value)
        elif isinstance(target, cst.Attribute):
            self.names.add(target.attr.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._is_factory_call(node.value):
            for target in node.targets:
                self._add_target(target.target)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        api = self.codemod.thread_api(func)
        if api in ("start_new_thread", "start_new") and len(node.args) >= 2:
            target, args = node.args[0].value, node.args[1].value
            if isinstance(target, cst.Name) and isinstance(args, cst.Tuple):
                self.thread_calls.append((target.value, args))
        elif self.codemod.is_qualified(func, "threading.Thread"):
            keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
            target, args = keywords.get("target"), keywords.get("args")
            if isinstance(target, cst.Name) and isinstance(args, cst.Tuple):
                self.thread_calls.append((target.value, args))
        # `x.append(allocate_lock())` fills a container of locks
        if isinstance(func, cst.Attribute) and func.attr.value == "append" and node.args:
            if self._is_factory_call(node.args[0].value) and isinstance(func.value, cst.Name):
                self.names.add(func.value.value)
