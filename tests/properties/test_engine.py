"""The engine's exact attractors against the definitions, on random networks."""

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine import attractors as engine
from mtorlogic.engine.attractors import attractors
from mtorlogic.engine.percolate import percolate
from mtorlogic.expr import evaluate

from ..networks import brute_async, brute_min_trap_spaces, brute_sync, networks, space_set, state_sets


@given(networks(max_nodes=10))
def test_exhaustive_async_equals_brute_force(model):
    assert state_sets(attractors(model, "async", "exhaustive")) == brute_async(model)


@given(networks(max_nodes=8))
def test_symbolic_async_equals_exhaustive(model):
    assert state_sets(attractors(model, "async", "symbolic")) == state_sets(attractors(model, "async", "exhaustive"))


@given(networks(max_nodes=10))
def test_exhaustive_sync_equals_brute_force(model):
    assert state_sets(attractors(model, "sync", "exhaustive")) == brute_sync(model)


@given(networks(max_nodes=6))
def test_minimal_trap_spaces_equal_brute_force(model):
    expected = brute_min_trap_spaces(model)
    assert space_set(attractors(model, "mp", "exhaustive")) == expected
    assert space_set(attractors(model, "mp", "symbolic")) == expected
    assert space_set(attractors(model, "mp", "asp")) == expected


@settings(max_examples=60)
@given(networks(max_nodes=9))
def test_streamed_sync_search_equals_brute_force(model):
    # Tiny chunks and compaction threshold send even small networks through the streamed path.
    with patch.multiple(engine, SYNC_CHUNK=4, SYNC_COMPACT=2):
        engine.clear_cache()
        found = attractors(model, "sync", "exhaustive")
    engine.clear_cache()
    assert state_sets(found) == brute_sync(model)


@given(networks(max_nodes=10), st.data())
def test_percolation_preserves_attractors(model, data):
    fixed = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), max_size=3))
    perturbed = model.fix(fixed)
    red = percolate(perturbed)
    # The oracle sees the whole perturbed network; the engine solves the core only.
    assert state_sets(attractors(perturbed, "async", reduction=red)) == brute_async(perturbed)
    for a in attractors(perturbed, "async", reduction=red):
        for node, value in red.constants.items():
            assert a.values[node] == value


@given(networks(max_nodes=10))
def test_fixed_points_satisfy_f_of_x_equals_x(model):
    for a in attractors(model, "async", "exhaustive"):
        if a.kind == "fixed_point":
            state = {n: bool(a.values[n]) for n in model.nodes}
            assert all(bool(evaluate(model.function(n), state)) == state[n] for n in model.nodes)


@given(networks(max_nodes=10))
def test_sync_attractors_are_cycles_of_the_sync_map(model):
    for a in attractors(model, "sync", "exhaustive"):
        states = a.state_set()
        for s in states:
            env = dict(zip(model.nodes, map(bool, s)))
            image = tuple(int(bool(evaluate(model.function(n), env))) for n in model.nodes)
            assert image in states


@given(networks(max_nodes=8), st.sampled_from(["async", "sync", "mp"]))
def test_splitting_by_free_inputs_preserves_attractors(model, semantics):
    # exhaustive_limit=0 sends every core with a free input through the split path.
    split = attractors(model, semantics, "exhaustive", exhaustive_limit=0)
    if semantics == "mp":
        assert space_set(split) == brute_min_trap_spaces(model)
    else:
        assert state_sets(split) == (brute_async if semantics == "async" else brute_sync)(model)


@given(st.integers(1, 80).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n))))
def test_small_graph_strong_components_match_scipy(graph):
    """Small state graphs are split in Python (no scipy import on a cold `run`); the partition is scipy's."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n, edges = graph
    src = np.array([a for a, _ in edges], dtype=np.int64)
    dst = np.array([b for _, b in edges], dtype=np.int64)
    count, labels = engine._strong_components(n, src, dst)
    expected, reference = connected_components(csr_matrix((np.ones(len(src), np.int8), (src, dst)), shape=(n, n)),
                                               directed=True, connection="strong")
    assert count == expected and len(set(zip(labels.tolist(), reference.tolist()))) == count
    with patch.object(engine, "SMALL_GRAPH", 0):  # the scipy route gives the same terminal components
        big = {tuple(sorted(c.tolist())) for c in engine.terminal_sccs(n, src, dst)}
    assert {tuple(sorted(c.tolist())) for c in engine.terminal_sccs(n, src, dst)} == big
