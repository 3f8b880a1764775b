"""reached() against brute force: which attractors of a treated network the untreated ones lead to.

Random networks with a perturbation applied (some nodes held); the starts are every attractor of
the network before it, with the held values written in. The oracle explores the asynchronous state
graph from those states in plain Python and says which treated attractors it enters.
"""

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine.attractors import attractors
from mtorlogic.engine.percolate import percolate
from mtorlogic.engine.reach import reached

from ..networks import _step, key, networks


def reachable_keys(model, starts):
    """Every state the asynchronous dynamics of ``model`` reaches from ``starts`` (state dicts)."""
    seen = {key(s, model.nodes) for s in starts}
    queue = deque(dict(s) for s in starts)
    while queue:
        state = queue.popleft()
        image = _step(model, state)
        for n in model.nodes:
            if image[n] != state[n]:
                nxt = {**state, n: image[n]}
                k = key(nxt, model.nodes)
                if k not in seen:
                    seen.add(k)
                    queue.append(nxt)
    return seen


@settings(max_examples=250, deadline=None)
@given(networks(max_nodes=8), st.data())
def test_reached_equals_exploring_the_state_graph(model, data):
    before_fix = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), max_size=2))
    after_fix = data.draw(st.dictionaries(st.sampled_from(model.nodes), st.integers(0, 1), min_size=1, max_size=2))
    before = model.fix(before_fix)
    treated = model.fix({**before_fix, **after_fix})
    starts = list(attractors(before))
    targets = list(attractors(treated))
    got = reached(percolate(treated), starts, targets)
    held = percolate(treated).fixed
    start_states = [{**dict(zip(a.nodes, map(bool, row))), **{n: bool(v) for n, v in held.items()}}
                    for a in starts for row in a.states]
    explored = reachable_keys(treated, start_states)
    expected = tuple(any(tuple(int(x) for x in row) in explored for row in t.states) for t in targets)
    assert got == expected
