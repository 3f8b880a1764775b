"""The graded response (issue 9): fates, responses, the text and JSON of run, readout options,
and the causal evidence of every bundled scenario."""

import json
import re

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import Attractor
from mtorlogic.errors import InputError
from mtorlogic.phenotype import Readouts, check_expectations, evaluate, respond
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario, parse_scenario, read_scenario

from .evidence_check import violations
from .mtor import RULES, SCENARIOS, mtor_catalog, mtor_model
from .networks import drug_networks
from .switch import switch_catalog, switch_model


def run(*args):
    return CliRunner().invoke(main, list(args))


def drugs_of(*classes):
    return sorted(d for d, e in mtor_catalog().drugs.items() if e.get("class") in classes)


def test_the_catalog_has_the_classes_the_review_contrasts():
    assert len(drugs_of("rapalog")) >= 2 and len(drugs_of("atp_competitive_mtor", "dual_pi3k_mtor")) >= 8


@pytest.mark.parametrize("drug", drugs_of("rapalog"))
def test_each_rapalog_is_cytostatic_in_the_default_background(drug):  # §4.1
    result = evaluate(mtor_model(), Scenario(drugs=(drug,)), mtor_catalog())
    assert (result.verdict, result.response) == ("sensitive", "cytostatic")


@pytest.mark.parametrize("drug", drugs_of("atp_competitive_mtor", "dual_pi3k_mtor"))
def test_each_atp_competitive_and_dual_inhibitor_arrests_alone_and_kills_with_navitoclax(drug):  # §4.2, §4.3
    """Alone they arrest (G1: Thoreen 2009, Feldman 2009); the MCL-1 they remove (translation) makes a
    BCL-2/BCL-XL BH3 mimetic lethal, and RB-free E2F (PUMA) primes the cell so that they kill alone."""
    result = evaluate(mtor_model(), Scenario(drugs=(drug,)), mtor_catalog())
    assert (result.verdict, result.response) == ("sensitive", "cytostatic")
    both = evaluate(mtor_model(), Scenario(drugs=(drug, "navitoclax")), mtor_catalog(), shares=False)
    assert both.response == "cytotoxic"
    primed = evaluate(mtor_model(), Scenario(alterations=("RB1_loss",), drugs=(drug,)), mtor_catalog(), shares=False)
    assert primed.response == "cytotoxic"


def att(p, a, kind="fixed_point"):
    return Attractor(kind, 1, {"P": p, "A": a}, ("P", "A"))


R = Readouts("P", "A")


@pytest.mark.parametrize("treated, response", [
    ([att(0, 1)], "cytotoxic"),
    ([att(1, 1)], "cytotoxic"),  # apoptosis dominates a state where both are on
    ([att(0.5, 0.5, "cycle")], "cytotoxic"),  # a cycle that visits death is not a survivor
    ([att(0, 0)], "cytostatic"),
    # death reachable and nothing proliferates: the drug can commit the cell (issue 17: death is absorbing)
    ([att(0, 0), att(0, 1)], "cytotoxic"),
    ([att(1, 0)], "resistant"),
    # a cycle that proliferates in only some of its states: a negative feedback loop the drug sets going holds
    # growth back for part of the time (ER-induced SGK1 under alpelisib, er.rules): partial, not resistant
    ([att(0.5, 0, "cycle")], "partial"),
    ([att(1, 0), att(0.5, 0, "cycle")], "partial"),
    ([att(1, 0), att(1, 0, "cycle")], "resistant"),
    ([att(1, 0), att(0, 1)], "partial"),
    ([att(1, 0), att(0, 0)], "partial"),
])
def test_responses_from_fates(treated, response):
    assert respond([att(1, 0)], treated, R) == response
    assert respond([att(0, 0)], treated, R) == "not_applicable"
    assert respond([att(1, 0)], treated, R, treatment=False) == "untreated"


PREDICTED = " (model prediction; no observed outcome recorded)"


def test_text_leads_with_verdict_and_response():
    r = run("run", "--model", str(RULES), "--drug", "everolimus")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "verdict: SENSITIVE — cytostatic: growth arrest, no apoptosis reached" + PREDICTED
    r = run("run", "--model", str(RULES), "--drug", "sapanisertib", "--drug", "navitoclax")
    assert r.output.splitlines()[0] == ("verdict: SENSITIVE — cytotoxic: the drug can commit the cell to apoptosis; "
                                        "no treated attractor proliferates" + PREDICTED)
    # ABCG2 pumps dactolisib, not everolimus ([60]/[61] as written; issue 10): the efflux-resistance case
    r = run("run", "--model", str(RULES), "--mutation", "ABCG2_overexpression", "--drug", "dactolisib")
    assert r.output.splitlines()[0] == "verdict: RESISTANT — proliferation continues in every treated attractor" + PREDICTED


