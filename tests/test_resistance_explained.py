"""A resistant response is explained against the sensitive reference: the blocking chain.

Each resistance mechanism the bundled scenarios exercise (every catalog
alteration of a scenario the model calls resistant) gets its own case: the
blocking chain starts at the alteration, passes only through nodes that differ
between the resistant and the reference treated attractors, and ends at a node
the drug changes in the reference, which an independent evaluation of the
reference scenario confirms.
"""

import json

import pytest
from click.testing import CliRunner

from mtorlogic.blocking import explain_resistance
from mtorlogic.cli import main
from mtorlogic.evidence import value_profile
from mtorlogic.hypotheses import hypotheses
from mtorlogic.phenotype import Readouts, evaluate, respond
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario, read_scenario

from .mtor import SCENARIOS, mtor_catalog, mtor_model


def _resistant_scenarios():
    """(scenario file, scenario) for every bundled scenario of the bundled model the model calls resistant."""
    out = []
    for path in sorted(SCENARIOS.glob("*.toml")):
        sc = read_scenario(path)
        if sc.model is None and sc.drugs and sc.alterations:
            out.append(path)
    return out


RESISTANT = _resistant_scenarios()


@pytest.fixture(scope="module")
def verdicts():
    model, catalog = mtor_model(), mtor_catalog()
    return {p.stem: evaluate(model, read_scenario(p), catalog, shares=False) for p in RESISTANT}


def test_every_resistance_mechanism_of_the_catalog_is_covered(verdicts):
    """Every alteration of a resistant bundled scenario is explained by at least one chain from it."""
    catalog = mtor_catalog()
    mechanisms = {catalog.alteration(a).id for stem, v in verdicts.items() if v.response == "resistant"
                  for a in v.scenario.alterations}
    explained = {n for v in verdicts.values() if v.blocking is not None for c in v.blocking.chains for n, _ in c[:1]}
    assert len(mechanisms) >= 5
    # an alteration shared with a sensitising background (PIK3CA in the breast 'acquired' scenarios) need not
    # block: the reverted one does; every alteration that is reverted by some scenario has a chain
    reverted = {n for v in verdicts.values() if v.blocking is not None for n, _ in v.blocking.reverted}
    assert reverted <= explained
    alone = {catalog.alteration(v.scenario.alterations[0]).id for v in verdicts.values()
             if v.response == "resistant" and len(v.scenario.alterations) == 1}
    assert alone <= explained, f"resistance mechanisms without a blocking chain: {sorted(alone - explained)}"


@pytest.mark.parametrize("path", RESISTANT, ids=lambda p: p.stem)
def test_blocking_chain_runs_from_the_alteration_to_a_node_the_drug_changes_in_the_reference(path, verdicts):
    result = verdicts[path.stem]
    if result.response not in ("resistant", "partial"):
        assert result.blocking is None
        return
    model, catalog = mtor_model(), mtor_catalog()
    blocking = result.blocking
    assert blocking is not None, f"{path.stem}: no sensitive reference found"
    assert blocking.reference_response in ("cytostatic", "cytotoxic")
    altered = {catalog.alteration(a).id for a in result.scenario.alterations}
    reverted = {n for n, _ in blocking.reverted}
    # an ER-positive context can be reverted too: there the deepest reference is the ER-negative cell, as
    # the adaptive ER-SGK1 route (er.rules) leaves PI3K/AKT inhibitors only a partial response with ER
    assert reverted <= altered | set(result.scenario.conditions)
    if reverted & altered:
        assert blocking.chains, f"{path.stem}: no chain from {blocking.reverted}"
    else:  # the ER-positive context alone: what it changes is an oscillation, decided by the dynamics
        assert result.response == "partial"
    # the reference, evaluated independently: the scenario without the reverted alterations and conditions
    kept = tuple(a for a in result.scenario.alterations if catalog.alteration(a).id not in reverted)
    conditions = {n: v for n, v in result.scenario.conditions.items() if n not in reverted}
    reference = evaluate(model, Scenario(conditions=conditions, alterations=kept,
                                         fix=result.scenario.fix, drugs=result.scenario.drugs), catalog, shares=False)
    assert reference.response == blocking.reference_response
    changed_in_reference = {c.node for c in reference.changed}
    escaped = [a for a in result.treated if result.readouts.proliferative(a)]
    for chain in blocking.chains:
        start, end = chain[0][0], chain[-1][0]
        assert start in dict(blocking.reverted)
        assert end in changed_in_reference, f"{path.stem}: {end} is not changed by the drug in the reference"
        assert value_profile(escaped, end) != value_profile(reference.treated, end)
        for node, value in chain[1:]:  # every step differs between the resistant and the reference treated case
            assert value_profile(escaped, node) == (value,) != value_profile(reference.treated, node)
        for (regulator, _), (target, _) in zip(chain, chain[1:]):  # and follows the wiring
            assert regulator in model.regulators(target)
    # every blocked node is one the drug changes in the reference and not here
    for b in blocking.blocked:
        assert b.node in changed_in_reference and b.resistant != b.reference


def test_an_efflux_pump_blocks_the_drugs_intracellular_form():
    """ABCG2 over-expression under PF-4989216: the chain ends at the node that reads the drug itself."""
    model, catalog = mtor_model(), mtor_catalog()
    result = evaluate(model, read_scenario(SCENARIOS / "abcg2-pf4989216.toml"), catalog, shares=False)
    (chain, *_) = result.blocking.chains
    assert chain[0] == ("ABCG2_overexpression", 1)
    assert "pf4989216" in model.regulators(chain[-1][0]) and chain[-1][1] == 0


