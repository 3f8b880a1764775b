"""Stochastic simulation against exact probabilities, on random networks.

The simulation (event-driven, bit-packed, in mtorlogic.engine.simulate) and the
exact absorption probabilities (a sparse linear solve in mtorlogic.engine.basins)
share no code beyond compiling the rules, so agreement checks both.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine.basins import absorption_probabilities
from mtorlogic.engine.simulate import Score, simulate_timecourse
from mtorlogic.expr import CONST
from tests.networks import networks

RUNS = 4000
# Five standard errors of a frequency, at its worst (p = 1/2): 0.5 / sqrt(RUNS) each. A
# frequency this far from its probability has chance below 6e-7 per attractor; the examples
# and seeds are fixed, so the test is deterministic. Ignoring the rates in the simulation
# puts some example about 15 standard errors off.
TOLERANCE = 5 * 0.5 / np.sqrt(RUNS)
STEPS = 60  # every run of a network of up to 8 nodes has reached its attractor long before


def _codes(states: np.ndarray) -> np.ndarray:
    return (states.astype(np.int64) << np.arange(states.shape[1])).sum(axis=1)


def _draw_setting(model, data):
    """Random rates (two classes) and initial chances; held nodes start at their value in both views."""
    rates = {n: data.draw(st.sampled_from([1, 1, 4]), label=f"rate {n}") for n in model.nodes}
    initial = {}
    for n in model.nodes:
        f = model.function(n)
        initial[n] = int(f[1]) if f[0] == CONST else data.draw(st.sampled_from([0, 0.3, 0.5, 1]), label=f"p {n}")
    return rates, initial


@settings(max_examples=40, deadline=None, derandomize=True)
@given(networks(max_nodes=8), st.data())
def test_end_states_converge_to_exact_absorption_probabilities(model, data):
    rates, initial = _draw_setting(model, data)
    exact = absorption_probabilities(model, initial=initial, rates=rates)
    assert abs(sum(p for _, p in exact) - 1) < 1e-9
    tc = simulate_timecourse(model, RUNS, STEPS, initial=initial, rates=rates, seed=7)
    where = {}
    for j, (att, _) in enumerate(exact):
        for code in _codes(att.states):
            where[int(code)] = j
    ended = np.array([where.get(int(c), -1) for c in _codes(tc.final)])
    assert np.all(ended >= 0), "every run should have reached an attractor"
    frequency = np.bincount(ended, minlength=len(exact)) / RUNS
    for (att, p), f in zip(exact, frequency):
        assert abs(f - p) <= TOLERANCE, (att.values, p, f)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(networks(max_nodes=7), st.data())
def test_step_means_and_scores_agree_with_every_runs_states(model, data):
    """The means come from a difference array of flips; the kept states from intervals: both must agree."""
    rates, initial = _draw_setting(model, data)
    nodes = model.nodes
    scores = [Score("levels", tuple((n, float(w)) for w, n in enumerate(nodes[:3], start=1)))]
    target = data.draw(st.sampled_from(nodes))
    steps = data.draw(st.integers(0, 12))
    perturb_at = data.draw(st.integers(0, steps))
    tc = simulate_timecourse(model, 300, steps, initial=initial, rates=rates, scores=scores, seed=3,
                             perturbation={target: 1}, perturb_at=perturb_at, keep_states=True)
    assert np.allclose(tc.mean, tc.states.mean(axis=1))
    weights = np.zeros(tc.states.shape[:2])
    for w, n in enumerate(nodes[:3], start=1):
        weights = np.where(tc.states[:, :, nodes.index(n)] == 1, w, weights)
    assert np.allclose(tc.scores["levels"], weights.mean(axis=1))
    assert np.all(tc.states[perturb_at:, :, nodes.index(target)] == 1)
    assert np.array_equal(tc.states[-1], tc.final)
