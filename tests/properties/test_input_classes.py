"""Input classes and minimal trap spaces first: the same attractors as one search, and as brute force."""

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine import attractors as engine
from mtorlogic.engine import methods
from mtorlogic.engine.attractors import attractors, attractors_by_inputs, clear_cache
from mtorlogic.engine.percolate import percolate
from mtorlogic.rules import read_rules_text

from ..networks import brute_async, networks, state_sets


@given(networks(max_nodes=9), st.sampled_from(["async", "sync", "mp"]))
def test_split_and_unsplit_answers_are_equal(model, semantics):
    clear_cache()
    unsplit = attractors(model, semantics, exhaustive_limit=30)  # no core this small is split
    classes = list(attractors_by_inputs(model, semantics, "exhaustive", exhaustive_limit=0))
    split = [a for _, atts in classes for a in atts]
    assert sorted(split, key=engine.Attractor._sort_key) == unsplit
    for assigned, atts in classes:  # each class's attractors hold its inputs at their values
        for a in atts:
            assert all(a.values[n] == v for n, v in assigned.items())


def _through_succession(model):
    """Asynchronous attractors with every core, however small, sent the succession-diagram route."""
    clear_cache()
    with patch.object(methods, "SUCCESSION_LIMIT", 0):
        found = attractors(model, "async", exhaustive_limit=0)
    clear_cache()
    return found


@settings(max_examples=40, deadline=None)
@given(networks(max_nodes=8))
def test_the_succession_diagram_route_equals_brute_force(model):
    assert state_sets(_through_succession(model)) == brute_async(model)


def test_an_attractor_outside_every_minimal_trap_space_is_still_found():
    # {x0=1, x2=0} is the only minimal trap space of each input class, yet the states
    # (x0, x2) = (0,0), (0,1), (1,1) form a second attractor that never reaches it
    # (motif-avoidant): the succession-diagram route must find it too.
    model = read_rules_text("x0 = x0 & !x2 | x2 & !x0\nx1 = x1\nx2 = x0 & x2 | !x0 & !x2")
    found = _through_succession(model)
    assert state_sets(found) == brute_async(model)
    assert sorted(a.size for a in found) == [1, 1, 3, 3]
    assert len(percolate(model).free) == 3


@settings(max_examples=40, deadline=None)
@given(networks(max_nodes=8))
def test_attractor_seeds_are_one_state_in_each_attractor(model):
    from mtorlogic.engine.succession import attractor_seeds

    expected = list(brute_async(model))  # frozensets of state tuples (model order)
    for limit in (methods.SUCCESSION_LIMIT, 0):  # aeon's search, then the succession diagram
        with patch.object(methods, "SUCCESSION_LIMIT", limit):
            seeds = attractor_seeds(model)
        assert len(seeds) == len(expected)
        holding = [next(i for i, att in enumerate(expected) if tuple(s[n] for n in model.nodes) in att)
                   for s in seeds]
        assert sorted(holding) == list(range(len(expected)))  # each attractor holds exactly one seed
