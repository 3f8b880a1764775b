"""Whether a Boolean function is constant by logic, whatever its syntax.

``!A | A & !B | A & B`` reads three variables yet is always 1. Percolation
asks this of every function a constant reaches, thousands of times in a
screen, so the answer is memoised and found the cheapest way that is exact:

- a function in which every variable occurs with one polarity only (unate,
  most biological rules) and no constant is left is never constant: setting
  each variable to the value that favours it gives 1, the opposite gives 0;
- otherwise, up to ``TABLE_LIMIT`` variables, its truth table as one Python
  integer per variable (bit ``s`` = the variable's value in assignment ``s``);
- beyond that, a binary decision diagram (biodivine-aeon).

Examples
--------
>>> from mtorlogic.rules import parse_expression
>>> constant_value(parse_expression("!A | A & !B | A & B"))
1
>>> constant_value(parse_expression("A & !B | B & C")) is None
True
"""

from __future__ import annotations

from ..expr import AND, CONST, NOT, VAR, Expr, to_text, variables

TABLE_LIMIT = 16
_MEMO: dict[Expr, int | None] = {}
_MEMO_LIMIT = 200_000


def constant_value(f: Expr) -> int | None:
    """0 or 1 when ``f`` takes that value for every assignment of its variables, else None."""
    if f[0] == CONST:
        return int(f[1])
    found = _MEMO.get(f, -1)
    if found == -1:
        if len(_MEMO) > _MEMO_LIMIT:
            _MEMO.clear()
        found = _MEMO[f] = _decide(f)
    return found


def _decide(f: Expr) -> int | None:
    if _unate(f):
        return None
    names = sorted(variables(f))
    if len(names) <= TABLE_LIMIT:
        return _by_truth_table(f, names)
    return _by_bdd(f, names)


def _unate(f: Expr) -> bool:
    """Whether every variable occurs with one polarity only (and no constant is left)."""
    polarity: dict[str, bool] = {}
    stack = [(f, True)]
    while stack:
        e, positive = stack.pop()
        op = e[0]
        if op == VAR:
            if polarity.setdefault(e[1], positive) != positive:
                return False
        elif op == NOT:
            stack.append((e[1], not positive))
        elif op == CONST:
            return False
        else:
            stack.extend((sub, positive) for sub in e[1])
    return True


_PATTERNS: dict[tuple[int, int], int] = {}


def _pattern(k: int, i: int) -> int:
    """Bit ``s`` of the result (0 <= s < 2**k) is bit ``i`` of ``s``."""
    key = (k, i)
    found = _PATTERNS.get(key)
    if found is None:
        half = 1 << i
        block = ((1 << half) - 1) << half  # one period: 2**i zeros then 2**i ones
        period = 2 * half
        repeat = ((1 << (1 << k)) - 1) // ((1 << period) - 1)  # a 1 at the start of every period
        found = _PATTERNS[key] = block * repeat
    return found


def _by_truth_table(f: Expr, names: list[str]) -> int | None:
    k = len(names)
    full = (1 << (1 << k)) - 1
    column = {n: _pattern(k, i) for i, n in enumerate(names)}

    def walk(e: Expr) -> int:
        op = e[0]
        if op == VAR:
            return column[e[1]]
        if op == CONST:
            return full if e[1] else 0
        if op == NOT:
            return full ^ walk(e[1])
        parts = [walk(sub) for sub in e[1]]
        acc = parts[0]
        if op == AND:
            for p in parts[1:]:
                acc &= p
        else:
            for p in parts[1:]:
                acc |= p
        return acc

    table = walk(f)
    return 1 if table == full else 0 if table == 0 else None


def _by_bdd(f: Expr, names: list[str]) -> int | None:
    import biodivine_aeon as ba

    position = {n: i for i, n in enumerate(names)}
    bdd = ba.BddVariableSet([f"v{i}" for i in range(len(names))]).eval_expression(
        to_text(f, "bnet", name=lambda n: f"v{position[n]}"))
    return 1 if bdd.is_true() else 0 if bdd.is_false() else None
