"""Fresh names for what a rewrite introduces (`exc`, `worker_thread`, `worker_threads`...)."""

from __future__ import annotations


def fresh_name(base: str, taken: set[str], first_suffix: int = 2) -> str:
    """`base` if no name in `taken` is spelled so, else base2, base3... (from `first_suffix`),
    and reserved: added to `taken`."""
    name, counter = base, first_suffix
    while name in taken:
        name = f"{base}{counter}"
        counter += 1
    taken.add(name)
    return name
