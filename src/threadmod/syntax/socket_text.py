"""TM182 socket-text: what a Python 2 program sends and receives on a socket was str; a diagnostic
on each such call says that it is bytes in Python 3."""

from __future__ import annotations

from collections.abc import Iterator

from threadmod.syntax.base import SyntaxTransform
from threadmod.syntax.context import SyntaxContext
from threadmod.syntax.edits import Edit
from threadmod.syntax.tokens import NAME, NEWLINE, OP, TokenStream
from threadmod.transform import Example

_IO_METHODS = ("send", "sendall", "sendto", "recv", "recvfrom", "makefile")
_SOCKET_FACTORIES = ("socket", "create_connection", "fromfd", "socketpair")


class SocketText(SyntaxTransform):
    CODE = "TM182"
    NAME = "socket-text"
    DESCRIPTION = "A diagnostic on each send/recv of a socket: Python 2's str is Python 3's bytes there."
    WHAT = """
        Changes nothing.  On each `send`, `sendall`, `sendto`, `recv`, `recvfrom` and `makefile`
        call of a name the module binds to a socket (`s = socket.socket(...)`, `s = socket(...)`
        after `from socket import *`, `conn, addr = s.accept()`, `socket.create_connection(...)`,
        also as `self.name`), it says that the data is bytes in Python 3.
    """
    WHY = """
        A Python 2 program's strings were bytes, and it sent and received them as they were.
        Converted, its strings are text, and `sock.send('hello')` is a TypeError, while what
        `recv` returns is bytes that no longer compare equal to its string literals.  Which
        values are text and which are bytes (data read from a file opened 'rb' is bytes
        already) is the program's design: no rewrite can prove it, so each call gets a
        diagnostic.  Encoding with latin-1 (`data.encode('latin-1')`, `.decode('latin-1')`)
        keeps every byte as Python 2 had it.
    """
    LEAVES_ALONE = "Objects not proven sockets by an assignment in the module (a socket passed in as a parameter)."
    EXAMPLES = (
        Example(
            "from socket import *\ns = socket(AF_INET, SOCK_STREAM)\ns.send('hi')\nprint s.recv(1024)\n",
            "from socket import *\ns = socket(AF_INET, SOCK_STREAM)\ns.send('hi')\nprint(s.recv(1024))\n",
            diagnostics=("3:1 TM182", "4:7 TM182"),
        ),
    )
    LEAVE_ALONE_EXAMPLES = ("def serve(conn):\n    conn.send(conn.recv(10))\n",)

    def edits(self, context: SyntaxContext) -> Iterator[Edit]:
        text = context.text
        if "socket" not in text or not any(f".{m}(" in text for m in _IO_METHODS):
            return
        stream = context.stream
        sockets = _socket_names(context)
        if not sockets:
            return
        for method in _IO_METHODS:
            for index in context.name_indices(method):
                if not (stream.is_op(index - 1, ".") and stream.is_op(index + 1, "(")):
                    continue
                receiver = _receiver(stream, index - 1)
                if receiver is not None and receiver in sockets:
                    start = stream.starts[_receiver_start(stream, index - 1)]
                    verb = "receives bytes" if method.startswith("recv") else (
                        "reads and writes bytes" if method == "makefile" else "takes bytes"
                    )
                    context.diagnose(
                        start, self.CODE,
                        f"a socket {verb} in Python 3 where Python 2 had str: "
                        "encode what you send and decode what you receive (latin-1 keeps every byte)",
                    )
        return
        yield  # a generator that only diagnoses


def _receiver(stream: TokenStream, dot: int) -> str | None:
    """`name` or `self.name` ending just before the dot at `dot`."""
    if stream.kinds[dot - 1] != NAME:
        return None
    name = stream.tok(dot - 1)
    if dot >= 3 and stream.is_op(dot - 2, ".") and stream.kinds[dot - 3] == NAME:
        return stream.tok(dot - 3) + "." + name
    return name


def _receiver_start(stream: TokenStream, dot: int) -> int:
    return dot - 3 if dot >= 3 and stream.is_op(dot - 2, ".") and stream.kinds[dot - 3] == NAME else dot - 1


def _socket_names(context: SyntaxContext) -> set[str]:
    """Names (`s`, `self.sock`) the module assigns a new socket to."""
    stream = context.stream
    names: set[str] = set()
    for factory in _SOCKET_FACTORIES + ("accept",):
        for index in context.name_indices(factory):
            if not stream.is_op(index + 1, "("):
                continue
            start = index
            if stream.is_op(index - 1, "."):
                start = index - 2
                if factory != "accept" and not stream.is_name(start, "socket"):
                    continue
            elif factory == "accept":
                continue
            if not stream.is_op(start - 1, "="):
                continue
            targets = _targets(stream, start - 1)
            if targets:
                names.add(targets[0])
    return names


def _targets(stream: TokenStream, equals: int) -> list[str]:
    """The names assigned by `a, b = ...` / `self.x = ...` ending at the `=` at equals."""
    position = equals - 1
    parts: list[str] = []
    while position >= 0 and stream.kinds[position] != NEWLINE and not (
        stream.kinds[position] == OP and stream.tok(position) in (";", ":", "=")
    ):
        parts.append(stream.tok(position))
        position -= 1
    target = "".join(reversed(parts)).strip("()")
    return [t for t in target.split(",") if t]
