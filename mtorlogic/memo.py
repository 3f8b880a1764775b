"""Bounded memo tables: the engine caches what repeats (cores, reachability, compiled rules).

A screen repeats the same questions thousands of times, so the engine keeps
their answers; a long session must not grow without bound, so each table
forgets its oldest entry once full (dicts keep insertion order).

>>> table = {}
>>> for k in range(4):
...     _ = remember(table, k, k * k, size=3)
>>> table
{1: 1, 2: 4, 3: 9}
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def remember(table: dict[K, V], key: K, value: V, size: int) -> V:
    """Store ``value`` under ``key``, first forgetting the oldest entry if ``table`` holds ``size``; return it."""
    if len(table) >= size:
        table.pop(next(iter(table)))
    table[key] = value
    return value