def test_json_has_response_classes_and_scores_when_asked():
    r = run("run", "--model", str(RULES), "--drug", "everolimus", "--json")
    data = json.loads(r.output)
    assert (data["verdict"], data["response"]) == ("sensitive", "cytostatic")
    assert [a["class"] for a in data["treated"]["attractors"]] == ["arrested"]
    assert [a["class"] for a in data["background"]["attractors"]] == ["proliferating"]
    assert "scores" not in data
    data = json.loads(run("run", "--model", str(RULES), "--drug", "everolimus", "--json", "--scores").output)
    assert data["scores"] == {"method": "exact", "apoptotic": 0.0, "proliferating": 0.0, "arrested": 1.0,
                              "states": data["scores"]["states"]}
    r = run("run", "--model", str(RULES), "--mutation", "RB1_loss", "--drug", "sapanisertib", "--scores")
    assert re.search(r"scores: apoptotic 0\.\d+, proliferating 0\.000, arrested 0\.\d+ \(", r.output), r.output


def test_a_cell_held_growing_does_not_proliferate_while_dying():
    """Proliferation needs the absence of Apoptosis (external: Zhang et al. 2008, the T-LGL network).

    Issue 9 found KRAS-mutant cells under sapanisertib at a fixed point that both divided and died. With the
    fate layer (issue 17) sapanisertib sequesters eIF4E whatever KRAS does: the cell arrests. The term still
    decides where growth is held on from outside: in a cell primed by RB-free E2F with Growth fixed on, the
    cell that reaches caspase commitment stops dividing; without the term it would divide while dying."""
    model, catalog = mtor_model(), mtor_catalog()
    kras = evaluate(model, Scenario(alterations=("KRAS_activating",), drugs=("sapanisertib",)), catalog)
    assert [(a.values["Proliferation"], a.values["Apoptosis"]) for a in kras.treated] == [(0, 0)]
    held = Scenario(alterations=("RB1_loss",), fix={"Growth": 1}, drugs=("sapanisertib",))
    result = evaluate(model, held, catalog)
    assert sorted((a.values["Proliferation"], a.values["Apoptosis"]) for a in result.treated) == [(0, 1), (1, 0)]
    assert result.response == "partial"
    without_term = model.with_rule("Proliferation", "Growth & G1S")
    assert sorted((a.values["Proliferation"], a.values["Apoptosis"])
                  for a in evaluate(without_term, held, catalog).treated) == [(1, 0), (1, 1)]


