"""SBML-qual: reading (inputs, terms, thresholds, multi-valued species), writing,
provenance, consistency, errors, and agreement with bnet on BBM models."""

import sys
from itertools import product
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors
from mtorlogic.errors import InputError
from mtorlogic.expr import evaluate, var
from mtorlogic.io import read_model, write_model
from mtorlogic.io.sbml import format_sbml, read_sbml_text
from mtorlogic.model import Model, NodeInfo, Rule, truth_table_equal
from mtorlogic.rules import parse_expression

from .mtor import mtor_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _bbm import BBM_MISSING, aeon_direct, model_dirs, seeded_inputs  # noqa: E402
from _formats import differences, fixed_like, projected_signature  # noqa: E402

libsbml = pytest.importorskip("libsbml")

MATH = '<math xmlns="http://www.w3.org/1998/Math/MathML">{}</math>'


def level(species, value, op="eq"):
    return f'<apply><{op}/><ci>{species}</ci><cn type="integer">{value}</cn></apply>'


def species(sid, max_level=1, constant=False, initial=None):
    extra = f' qual:initialLevel="{initial}"' if initial is not None else ""
    return (f'<qual:qualitativeSpecies qual:id="{sid}" qual:compartment="c" qual:constant="{str(constant).lower()}" '
            f'qual:maxLevel="{max_level}"{extra}/>')


def transition(target, terms, default=0, inputs=(), thresholds=None):
    """terms: [(result level, MathML body)]; thresholds: {input id: (species, level)}."""
    listed = "".join(f'<qual:input qual:qualitativeSpecies="{s}" qual:transitionEffect="none"/>' for s in inputs)
    listed += "".join(f'<qual:input qual:id="{i}" qual:qualitativeSpecies="{s}" qual:thresholdLevel="{k}" '
                      'qual:transitionEffect="none"/>' for i, (s, k) in (thresholds or {}).items())
    body = "" if default is None else f'<qual:defaultTerm qual:resultLevel="{default}"/>'
    body += "".join(f'<qual:functionTerm qual:resultLevel="{r}">{MATH.format(m)}</qual:functionTerm>'
                    for r, m in terms)
    return (f'<qual:transition qual:id="tr_{target}">'
            + (f"<qual:listOfInputs>{listed}</qual:listOfInputs>" if listed else "")
            + f'<qual:listOfOutputs><qual:output qual:qualitativeSpecies="{target}" '
            'qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>'
            + (f"<qual:listOfFunctionTerms>{body}</qual:listOfFunctionTerms>" if body else "")
            + "</qual:transition>")


def document(all_species, transitions):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" '
            'xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" level="3" version="1" '
            'qual:required="true">\n<model id="toy">\n'
            '<listOfCompartments><compartment id="c" constant="true"/></listOfCompartments>\n'
            f"<qual:listOfQualitativeSpecies>\n{chr(10).join(all_species)}\n</qual:listOfQualitativeSpecies>\n"
            f"<qual:listOfTransitions>\n{chr(10).join(transitions)}\n</qual:listOfTransitions>\n"
            "</model>\n</sbml>\n")


def same(text, expr):
    return truth_table_equal(parse_expression(text), expr)


BOOLEAN = document(
    [species("C", constant=True, initial=1), species("I"), species("J", initial=0), species("A"), species("B"),
     species("D"), species("E"), species("F")],
    [
        transition("A", [(0, f"<apply><and/>{level('I', 1)}{level('C', 1)}</apply>")], default=1),
        transition("B", [(1, "<apply><geq/><ci>A</ci><ci>theta</ci></apply>")], thresholds={"theta": ("A", 1)}),
        transition("D", [(1, f"<apply><implies/>{level('A', 1)}<apply><xor/>{level('B', 1)}{level('I', 1)}"
                             "</apply></apply>")]),
        transition("E", [(1, '<apply><gt/><cn type="integer">1</cn><ci>B</ci></apply>')]),
        transition("F", [(1, "<true/>")]),
        transition("J", [], default=None),  # no terms at all: how BBM writes an input
    ])


def test_boolean_model_functions_inputs_and_defaults():
    m = read_sbml_text(BOOLEAN)
    assert m.name == "toy"
    assert set(m.inputs) == {"C", "I", "J"}
    assert m.defaults() == {"C": 1, "J": 0}
    assert same("!(I & C)", m.function("A"))
    assert same("A", m.function("B"))
    assert same("!A | (B & !I) | (!B & I)", m.function("D"))
    assert same("!B", m.function("E"))
    assert m.function("F") == ("const", True)


