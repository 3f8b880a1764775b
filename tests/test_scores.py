"""Response scores: exact against a dense Markov chain over all states, simulation against exact."""

from itertools import product

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from mtorlogic.engine.attractors import Attractor, attractors
from mtorlogic.errors import MtorlogicError, TooLargeError
from mtorlogic.expr import conjunction, evaluate, negation, var
from mtorlogic.model import Model, Rule
from mtorlogic.phenotype import Readouts
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario
from mtorlogic.scores import fate_scores, response_scores

from .mtor import mtor_catalog, mtor_model
from .networks import brute_async, expressions, networks


def dense_fates(model, start, readouts, fixes):
    """Fate probabilities by a dense linear solve over every state, straight from the definitions:
    from each state, each unstable node flips with equal probability; attractors by brute force."""
    nodes = model.nodes
    states = list(product((0, 1), repeat=len(nodes)))
    index = {s: i for i, s in enumerate(states)}
    fates = ("apoptotic", "proliferating", "arrested")
    fate_of = np.full(len(states), -1)
    p, a = nodes.index(readouts.proliferation), nodes.index(readouts.apoptosis)
    share = {}  # an attractor proliferating in only some of its states divides by that share of them
    for k, attractor in enumerate(brute_async(model)):
        on = sum(s[p] for s in attractor) / len(attractor)
        share[k] = (1.0, 0.0, 0.0) if any(s[a] for s in attractor) else (0.0, on, 1.0 - on)
        for s in attractor:
            fate_of[index[s]] = k
    moves = np.zeros((len(states), len(states)))
    for s in states:
        env = dict(zip(nodes, map(bool, s)))
        unstable = [i for i, n in enumerate(nodes) if bool(evaluate(model.function(n), env)) != bool(s[i])]
        for i in unstable:
            t = list(s)
            t[i] = 1 - t[i]
            moves[index[s], index[tuple(t)]] += 1 / len(unstable)
    transient = np.flatnonzero(fate_of < 0)
    ends = np.zeros((len(states), 3))
    for i in np.flatnonzero(fate_of >= 0):
        ends[i] = share[fate_of[i]]
    if transient.size:
        q = moves[np.ix_(transient, transient)]
        r = moves[np.ix_(transient, np.flatnonzero(fate_of >= 0))] @ ends[fate_of >= 0]
        ends[transient] = np.linalg.solve(np.eye(transient.size) - q, r)
    start_p = np.zeros(len(states))
    for att in start:
        for row in att.states:
            treated = tuple(fixes.get(n, int(v)) for n, v in zip(nodes, row))  # the drug acts at t = 0
            start_p[index[treated]] += 1 / (len(start) * len(att.states))
    return dict(zip(fates, start_p @ ends))


@st.composite
def with_switch(draw):
    """A random network plus a mutual-inhibition switch driven by it: outcomes decided by races."""
    base = draw(networks(min_nodes=1, max_nodes=5))
    names = list(base.nodes)
    rules = dict(base.rules)
    for node, other in (("Sa", "Sb"), ("Sb", "Sa")):
        rules[node] = Rule(node, conjunction([negation(var(other)), draw(expressions(names, depth=1))]))
    return Model(rules, {n: base.info(n) for n in base.nodes})


@given(st.one_of(networks(min_nodes=2, max_nodes=7), with_switch(), with_switch()), st.data())
def test_exact_scores_equal_a_dense_markov_chain(model, data):
    nodes = list(model.nodes)
    pair = ["Sa", "Sb"] if "Sa" in nodes and data.draw(st.booleans()) else \
        data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
    readouts = Readouts(*pair)
    background = {n: data.draw(st.integers(0, 1)) for n in model.inputs}
    drawn = data.draw(st.dictionaries(st.sampled_from(nodes), st.integers(0, 1), min_size=1, max_size=2))
    treatment = {n: v for n, v in drawn.items() if background.get(n) != v}
    assume(treatment)
    start = attractors(model.fix(background))
    if data.draw(st.booleans()):  # or start anywhere: a set of states given as one "attractor", uniformly weighted
        rows = data.draw(st.lists(st.tuples(*[st.integers(0, 1)] * len(nodes)), min_size=1, max_size=6, unique=True))
        start = [Attractor("cycle", len(rows), {}, model.nodes, np.array(rows, dtype=np.uint8))]
    fixes = {**background, **treatment}
    got = fate_scores(model, start, fixes, readouts, method="exact")
    expected = dense_fates(model.fix(fixes), start, readouts, fixes)
    assert got.method == "exact"
    for fate, p in expected.items():
        assert got.get(fate) == pytest.approx(p, abs=1e-9)


RACE = """input drug drug default 0
Caspase = drug & !Rescue
Rescue = drug & !Caspase
Slow = drug
Slower = Slow
Rescue2 = Slower & !Caspase
Proliferation = !drug & !Apoptosis
Apoptosis = Caspase & !Rescue2
"""


def test_a_cell_alternating_between_growth_and_arrest_divides_by_the_share_of_its_states():
    """A negative feedback loop through growth: the treated cell cycles, proliferating in some states
    of the cycle only (response partial); the scores divide it by that share, exactly and simulated."""
    m = read_rules_text("""input drug drug default 0
Signal = !drug | !Brake
Brake = Signal & drug
Proliferation = Signal & !Apoptosis
Apoptosis = Apoptosis
""")
    (cycle,) = [a for a in attractors(m.fix({"drug": 1})) if a.values["Apoptosis"] == 0]
    share = cycle.values["Proliferation"]
    assert 0 < share < 1
    exact = response_scores(m, Scenario(drugs=("drug",)))
    simulated = response_scores(m, Scenario(drugs=("drug",)), method="simulation", runs=2000, seed=1)
    assert exact.method == "exact"
    assert (exact.apoptotic, exact.proliferating, exact.arrested) == pytest.approx((0.0, share, 1 - share))
    assert simulated.proliferating == pytest.approx(share)


