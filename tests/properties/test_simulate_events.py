"""Event-driven simulation: updating only what a flip can change gives exactly the runs that
evaluating every rule after every flip gives (the same draws, so the same seed, the same result)."""

from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine import simulate as sim
from mtorlogic.engine.simulate import Score, simulate_timecourse
from tests.networks import networks


def _every_rule_again(self, current, bitsets, runs, flipped):
    """The reference: after any flip, every node's stability from scratch, in every run."""
    unstable = sim._unstable(self.net, self.nodes, current.T.astype(bool))
    rows = np.zeros((current.shape[0], bitsets.shape[1] * 64), dtype=bool)
    rows[:, : unstable.shape[0]] = unstable.T
    bitsets[:] = np.packbits(rows, axis=1, bitorder="little").view(np.uint64)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(networks(max_nodes=9), st.data())
def test_local_updates_equal_recomputing_every_rule(model, data):
    rates = {n: data.draw(st.sampled_from([1, 1, 3]), label=f"rate {n}") for n in model.nodes}
    target = data.draw(st.sampled_from(model.nodes))
    steps = data.draw(st.integers(1, 15))
    options = dict(rates=rates, perturbation={target: data.draw(st.integers(0, 1))},
                   perturb_at=data.draw(st.integers(0, steps)), keep_states=True,
                   scores=[Score("first", ((model.nodes[0], 1.0),))])
    fast = simulate_timecourse(model, 200, steps, seed=5, **options)
    with patch.object(sim._LocalUpdate, "update", _every_rule_again):
        reference = simulate_timecourse(model, 200, steps, seed=5, **options)
    assert np.array_equal(fast.states, reference.states)
    assert np.allclose(fast.mean, reference.mean) and np.allclose(fast.scores["first"], reference.scores["first"])


def test_nodes_read_by_many_regulators_are_evaluated_from_their_rule():
    # TABLE_LIMIT + 2 regulators: no truth table; the rule itself decides, with the same result.
    from mtorlogic.rules import read_rules_text

    k = sim.TABLE_LIMIT + 2
    lines = [f"input u{i} condition" for i in range(k)]
    lines += [f"x{i} = !x{i} & u{i} | x{(i + 1) % k}" for i in range(k)]
    lines.append("hub = " + " | ".join(f"x{i} & !x{(i + 3) % k}" for i in range(k)))
    model = read_rules_text("\n".join(lines))
    fast = simulate_timecourse(model, 300, 10, seed=2, keep_states=True)
    with patch.object(sim._LocalUpdate, "update", _every_rule_again):
        reference = simulate_timecourse(model, 300, 10, seed=2, keep_states=True)
    assert np.array_equal(fast.states, reference.states)