def test_first_matching_term_wins_when_terms_overlap():
    text = document([species("A"), species("B"), species("X")],
                    [transition("X", [(0, level("A", 1)), (1, f"<apply><or/>{level('A', 1)}{level('B', 1)}</apply>")])])
    assert same("!A & B", read_sbml_text(text).function("X"))


def test_multi_valued_species_is_refused_with_its_name_and_line():
    text = document([species("X", max_level=2), species("Y")], [transition("Y", [(1, level("X", 2))])])
    with pytest.raises(InputError) as err:
        read_sbml_text(text, source="mv.sbml")
    problem = err.value.problems[0]
    assert problem.line == text.splitlines().index(species("X", max_level=2)) + 1
    assert "'X' is multi-valued (maxLevel 2)" in problem.message
    assert "X_b1, X_b2" in problem.message and "--booleanize" in problem.message


# X has levels 0..2; targets: X -> 2 when Y and X >= 1, else 1 when Y, else 0 (overlapping terms, first
# match wins); Y -> 1 when X < 2; Z -> 1 when X == 1.
MULTI = document(
    [species("X", max_level=2), species("Y"), species("Z")],
    [transition("X", [(2, f"<apply><and/>{level('Y', 1)}{level('X', 1, 'geq')}</apply>"), (1, level("Y", 1))]),
     transition("Y", [(1, level("X", 2, "lt"))]),
     transition("Z", [(1, level("X", 1))])])


def multi_valued_targets(x, y, z):
    return {"X": 2 if y and x >= 1 else 1 if y else 0, "Y": int(x < 2), "Z": int(x == 1)}


def test_booleanized_steps_are_the_multi_valued_steps():
    m = read_sbml_text(MULTI, booleanize=True)
    assert set(m.nodes) == {"X_b1", "X_b2", "Y", "Z"}
    for x, y, z in product(range(3), range(2), range(2)):
        state = {"X_b1": x >= 1, "X_b2": x >= 2, "Y": bool(y), "Z": bool(z)}
        flips = {(n, not state[n]) for n in m.nodes if bool(evaluate(m.function(n), state)) != state[n]}
        expected = set()
        for name, target in multi_valued_targets(x, y, z).items():
            current = {"X": x, "Y": y, "Z": z}[name]
            if name == "X" and target != x:  # one level at a time: flip the bit of the level crossed
                expected.add((f"X_b{x + 1}", True) if target > x else (f"X_b{x}", False))
            elif name != "X" and target != current:
                expected.add((name, bool(target)))
        assert flips == expected, (x, y, z)


def test_booleanized_invalid_states_are_repaired_and_never_attract():
    m = read_sbml_text(MULTI, booleanize=True)
    state = {"X_b1": False, "X_b2": True, "Y": True, "Z": False}
    assert evaluate(m.function("X_b1"), state)  # X_b2 without X_b1 is left at once
    for a in attractors(m):
        assert all(row[a.nodes.index("X_b1")] >= row[a.nodes.index("X_b2")] for row in a.states.tolist())


def test_booleanized_names_may_not_collide_with_species():
    text = document([species("X", max_level=2), species("X_b2")], [transition("X_b2", [(1, level("X", 1))])])
    with pytest.raises(InputError, match="two species would become the same node .*: X_b2"):
        read_sbml_text(text, booleanize=True)


def test_booleanize_through_the_cli(tmp_path):
    source = tmp_path / "mv.sbml"
    source.write_text(MULTI)
    runner = CliRunner()
    refused = runner.invoke(main, ["convert", str(source), str(tmp_path / "mv.bnet")])
    assert refused.exit_code == 2 and "multi-valued" in refused.output and "Traceback" not in refused.output
    done = runner.invoke(main, ["convert", str(source), str(tmp_path / "mv.bnet"), "--booleanize"])
    assert done.exit_code == 0, done.output
    assert set(read_model(tmp_path / "mv.bnet").nodes) == {"X_b1", "X_b2", "Y", "Z"}


