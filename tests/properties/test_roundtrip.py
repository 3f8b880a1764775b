"""Write then read gives the same network: same functions, same attractors.

For bnet, BooleanNet, SBML-qual and our own rule language, on random networks
and on the mTOR model; and provenance survives the rule language.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtorlogic.engine.attractors import attractors
from mtorlogic.io._names import IDENTIFIER, legal_names
from mtorlogic.io.bnet import format_bnet, read_bnet_text
from mtorlogic.io.booleannet import format_booleannet, read_booleannet_text
from mtorlogic.io.sbml import format_sbml, read_sbml_text
from mtorlogic.expr import rename
from mtorlogic.model import Model, NodeInfo, Rule, truth_table_equal
from mtorlogic.rules import format_rules, read_rules_text

from ..mtor import mtor_model
from ..networks import networks

FORMATS = {
    "bnet": (format_bnet, read_bnet_text),
    "booleannet": (format_booleannet, read_booleannet_text),
    "sbml": (format_sbml, read_sbml_text),
    "rules": (format_rules, read_rules_text),
}


def round_trip(model, fmt):
    write, read = FORMATS[fmt]
    return read(write(model))


def attractor_states(model):
    """Each attractor as a set of states, each state as a set of (node, value): order-free."""
    return {frozenset(frozenset(zip(a.nodes, row)) for row in a.states.tolist()) for a in attractors(model)}


def assert_same_network(model, again):
    assert set(again.nodes) == set(model.nodes)
    assert set(again.inputs) == set(model.inputs)
    for n in model.nodes:
        assert truth_table_equal(model.function(n), again.function(n)), n


@pytest.mark.parametrize("fmt", FORMATS)
@given(model=networks(max_nodes=8))
def test_random_networks_survive_a_round_trip(fmt, model):
    again = round_trip(model, fmt)
    assert_same_network(model, again)
    assert attractor_states(again) == attractor_states(model)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_mtor_model_survives_a_round_trip(fmt):
    model = mtor_model()
    again = round_trip(model, fmt)
    assert_same_network(model, again)
    background = {n: v for n, v in model.defaults().items()}
    assert attractor_states(again.fix(background)) == attractor_states(model.fix(background))


def test_provenance_survives_the_rule_language():
    model = mtor_model()
    again = round_trip(model, "rules")
    for n in model.nodes:
        a, b = model.info(n), again.info(n)
        assert (a.name, a.kind, a.aliases, a.default) == (b.name, b.kind, b.aliases, b.default), n
        if n in model.inputs:
            pa, pb = a.provenance, b.provenance
        else:
            pa, pb = model.rule(n).provenance, again.rule(n).provenance
        assert (pa.refs, pa.section, pa.evidence) == (pb.refs, pb.section, pb.evidence), n


@given(st.lists(st.text(alphabet="aZ_1.-:", min_size=1, max_size=4), unique=True, max_size=12))
def test_legal_names_are_legal_distinct_and_keep_legal_ones(names):
    reserved = ["and", "NOT"]
    mapping = legal_names(names, reserved, case_sensitive=False)
    renamed = list(mapping.values())
    assert len({r.lower() for r in renamed}) == len(renamed)
    assert all(IDENTIFIER.match(r) and r.lower() not in ("and", "not") for r in renamed)
    assert all(mapping[n] == n for n in names if IDENTIFIER.match(n) and n.lower() not in ("and", "not"))


def odd_names(model):
    """The same network with node ids that are not SBML identifiers (nor valid in our expressions)."""
    new = {n: f"{i}.{n}-p" for i, n in enumerate(model.nodes)}
    rules = {new[t]: Rule(new[t], rename(r.expr, new)) for t, r in model.rules.items()}
    infos = {new[n]: NodeInfo(new[n], kind=model.info(n).kind) for n in model.nodes if n not in model.rules}
    return Model(rules, infos)


@given(model=networks(max_nodes=6))
def test_sbml_gives_back_ids_that_are_not_sbml_identifiers(model):
    model = odd_names(model)
    again = round_trip(model, "sbml")
    assert again.nodes == model.nodes
    assert_same_network(model, again)