FILES = sorted(SCENARIOS.glob("*.toml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_bundled_scenario_is_coherent_and_its_chains_causal(path):
    r = run("run", str(path), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    for a in data["treated"]["attractors"] + data["background"]["attractors"]:
        if a["kind"] == "fixed_point":
            assert not (a["values"]["Proliferation"] == 1 and a["values"]["Apoptosis"] == 1), path.name
    model, catalog = mtor_model(), mtor_catalog()
    background, treated = read_scenario(path).fixes(model, catalog)
    treatment = {n: v for n, v in treated.items() if background.get(n) != v}
    before = [a["values"] for a in data["background"]["attractors"]]
    after = [a["values"] for a in data["treated"]["attractors"]]
    functions = model.fix(background).functions
    assert violations(functions, before, after, treatment, data["changed"]) == []
    for change in data["changed"]:
        chain = [s["node"] for s in change["forced_by"]]
        assert not chain or (chain[0] in treatment and all(n not in treatment for n in chain[1:]))


def test_old_chains_from_unchanged_nodes_are_gone():
    """Issue 9: chains began at ABCG2_overexpression=0, mTOR_S2215Y=0 and PTEN_loss=0."""
    for drug, node in (("everolimus", "mTORC1"), ("sapanisertib", "mTORC1"), ("dactolisib", "PIP3")):
        result = evaluate(mtor_model(), Scenario(drugs=(drug,)), mtor_catalog())
        change = next(c for c in result.changed if c.node == node)
        assert change.forced_by[0] == (drug, 1), change.forced_by
    # every chain of every change starts at the drug, the one node the treatment changed
    changed = evaluate(mtor_model(), Scenario(drugs=("sapanisertib",)), mtor_catalog()).changed
    assert all(c.forced_by[0] == ("sapanisertib", 1) for c in changed if c.forced_by)


RACE = """input drug drug default 0
input GF condition default 1
X = drug & !Y
Y = drug & !X
Apoptosis = X
Proliferation = GF & !X & (!drug | Y)"""


def test_partial_scenario_names_what_the_dynamics_decide():
    """The drug starts a race the living cell can lose either way: both treated attractors are reached,
    and which one a cell reaches is decided by the dynamics (half and half, exactly)."""
    result = evaluate(read_rules_text(RACE), Scenario(drugs=("drug",)), scores=True)
    assert result.response == "partial" and sorted(result.fates()) == ["apoptotic", "proliferating"]
    assert result.unreached == ()
    x = next(c for c in result.changed if c.node == "X")
    assert x.decided_by == "attractors" and "decided by the dynamics" in x.note()
    dying = result.fates().index("apoptotic") + 1
    assert [i for i, _ in x.attractors] == [dying] and x.attractors[0][1].chain[0] == ("drug", 1)
    assert result.shares is not None and result.shares["probability_proliferative"] == pytest.approx(0.5)
    assert result.scores.method == "exact"
    assert (result.scores.apoptotic, result.scores.proliferating) == (pytest.approx(0.5), pytest.approx(0.5))


def test_a_switch_the_cell_already_sits_in_is_intrinsic_resistance():
    """On a model with memory (tests/switch.py): with the kinase mutation the treated switch has a dying
    and a proliferating attractor, but a cell living with the kinase on before the drug reaches only the
    proliferating one (the other is reported as not reached): resistant, not partial."""
    scenario = Scenario(alterations=("Mut",), drugs=("drug",))
    result = evaluate(switch_model(), scenario, switch_catalog(), scores=True)
    assert result.response == "resistant" and result.fates() == ["proliferating"]
    assert [a.values["Apoptosis"] for a in result.unreached] == [1]
    assert result.scores.method == "exact" and result.scores.proliferating == pytest.approx(1.0)


def test_response_expectations_in_scenarios():
    sc = parse_scenario('drugs = ["everolimus"]\n[[expect]]\nresponse = "cytostatic"\nrefs = [4]\n')
    result = evaluate(mtor_model(), sc, mtor_catalog())
    assert [o.holds for o in check_expectations(result, mtor_model())] == [True]
    sc = parse_scenario('drugs = ["everolimus"]\n[[expect]]\nresponse = "cytotoxic"\nrefs = [4]\n')
    assert [o.found for o in check_expectations(evaluate(mtor_model(), sc, mtor_catalog()), mtor_model())] \
        == ["cytostatic"]
    with pytest.raises(InputError, match=r"<scenario>:3:\d+: response 'cytostatc'"):
        parse_scenario('drugs = ["everolimus"]\n[[expect]]\nresponse = "cytostatc"\n')
    # refs are optional in the format (bundled scenarios must cite: test_scenarios); a missing list is not
    # "not a list" (the merge of issues 9 and 10 had rejected every [[expect]] without refs)
    assert parse_scenario('drugs = ["everolimus"]\n[[expect]]\nresponse = "cytostatic"\n').expect[0].refs == ()


NO_PROLIFERATION_NODE = """input drug drug default 0
input GF condition default 1
Growth = GF & !drug
Caspase = drug
"""


@pytest.mark.parametrize("command", [["run"], ["screen", "--knockouts", "Caspase"],
                                     ["hypotheses", "--max-size", "1"]])
def test_readout_options_give_any_model_a_response(tmp_path, command):
    model = tmp_path / "m.rules"
    model.write_text(NO_PROLIFERATION_NODE)
    r = run(*command, "--model", str(model), "--drug", "drug")
    assert r.exit_code == 2 and "--proliferation/--apoptosis NODE" in r.output
    assert "No such option" not in r.output
    r = run(*command, "--model", str(model), "--drug", "drug", "--proliferation", "Growth", "--apoptosis", "Caspase")
    assert r.exit_code == 0, r.output
    if command == ["run"]:
        assert r.output.startswith("verdict: SENSITIVE — cytotoxic")
    if command[0] == "screen":
        assert "sensitive,cytotoxic" in r.output
    r = run(*command, "--model", str(model), "--drug", "drug", "--proliferation", "Growht", "--apoptosis", "Caspase")
    assert r.exit_code == 2 and "did you mean 'Growth'" in r.output


def test_follow_agrees_with_brute_force_and_its_trap_space_exclusion_is_sound(monkeypatch):
    """follow() (trap-space exclusion first, exact reachability for the rest) against explicit enumeration of
    the asynchronous state graph from every living start state; and, when exact reachability cannot answer
    (a cycle too large to list), what the trap space keeps still holds every attractor really reached."""
    import numpy as np

    from mtorlogic import phenotype
    from mtorlogic.engine import reach
    from mtorlogic.engine.attractors import attractors
    from mtorlogic.engine.basins import reachable_state_graph
    from mtorlogic.engine.percolate import percolate

    readouts = Readouts("x0", "x1")
    compared = excluded = 0
    for m in drug_networks(seed=11, count=60):
        before, treated = m.fix({"d": 0}), m.fix({"d": 1})
        background, targets = attractors(before), attractors(treated)
        if len(targets) < 2:
            continue
        rows = np.concatenate([a.states for a in phenotype.living(background, readouts)]).astype(bool)
        rows[:, treated.nodes.index("d")] = True
        graph, _ = reachable_state_graph(treated.nodes, treated.functions, rows)
        truth = {tuple(sorted(a.values.items())) for a, _ in graph.attractors}
        key = lambda atts: {tuple(sorted(a.values.items())) for a in atts}  # noqa: E731
        _, hit, missed = phenotype.follow(percolate(treated), background, targets, readouts)
        assert key(hit) == truth
        with monkeypatch.context() as patched:  # the exact search cannot answer: the trap space still decides
            patched.setattr(reach, "_decide", lambda *args, **kwargs: None)
            _, kept, left = phenotype.follow(percolate(treated), background, targets, readouts)
        assert truth <= key(kept)
        compared += 1
        excluded += bool(left)
    assert compared >= 10 and excluded >= 3