def test_simulation_agrees_with_exact_within_its_standard_error():
    m = read_rules_text(RACE)
    exact = response_scores(m, Scenario(drugs=("drug",)))
    simulated = response_scores(m, Scenario(drugs=("drug",)), method="simulation", runs=4000, seed=3)
    assert exact.method == "exact" and simulated.method == "simulation" and simulated.unsettled == 0
    assert 0 < exact.apoptotic < 1
    for fate in ("apoptotic", "proliferating", "arrested"):
        assert abs(simulated.get(fate) - exact.get(fate)) <= 4 * simulated.standard_error[fate] + 1e-12
    assert simulated.to_dict()["runs"] == 4000 and "standard_error" in simulated.to_dict()


def test_too_many_states_falls_back_to_simulation_and_says_why():
    m = read_rules_text(RACE)
    start = attractors(m.with_defaults())
    fixes = {"drug": 1}
    auto = fate_scores(m, start, fixes, Readouts(), state_limit=3, runs=500)
    assert auto.method == "simulation" and "more than 3 states" in auto.reason
    with pytest.raises(TooLargeError, match="simulation"):
        fate_scores(m, start, fixes, Readouts(), method="exact", state_limit=3)
    with pytest.raises(MtorlogicError, match="scoring method"):
        fate_scores(m, start, fixes, Readouts(), method="guess")


def test_unsettled_runs_are_counted_not_classed():
    m = read_rules_text(RACE)
    s = response_scores(m, Scenario(drugs=("drug",)), method="simulation", runs=300, max_steps=1, seed=0)
    assert s.unsettled > 0
    assert s.apoptotic + s.proliferating + s.arrested == pytest.approx(1 - s.unsettled / 300)


@pytest.mark.parametrize("alterations, drug, fate", [
    ((), "everolimus", "arrested"),
    ((), "pimasertib", "arrested"),  # cyclin D needs ERK: MEK inhibition stops G1/S
    (("ABCG2_overexpression",), "dactolisib", "proliferating"),  # the pump keeps the drug out
])
def test_mtor_default_background_scores(alterations, drug, fate):
    s = response_scores(mtor_model(), Scenario(alterations=alterations, drugs=(drug,)), mtor_catalog())
    assert s.method == "exact" and s.get(fate) == pytest.approx(1.0)


def test_a_primed_cell_under_a_kinase_inhibitor_dies_or_arrests_and_simulation_agrees_with_exact():
    """Death is absorbing and reached only when BAX/BAK wins before the cell settles in arrest: in an RB-null
    cell (PUMA from free E2F) under sapanisertib some runs die, the others arrest, none proliferates. The
    exact chain (~16,000 states, solved by pushing the mass through) and the simulation agree."""
    scenario = Scenario(alterations=("RB1_loss",), drugs=("sapanisertib",))
    exact = response_scores(mtor_model(), scenario, mtor_catalog())
    assert exact.method == "exact" and exact.proliferating == 0 and 0.05 < exact.apoptotic < 0.95
    simulated = response_scores(mtor_model(), scenario, mtor_catalog(), method="simulation", runs=4000, seed=1)
    assert simulated.unsettled == 0
    assert abs(simulated.apoptotic - exact.apoptotic) < 4 * simulated.standard_error["apoptotic"]


def test_mtor_simulation_settles_where_exact_says():
    s = response_scores(mtor_model(), Scenario(drugs=("everolimus",)), mtor_catalog(), method="simulation",
                        runs=400, seed=1)
    assert s.unsettled == 0 and s.arrested == 1.0


GUARD = """input drug drug default 0
input inhibitor drug default 0
Guard = !inhibitor
Escape = drug & (Guard | Escape)
Apoptosis = drug & !Guard & !Escape
Proliferation = !drug & !Apoptosis
"""


def test_a_rule_the_treatment_makes_constant_still_takes_an_update():
    """Guard's rule is constant under the inhibitor, but Guard needs one update to fall: Escape can latch
    first. Exact and simulated scores both see the race (a simulator that set Guard at t = 0 would not)."""
    m = read_rules_text(GUARD)
    scenario = Scenario(drugs=("drug", "inhibitor"))
    exact = response_scores(m, scenario)
    assert (exact.apoptotic, exact.arrested) == pytest.approx((0.5, 0.5))
    start = attractors(m.with_defaults())
    assert dense_fates(m.fix({"drug": 1, "inhibitor": 1}), start, Readouts(), {"drug": 1, "inhibitor": 1}) \
        == pytest.approx({"apoptotic": 0.5, "proliferating": 0.0, "arrested": 0.5})
    simulated = response_scores(m, scenario, method="simulation", runs=2000, seed=5)
    assert abs(simulated.apoptotic - 0.5) <= 4 * simulated.standard_error["apoptotic"]


def test_a_background_attractor_too_large_to_list_leaves_the_verdict_and_says_why():
    toggles = "\n".join(f"T{i} = !T{i}" for i in range(13))  # one attractor of 2^13 states
    m = read_rules_text(f"input drug drug default 0\n{toggles}\nProliferation = !drug\nApoptosis = drug & T0\n")
    from mtorlogic.phenotype import evaluate

    result = evaluate(m, Scenario(drugs=("drug",)), scores=True)
    assert result.response == "cytotoxic" and result.scores.method == "not computed"
    assert "8192 states" in result.scores.reason and result.to_dict()["scores"]["method"] == "not computed"
    with pytest.raises(TooLargeError, match="8192 states"):
        response_scores(m, Scenario(drugs=("drug",)))
