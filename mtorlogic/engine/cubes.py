"""A Boolean function as a disjunction of cubes (conjunctions of literals), for the ASP encoding.

The trap-space program (:mod:`.asp`) needs, for each node, when its function
*can* be 1 and when it *can* be 0 inside a subspace. With any disjunctive
normal form of ``f`` whose cubes are consistent (no ``x & !x``), ``f`` can be 1
in a subspace exactly when one cube has every literal allowed there; the same
with a DNF of ``!f`` for 0. No cube needs to be prime, so a DNF is built by
distributing the expression in negation normal form, with absorption (a cube
that contains another is dropped); where that grows past :data:`CUBE_LIMIT`
cubes (parities, nested mixes) the function is split on its most frequent
variable instead (Shannon expansion), which is bounded by the size of its BDD.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> f = read_rules_text("A = (B | C) & !D\\nB = B\\nC = C\\nD = D").function("A")
>>> sorted(sorted(c) for c in dnf(f, True))
[[('B', True), ('D', False)], [('C', True), ('D', False)]]
>>> sorted(sorted(c) for c in dnf(f, False))
[[('B', False), ('C', False)], [('D', True)]]
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..expr import AND, CONST, NOT, OR, VAR, Expr, substitute, variables

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

Cube = frozenset[tuple[str, bool]]  # literals (name, value); the empty cube is "true"
CUBE_LIMIT = 256  # cubes held while distributing, beyond which a function is split on a variable instead


class _TooMany(Exception):
    pass


def dnf(e: Expr, value: bool = True) -> list[Cube]:
    """Consistent cubes whose union is where ``e`` equals ``value`` (``[]``: never; ``[frozenset()]``: always)."""
    tabled = len(variables(e)) <= TABLE_VARIABLES
    try:
        return _distribute(e, value, min(CUBE_LIMIT, TABLED_CUBE_LIMIT) if tabled else CUBE_LIMIT)
    except _TooMany:
        return _table_cover(e, value) if tabled else _shannon(e, value)


# A function of at most TABLE_VARIABLES variables that distributes past TABLED_CUBE_LIMIT cubes is
# covered from its truth table instead: on 159-budding-yeast-core two 18-variable nodes took 2.6 s
# each (distribution up to 256 cubes with absorption, then Shannon splits: 593 cubes); the table's
# irredundant cover has 177.
TABLE_VARIABLES = 20  # a table of 2^20 rows: 1 MB a column
TABLED_CUBE_LIMIT = 32


def _table_cover(e: Expr, value: bool) -> list[Cube]:
    """An irredundant cover of where ``e`` equals ``value``, from its truth table (Minato-Morreale's
    ISOP: each cube is needed, none contains another)."""
    import numpy as np

    from .compile import compile_expression

    names = sorted(variables(e))
    codes = np.arange(1 << len(names))
    # bit i of a row: names[i]; evaluated eight rows to a byte
    columns = [np.packbits((codes >> i) & 1 == 1, bitorder="little") for i in range(len(names))]
    packed = compile_expression(e, {n: i for i, n in enumerate(names)})(columns, np.full(len(columns[0]), 255, np.uint8))
    table = np.unpackbits(packed, bitorder="little")[:len(codes)].astype(bool)
    table = table if value else ~table
    return _isop(table, table, names)[0]


def _isop(lower: NDArray[np.bool_], upper: NDArray[np.bool_], names: list[str]
          ) -> tuple[list[Cube], NDArray[np.bool_]]:
    """Cubes covering every row of ``lower`` and only rows of ``upper`` (tables over ``names``; the
    last name is the top bit), and the rows they cover."""
    import numpy as np

    if not lower.any():
        return [], lower & False
    if upper.all():
        return [frozenset()], upper
    half, top = len(lower) // 2, names[-1]
    rest = names[:-1]
    (l0, l1), (u0, u1) = (lower[:half], lower[half:]), (upper[:half], upper[half:])
    off, off_covered = _isop(l0 & ~u1, u0, rest)  # rows only the top variable at 0 can cover
    on, on_covered = _isop(l1 & ~u0, u1, rest)
    both, both_covered = _isop((l0 & ~off_covered) | (l1 & ~on_covered), u0 & u1, rest)
    cubes = [c | {(top, False)} for c in off] + [c | {(top, True)} for c in on] + both
    return cubes, np.concatenate([off_covered | both_covered, on_covered | both_covered])


def _distribute(e: Expr, value: bool, limit: int) -> list[Cube]:
    op = e[0]
    if op == CONST:
        return [frozenset()] if bool(e[1]) == value else []
    if op == VAR:
        return [frozenset(((e[1], value),))]
    if op == NOT:
        return _distribute(e[1], not value, limit)
    parts = [_distribute(sub, value, limit) for sub in e[1]]
    if (op == AND) == value:  # a conjunction of the parts: every combination of their cubes
        result: list[Cube] = [frozenset()]
        for part in sorted(parts, key=len):
            result = _absorbed([a | b for a in result for b in part if _consistent(a, b)])
            if len(result) > limit:
                raise _TooMany
        return result
    merged = _absorbed([cube for part in parts for cube in part])
    if len(merged) > limit:
        raise _TooMany
    return merged


def _consistent(a: Cube, b: Cube) -> bool:
    if len(a) > len(b):
        a, b = b, a
    return all((name, not v) not in b for name, v in a)


def _absorbed(cubes: list[Cube]) -> list[Cube]:
    """The cubes that contain no other (a cube containing another is implied by it)."""
    kept: list[Cube] = []
    for cube in sorted(set(cubes), key=len):
        if not any(k <= cube for k in kept):
            kept.append(cube)
    return kept


def _shannon(e: Expr, value: bool) -> list[Cube]:
    """Cubes by splitting on the most frequent variable, recursively (each split halves the space)."""
    if e[0] == CONST:
        return [frozenset()] if bool(e[1]) == value else []
    counts: Counter[str] = Counter()
    _count_variables(e, counts)
    if len(counts) <= 1 or len(variables(e)) <= 1:
        return _distribute(e, value, CUBE_LIMIT)
    pivot = counts.most_common(1)[0][0]
    out: list[Cube] = []
    for v in (False, True):
        out += [cube | {(pivot, v)} for cube in dnf(substitute(e, {pivot: v}), value)]
    return out


def _count_variables(e: Expr, counts: Counter[str]) -> None:
    stack = [e]
    while stack:
        cur = stack.pop()
        if cur[0] == VAR:
            counts[cur[1]] += 1
        elif cur[0] == NOT:
            stack.append(cur[1])
        elif cur[0] in (AND, OR):
            stack.extend(cur[1])
