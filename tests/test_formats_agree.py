"""Every format says the same thing: `convert` of the bundled model to each format gives the same model.

One rule for inputs with defaults, in every format: a format that can hold a
default keeps it (rules, BooleanNet initial values, SBML-qual initialLevel,
MaBoSS istate); bnet, which cannot, writes those inputs as constants at their
default and says so. So each converted model, read back with its defaults
applied, has exactly the attractors of the original at its defaults; the
write-only formats hold the same logic (MaBoSS) and the same signed graph
(GraphML). SBML species carry what they are (UniProt, DrugBank, ChEBI), from
rules/identifiers.toml.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from mtorlogic.bundled import RULES
from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors
from mtorlogic.identifiers import parse_identifiers, read_identifiers
from mtorlogic.io import read_model
from mtorlogic.model import truth_table_equal

from .mtor import mtor_model
from .test_io_maboss import parsed_bnd

READABLE = [".rules", ".bnet", ".booleannet", ".sbml"]


def _convert(tmp_path, ext):
    out = tmp_path / f"m{ext}"
    r = CliRunner().invoke(main, ["convert", str(RULES), str(out)])
    assert r.exit_code == 0, r.output
    return out, r


def _signature(atts):
    return sorted(json.dumps(a.values, sort_keys=True) for a in atts)


@pytest.fixture(scope="module")
def original():
    return _signature(attractors(mtor_model().with_defaults()))


@pytest.mark.parametrize("ext", READABLE)
def test_round_trip_has_the_same_attractors(tmp_path, ext, original):
    out, r = _convert(tmp_path, ext)
    back = read_model(out)
    assert set(back.nodes) == set(mtor_model().nodes)
    assert _signature(attractors(back.with_defaults())) == original
    if ext == ".bnet":  # the format that cannot hold a default says what it did instead
        assert "cannot hold input defaults" in r.output and "constants" in r.output
    else:
        assert back.defaults() == mtor_model().defaults()


def test_maboss_holds_the_same_logic_and_starts_at_the_defaults(tmp_path):
    out, _ = _convert(tmp_path, ".bnd")
    model = mtor_model()
    logic = parsed_bnd(out.read_text())
    assert set(logic) == set(model.nodes)
    for n in model.nodes:
        assert truth_table_equal(logic[n], model.function(n)), n
    cfg = out.with_suffix(".cfg").read_text()
    for node, value in model.defaults().items():
        assert re.search(rf"\b{re.escape(node)}\.istate\s*=\s*{value}\s*;", cfg), node


def test_graphml_holds_the_same_signed_graph(tmp_path):
    out, _ = _convert(tmp_path, ".graphml")
    g = nx.read_graphml(out)
    ours = mtor_model().interaction_graph()
    assert set(g.nodes) == set(ours.nodes)
    assert {(u, v) for u, v in g.edges} == {(u, v) for u, v in ours.edges}
    signs = {(u, v): int(d["sign"]) for u, v, d in g.edges(data=True)}
    assert signs == {(u, v): d["sign"] for u, v, d in ours.edges(data=True)}


def test_sbml_species_carry_entity_identifiers(tmp_path):
    import libsbml

    out, _ = _convert(tmp_path, ".sbml")
    table = read_identifiers(RULES)
    doc = libsbml.readSBMLFromFile(str(out))
    qual = doc.getModel().getPlugin("qual")
    found = {}
    for i in range(qual.getNumQualitativeSpecies()):
        qs = qual.getQualitativeSpecies(i)
        for k in range(qs.getNumCVTerms()):
            cv = qs.getCVTerm(k)
            if cv.getBiologicalQualifierType() == libsbml.BQB_IS:
                found[qs.getName()] = [cv.getResourceURI(j) for j in range(cv.getNumResources())]
    assert found == {n: [f"https://identifiers.org/{i}" for i in ids] for n, ids in table.items()}


def test_the_identifier_table_names_nodes_of_the_model_by_kind():
    model = mtor_model()
    table = read_identifiers(RULES)
    proteins = [n for n in table if model.info(n).kind == "protein"]
    drugs = [n for n in table if model.info(n).kind == "drug"]
    assert set(table) <= set(model.nodes)
    assert len(proteins) >= 25 and len(drugs) >= 5
    for n in proteins:
        assert all(i.startswith("uniprot:") for i in table[n]), n
    for n in drugs:
        assert any(i.startswith(("drugbank:", "CHEBI:")) for i in table[n]), n
    # one accession, one node
    accessions = [i for ids in table.values() for i in ids]
    assert len(accessions) == len(set(accessions))


def test_a_malformed_identifier_is_located():
    from mtorlogic.errors import InputError

    with pytest.raises(InputError) as e:
        parse_identifiers('[mTOR]\nis = ["P42345"]\n', "ids.toml")
    assert "ids.toml:1:" in str(e.value) and "compact identifiers" in str(e.value)


def test_check_flags_identifiers_of_nodes_the_model_lost(tmp_path):
    import shutil

    model = tmp_path / "rules"
    shutil.copytree(RULES, model)
    with open(model / "identifiers.toml", "a") as f:
        f.write('\n[TRAF6]\nis = ["uniprot:Q9Y4K3"]\n')
    result = CliRunner().invoke(main, ["check", str(model)])
    assert result.exit_code == 1
    assert "identifiers.toml names a node the model does not have: TRAF6" in result.output
    assert CliRunner().invoke(main, ["check", str(RULES)]).exit_code == 0
