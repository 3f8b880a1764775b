"""Input classes and minimal trap spaces first: the same attractors as one search, and as brute force."""

import time
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine import attractors as engine
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


def _through_trap_spaces(model, cover_seconds=engine.COVER_CHECK_SECONDS):
    """Asynchronous attractors with every core, however small, sent the trap-space route."""
    clear_cache()
    with patch.object(engine, "TRAP_SPACE_ROUTE", 0), patch.object(engine, "COVER_CHECK_SECONDS", cover_seconds):
        found = attractors(model, "async", exhaustive_limit=0)
    clear_cache()
    return found


@settings(max_examples=60, deadline=None)
@given(networks(max_nodes=8))
def test_searching_inside_minimal_trap_spaces_equals_brute_force(model):
    assert state_sets(_through_trap_spaces(model)) == brute_async(model)


def test_an_attractor_outside_every_minimal_trap_space_is_still_found():
    # {x0=1, x2=0} is the only minimal trap space of each input class, yet the states
    # (x0, x2) = (0,0), (0,1), (1,1) form a second attractor that never reaches it
    # (motif-avoidant): the trap-space route must notice and search the whole core.
    model = read_rules_text("x0 = x0 & !x2 | x2 & !x0\nx1 = x1\nx2 = x0 & x2 | !x0 & !x2")
    found = _through_trap_spaces(model)
    assert state_sets(found) == brute_async(model)
    assert sorted(a.size for a in found) == [1, 1, 3, 3]
    assert len(percolate(model).free) == 3


def test_a_cover_check_out_of_time_says_so_and_the_whole_core_is_searched():
    from mtorlogic.engine.symbolic import trap_spaces_cover

    # A chain: reaching {x3=1} from x0=0 takes several saturation steps.
    model = read_rules_text("x0 = x0 | x3\nx1 = x0\nx2 = x1\nx3 = x2")
    red = percolate(model)
    assert trap_spaces_cover(red.free, red.functions, [{"x3": 1}]) is False
    assert trap_spaces_cover(red.free, red.functions, [{"x0": 1}, {"x0": 0, "x1": 0, "x2": 0, "x3": 0}]) is True
    assert trap_spaces_cover(red.free, red.functions, [{"x0": 1}], seconds=0) is None


@settings(max_examples=30, deadline=None)
@given(networks(max_nodes=8))
def test_a_cover_check_that_gives_up_leaves_the_answer_unchanged(model):
    assert state_sets(_through_trap_spaces(model, cover_seconds=1e-9)) == brute_async(model)


def test_one_call_spends_the_cover_budget_once_over_all_its_input_classes():
    # Four input classes, each with a core left: after the first check uses up the budget,
    # the other classes are searched directly, and the answer stays exact.
    model = read_rules_text("a = a\nb = b\nx = a | !y\ny = x & b | !x & !b\nz = !z & a | z & !b")
    clear_cache()
    calls = []

    def slow_check(nodes, functions, spaces, seconds=None):
        calls.append(seconds)
        time.sleep(seconds)
        return None

    with patch.object(engine, "TRAP_SPACE_ROUTE", 0), patch.object(engine, "COVER_CHECK_SECONDS", 0.05), \
            patch("mtorlogic.engine.symbolic.trap_spaces_cover", slow_check):
        classes = list(attractors_by_inputs(model, "async", exhaustive_limit=0))
    clear_cache()
    assert len(classes) == 4 and calls == [0.05]
    assert state_sets([a for _, atts in classes for a in atts]) == brute_async(model)
