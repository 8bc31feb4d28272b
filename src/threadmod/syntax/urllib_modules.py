"""TM114 urllib-modules: Python 2's urllib and urllib2 become urllib.request, urllib.parse and
urllib.error."""

from __future__ import annotations

import re
from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.expressions import (
    dotted_uses,
    in_fstring,
    in_version_branch,
    is_attribute,
    is_import_statement,
    parse_import,
    statement_at,
)
from threadmod.syntax.module_renames import converts
from threadmod.transform import Example

# lib2to3/fixes/fix_urllib.py MAPPING (CPython 3.11): old module -> (new module, members), in
# its order (urllib2's urllib.parse entry is urllib's, appended as 2to3 does).  The names after
# "computed" are Python 2's public names (not modules, no leading underscore) 2to3 left out that
# Python 3 kept, in the module that defines them (CPython 2.7.18 against 3.13.0).  Gone:
# urllib's always_safe, basejoin, reporthook, toBytes; urllib2's randombytes, toBytes.
_PARSE = (
    "urllib.parse",
    ("quote", "quote_plus", "unquote", "unquote_plus", "urlencode", "splitattr", "splithost", "splitnport",
     "splitpasswd", "splitport", "splitquery", "splittag", "splittype", "splituser", "splitvalue",
     # computed
     "unwrap"),
)
MAPPING: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "urllib": (
        ("urllib.request",
         ("URLopener", "FancyURLopener", "urlretrieve", "_urlopener", "urlopen", "urlcleanup", "pathname2url",
          "url2pathname", "getproxies",
          # computed
          "MAXFTPCACHE", "ftpcache", "ftperrors", "ftpwrapper", "getproxies_environment", "localhost", "noheaders",
          "proxy_bypass", "proxy_bypass_environment", "thishost")),
        _PARSE,
        ("urllib.error", ("ContentTooShortError",)),
        # computed
        ("urllib.response", ("addbase", "addclosehook", "addinfo", "addinfourl")),
    ),
    "urllib2": (
        ("urllib.request",
         ("urlopen", "install_opener", "build_opener", "Request", "OpenerDirector", "BaseHandler",
          "HTTPDefaultErrorHandler", "HTTPRedirectHandler", "HTTPCookieProcessor", "ProxyHandler", "HTTPPasswordMgr",
          "HTTPPasswordMgrWithDefaultRealm", "AbstractBasicAuthHandler", "HTTPBasicAuthHandler",
          "ProxyBasicAuthHandler", "AbstractDigestAuthHandler", "HTTPDigestAuthHandler", "ProxyDigestAuthHandler",
          "HTTPHandler", "HTTPSHandler", "FileHandler", "FTPHandler", "CacheFTPHandler", "UnknownHandler",
          # computed
          "AbstractHTTPHandler", "HTTPErrorProcessor", "parse_http_list", "parse_keqv_list", "request_host",
          "ftpwrapper", "getproxies", "localhost", "proxy_bypass", "url2pathname")),
        ("urllib.error", ("URLError", "HTTPError")),
        _PARSE,
        # computed
        ("urllib.response", ("addinfourl",)),
    ),
}
# Python 3's submodules of urllib: `from urllib import parse` is Python 3 already.
_PYTHON3_SUBMODULES = frozenset({"parse", "request", "error", "response", "robotparser"})


def new_module(module: str, member: str) -> str | None:
    """Where Python 3 keeps urllib's or urllib2's `member`, or None."""
    for new, members in MAPPING[module]:
        if member in members:
            return new
    return None


