"""The succession route's faster reading of biobalm's clingo answers gives biobalm's own answers.

While :mod:`mtorlogic.engine.succession` runs biobalm, two of biobalm's readers (a clingo model
as a fixed point, and as a trap space) are swapped for ones that look atoms up by clingo's
integer instead of printing each one. Here both read the same answers of biobalm's own
programs (trap spaces, minimal and maximal; fixed points of the state graph with no node
retained and with some) on random networks, and must agree exactly; afterwards the
originals are back in place.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from mtorlogic.engine.succession import _faster_answers
from mtorlogic.engine.symbolic import to_aeon

from ..networks import networks


def _answers(model, retained):
    from biobalm.petri_net_translation import network_to_petrinet
    from biobalm.trappist_core import compute_fixed_point_reduced_STG, trappist

    petri_net = network_to_petrinet(to_aeon(model.nodes, model.functions))
    def key(spaces):
        return sorted(sorted(s.items()) for s in spaces)

    return (key(trappist(petri_net, problem="min")), key(trappist(petri_net, problem="max")),
            key(compute_fixed_point_reduced_STG(petri_net)),
            key(compute_fixed_point_reduced_STG(petri_net, retained_set=retained)))


@settings(max_examples=40, deadline=None)
@given(networks(max_nodes=8, allow_inputs=False), st.data())
def test_faster_readers_give_biobalms_answers(model, data):
    from biobalm import trappist_core

    retained = {n: data.draw(st.integers(0, 1)) for n in model.nodes if data.draw(st.booleans())}
    originals = trappist_core._clingo_model_to_fixed_point, trappist_core._clingo_model_to_space
    own = _answers(model, retained)
    with _faster_answers():
        assert trappist_core._clingo_model_to_space is not originals[1]
        faster = _answers(model, retained)
    assert faster == own
    assert (trappist_core._clingo_model_to_fixed_point, trappist_core._clingo_model_to_space) == originals


def test_biobalms_limit_on_stable_motifs_is_a_clean_refusal():
    # Random 640-node networks can give a trap space with more stable motifs than biobalm's limit
    # (100,000): that is a TooLargeError saying what to do, not biobalm's RuntimeError. Here the
    # limit is lowered to 2 on three independent switches (eight stable motifs at the root).
    from unittest.mock import patch

    import pytest
    from biobalm import SuccessionDiagram

    from mtorlogic.engine.succession import attractor_seeds
    from mtorlogic.errors import TooLargeError
    from mtorlogic.rules import read_rules_text

    model = read_rules_text("\n".join(f"A{i} = !B{i}\nB{i} = !A{i}" for i in range(3)))
    config = SuccessionDiagram.default_config()
    config["max_motifs_per_node"] = 2
    with patch.object(SuccessionDiagram, "default_config", staticmethod(lambda: dict(config))), \
            patch("mtorlogic.engine.methods.SUCCESSION_LIMIT", 0), pytest.raises(TooLargeError, match="stable motifs"):
        attractor_seeds(model)
    assert len(attractor_seeds(model)) == 8
