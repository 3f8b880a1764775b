"""MathML function terms of SBML-qual <-> :mod:`mtorlogic.expr` trees.

Reading walks libsbml's AST (the file is never evaluated). A comparison of a
species with a level is handed to an ``at_least(species, k)`` callback that
returns the Boolean expression for "level of species >= k", so the same walk
serves Boolean models (``X >= 1`` is ``X``) and booleanized multi-valued ones
(``X >= 2`` is ``X_b2``).

The walk is iterative: published models nest their formulas thousands of
levels deep (BBM 146 and 159), beyond Python's recursion limit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Mapping
from xml.sax.saxutils import escape

from ..expr import AND, CONST, NOT, VAR, Expr, conjunction, const, disjunction, negation

if TYPE_CHECKING:
    import libsbml  # untyped: its classes are Any to mypy, named here for the reader

MATHML_NS = "http://www.w3.org/1998/Math/MathML"

_RELATIONS = ("eq", "neq", "lt", "leq", "gt", "geq")
# a <op> b with the level on the left is b <flipped op> a
_FLIPPED = {"eq": "eq", "neq": "neq", "lt": "gt", "leq": "geq", "gt": "lt", "geq": "leq"}


class MathError(Exception):
    """A function term we cannot read; the message says which element and why."""


def _kinds() -> tuple[dict[int, str], dict[int, str], dict[int, bool], int]:
    import libsbml

    logical = {libsbml.AST_LOGICAL_AND: "and", libsbml.AST_LOGICAL_OR: "or", libsbml.AST_LOGICAL_NOT: "not",
               libsbml.AST_LOGICAL_XOR: "xor", libsbml.AST_LOGICAL_IMPLIES: "implies"}
    relational = {libsbml.AST_RELATIONAL_EQ: "eq", libsbml.AST_RELATIONAL_NEQ: "neq",
                  libsbml.AST_RELATIONAL_LT: "lt", libsbml.AST_RELATIONAL_LEQ: "leq",
                  libsbml.AST_RELATIONAL_GT: "gt", libsbml.AST_RELATIONAL_GEQ: "geq"}
    constants = {libsbml.AST_CONSTANT_TRUE: True, libsbml.AST_CONSTANT_FALSE: False}
    return logical, relational, constants, libsbml.AST_NAME


def math_to_expr(ast: libsbml.ASTNode | None, at_least: Callable[[str, int], Expr], species: Mapping[str, int],
                 thresholds: Mapping[str, int]) -> Expr:
    """Convert a function term's math to an expression.

    Parameters
    ----------
    ast : libsbml.ASTNode
    at_least : (species id, level) -> expression for "species is at least at that level"
    species : species id -> maxLevel (which names are species)
    thresholds : input id -> thresholdLevel (names that stand for a number)

    Raises
    ------
    MathError
        For anything but and/or/not/xor/implies, comparisons of a species with
        a level, true and false.
    """
    if ast is None:
        raise MathError("the function term has no math")
    logical, relational, constants, name_type = _kinds()
    done: list[Expr] = []
    stack: list[tuple[libsbml.ASTNode, list[libsbml.ASTNode] | None]] = [(ast, None)]  # (node, its operands once expanded)
    while stack:
        node, operands = stack.pop()
        kind = node.getType()
        if kind in constants:
            done.append(const(constants[kind]))
        elif kind == name_type:
            # A bare species as a Boolean (not standard, but common): "is on".
            done.append(at_least(_species_name(node, species), 1))
        elif kind in relational:
            done.append(_relation(node, relational[kind], at_least, species, thresholds))
        elif kind in logical:
            if operands is None:
                operands = _operands(node)
                stack.append((node, operands))
                stack.extend((child, None) for child in reversed(operands))
                continue
            count = len(operands)
            values = done[len(done) - count:] if count else []
            del done[len(done) - count:]
            done.append(_combine(logical[kind], values))
        else:
            raise MathError(f"unsupported MathML <{_describe(node)}> in '{_formula(node)}' (a function term "
                            "may use and, or, not, xor, implies, eq, neq, lt, leq, gt, geq, true, false)")
    return done[0]


def _operands(node: libsbml.ASTNode) -> list[libsbml.ASTNode]:
    """The operands of an and/or, with nested ands (ors) of the same kind spliced in.

    Exporters write ``a | b | c | ...`` as binary trees thousands deep; combining
    each level would re-copy the growing operand list (quadratic time).
    """
    import libsbml

    kind = node.getType()
    if kind not in (libsbml.AST_LOGICAL_AND, libsbml.AST_LOGICAL_OR):
        return [node.getChild(i) for i in range(node.getNumChildren())]
    flat = []
    pending = [node.getChild(i) for i in reversed(range(node.getNumChildren()))]
    while pending:  # depth first, left to right: operands keep their written order
        current = pending.pop()
        if current.getType() == kind:
            pending.extend(current.getChild(i) for i in reversed(range(current.getNumChildren())))
        else:
            flat.append(current)
    return flat


def _combine(op: str, operands: list[Expr]) -> Expr:
    if op == "and":
        return conjunction(operands)
    if op == "or":
        return disjunction(operands)
    if op == "not":
        if len(operands) != 1:
            raise MathError(f"<not> takes one argument, not {len(operands)}")
        return negation(operands[0])
    if op == "implies":
        if len(operands) != 2:
            raise MathError(f"<implies> takes two arguments, not {len(operands)}")
        return disjunction([negation(operands[0]), operands[1]])
    parity = const(False)  # xor: true when an odd number of operands are
    for e in operands:
        parity = disjunction([conjunction([parity, negation(e)]), conjunction([negation(parity), e])])
    return parity


def _relation(node: libsbml.ASTNode, op: str, at_least: Callable[[str, int], Expr], species: Mapping[str, int],
              thresholds: Mapping[str, int]) -> Expr:
    if node.getNumChildren() != 2:
        raise MathError(f"<{op}> must compare a species with a level (it has {node.getNumChildren()} arguments)")
    left, right = node.getChild(0), node.getChild(1)
    left_species = _is_species(left, species, thresholds)
    right_species = _is_species(right, species, thresholds)
    if left_species == right_species:
        raise MathError(f"<{op}> must compare one species with one level, e.g. X >= 1")
    if right_species:
        left, right, op = right, left, _FLIPPED[op]
    name = _species_name(left, species)
    level = _level(right, thresholds)
    # Everything reduces to "at least k": X >= k, with k an integer.
    if op in ("geq", "gt", "lt", "leq"):
        k = math.ceil(level) if op in ("geq", "lt") else math.floor(level) + 1
        e = at_least(name, k)
        return e if op in ("geq", "gt") else negation(e)
    if level != int(level):
        return const(op == "neq")
    exactly = conjunction([at_least(name, int(level)), negation(at_least(name, int(level) + 1))])
    return exactly if op == "eq" else negation(exactly)


def _is_species(node: libsbml.ASTNode, species: Mapping[str, int], thresholds: Mapping[str, int]) -> bool:
    import libsbml

    return bool(node.getType() == libsbml.AST_NAME and node.getName() not in thresholds)


def _species_name(node: libsbml.ASTNode, species: Mapping[str, int]) -> str:
    name: str = node.getName()
    if name not in species:
        raise MathError(f"'{name}' in a function term is not a qualitative species of the model")
    return name


def _level(node: libsbml.ASTNode, thresholds: Mapping[str, int]) -> float:
    import libsbml

    if node.getType() == libsbml.AST_NAME:
        return thresholds[node.getName()]
    if node.getType() == libsbml.AST_MINUS and node.getNumChildren() == 1 and node.getChild(0).isNumber():
        negated: float = node.getChild(0).getValue()
        return -negated
    if not node.isNumber():
        raise MathError(f"a level must be a number or an input's threshold, not '{_formula(node)}'")
    number: float = node.getValue()
    return number


def _describe(node: libsbml.ASTNode) -> str:
    """The MathML element name of a node (``plus``, ``sin``, ``cn``, ...)."""
    element: str = node.getOperatorName() or node.getName() or ("cn" if node.isNumber() else str(node.getType()))
    return element


def _formula(node: libsbml.ASTNode) -> str:
    import libsbml

    formula: str = libsbml.formulaToL3String(node) or "?"
    return formula


# --- writing ---------------------------------------------------------------


def expr_to_mathml(e: Expr, name: Callable[[str], str] = lambda n: n) -> str:
    """MathML text of a Boolean expression: a variable ``X`` is ``X == 1``.

    Examples
    --------
    >>> expr_to_mathml(("not", ("var", "B"))).split(">", 1)[1]
    '<apply><eq/><ci>B</ci><cn type="integer">0</cn></apply></math>'
    """
    parts: list[str] = []

    def level(node: str, value: int) -> None:
        parts.append(f'<apply><eq/><ci>{escape(name(node))}</ci><cn type="integer">{value}</cn></apply>')

    def walk(cur: Expr) -> None:
        op = cur[0]
        if op == CONST:
            parts.append("<true/>" if cur[1] else "<false/>")
        elif op == VAR:
            level(cur[1], 1)
        elif op == NOT and cur[1][0] == VAR:
            level(cur[1][1], 0)
        elif op == NOT:
            parts.append("<apply><not/>")
            walk(cur[1])
            parts.append("</apply>")
        else:
            parts.append("<apply><and/>" if op == AND else "<apply><or/>")
            for sub in cur[1]:
                walk(sub)
            parts.append("</apply>")

    walk(e)
    return f'<math xmlns="{MATHML_NS}">' + "".join(parts) + "</math>"
