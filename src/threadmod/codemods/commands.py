"""The thread codemods as libcst commands, for libcst's own runner::

    python -m libcst.tool codemod -x threadmod.codemods.commands.StartNewThread FILE...

One class per codemod of the registry, of the same name: the codemod itself plus
libcst's `VisitorBasedCodemodCommand`, so it takes libcst.tool's options and context, and
fixes its imports when it ends (threadmod's pipeline fixes them once, after all
codemods).  The input must be Python 3: libcst.tool has no Python 2 front end;
`threadmod convert` has.  threadmod's own pipeline never imports this module, which
brings `libcst.codemod` and its matchers (0.15 s).
"""

from __future__ import annotations

import libcst as cst
from libcst.codemod import Codemod, CodemodContext, VisitorBasedCodemodCommand

from threadmod.codemods.base import NESTED_CONVERTER_KEY, ThreadCodemod
from threadmod.registry import THREAD_CODEMODS


def _convert_nested(code: str) -> str:
    from threadmod.pipeline import (
        convert_text,  # code in exec strings, as threadmod converts a file
    )

    return convert_text(code)[0]


def _command_init(self, context: CodemodContext) -> None:
    # Not VisitorBasedCodemodCommand.__init__: its matcher set-up inspects every attribute
    # for @m.visit/@m.leave functions, and these codemods have none (tests/test_traversal.py).
    Codemod.__init__(self, context)
    ThreadCodemod.__init__(self, context)
    context.scratch.setdefault(NESTED_CONVERTER_KEY, _convert_nested)
    self._extra_visit_funcs = {}
    self._extra_leave_funcs = {}
    self._matchers = {}


def _command_transform(codemod: type[ThreadCodemod]):
    def transform_module(self, tree: cst.Module) -> cst.Module:
        """Dual-version code hidden from the codemod, as `threadmod convert` hides it, and put
        back byte for byte; when the codemod would move it, the module stays as it was."""
        from threadmod.codemods.stage import hide_dual_version

        found = hide_dual_version(tree.code)
        if found is None:
            return codemod.transform_module(self, tree)
        hidden, scratch = found
        self.context.scratch.update(scratch)
        output = codemod.transform_module(self, cst.parse_module(hidden.text))
        restored, region = hidden.restore(output.code)
        if restored is None:
            self.warn(f"{codemod.CODE} not applied: it would move or change {region.comment}, dual-version code")
            return tree
        return tree if restored == tree.code else cst.parse_module(restored)

    return transform_module


def _command(codemod: type[ThreadCodemod]) -> type:
    # The codemod first: its transform_module (no metadata wrapper, imports fixed by its own
    # leave_Module) wins over the command's.
    return type(codemod.__name__, (codemod, VisitorBasedCodemodCommand), {
        "__init__": _command_init,
        "transform_module": _command_transform(codemod),
        "__module__": __name__,
        "__qualname__": codemod.__name__,
        "__doc__": f"{codemod.CODE} {codemod.NAME}: {codemod.DESCRIPTION}",
    })


COMMANDS = tuple(_command(entry.load()) for entry in THREAD_CODEMODS)
globals().update((command.__name__, command) for command in COMMANDS)