@pytest.mark.parametrize("text, where, words", [
    (BOOLEAN[:400], ":", "Unclosed XML"),
    ('<?xml version="1.0"?><sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1">'
     '<model id="m"/></sbml>', ":1", "not an SBML-qual model"),
    (document([species("A"), species("B")], [transition("B", [(1, '<apply><plus/><ci>A</ci><cn>1</cn></apply>')])]),
     ":", "transition 'tr_B': unsupported MathML <plus> in 'A + 1'"),
    (document([species("B")], [transition("B", [(1, level("Q", 1))])]), ":", "'Q' in a function term is not"),
    (document([species("B")], [transition("B", [(1, "<true/>")]), transition("B", [(1, "<false/>")])]), ":",
     "'B' is set by two transitions"),
    (document([species("B")], [transition("Q", [(1, "<true/>")])]), ":", "sets 'Q', which is not"),
])
def test_malformed_sbml_is_located(text, where, words):
    with pytest.raises(InputError) as err:
        read_sbml_text(text, source="bad.sbml")
    message = str(err.value.problems[0])
    assert message.startswith("bad.sbml" + where) and words in message, message


def test_truncated_sbml_through_the_cli(tmp_path):
    path = tmp_path / "cut.sbml"
    path.write_text(BOOLEAN[: len(BOOLEAN) // 2])
    result = CliRunner().invoke(main, ["attractors", str(path)])
    assert result.exit_code == 2
    first = result.output.strip().splitlines()[0]
    assert first.startswith(f"error: {path}:") and first.split(":")[2].isdigit(), first
    assert "Traceback" not in result.output


def test_written_mtor_model_is_consistent_and_keeps_provenance():
    model = mtor_model()
    text = format_sbml(model)
    doc = libsbml.readSBMLFromString(text)
    assert doc.checkConsistency() == 0, [doc.getError(i).getMessage() for i in range(doc.getNumErrors())]
    again = read_sbml_text(text)
    assert again.nodes == model.nodes and again.inputs == model.inputs
    for n in model.nodes:
        a, b = model.info(n), again.info(n)
        assert (a.name, a.kind, a.aliases, a.default) == (b.name, b.kind, b.aliases, b.default), n
        rule = model.rule(n)
        provenance = [a.provenance] + ([rule.provenance] if rule is not None and n not in model.inputs else [])
        again_provenance = [b.provenance] + ([again.rule(n).provenance] if len(provenance) == 2 else [])
        for p, q in zip(provenance, again_provenance):
            assert (p.refs, p.section, p.evidence) == (q.refs, q.section, q.evidence), n
    assert any(model.rule(n).provenance.evidence for n in model.rules)  # the check above had something to check


def test_ids_that_are_not_sbml_identifiers_come_back(tmp_path):
    m = Model({"a.b": Rule("a.b", var("1x")), "c-d": Rule("c-d", var("a.b"))}, {"1x": NodeInfo("1x", default=1)})
    write_model(m, tmp_path / "x.sbml")
    doc = libsbml.readSBMLFromFile(str(tmp_path / "x.sbml"))
    ids = [s.getId() for s in doc.getModel().getPlugin("qual").getListOfQualitativeSpecies()]
    assert ids == ["_1x", "a_b", "c_d"]
    again = read_model(tmp_path / "x.sbml")
    assert again.nodes == m.nodes and differences(m, again) == [] and again.defaults() == {"1x": 1}


# Published models: the SBML-qual reading is the bnet reading, and so are its attractors.
SAMPLE = ["003", "009", "014", "026", "039", "043", "059", "094", "113", "146"]
FOLDERS = [d for d in model_dirs() if d.name[:3] in SAMPLE]


@pytest.mark.skipif(not FOLDERS, reason=BBM_MISSING)
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name[:3])
def test_bbm_sbml_reads_as_bnet_with_the_same_attractors(folder):
    bnet = read_model(folder / "model.bnet")
    sbml = read_model(folder / "model.sbml")
    assert sbml.name == bnet.name
    assert differences(bnet, sbml) == []
    values = seeded_inputs(bnet)
    fixed_bnet = bnet.fix(values)
    expected = projected_signature(attractors(fixed_bnet), bnet.nodes)
    assert projected_signature(attractors(fixed_like(sbml, bnet, values)), bnet.nodes) == expected
    assert projected_signature(aeon_direct(fixed_bnet), bnet.nodes) == expected
