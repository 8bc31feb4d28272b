"""What every transform carries (a code, a name, its docs, and the examples that test it),
and what a stage of transforms gives back.

The same examples drive the tests (tests/test_transform_examples.py) and the docs
(`threadmod explain CODE`), as Fixit rules do.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

from threadmod.errors import Diagnostic


@dataclass
class StageResult:
    """A stage's output text, its diagnostics, and how many rewrites each transform made."""

    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    applied: Counter = field(default_factory=Counter)
    # A rewrite made here is right only because the text is Python 2 (a Python 2-only
    # name or module rewritten in a file that compiles as Python 3).
    python2_evidence: bool = False


@dataclass(frozen=True)
class Example:
    """Legacy source and what threadmod makes of it (the same text when left alone)."""

    before: str
    after: str
    # Diagnostics the example must produce, as "line:col CODE".
    diagnostics: tuple[str, ...] = ()
    # The modules next to the file, for an example in a package (TM181).
    package_modules: frozenset[str] | None = None


class TransformInfo:
    CODE: ClassVar[str]
    NAME: ClassVar[str]
    DESCRIPTION: ClassVar[str]  # one line
    WHAT: ClassVar[str]
    WHY: ClassVar[str]
    LEAVES_ALONE: ClassVar[str]
    EXAMPLES: ClassVar[tuple[Example, ...]]  # each changes its input
    LEAVE_ALONE_EXAMPLES: ClassVar[tuple[str, ...]] = ()  # each comes out unchanged

    @classmethod
    def explain(cls) -> str:
        """A rule page: What it does / Why / Example / Use instead / When it leaves code alone."""
        first = cls.EXAMPLES[0]
        sections = [
            f"{cls.CODE} {cls.NAME}: {cls.DESCRIPTION}",
            "## What it does\n" + _para(cls.WHAT),
            "## Why\n" + _para(cls.WHY),
            "## Example\n" + _setting(first) + _code(first.before),
            "## Use instead\n" + _code(first.after),
            "## When it leaves code alone\n" + _para(cls.LEAVES_ALONE),
        ]
        if cls.LEAVE_ALONE_EXAMPLES:
            sections.append(
                "Left as it is:\n" + "\n".join(_code(s) for s in cls.LEAVE_ALONE_EXAMPLES)
            )
        if len(cls.EXAMPLES) > 1:
            more = [
                _setting(e) + _code(e.before) + "    becomes\n" + _code(e.after) for e in cls.EXAMPLES[1:]
            ]
            sections.append("## More examples\n" + "\n".join(more))
        return "\n\n".join(sections) + "\n"


def _setting(example: Example) -> str:
    """What the example assumes around the file: the modules next to it in its package."""
    if example.package_modules is None:
        return ""
    names = ", ".join(f"{m}.py" for m in sorted(example.package_modules - {"__init__"}))
    return f"(in a package, next to {names})\n"


def _para(text: str) -> str:
    return textwrap.dedent(text).strip()


def _code(text: str) -> str:
    return textwrap.indent(text.rstrip("\n"), "    ") + "\n"
