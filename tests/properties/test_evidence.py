"""Causal evidence on random networks: chains start at the treatment, pass only through changed
nodes, and every step is counterfactually sound (tests/evidence_check.py), against brute-force attractors."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mtorlogic import evidence
from mtorlogic.engine.attractors import attractors
from mtorlogic.expr import conjunction, disjunction, negation, var
from mtorlogic.model import Model, NodeInfo, Rule
from mtorlogic.rules import read_rules_text

from ..evidence_check import violations
from ..networks import brute_async, expressions, networks


@st.composite
def cascades(draw):
    """Signalling-like networks: inputs first, each rule reading earlier nodes (rarely a later one:
    feedback), so that a treatment propagates through long chains of settled changes."""
    n = draw(st.integers(3, 9))
    names = [f"x{i}" for i in range(n)]
    first = draw(st.integers(1, 2))
    rules, infos = {}, {name: NodeInfo(name, kind="condition") for name in names[:first]}
    for i in range(first, n):
        pool = names[max(0, i - 3):i] + (names[i:] if draw(st.integers(0, 9)) == 0 else [])  # recent: paths converge
        rules[names[i]] = Rule(names[i], draw(gates(pool)))
    return Model(rules, infos)


def gates(names):
    """AND/OR gates of two or three literals, sometimes nested: where cause sets have several members."""
    literal = st.sampled_from(names).map(var) | st.sampled_from(names).map(lambda n: negation(var(n)))
    gate = st.lists(literal, min_size=2, max_size=3).flatmap(
        lambda parts: st.sampled_from([conjunction(parts), disjunction(parts)]))
    nested = st.lists(gate | literal, min_size=2, max_size=3).flatmap(
        lambda parts: st.sampled_from([conjunction(parts), disjunction(parts)]))
    return st.one_of(literal, gate, gate, nested, expressions(names, depth=2))


@st.composite
def treated_networks(draw):
    """A random network, a background (a few fixed nodes) and a treatment (one or two more)."""
    model = draw(st.one_of(networks(min_nodes=2, max_nodes=8), cascades(), cascades()))
    nodes = list(model.nodes)
    # Inputs held, as a scenario's background holds conditions; perhaps one more node fixed.
    background = {n: draw(st.integers(0, 1)) for n in model.inputs}
    background.update(draw(st.dictionaries(st.sampled_from(nodes), st.integers(0, 1), max_size=1)))
    drawn = draw(st.dictionaries(st.sampled_from(nodes), st.integers(0, 1), min_size=1, max_size=2))
    if model.inputs and draw(st.booleans()):  # a drug acts from the top
        drawn[model.inputs[0]] = 1 - background[model.inputs[0]]
    treatment = {n: v for n, v in drawn.items() if background.get(n) != v}
    assume(treatment)
    return model, background, treatment


def brute_values(model) -> list[dict]:
    """Attractors by brute force, as value dicts (fraction of states on), in the engine's order."""
    out = []
    for states in brute_async(model):
        on = [sum(s[i] for s in states) for i in range(len(model.nodes))]
        out.append({n: 1 if k == len(states) else 0 if k == 0 else k / len(states) for n, k in zip(model.nodes, on)})
    return sorted(out, key=lambda values: [float(values[n]) for n in model.nodes])


def evidence_for(model, background, treatment):
    bg_model = model.fix(background)
    tr_model = model.fix({**background, **treatment})
    found = evidence.changes(bg_model.functions, attractors(bg_model), attractors(tr_model), treatment, model.nodes)
    return bg_model, tr_model, found


@given(treated_networks())
def test_chains_are_causal_and_counterfactually_sound(case):
    model, background, treatment = case
    bg_model, tr_model, found = evidence_for(model, background, treatment)
    before, after = brute_values(bg_model), brute_values(tr_model)
    assert violations(bg_model.functions, before, after, treatment, [c.to_dict() for c in found]) == []
    reported = {c.node for c in found}
    changed = {n for n in model.nodes if n not in treatment and {a[n] for a in before} != {a[n] for a in after}}
    assert reported == changed


SURVIVAL = """input drug drug
input GF condition
AKT = GF & !drug
E2F1 = GF & !drug
Translation = GF & !drug
Survival = AKT | E2F1 | Translation
Growth = Translation & Survival
"""


def survival_case():
    m = read_rules_text(SURVIVAL)
    return m, {"GF": 1, "drug": 0}, {"drug": 1}


def check(model, background, treatment, found):
    bg_model = model.fix(background)
    tr_model = model.fix({**background, **treatment})
    return violations(bg_model.functions, brute_values(bg_model), brute_values(tr_model), treatment,
                      [c.to_dict() for c in found])


def test_the_checker_accepts_the_real_evidence():
    model, background, treatment = survival_case()
    _, _, found = evidence_for(model, background, treatment)
    survival = next(c for c in found if c.node == "Survival")
    assert [n for n, _ in survival.causes] == ["AKT", "E2F1", "Translation"]  # an OR turned off: all needed
    growth = next(c for c in found if c.node == "Growth")
    assert [n for n, _ in growth.causes] == ["Translation", "Survival"]  # over-determined: a minimal pair
    assert check(model, background, treatment, found) == []


@pytest.mark.parametrize("mutant", ["first cause only", "chain from a cause", "chain through unchanged"])
def test_the_checker_catches_mutant_evidence(mutant, monkeypatch):
    """The property above can fail: evidence from deliberately broken versions of the module is rejected."""
    model, background, treatment = survival_case()
    if mutant == "first cause only":
        real = evidence._cause_set

        def first_only(*args):
            found = real(*args)
            return found[:1] if found else found

        monkeypatch.setattr(evidence, "_cause_set", first_only)
    elif mutant == "chain from a cause":
        real_chains = evidence._chains
        monkeypatch.setattr(evidence, "_chains", lambda *a: {n: c[1:] or c for n, c in real_chains(*a).items()})
    else:
        real_chains = evidence._chains
        monkeypatch.setattr(evidence, "_chains",
                            lambda *a: {n: ((c[0], ("GF", 1)) + c[1:]) for n, c in real_chains(*a).items()})
    _, _, found = evidence_for(model, background, treatment)
    assert check(model, background, treatment, found) != []
