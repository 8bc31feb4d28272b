"""TM152 unittest-asserts: unittest's deprecated aliases (assertEquals, failUnless...) become their current names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import is_attribute
from threadmod.syntax.tokens import NAME
from threadmod.transform import Example

RENAMES = {
    "assert_": "assertTrue",
    "assertEquals": "assertEqual",
    "assertNotEquals": "assertNotEqual",
    "assertAlmostEquals": "assertAlmostEqual",
    "assertNotAlmostEquals": "assertNotAlmostEqual",
    "assertRegexpMatches": "assertRegex",
    "assertNotRegexpMatches": "assertNotRegex",
    "assertRaisesRegexp": "assertRaisesRegex",
    "assertItemsEqual": "assertCountEqual",
    "failUnlessEqual": "assertEqual",
    "failIfEqual": "assertNotEqual",
    "failUnlessAlmostEqual": "assertAlmostEqual",
    "failIfAlmostEqual": "assertNotAlmostEqual",
    "failUnless": "assertTrue",
    "failUnlessRaises": "assertRaises",
    "failIf": "assertFalse",
}


class UnittestAsserts(SyntaxTransform):
    CODE = "TM152"
    NAME = "unittest-asserts"
    DESCRIPTION = "unittest's removed aliases assertEquals, failUnless, assert_... become assertEqual, assertTrue..."
    WHAT = """
        `self.assertEquals` becomes `self.assertEqual`, `self.failUnless` becomes
        `self.assertTrue`, and so for every alias Python 3.12 removed (2to3's asserts
        fixer, plus `assertNotRegexpMatches` and Python 2.7's `assertItemsEqual`, whose
        Python 3 name is `assertCountEqual`).
    """
    WHY = """
        Python 3.12 removed these aliases: a test calling one fails with an
        AttributeError.  The current names exist since Python 2.7 (assertRegex,
        assertRaisesRegex, assertCountEqual since 3.2).
    """
    LEAVES_ALONE = """
        A module that defines a method or function of that name itself (its own
        `def assertEquals`).  In a file read as Python 3, only attributes of `self`
        (`self.assertEquals`), where the alias is unittest's: the rewrite is right for
        any Python 3 file, since 3.12 has no such method.  In a file read as Python 2,
        as 2to3, any receiver (`tc.failUnless(x)`).
    """
    EXAMPLES = (
        Example("self.assertEquals(a, b)\n", "self.assertEqual(a, b)\n"),
        Example("with self.failUnlessRaises(KeyError):\n    d[k]\n", "with self.assertRaises(KeyError):\n    d[k]\n"),
        Example("self.assertItemsEqual(xs, ys)\n", "self.assertCountEqual(xs, ys)\n"),
    )
    LEAVE_ALONE_EXAMPLES = ("self.assertEqual(a, b)\n", "tc.assertEquals(a, b)\n", "self.assertEqualsOnSaturday(3, 5)\n")
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"\b(?:" + "|".join(sorted(RENAMES, key=len, reverse=True)) + r")\b")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "assert" not in text and "fail" not in text:
            return
        stream = context.stream
        for name, new in RENAMES.items():
            if name not in text:
                continue
            indices = context.name_indices(name)
            if any(index > 0 and stream.is_name(index - 1, "def") for index in indices):
                continue  # the module's own method of that name
            for index in indices:
                if not is_attribute(stream, index):
                    continue
                if not context.python2 and not _on_self(stream, index):
                    continue
                yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)


def _on_self(stream, index: int) -> bool:
    """`self.NAME`, where self is a name of its own (not `x.self.NAME`)."""
    receiver = index - 2
    return (
        receiver >= 0
        and stream.kinds[receiver] == NAME
        and stream.tok(receiver) == "self"
        and not (receiver > 0 and stream.is_op(receiver - 1, "."))
    )
