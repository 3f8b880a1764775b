"""Helpers shared by the format modules: the model name of a file, and node
names made legal for a target format.

Formats differ in what a name may contain (bnet allows ``.`` and ``-``; SBML,
BooleanNet and MaBoSS do not), so writers map names through
:func:`legal_names`, which keeps legal names unchanged and never maps two
nodes to the same name.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def model_name(path: Path) -> str:
    """The name a model read from ``path`` gets: the folder for ``model.*`` files
    (as in the BBM collection), the file stem otherwise. Every reader uses this,
    so the readings of one model in several formats carry the same name."""
    return path.parent.name if path.stem == "model" else path.stem


def legal_names(nodes: Iterable[str], reserved: Iterable[str] = (), case_sensitive: bool = True) -> dict[str, str]:
    """Map node names to identifiers ``[A-Za-z_][A-Za-z0-9_]*`` that avoid ``reserved``.

    Parameters
    ----------
    nodes : names to map
    reserved : words the target format keeps for itself
    case_sensitive : whether the target format tells ``a`` from ``A`` (for
        reserved words and for collisions)

    Returns
    -------
    dict name -> legal name; legal names map to themselves.

    Examples
    --------
    >>> legal_names(["A", "b.c", "1x", "node"], reserved=["NODE"], case_sensitive=False)
    {'A': 'A', 'b.c': 'b_c', '1x': '_1x', 'node': 'node_'}
    """
    fold = (lambda s: s) if case_sensitive else str.lower
    nodes = list(nodes)
    taken = {fold(r) for r in reserved}
    mapping: dict[str, str] = {}
    # Legal names first, so a renamed node never takes a name a legal one already has.
    for n in nodes:
        if IDENTIFIER.match(n) and fold(n) not in taken:
            mapping[n] = n
            taken.add(fold(n))
    for n in nodes:
        if n in mapping:
            continue
        base = re.sub(r"[^A-Za-z0-9_]", "_", n) or "_"
        if not re.match(r"[A-Za-z_]", base):
            base = "_" + base
        candidate, k = base, 1
        while fold(candidate) in taken:
            candidate = f"{base}_" if k == 1 else f"{base}_{k}"
            k += 1
        mapping[n] = candidate
        taken.add(fold(candidate))
    return mapping
