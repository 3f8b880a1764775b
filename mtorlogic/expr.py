"""Boolean expressions: the small immutable tree every module shares.

boolean.py parses user text (see :mod:`mtorlogic.rules`); the parsed expression
is converted once into this tree of plain tuples, which is hashable, cheap to
substitute into and to simplify. Percolating constants through a network of 80
rules happens thousands of times in a screen, so it must not go through a
general-purpose symbolic algebra.

An expression is one of::

    (CONST, False | True)
    (VAR, "name")
    (NOT, expr)
    (AND, (expr, expr, ...))      # two or more operands
    (OR,  (expr, expr, ...))

Examples
--------
>>> e = conjunction([var("A"), negation(var("B"))])
>>> to_text(e)
'A & !B'
>>> to_text(substitute(e, {"B": False}))
'A'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, TypeVar, overload

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

CONST, VAR, NOT, AND, OR = "const", "var", "not", "and", "or"

TRUE = (CONST, True)
FALSE = (CONST, False)

Expr = tuple[Any, ...]  # (op, payload): see the module doc

# What evaluate() computes with: bools, bit-packed integer words, or numpy bool columns.
Word = TypeVar("Word", bool, int, "NDArray[np.bool_]")


def const(value: object) -> Expr:
    return TRUE if value else FALSE


def var(name: str) -> Expr:
    return (VAR, name)


def negation(e: Expr) -> Expr:
    """NOT e, folding constants and double negation."""
    op = e[0]
    if op == CONST:
        return FALSE if e[1] else TRUE
    if op == NOT:
        inner: Expr = e[1]
        return inner
    return (NOT, e)


def _junction(op: str, operands: Iterable[Expr]) -> Expr:
    absorbing = FALSE if op == AND else TRUE
    neutral = TRUE if op == AND else FALSE
    flat: dict[Expr, None] = {}
    for e in operands:
        if e == absorbing:
            return absorbing
        if e == neutral:
            continue
        if e[0] == op:
            for sub in e[1]:
                flat[sub] = None
        else:
            flat[e] = None
    for e in flat:
        if negation(e) in flat:  # x & !x = 0, x | !x = 1
            return absorbing
    if not flat:
        return neutral
    if len(flat) == 1:
        return next(iter(flat))
    return (op, tuple(flat))


def conjunction(operands: Iterable[Expr]) -> Expr:
    """AND of the operands, flattened, deduplicated and constant-folded."""
    return _junction(AND, operands)


def disjunction(operands: Iterable[Expr]) -> Expr:
    """OR of the operands, flattened, deduplicated and constant-folded."""
    return _junction(OR, operands)


def canonical(e: Expr) -> Expr:
    """The same function with operands in a fixed order: equal trees for
    expressions that differ only by the order of AND/OR operands."""
    op = e[0]
    if op in (CONST, VAR):
        return e
    if op == NOT:
        return (NOT, canonical(e[1]))
    return (op, tuple(sorted((canonical(sub) for sub in e[1]), key=repr)))


def variables(e: Expr) -> frozenset[str]:
    """The names an expression reads."""
    found: set[str] = set()
    stack = [e]
    while stack:
        cur = stack.pop()
        op = cur[0]
        if op == VAR:
            found.add(cur[1])
        elif op == NOT:
            stack.append(cur[1])
        elif op in (AND, OR):
            stack.extend(cur[1])
    return frozenset(found)


def substitute(e: Expr, values: Mapping[str, object]) -> Expr:
    """Replace variables by constants (or by expressions) and simplify.

    ``values`` maps a name to a bool/0/1 or to an expression tuple. A
    subexpression that reads none of them is returned as it is (the same
    object), so ``substitute(e, values) is e`` says cheaply that nothing changed.
    """
    op = e[0]
    if op == VAR:
        if e[1] not in values:
            return e
        v = values[e[1]]
        return v if isinstance(v, tuple) else TRUE if v else FALSE
    if op == CONST:
        return e
    if op == NOT:
        inner = substitute(e[1], values)
        return e if inner is e[1] else negation(inner)
    subs = e[1]
    parts = [substitute(sub, values) for sub in subs]
    for new, old in zip(parts, subs):
        if new is not old:
            return conjunction(parts) if op == AND else disjunction(parts)
    return e


def rename(e: Expr, mapping: Mapping[str, str]) -> Expr:
    """Rename variables (names not in ``mapping`` stay)."""
    return substitute(e, {old: var(new) for old, new in mapping.items()})


@overload
def evaluate(e: Expr, values: Mapping[str, bool]) -> bool: ...


@overload
def evaluate(e: Expr, values: Mapping[str, Word], ops: tuple[Word, Word]) -> Word: ...


def evaluate(e: Expr, values: Mapping[str, Any], ops: tuple[Any, Any] | None = None) -> Any:
    """Evaluate over scalars or arrays.

    ``values`` maps names to bools, numpy bool arrays or bit-packed integer
    words. For packed words pass ``ops=(true_word, false_word)`` so constants
    and NOT use the right width.
    """
    true_word, false_word = ops if ops is not None else (True, False)
    return _evaluate(e, values, true_word, false_word)


def _evaluate(cur: Expr, values: Mapping[str, Word], true_word: Word, false_word: Word) -> Word:
    op = cur[0]
    if op == VAR:
        value: Word = values[cur[1]]
        return value
    if op == CONST:
        return true_word if cur[1] else false_word
    if op == NOT:
        inner = _evaluate(cur[1], values, true_word, false_word)
        return (not inner) if isinstance(inner, bool) else ~inner
    subs = [_evaluate(sub, values, true_word, false_word) for sub in cur[1]]
    acc = subs[0]
    for s in subs[1:]:
        acc = (acc & s) if op == AND else (acc | s)
    return acc


# --- text -----------------------------------------------------------------

_STYLES = {
    # style: (and, or, not, true, false)
    "rules": (" & ", " | ", "!", "1", "0"),
    "bnet": (" & ", " | ", "!", "1", "0"),
    "booleannet": (" and ", " or ", "not ", "True", "False"),
    "maboss": (" & ", " | ", "!", "1", "0"),
}


def to_text(e: Expr, style: str = "rules", name: Callable[[str], str] | None = None) -> str:
    """Render with minimal parentheses (NOT > AND > OR)."""
    and_s, or_s, not_s, true_s, false_s = _STYLES[style]

    def walk(cur: Expr, parent_prec: int) -> str:
        op = cur[0]
        if op == CONST:
            return true_s if cur[1] else false_s
        if op == VAR:
            node: str = cur[1]
            return name(node) if name else node
        if op == NOT:
            return not_s + walk(cur[1], 3)
        prec = 2 if op == AND else 1
        text = (and_s if op == AND else or_s).join(walk(sub, prec) for sub in cur[1])
        return f"({text})" if prec < parent_prec else text

    return walk(e, 0)


# The deepest nesting accepted from an input (rules, bnet, BooleanNet, SBML, with_rule). Published
# models nest at most 8 levels (the BBM collection); the expression code recurses once or twice per
# level, so 100 keeps every walk far inside Python's recursion limit.
MAX_DEPTH = 100


def depth(e: Expr) -> int:
    """Levels of nesting (a constant or a variable is 1); iterative, so any depth can be measured.

    >>> depth(conjunction([var("A"), negation(disjunction([var("B"), var("C")]))]))
    4
    """
    deepest, stack = 0, [(e, 1)]
    while stack:
        cur, level = stack.pop()
        deepest = max(deepest, level)
        if cur[0] == NOT:
            stack.append((cur[1], level + 1))
        elif cur[0] in (AND, OR):
            stack.extend((sub, level + 1) for sub in cur[1])
    return deepest


def too_deep(e: Expr) -> str | None:
    """Why an input expression is refused for its depth (None when it is fine)."""
    levels = depth(e)
    if levels <= MAX_DEPTH:
        return None
    return (f"expression nested {levels} levels deep; the most accepted is {MAX_DEPTH} "
            "(give intermediate results nodes of their own)")


def size(e: Expr) -> int:
    """Number of nodes of the tree (a rough cost measure)."""
    op = e[0]
    if op in (CONST, VAR):
        return 1
    if op == NOT:
        return 1 + size(e[1])
    return 1 + sum(size(sub) for sub in e[1])
