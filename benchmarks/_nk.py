"""Seeded random N-K Boolean networks, as bnet text, for the random-network benchmark and tests.

Each of the ``n`` nodes reads ``k`` distinct regulators drawn uniformly and has a random
Boolean function of them that depends on every one (a truth table drawn until no regulator
is redundant), written as its DNF of true rows. The same (n, k, seed) always gives the same
network. A node that reads only itself (``x, x``) is an input, left free.

>>> text = nk_network(6, 2, seed=1)
>>> len(text.splitlines())
7
>>> nk_network(6, 2, seed=1) == text
True
"""

from __future__ import annotations

import random
from itertools import product


def nk_network(n: int, k: int, seed: int) -> str:
    rnd = random.Random(f"nk:{n}:{k}:{seed}")
    names = [f"v{i}" for i in range(n)]
    lines = ["targets, factors"]
    for name in names:
        regulators = rnd.sample(names, k)
        rows = list(product((0, 1), repeat=k))
        while True:
            table = [rnd.randint(0, 1) for _ in rows]
            if all(_depends(table, rows, j) for j in range(k)):
                break
        terms = ["(" + " & ".join(r if b else f"!{r}" for r, b in zip(regulators, row)) + ")"
                 for row, out in zip(rows, table) if out]
        lines.append(f"{name}, {' | '.join(terms)}")
    return "\n".join(lines) + "\n"


def _depends(table: list[int], rows: list[tuple[int, ...]], j: int) -> bool:
    index = {row: i for i, row in enumerate(rows)}
    return any(table[i] != table[index[row[:j] + (1 - row[j],) + row[j + 1:]]] for i, row in enumerate(rows))