def test_an_escape_route_keeps_a_readout_on_downstream_of_the_drug():
    """KRAS keeps translation on through ERK under everolimus: the drug still inhibits its target, and the
    chain joins the pathway below it."""
    model, catalog = mtor_model(), mtor_catalog()
    result = evaluate(model, read_scenario(SCENARIOS / "kras-lung-everolimus.toml"), catalog, shares=False)
    (chain, *_) = result.blocking.chains
    assert chain[0] == ("KRAS_activating", 1)
    target = catalog.drug("everolimus").get("targets")[0]
    assert target in {c.node for c in result.changed}  # the drug still acts on its target
    assert target not in {b.node for b in result.blocking.blocked}


def test_explain_resistance_reads_only_the_escaping_attractors():
    m = read_rules_text("""input drug drug default 0
input Pump mutation default 0
input GF condition default 1
Inside = drug & !Pump
Loop = Loop & !Inside
Proliferation = GF & (!Inside | Loop)
Apoptosis = Inside & !Loop""")
    result = evaluate(m, Scenario(fix={"Pump": 1}, drugs=("drug",)))
    assert result.response == "resistant"
    assert result.blocking.chains == ((("Pump", 1), ("Inside", 0)),)
    readouts = Readouts()
    escaped = [a for a in result.treated if readouts.proliferative(a)]
    background, treated = Scenario(fix={"Pump": 1}, drugs=("drug",)).fixes(m, __import__("mtorlogic").Catalog())
    again = explain_resistance(m, background, treated, escaped, "partial",
                               lambda b, t, red: (respond(b, t, readouts), b, t))
    assert again is not None and again.points == ("Inside",)


def test_no_reference_no_explanation():
    """A drug that does nothing anywhere has no sensitive reference: nothing is invented."""
    m = read_rules_text("""input drug drug default 0
input Mut mutation default 0
input GF condition default 1
Proliferation = GF | Mut
Apoptosis = drug & !drug""")
    result = evaluate(m, Scenario(fix={"Mut": 1}, drugs=("drug",)))
    assert result.response == "resistant" and result.blocking is None


def test_run_text_and_json_show_the_chain():
    runner = CliRunner()
    r = runner.invoke(main, ["run", "abcg2-pf4989216"])
    assert r.exit_code == 0, r.output
    assert "why it resists" in r.output and "ABCG2_overexpression=1 → ABCG2=1 ⊣ " in r.output
    r = runner.invoke(main, ["run", "abcg2-pf4989216", "--json"])
    data = json.loads(r.output)
    chain = data["resistance"]["chains"][0]
    assert chain[0] == {"node": "ABCG2_overexpression", "value": 1}
    assert data["resistance"]["reference_response"] in ("cytostatic", "cytotoxic")
    assert data["prediction"] is False  # the scenario records the resistant verdict [61]
    r = runner.invoke(main, ["run", "--mutation", "ABCG2_overexpression", "--drug", "pf4989216", "--json"])
    assert json.loads(r.output)["prediction"] is True


def test_the_inhibitor_of_the_mechanism_ranks_first_among_equals():
    """PF-4989216 on ABCG2 over-expression: the ABCG2 inhibitor restores the drug's own effect and ranks
    first among the interventions with the same outcome."""
    model, catalog = mtor_model(), mtor_catalog()
    report = hypotheses(model, catalog, read_scenario(SCENARIOS / "abcg2-pf4989216.toml"), max_size=1, top=10)
    first = report.hypotheses[0]
    assert [str(i) for i in first.interventions] == ["drug:abcg2_inhibitor"] and first.restores
    same = [h for h in report.hypotheses if (h.response, h.share) == (first.response, first.share)]
    assert len(same) > 1 and not any(h.restores for h in same[1:])
    text = report.to_markdown()
    assert "blocked by ABCG2_overexpression=1" in text
    assert "**resistant** (resistant)" not in text


def test_hypotheses_group_interventions_that_act_the_same_way():
    model, catalog = mtor_model(), mtor_catalog()
    report = hypotheses(model, catalog, read_scenario(SCENARIOS / "abcg2-dactolisib.toml"), max_size=1, top=10)
    groups = report.groups()
    assert len(groups) < len(report.hypotheses)
    text = report.to_markdown()
    # each mechanism is described once
    assert text.count("## Mechanism") == len(groups)
    assert "share:" in text
    for group in groups:
        keys = {tuple((c["node"], tuple(c["treated"])) for c in h.mechanism["changed"]) for h in group}
        assert len(keys) == 1


def test_a_resistance_with_memory_is_explained_from_the_attractors_the_cell_reaches():
    """docs/examples/switch: with the kinase mutation the treated switch has two attractors, and the cell,
    living with the kinase on before the drug, reaches only the proliferating one (the other is not
    reached: intrinsic resistance). The chain runs from the mutation to the kinase the drug switches off in
    the reference, read in the attractor reached."""
    from pathlib import Path

    import mtorlogic

    model, catalog = mtorlogic.load(Path(__file__).resolve().parent.parent / "docs" / "examples" / "switch")
    result = evaluate(model, Scenario(alterations=("Mut",), drugs=("drug",)), catalog, shares=False)
    assert result.response == "resistant"
    assert [a.values["Kinase"] for a in result.unreached] == [0]  # the switch's other state, not reached
    blocking = result.blocking
    assert blocking.reference_response == "cytotoxic"
    (chain,) = blocking.chains
    assert chain[0] == ("Mut", 1) and chain[-1][0] in {b.node for b in blocking.blocked}
    escaped = [a for a in result.treated if result.readouts.proliferative(a)]
    assert escaped == list(result.treated)
    assert value_profile(escaped, chain[-1][0]) == (chain[-1][1],)
