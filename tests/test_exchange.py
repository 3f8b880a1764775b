"""Exchange formats: short SBML-qual names with descriptions in notes, GraphML labels, BooleanNet
initial values, input defaults through every format that can carry them, the catalog as data."""

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

import mtorlogic
from mtorlogic.catalog import Catalog
from mtorlogic.cli import main
from mtorlogic.io import read_model, write_model
from mtorlogic.io.booleannet import format_booleannet, read_booleannet_text
from mtorlogic.io.graphml import format_graphml
from mtorlogic.io.maboss import format_cfg, maboss_names
from mtorlogic.io.sbml import format_sbml, read_sbml_text
from mtorlogic.rules import read_rules_text

MODEL = read_rules_text("""
input GF condition "growth factors (EGF, IGF) present" default 1
input Stress condition "cellular stress" default 0
input Free condition
AKT = GF & !Stress   [4] §2.1 "Growth factors activate AKT."
""")


def test_sbml_names_are_short_and_descriptions_go_to_the_notes():
    import libsbml

    doc = libsbml.readSBMLFromString(format_sbml(MODEL))
    species = {s.getId(): s for s in doc.getModel().getPlugin("qual").getListOfQualitativeSpecies()}
    assert species["GF"].getName() == "GF"
    notes = species["GF"].getNotesString()
    assert "growth factors (EGF, IGF) present" in notes
    assert "Growth factors activate AKT." in doc.getModel().getPlugin("qual").getTransition(0).getNotesString()
    again = read_sbml_text(format_sbml(MODEL))
    assert again.info("GF").name == "growth factors (EGF, IGF) present"
    assert [species[n].getInitialLevel() for n in ("GF", "Stress")] == [1, 0]
    assert not species["Free"].isSetInitialLevel()


def test_foreign_sbml_keeps_a_long_species_name_as_the_description():
    text = format_sbml(MODEL).replace('qual:name="AKT"', 'qual:name="AKT serine/threonine kinase"')
    assert read_sbml_text(text).info("AKT").name == "AKT serine/threonine kinase"


def test_graphml_nodes_have_a_label_and_their_default():
    g = nx.parse_graphml(format_graphml(MODEL))
    assert {n: d["label"] for n, d in g.nodes(data=True)} == {n: n for n in MODEL.nodes}
    assert g.nodes["GF"]["default"] == 1 and g.nodes["Stress"]["default"] == 0
    assert "default" not in g.nodes["Free"] and g.nodes["GF"]["name"] == "growth factors (EGF, IGF) present"


def test_booleannet_initial_values_are_read():
    m = read_booleannet_text("""
A = B = True
C = Random
D = 0
D = 1          # the last value given wins
E = False      # a node given only a value: an input of its own
A *= A
B *= A and not C
C *= B
D *= D
""")
    assert m.defaults() == {"A": 1, "D": 1, "E": 0}
    assert m.info("B").default == 1 and m.info("C").default is None  # a start value, not an input default
    assert set(m.inputs) == {"A", "D", "E"}


def test_booleannet_writes_initial_values_and_reads_them_back():
    text = format_booleannet(MODEL)
    assert "GF = True" in text and "Stress = False" in text and "Free =" not in text
    assert read_booleannet_text(text).defaults() == MODEL.defaults()


@pytest.mark.parametrize("extension", [".rules", ".sbml", ".booleannet"])
def test_input_defaults_survive_every_format_that_carries_them(tmp_path, extension):
    model = mtorlogic.load()[0]
    path = tmp_path / f"mtor{extension}"
    write_model(model, path)
    assert read_model(path).defaults() == model.defaults()


def test_maboss_starts_inputs_at_their_defaults():
    model = mtorlogic.load()[0]
    names = maboss_names(model)
    lines = set(format_cfg(model).splitlines())
    for node, value in model.defaults().items():
        assert f"{names[node]}.istate = {value};" in lines


def test_catalog_round_trips_through_its_dict_and_json():
    catalog = mtorlogic.load()[1]
    assert Catalog.from_dict(json.loads(json.dumps(catalog.to_dict()))) == catalog
    changed = catalog.to_dict()
    changed["drugs"]["everolimus"]["refs"].append(999)
    assert Catalog.from_dict(changed) != catalog


@pytest.mark.parametrize("command, key", [("drugs", "drugs"), ("mutations", "alterations")])
def test_cli_exports_the_catalog_as_json_and_csv(command, key):
    catalog = mtorlogic.load()[1]
    table = catalog.drugs if key == "drugs" else catalog.alterations
    runner = CliRunner()
    as_json = runner.invoke(main, [command, "--json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert list(data) == [key]
    assert Catalog.from_dict(data).to_dict()[key] == catalog.to_dict()[key]
    as_csv = runner.invoke(main, [command, "--csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert [r["id"] for r in rows] == list(table)
    first = next(iter(table.values()))
    assert rows[0]["refs"] == ";".join(map(str, first.refs)) and rows[0]["name"] == first.name
