"""Exact absorption probabilities and basin shares, against a dense Markov-chain oracle."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.catalog import Catalog, Entry
from mtorlogic.engine.basins import BASIN_LIMIT, absorption_probabilities, reachability_shares
from mtorlogic.engine.percolate import percolate
from mtorlogic.errors import MtorlogicError, TooLargeError
from mtorlogic.expr import evaluate
from mtorlogic.phenotype import evaluate as verdict_of
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario
from tests.networks import brute_async, key, networks, states_of


def dense_absorption(model, start, rates):
    """From the definition, in plain Python and dense numpy: the update chain with its self-loops
    (a stable node chosen), and absorption = (I - Q)^-1 R on the transient states."""
    nodes = model.nodes
    index = {key(s, nodes): i for i, s in enumerate(states_of(model))}
    chain = np.zeros((len(index), len(index)))
    total = sum(rates[n] for n in nodes)
    for s in states_of(model):
        x = index[key(s, nodes)]
        for n in nodes:
            value = bool(evaluate(model.function(n), s))
            chain[x, index[key({**s, n: value}, nodes)]] += rates[n] / total
    attractors = sorted(brute_async(model), key=lambda states: min(states))
    absorbing = {index[s]: j for j, states in enumerate(attractors) for s in states}
    transient = [x for x in range(len(index)) if x not in absorbing]
    into = np.zeros((len(index), len(attractors)))
    for x, j in absorbing.items():
        into[x, j] = 1
    if transient:
        q = chain[np.ix_(transient, transient)]
        r = np.array([[sum(chain[x, y] for y, k in absorbing.items() if k == j) for j in range(len(attractors))]
                      for x in transient])
        into[transient] = np.linalg.solve(np.eye(len(transient)) - q, r)
    probability = start @ into
    return {frozenset(states): p for states, p in zip(attractors, probability)}


@settings(max_examples=40, deadline=None, derandomize=True)
@given(networks(max_nodes=6), st.data())
def test_absorption_matches_the_dense_chain(model, data):
    rates = {n: data.draw(st.sampled_from([1, 2, 5])) for n in model.nodes}
    chances = {n: data.draw(st.sampled_from([0, 0.25, 0.5, 1])) for n in model.nodes}
    start = np.array([np.prod([chances[n] if s[n] else 1 - chances[n] for n in model.nodes])
                      for s in states_of(model)])
    expected = dense_absorption(model, start, rates)
    found = {att.state_set(): p for att, p in absorption_probabilities(model, initial=chances, rates=rates)}
    assert found.keys() == expected.keys()
    for states, p in expected.items():
        assert found[states] == pytest.approx(p, abs=1e-9)


def test_rates_decide_a_race_and_uniform_start_splits_a_switch():
    m = read_rules_text("A = !B\nB = !A\n")
    assert [p for _, p in absorption_probabilities(m)] == pytest.approx([0.5, 0.5])
    result = absorption_probabilities(m, initial={"A": 1, "B": 1}, rates={"A": 3})
    assert [(a.values, round(p, 12)) for a, p in result] == [({"A": 0, "B": 1}, 0.75), ({"A": 1, "B": 0}, 0.25)]


def test_on_a_reduction_the_start_is_over_the_core_and_attractors_cover_every_node():
    m = read_rules_text("input GF condition default 1\nA = GF & !B\nB = !A\nC = A\n").with_defaults()
    red = percolate(m)
    result = absorption_probabilities(m, reduction=red, initial={"A": 1, "B": 1, "C": 0})
    assert [(a.values, round(p, 12)) for a, p in result] == [
        ({"GF": 1, "A": 0, "B": 1, "C": 0}, 0.5), ({"GF": 1, "A": 1, "B": 0, "C": 1}, 0.5)]


def test_bad_initial_distributions_and_too_large_networks():
    m = read_rules_text("A = !B\nB = !A\n")
    with pytest.raises(MtorlogicError, match="probability"):
        absorption_probabilities(m, initial={"A": 2})
    with pytest.raises(MtorlogicError, match="summing to 1"):
        absorption_probabilities(m, initial=np.array([0.5, 0.5, 0.5, 0.5]))
    big = read_rules_text("\n".join(f"X{i} = !X{(i + 1) % (BASIN_LIMIT + 1)}" for i in range(BASIN_LIMIT + 1)))
    with pytest.raises(TooLargeError, match="simulation"):
        absorption_probabilities(big)


PARTIAL = """input drug drug default 0
input GF condition default 1
A = GF & !B
B = !A | X
X = B & drug
Proliferation = A
Apoptosis = B & drug
"""


def test_partial_verdict_carries_the_exact_probability_of_proliferating():
    m = read_rules_text(PARTIAL)
    catalog = Catalog(drugs={"drug": Entry("drug", "drug", "a drug")})
    result = verdict_of(m, Scenario(drugs=("drug",)), catalog)
    assert result.verdict == "partial"
    shares = result.shares
    assert shares["only_class"] <= shares["probability_proliferative"] <= shares["only_class"] + shares["both"]
    treated = m.with_defaults().fix({"drug": 1})
    red = percolate(treated)
    exact = absorption_probabilities(treated, reduction=red)
    assert shares["probability_proliferative"] == pytest.approx(sum(p for a, p in exact if a.values["A"] == 1))
    direct = reachability_shares(red, [a.values["A"] == 1 for a, _ in exact])
    assert direct["probability_class"] == pytest.approx(shares["probability_proliferative"])
