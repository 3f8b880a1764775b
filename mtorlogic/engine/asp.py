"""Minimal trap spaces by answer-set programming, through mpbn (clingo).

Most-permissive attractors are the minimal trap spaces of the network; mpbn
encodes the trap-space conditions as an answer-set program and lets clingo
enumerate the subset-minimal ones, which is the fastest exact method known for
large networks (Paulevé et al. 2020, doi:10.1038/s41467-020-18112-5). Only the
percolated core is handed over, with its nodes renamed ``x0, x1, ...`` so that
no node id can clash with mpbn's parser.

mpbn (and clingo, and pandas through colomoto) is imported on first use only:
about 0.7 s, which is why small cores are solved exhaustively instead
(:func:`mtorlogic.engine.methods.choose_method`).
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Mapping, Sequence

from ..expr import Expr, to_text
from .attractors import Attractor, Reading


def _mpbn() -> ModuleType:
    """mpbn, imported without keeping the recursion limit of 100,000 it sets for the whole process
    (deep recursion would then crash the interpreter instead of raising RecursionError)."""
    limit = sys.getrecursionlimit()
    try:
        import mpbn
    finally:
        sys.setrecursionlimit(limit)
    module: ModuleType = mpbn  # untyped: what it holds is Any to mypy
    return module


def trap_spaces(nodes: Sequence[str], functions: Mapping[str, Expr]) -> list[Attractor]:
    """The minimal trap spaces of the network ``functions`` over ``nodes`` (which it must close)."""
    mpbn = _mpbn()
    nodes = tuple(nodes)
    if not nodes:
        return [Attractor.of_space({}, ())]
    alias = {n: f"x{i}" for i, n in enumerate(nodes)}
    network = mpbn.MPBooleanNetwork(
        {alias[n]: to_text(functions[n], "bnet", name=alias.__getitem__) for n in nodes}, boolfunclib="aeon")
    return [Attractor.of_space({n: _value(space[alias[n]]) for n in nodes}, nodes) for space in network.attractors()]


def _value(v: int | str) -> Reading:
    return "*" if v == "*" else int(v)
