"""Which members of a rule ensemble can share an evaluation: keys that are equal only where results are.

Members of an ensemble (:mod:`mtorlogic.ensemble`) differ in the rules of a few
*targets*. A scenario holds some nodes still; :func:`unchanging` finds every node
that then never moves, and :func:`share_key` compares the targets' rules with those
values put in. Members with equal keys have the same network on every state an
evaluation visits, so one evaluation serves them all: exact, for every evaluator
(attractors, reachability, response scores, evidence). :func:`explanation_key`
adds what a resistance explanation reads, :func:`network_key` what the attractors
of one fixed network depend on (synergy).
"""

from __future__ import annotations

import weakref
from typing import Any, Collection, Hashable, Mapping, Sequence

from .expr import CONST, canonical, substitute, variables
from .model import Model


def contexts(model: Model, background: Mapping[str, int], treated: Mapping[str, int]
              ) -> list[tuple[Mapping[str, int], Mapping[str, int]]]:
    """(background, treated) of every network an evaluation may visit: the scenario's, and the
    references a resistant response is explained against (each alteration reverted to its
    default, then all but one, then all of them: :func:`mtorlogic.blocking.reference_backgrounds`)."""
    from .blocking import reference_backgrounds

    treatment = {n: v for n, v in treated.items() if background.get(n) != v}
    return [(background, treated)] + [(base, {**base, **treatment})
                                      for _, base in reference_backgrounds(model, background, treatment)]


def share_key(model: Model, targets: set[str], background: Mapping[str, int],
               treated: Mapping[str, int], common: tuple[dict[str, int], dict[str, int]] | None = None) -> Hashable:
    """What a member's result depends on: members with equal keys share one evaluation.

    :func:`unchanging` finds the nodes that hold one value in every state the
    evaluation visits: held by the scenario, or whose rule is constant, at the
    same value before and after the treatment, given the nodes found so far.
    Members that find the same such nodes, and whose rewritten rules are the
    same function once those values are put in, have the same network on
    every state the evaluation can visit (the background's attractors, the
    treated trajectories from them, the treated attractors): the same
    attractors, reachability, response scores and evidence. A rule the
    scenario fixes is the simplest case. ``common``: what :func:`unchanging`
    finds without the alternatives' targets, true of every member.
    """
    held_background, held_treated = unchanging(model, background, treated, common=common, queue=targets)
    functions = [model.function(t) for t in sorted(targets) if t not in held_treated]
    rules = tuple((canonical(substitute(f, held_background)), canonical(substitute(f, held_treated)))
                  for f in functions)
    treatment = [n for n, v in treated.items() if background.get(n) != v]
    return (tuple(sorted(held_treated.items())), rules, wiring_order(model, treatment, background))


def explanation_key(model: Model, targets: set[str], scenario: tuple[Mapping[str, int], Mapping[str, int], Any],
                     references: Sequence[tuple[Mapping[str, int], Mapping[str, int], Any]]) -> Hashable:
    """What a resistance explanation adds to :func:`share_key`: each reference background's own key,
    and the rules read between the reference and the scenario. The blocking chains run through the
    nodes whose values differ between the two, so a rule is compared with only the values both hold
    put in (a node held in the scenario but not in the reference may lie on a chain)."""
    background, treated, common = scenario
    _, held = unchanging(model, background, treated, common=common, queue=targets)
    out = []
    for b, t, c in references:
        _, held_reference = unchanging(model, b, t, common=c, queue=targets)
        both = {n: v for n, v in held.items() if held_reference.get(n) == v}
        out.append((share_key(model, targets, b, t, c),
                    tuple(canonical(substitute(model.function(n), both)) for n in sorted(targets)
                          if n not in both)))
    return tuple(out)


def wiring_order(model: Model, treatment: Collection[str], held: Collection[str] = ()) -> tuple[str, ...]:
    """The order the evidence lists nodes in (:func:`mtorlogic.evidence.pathway_order` from the
    treatment, on the network with ``held`` nodes fixed, as :func:`mtorlogic.evidence.changes` and
    :mod:`mtorlogic.blocking` read it): it follows the rules' wiring, not only their functions, so
    members whose rewritten rules read other regulators may list the same changes in another order."""
    from .evidence import pathway_order

    functions = {n: f for n, f in model.functions.items() if n not in held}
    return tuple(pathway_order(functions, treatment, model.nodes))


def network_key(model: Model, fixes: Mapping[str, int]) -> Hashable:
    """What the attractors of ``model`` with ``fixes`` held depend on: models with equal keys have the
    same attractors, in every semantics.

    The nodes :func:`unchanging` finds settle at their constants and stay there, so every attractor
    lies where they hold them; two models that hold the same constants and whose other rules are the
    same functions once those are put in have the same dynamics there. Synergy over an ensemble
    solves each member's treatments once per key (:func:`mtorlogic.synergy.synergy`).

    >>> from mtorlogic.rules import read_rules_text
    >>> a = read_rules_text("input d drug default 0\\nA = !d\\nB = A | C\\nC = B")
    >>> b = read_rules_text("input d drug default 0\\nA = !d\\nB = A\\nC = B")
    >>> network_key(a, {"d": 0}) == network_key(b, {"d": 0}), network_key(a, {"d": 1}) == network_key(b, {"d": 1})
    (True, False)
    """
    held, _ = unchanging(model, fixes, fixes)
    return (tuple(sorted(held.items())),
            tuple((n, canonical(substitute(model.function(n), held))) for n in model.nodes if n not in held))


_READERS: "weakref.WeakKeyDictionary[Model, dict[str, tuple[str, ...]]]" = weakref.WeakKeyDictionary()


def unchanging(model: Model, background: Mapping[str, int], treated: Mapping[str, int], *,
                skip: Collection[str] = (), common: tuple[dict[str, int], dict[str, int]] | None = None,
                queue: Collection[str] = ()) -> tuple[dict[str, int], dict[str, int]]:
    """(background values, treated values) of the nodes that never change: the fixes, then every node
    whose rule, given those, is one constant, the same in the background and the treated network.

    Such a node has its value in every background attractor (its rule says so there), starts the
    treated run with it, and its rule gives it again: it never moves. Nodes in ``skip`` are never
    added; from ``common`` (an earlier result, a subset of this one) only ``queue`` and what
    they reach are checked again.

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input d drug default 0\\ninput G condition\\nA = G | !G & B\\nB = !d | d\\nC = A & !d")
    >>> sorted(unchanging(m, {"d": 0, "G": 1}, {"d": 1, "G": 1})[1].items())
    [('A', 1), ('B', 1), ('G', 1), ('d', 1)]
    """
    readers = _READERS.get(model)
    if readers is None:
        found: dict[str, list[str]] = {n: [] for n in model.nodes}
        for n, f in model.functions.items():
            for v in variables(f):
                found[v].append(n)
        readers = _READERS[model] = {n: tuple(rs) for n, rs in found.items()}
    if common is None:
        held_background, held_treated = dict(background), dict(treated)
        pending = list(model.nodes)
    else:
        held_background, held_treated = dict(common[0]), dict(common[1])
        pending = list(queue)
    while pending:
        n = pending.pop()
        if n in held_treated or n in skip:
            continue
        f = model.function(n)
        before, after = substitute(f, held_background), substitute(f, held_treated)
        if before[0] == CONST and before == after:
            held_background[n] = held_treated[n] = int(before[1])
            pending.extend(readers[n])
    return held_background, held_treated
