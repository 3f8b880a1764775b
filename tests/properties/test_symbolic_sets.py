"""Minimal trap spaces held as a symbolic set, and the DNF cubes of the ASP encoding, against brute force."""

from itertools import product
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine import cubes
from mtorlogic.engine.symbolic_sets import summarize_trap_spaces, trap_space_set
from mtorlogic.expr import evaluate

from ..networks import brute_min_trap_spaces, expressions, networks


@settings(max_examples=60, deadline=None)
@given(networks(max_nodes=6), st.sampled_from(["symbolic", "asp", "exhaustive"]))
def test_count_marginals_and_members_equal_brute_force(model, method):
    """Whichever way the set is built (one BDD, or members listed by clingo or the state graph)."""
    expected = brute_min_trap_spaces(model)  # {sorted (node, value) pairs of the fixed nodes}
    spaces = trap_space_set(model, method=method)
    assert spaces.count == len(expected)
    members = {tuple(sorted((n, v) for n, v in m.items() if v != "*")) for m in spaces.members()}
    assert members == expected
    for node, (zeros, ones, free) in spaces.marginals().items():
        fixed = [dict(space).get(node) for space in expected]
        assert (zeros, ones, free) == (fixed.count(0), fixed.count(1), fixed.count(None))


@settings(max_examples=30, deadline=None)
@given(networks(max_nodes=6), st.integers(0, 2**16), st.sampled_from(["symbolic", "asp"]))
def test_a_seeded_sample_is_made_of_members_and_repeats_with_its_seed(model, seed, method):
    expected = brute_min_trap_spaces(model)
    first = summarize_trap_spaces(model, limit=5, seed=seed, method=method)
    assert all(tuple(sorted((n, v) for n, v in m.items() if v != "*")) in expected for m in first.members)
    assert summarize_trap_spaces(model, limit=5, seed=seed, method=method).members == first.members
    assert len(summarize_trap_spaces(model, limit=3, method=method).members) == min(3, len(expected))


@settings(max_examples=40, deadline=None)
@given(networks(max_nodes=7))
def test_the_route_chosen_by_the_estimate_lists_the_minimal_trap_spaces(model):
    """attractors(mp) through aeon or clingo, as the estimate chooses (made to choose each by
    pretending the core has more free inputs), equals brute force."""
    from mtorlogic.engine import methods
    from mtorlogic.engine.attractors import attractors, clear_cache

    expected = brute_min_trap_spaces(model)
    for per_space in (0.0, 1.0):  # aeon never cheaper / always cheaper
        clear_cache()
        with patch.object(methods, "ASP_SECONDS_PER_SPACE_NODE", per_space):
            found = attractors(model, "mp", exhaustive_limit=0)
        assert {tuple(sorted((n, v) for n, v in a.values.items() if v != "*")) for a in found} == expected
        assert len(found) == len(expected)


NAMES = ["a", "b", "c", "d"]


@given(expressions(NAMES, depth=4), st.booleans(), st.sampled_from([1, 256]), st.sampled_from([0, 20]))
def test_dnf_cubes_cover_exactly_where_the_function_takes_the_value(e, value, limit, tabled):
    # limit 1: every junction falls back, to Shannon splits (tabled 0) or to the truth table's cover (20)
    with patch.object(cubes, "CUBE_LIMIT", limit), patch.object(cubes, "TABLE_VARIABLES", tabled):
        found = cubes.dnf(e, value)
    for cube in found:
        assert len({n for n, _ in cube}) == len(cube)  # consistent: no x & !x
    if limit == 1 and tabled:  # the table's cover is irredundant: no cube inside another
        assert not any(a < b for a in found for b in found)
    for bits in product((False, True), repeat=len(NAMES)):
        state = dict(zip(NAMES, bits))
        covered = any(all(state[n] == v for n, v in cube) for cube in found)
        assert covered == (bool(evaluate(e, state)) == value)


def test_a_list_past_its_limit_is_built_as_a_set_instead():
    """The estimate said clingo; the members turned out many more than its bound: aeon's set."""
    from mtorlogic.engine import symbolic_sets
    from mtorlogic.rules import read_rules_text

    model = read_rules_text("input a condition\ninput b condition\nx = a | y\ny = x & !b\nz = !z | x")
    with patch.object(symbolic_sets, "LISTED_LIMIT", 2):
        spaces = trap_space_set(model, method="auto")
        listed = trap_space_set(model, method="asp")
    assert spaces._listed is None and listed._listed is not None  # the set, and the list asked for
    assert spaces.count == listed.count == len(brute_min_trap_spaces(model)) > 2
    assert spaces.marginals() == listed.marginals()
