"""Percolation: constancy by logic, incremental fixes, lazy reasons, against brute force."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine.attractors import attractors
from mtorlogic.engine.constancy import constant_value
from mtorlogic.engine.percolate import percolate
from mtorlogic.expr import disjunction, evaluate, negation, variables
from mtorlogic.model import Model, Rule, truth_table_equal
from mtorlogic.rules import read_rules_text

from ..networks import brute_async, expressions, networks, state_sets

NAMES = ["a", "b", "c", "d", "e"]


def brute_constant(f):
    names = sorted(variables(f))
    values = {bool(evaluate(f, dict(zip(names, bits)))) for bits in product((False, True), repeat=len(names))}
    return int(values.pop()) if len(values) == 1 else None


@settings(max_examples=300)
@given(expressions(NAMES, depth=4))
def test_constant_value_equals_truth_table(f):
    assert constant_value(f) == brute_constant(f)


@given(expressions(NAMES, depth=3))
def test_a_tautology_built_from_any_function_is_found(f):
    # f | !f is 1 whatever f is, though no rule of syntax folds it once f is large.
    assert constant_value(disjunction([f, negation(f)])) == 1


@st.composite
def networks_with_hidden_constants(draw):
    """Random networks where some rules are replaced by a tautology or contradiction in disguise."""
    model = draw(networks(max_nodes=8))
    rules = dict(model.rules)
    for n in model.nodes:
        if n in rules and draw(st.integers(0, 3)) == 0:
            g = draw(expressions(list(model.nodes), depth=2))
            hidden = disjunction([g, negation(g)])  # constant 1, as a tree of several variables
            rules[n] = Rule(n, negation(hidden) if draw(st.booleans()) else hidden)
    return Model(rules, {n: model.info(n) for n in model.nodes if n not in rules})


@given(networks_with_hidden_constants(), st.data())
def test_constancy_by_logic_preserves_attractors(model, data):
    fixed = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), max_size=2))
    perturbed = model.fix(fixed)
    red = percolate(perturbed)
    for n in red.free:  # nothing left in the core is constant by logic
        assert brute_constant(red.functions[n]) is None
    assert state_sets(attractors(perturbed, "async", reduction=red)) == brute_async(perturbed)


@given(networks(max_nodes=9), st.data())
def test_percolating_on_a_base_equals_percolating_at_once(model, data):
    first = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), max_size=3))
    then = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), max_size=3))
    base = percolate(model, first)
    stepwise = percolate(model, then, base=base)
    at_once = percolate(model, {**first, **then})
    assert stepwise.constants == at_once.constants
    assert stepwise.free == at_once.free
    for n in at_once.free:
        assert truth_table_equal(stepwise.functions[n], at_once.functions[n])
    assert stepwise.fixed == at_once.fixed and {**first, **then}.items() <= at_once.fixed.items()


@given(networks(max_nodes=9), st.data())
def test_reasons_are_earlier_constant_regulators(model, data):
    fixed = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), max_size=3))
    red = percolate(model, fixed)
    rank = {n: i for i, n in enumerate(red.order)}
    assert set(red.order) == set(red.constants)
    for n, why in red.reasons.items():
        if n in fixed:
            assert why == ()
        for reg, value in why:
            assert rank[reg] < rank[n] and red.constants[reg] == value
            assert reg in variables(red.original[n])
        path = red.forcing_path(n)
        assert path[-1] == (n, red.constants[n])


def test_disguised_tautology_is_percolated_like_aeon_inlines_it():
    # BBM 184 (p53-Mdm2): p53_b1's rule is 1 whatever p53_b1 and p53_b2 are; biodivine-aeon
    # (inline_constants with infer_constants) leaves no free node, nor must we.
    m = read_rules_text("input Mdm2cyt_b1 condition\n"
                        "DNAdam = !p53_b1 & DNAdam | p53_b1 & !p53_b2 & DNAdam\n"
                        "Mdm2cyt_b2 = p53_b1 & p53_b2 & Mdm2cyt_b1\n"
                        "Mdm2nuc = !p53_b1 & Mdm2cyt_b1 & !Mdm2cyt_b2 & !DNAdam | !p53_b1 & Mdm2cyt_b1 & Mdm2cyt_b2"
                        " | p53_b1 & Mdm2cyt_b1 & Mdm2cyt_b2\n"
                        "p53_b1 = !p53_b1 & !Mdm2nuc | p53_b1 & !p53_b2 & !Mdm2nuc | p53_b1 & p53_b2\n"
                        "p53_b2 = p53_b1 & !Mdm2nuc\n")
    red = percolate(m, {"Mdm2cyt_b1": 0})
    assert red.free == ()
    assert red.constants == {"Mdm2cyt_b1": 0, "DNAdam": 0, "Mdm2cyt_b2": 0, "Mdm2nuc": 0, "p53_b1": 1,
                             "p53_b2": 1}