class UrllibModules(SyntaxTransform):
    CODE = "TM114"
    NAME = "urllib-modules"
    DESCRIPTION = "urllib and urllib2 become urllib.request, urllib.parse and urllib.error."
    WHAT = """
        `import urllib2` becomes `import urllib.request, urllib.error, urllib.parse` and each
        `urllib2.urlopen` becomes `urllib.request.urlopen` (`urllib.quote` becomes
        `urllib.parse.quote`); `from urllib import quote, urlopen` becomes one from-import per
        new module (`from urllib.parse import quote` and `from urllib.request import urlopen`);
        `import urllib2 as u` becomes `import urllib.request as u` when every `u.x` is in one
        new module, else the new modules are imported and `u.urlopen` becomes
        `urllib.request.urlopen`.  The table is 2to3's (fix_urllib) with the few public names
        it missed that Python 3 kept (`urllib2.HTTPErrorProcessor`, `urllib.unwrap`...).
    """
    WHY = """
        Python 3 split urllib, urllib2 and urlparse into the urllib package (PEP 3108);
        `import urllib2` is an ImportError and `urllib.quote` an AttributeError there.
    """
    LEAVES_ALONE = """
        Dual-version code (a branch of a Python version test, an ImportError fallback that
        imports a Python 3 module), `from urllib import parse` and the like, and in files that
        compile as Python 3 an `import urllib` with no use of a Python 2 name (`urllib.quote`),
        and every `import urllib` with a use of Python 3's (`urllib.parse.quote`).  Left with a diagnostic:
        `from urllib import *`, a name Python 3's urllib lacks (`urllib.basejoin`), a module
        name also bound or used otherwise (`f(urllib2)`, `def f(urllib)`), `import urllib2 as u`
        with no `u.x` to tell which module it needs, and a use of `urllib` that the split
        would change where the file binds `urllib` otherwise.  `urlparse` is TM113's.
    """
    EXAMPLES = (
        Example(
            "import urllib2\nr = urllib2.urlopen(urllib2.Request(url))\n",
            "import urllib.request, urllib.error, urllib.parse\nr = urllib.request.urlopen(urllib.request.Request(url))\n",
        ),
        Example(
            "import urllib\nprint urllib.quote(s)\n",
            "import urllib.request, urllib.parse, urllib.error\nprint(urllib.parse.quote(s))\n",
        ),
        Example(
            "def f():\n    from urllib import quote, urlopen\n",
            "def f():\n    from urllib.parse import quote\n    from urllib.request import urlopen\n",
        ),
        Example("from urllib2 import urlopen, Request\n", "from urllib.request import urlopen, Request\n"),
        Example("import urllib2 as u\nu.urlopen(x)\n", "import urllib.request as u\nu.urlopen(x)\n"),
        Example("from urllib import *\n", "from urllib import *\n", ("1:1 TM114",)),
    )
    LEAVE_ALONE_EXAMPLES = (
        "try:\n    from urllib import quote\nexcept ImportError:\n    from urllib.parse import quote\n",
        "from urllib import parse\n",
        "import urllib.parse\nq = urllib.parse.quote(s)\n",
    )
    APPLIES_TO_PYTHON3 = True
    HINT = re.compile(r"urllib")

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        if "urllib" not in context.text:
            return
        stream, statements = context.stream, context.statements
        plain: dict[str, list[int]] = {}
        kept: set[str] = set()
        seen: set[int] = set()
        guards: dict[int, bool] = {}
        for module in ("urllib", "urllib2"):
            for index in context.name_indices(module):
                if is_attribute(stream, index):
                    continue
                statement = statement_at(stream, statements, index)
                if statement is None or not is_import_statement(stream, statement) or statement.first in seen:
                    continue
                seen.add(statement.first)
                parsed = parse_import(stream, statement.first, statement.end)
                ours = self._ours(context, parsed)
                if not ours:
                    continue
                if not converts(stream, statements, statement, guards):
                    kept.update(stream.tok(s) for s, _e, alias in parsed.items if parsed.kind == "import" and alias < 0)
                    continue
                if parsed.kind == "from":
                    yield from self._from_import(context, statement, parsed)
                    continue
                for start, _stop, alias in ours:
                    if alias >= 0:
                        yield from self._import_as(context, start, alias)
                    else:
                        plain.setdefault(stream.tok(start), []).append(start)
        for module, indices in plain.items():
            yield from self._plain_imports(context, module, indices, module in kept)

    def _ours(self, context: SyntaxContext, parsed) -> list:
        """The items of the statement that name urllib or urllib2 (for a from-import, all of
        them, or [] when it is not one of ours)."""
        stream = context.stream
        if parsed is None:
            return []
        if parsed.kind == "from":
            start, stop = parsed.module
            module = stream.tok(start)
            if stop != start + 1 or module not in MAPPING:
                return []
            if any(stream.tok(i) in _PYTHON3_SUBMODULES for i, _s, _a in parsed.items):
                return []
            if parsed.star >= 0:
                return [(parsed.star, parsed.star + 1, -1)]
            return parsed.items
        return [
            (start, stop, alias)
            for start, stop, alias in parsed.items
            if stop == start + 1 and stream.tok(start) in MAPPING
        ]

    def _from_import(self, context: SyntaxContext, statement, parsed) -> Iterator[Edit]:
        stream = context.stream
        start = parsed.module[0]
        module = stream.tok(start)
        if parsed.star >= 0:
            context.diagnose(
                stream.starts[statement.first], self.CODE,
                f"`from {module} import *`: Python 3 split {module} into urllib.request, urllib.parse and urllib.error; "
                "import the names you use from them",
            )
            return
        groups: dict[str, list[tuple[int, int]]] = {}
        unknown = False
        for index, _stop, alias in parsed.items:
            new = new_module(module, stream.tok(index))
            if new is None:
                context.diagnose(
                    stream.starts[index], self.CODE,
                    f"{module}.{stream.tok(index)} is not in Python 3's urllib; the import is left as it is",
                )
                unknown = True
                continue
            groups.setdefault(new, []).append((index, alias if alias >= 0 else index))
        if unknown:
            return
        if len(groups) == 1:
            yield Edit.replace(stream.starts[start], stream.ends[start], next(iter(groups)), self.CODE)
            return
        text = stream.text
        line = stream.lines[statement.line]
        if line.first == statement.first:
            separator = context.line_newline(statement.line) + text[line.indent_start : line.indent_end]
        else:
            separator = "; "
        statements = [
            f"from {new} import " + ", ".join(text[stream.starts[first] : stream.ends[last]] for first, last in names)
            for new, names in groups.items()
        ]
        start_offset, end_offset = stream.starts[statement.first], stream.ends[statement.end - 1]
        # Comments inside a parenthesised import go to the end of the new statements' last line.
        comments = re.findall(r"#[^\r\n]*", text[start_offset:end_offset])
        if comments and statement.end == line.newline:
            end_offset = stream.starts[line.newline]  # the line's own comment too, once
            comments = re.findall(r"#[^\r\n]*", text[start_offset:end_offset])
            statements[-1] += "  " + " ".join(c.rstrip() for c in comments)
        elif comments:
            context.diagnose(start_offset, self.CODE, "the comments inside this import are not kept: put them back by hand")
        yield Edit.replace(start_offset, end_offset, separator.join(statements), self.CODE)

    def _member_modules(self, context: SyntaxContext, module: str, uses: list[int]) -> list[str] | None:
        """The new module of each use `name.member`, or None (diagnosed) when one has none."""
        stream = context.stream
        found = []
        for index in uses:
            member = stream.tok(index + 2)
            new = new_module(module, member)
            if new is None:
                context.diagnose(
                    stream.starts[index + 2], self.CODE,
                    f"{module}.{member} is not in Python 3's urllib: the import of {module} is left as it is",
                )
                return None
            found.append(new)
        return found

    def _urllib_free(self, context: SyntaxContext) -> bool:
        """Whether `urllib` names nothing but the module in this file."""
        stream = context.stream
        return dotted_uses(stream, context.statements, context.name_indices("urllib"), frozenset(), binds_ok=True) is not None

    def _import_as(self, context: SyntaxContext, start: int, alias: int) -> Iterator[Edit]:
        stream = context.stream
        module, name = stream.tok(start), stream.tok(alias)
        uses = dotted_uses(stream, context.statements, context.name_indices(name), {alias}, binds_ok=False)
        if uses and any(in_version_branch(stream, context.statements, i) for i in uses):
            return  # dual-version code stays as it is
        if not uses:
            why = "is used otherwise too" if uses is None else "has no use here to tell which"
            context.diagnose(
                stream.starts[start], self.CODE,
                f"`import {module} as {name}`: Python 3 split {module} into urllib.request, urllib.parse and "
                f"urllib.error, and {name} {why}; import the modules you need",
            )
            return
        modules = self._member_modules(context, module, uses)
        if modules is None:
            return
        if len(set(modules)) == 1:
            yield Edit.replace(stream.starts[start], stream.ends[start], modules[0], self.CODE)
            return
        if not self._urllib_free(context):
            context.diagnose(
                stream.starts[start], self.CODE,
                f"`import {module} as {name}` needs several urllib modules, and the file binds `urllib` otherwise",
            )
            return
        ordered = [new for new, _members in MAPPING[module] if new in modules]
        yield Edit.replace(stream.starts[start], stream.ends[alias], ", ".join(ordered), self.CODE)
        for index, new in zip(uses, modules):
            yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)

    def _plain_imports(self, context: SyntaxContext, module: str, indices: list[int], kept: bool) -> Iterator[Edit]:
        stream, statements = context.stream, context.statements
        uses = None if kept else dotted_uses(stream, statements, context.name_indices(module), set(indices), binds_ok=False)
        if uses is not None and any(in_version_branch(stream, statements, i) for i in uses):
            return  # dual-version code stays as it is
        if not context.python2 and module == "urllib" and not uses:
            return  # Python 3 has urllib: nothing here says this one is Python 2's
        if uses is not None and any(stream.tok(i + 2) in _PYTHON3_SUBMODULES for i in uses):
            return  # `urllib.parse.quote`: Python 3's urllib already
        if uses is not None and in_fstring(stream, module):
            uses = None  # a use inside an f-string cannot be renamed
        if uses is None:
            for index in indices:
                context.diagnose(
                    stream.starts[index], self.CODE,
                    f"Python 3 split {module} into urllib.request, urllib.parse and urllib.error, and the name {module} "
                    "is bound or used otherwise in this file: convert its uses by hand",
                )
            return
        modules = self._member_modules(context, module, uses)
        if modules is None:
            return
        if module == "urllib2" and not self._urllib_free(context):
            for index in indices:
                context.diagnose(
                    stream.starts[index], self.CODE,
                    "urllib2's uses would become urllib.request..., and the file binds `urllib` otherwise",
                )
            return
        listed = [new for new, _members in MAPPING[module] if new != "urllib.response"]  # 2to3's list
        listed += sorted({new for new in modules if new not in listed})
        text = ", ".join(listed)
        for index in indices:
            yield Edit.replace(stream.starts[index], stream.ends[index], text, self.CODE)
        for index, new in zip(uses, modules):
            yield Edit.replace(stream.starts[index], stream.ends[index], new, self.CODE)
