"""The bundled model as a rule ensemble: its alternatives, what each changes, agreement on the CLI."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.ensemble import ENUMERATED, SAMPLED, Ensemble
from mtorlogic.ledger import coverage, read_ledger, uncertain
from mtorlogic.phenotype import evaluate
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario, read_scenario
from mtorlogic.synergy import synergy

from .mtor import RULES, SCENARIOS, mtor_catalog, mtor_model

SITES = ("5-3-mutations-mln0128-resistance", "intro-rapalog-mtorc1-only", "1-2-mtorc2-composition",
         "intro-mtorc2-survival", "5-4-hyperfusion", "5-4-mek-erk-activation", "5-4-palbociclib-erk",
         "table1-voxtalib")


def scenario(name: str) -> Scenario:
    return read_scenario(SCENARIOS / f"{name}.toml")


def test_the_bundled_model_reads_its_alternatives_and_enumerates_their_product():
    model = mtor_model()
    assert model.sites == SITES
    assert all("alternatives.rules:" in (a.source or "") for a in model.alternatives)
    ensemble = Ensemble(model)
    # Every ledger entry is read one of two ways: the members are the product of the choices.
    assert len(ensemble) == ensemble.total == 2 ** len(SITES) and ensemble.mode == ENUMERATED
    assert len({m.taken for m in ensemble.members()}) == len(ensemble)
    result = CliRunner().invoke(main, ["check", str(RULES)])
    assert result.exit_code == 0, result.output
    assert "alternatives: 9 on 7 rules, citing 8 ledger entries: an ensemble of 256 members" in result.output
    assert "dead ends: 0" in result.output


def test_every_bundled_alternative_cites_an_entry_the_ledger_leaves_open(tmp_path: Path):
    model = mtor_model()
    ledger = read_ledger(RULES, model)
    assert ledger is not None and coverage(ledger, model).settled == []
    assert all(uncertain(ledger, site) for site in SITES)
    # An alternative citing a settled entry (encoded, no reason, no ambiguity) fails the check.
    copy = tmp_path / "rules"
    shutil.copytree(RULES, copy)
    with open(copy / "alternatives.rules", "a", encoding="utf-8") as f:
        f.write('alt Rheb and mTOR    [2-1-tsc-gap] "a settled statement"\n')
    result = CliRunner().invoke(main, ["check", str(copy)])
    assert result.exit_code == 1, result.output
    assert "alternative citing an entry the ledger leaves no doubt on: alt Rheb [2-1-tsc-gap]" in result.output


def _changes(verdict):
    return {(c.node, tuple(c.background), tuple(c.treated)) for c in verdict.changed}


# Each bundled alternative, alone, and a bundled scenario whose result it changes.
RESPONSE_CHANGES = [
    ("5-3-mutations-mln0128-resistance", "mtor-e2388q-sapanisertib", "cytostatic", "resistant"),
    ("intro-mtorc2-survival", "pten-loss-everolimus", "cytostatic", "resistant"),
    ("table1-voxtalib", "kras-voxtalisib-endometrial", "cytostatic", "resistant"),
]


@pytest.mark.parametrize("site, name, primary, alternative", RESPONSE_CHANGES)
def test_an_alternative_changes_a_bundled_response(site: str, name: str, primary: str, alternative: str):
    model, catalog = mtor_model(), mtor_catalog()
    assert evaluate(model, scenario(name), catalog).response == primary
    assert evaluate(model.reading([site]), scenario(name), catalog).response == alternative


@pytest.mark.parametrize("site, name, change, present", [
    # Without the feedback's RAS term, everolimus no longer raises ERK where IGF alone signals.
    ("5-4-mek-erk-activation", "crosstalk-igf-only-everolimus", ("ERK", (0,), (1,)), False),
    # The review's reading of palbociclib: it switches ERK off.
    ("5-4-palbociclib-erk", "palbociclib-default", ("ERK", (1,), (0,)), True),
    # Rapalogs read as inhibiting mTORC2 (prolonged exposure), or Deptor on mTORC2: everolimus switches it off.
    ("intro-rapalog-mtorc1-only", "abcg2-everolimus", ("mTORC2", (1,), (0,)), True),
    ("1-2-mtorc2-composition", "abcg2-everolimus", ("mTORC2", (1,), (0,)), True),
])
def test_an_alternative_changes_the_evidence(site: str, name: str, change: tuple, present: bool):
    model, catalog = mtor_model(), mtor_catalog()
    assert (change in _changes(evaluate(model, scenario(name), catalog))) is not present
    assert (change in _changes(evaluate(model.reading([site]), scenario(name), catalog))) is present


def test_hyperfusion_read_as_anti_apoptotic_lowers_the_chance_of_death():
    # Death stays reachable (caspases can fire before the mitochondria fuse): the response is the same,
    # the fate probabilities are not.
    model, catalog = mtor_model(), mtor_catalog()
    options = {"scores": True, "score_options": {"method": "simulation", "runs": 1000, "seed": 0}}
    primary = evaluate(model, scenario("sapanisertib-navitoclax"), catalog, **options)
    fused = evaluate(model.reading(["5-4-hyperfusion"]), scenario("sapanisertib-navitoclax"), catalog, **options)
    assert primary.response == fused.response == "cytotoxic"
    assert primary.scores is not None and fused.scores is not None
    assert primary.scores.apoptotic > 0.9 and fused.scores.apoptotic < 0.1


def test_bundled_agreement_equals_each_member_evaluated_alone():
    model, catalog = mtor_model(), mtor_catalog()
    sc = scenario("mtor-e2388q-sapanisertib")
    ensemble = Ensemble(model, size=12, seed=5)
    assert ensemble.mode == SAMPLED and len(ensemble) == 12
    result = ensemble.evaluate(sc, catalog)
    alone = [evaluate(model.reading(m.taken), sc, catalog) for m in result.members]
    for member, shared, own in zip(result.members, result.results, alone):
        assert shared.to_dict() == own.to_dict(), member.name
    counts = Counter(v.response for v in alone)
    assert result.agreement("response") == dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    assert len(counts) > 1  # the sample disagrees, so the counts say something
    again = Ensemble(model, size=12, seed=5)
    assert [m.name for m in again.members()] == [m.name for m in result.members]
    assert [m.name for m in Ensemble(model, size=12, seed=6).members()] != [m.name for m in result.members]


def test_a_resistance_explanation_is_shared_only_where_its_chains_agree():
    # Under M2327I the 5-3 reading routes the kinase through mTOR_hyperactive: the response is the same,
    # the blocking chain one node longer.
    model, catalog = mtor_model(), mtor_catalog()
    sc = scenario("mtor-m2327i-sapanisertib")
    result = Ensemble(model).evaluate(sc, catalog)
    assert result.agreement("response") == {"resistant": 256}
    chains = {}
    for member, verdict in zip(result.members, result.results):
        if member.name in ("primary", "5-3-mutations-mln0128-resistance", "5-3-mutations-mln0128-resistance+"
                           "5-4-hyperfusion", "intro-rapalog-mtorc1-only+table1-voxtalib"):
            assert verdict.to_dict() == evaluate(member.model, sc, catalog).to_dict(), member.name
            assert verdict.blocking is not None
            chains[member.name] = max(len(c) for c in verdict.blocking.chains)
    assert chains == {"primary": 2, "5-3-mutations-mln0128-resistance": 3,
                      "5-3-mutations-mln0128-resistance+5-4-hyperfusion": 3,
                      "intro-rapalog-mtorc1-only+table1-voxtalib": 2}


def test_run_ensemble_reports_agreement_and_dissenters():
    result = CliRunner().invoke(main, ["run", "pten-loss-everolimus", "--ensemble"])
    assert result.exit_code == 0, result.output  # the primary reading meets the scenario's expectations
    assert "256 members, all enumerated (8 ledger entries with alternatives)" in result.output
    assert "response: cytostatic in 224/256 members; resistant in 32/256 (all take intro-rapalog-mtorc1-only=" \
           "primary, 1-2-mtorc2-composition=primary, intro-mtorc2-survival=alternative)" in result.output
    data = json.loads(CliRunner().invoke(main, ["run", "pten-loss-everolimus", "--ensemble", "--json", "--members",
                                                "40", "--seed", "2"]).output)
    assert data["ensemble"]["mode"] == "sampled" and data["ensemble"]["members"] == 40
    assert sum(s["count"] for s in data["response"]["agreement"]) == 40


def test_synergy_of_the_bundled_model_runs_over_its_members():
    result = CliRunner().invoke(main, ["synergy", "pten-loss-everolimus", "--drugs", "everolimus,alpelisib",
                                       "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["members"] == 256


SMALL = """\
input a drug default 0
input b drug default 0
input GF condition default 1
R1 = GF & !a
R2 = GF & !b
Proliferation = R1 | R2
Apoptosis = !R1 & !R2 & !GF
alt Proliferation = R1 & R2 [s1] "r"
alt R2 or a [s2] "r"
"""


def test_synergy_shares_equal_networks_exactly():
    model = read_rules_text(SMALL, statements={"s1", "s2"})
    members = list(Ensemble(model).members())
    fixes = {"a": {"a": 1}, "b": {"b": 1}}
    outputs = {"Proliferation": 1.0, "Apoptosis": -1.0}
    together = synergy(members, fixes, outputs)
    for i, member in enumerate(members):
        alone = synergy([(member.name, member.model)], fixes, outputs)
        for t, values in alone.responses.items():
            assert together.responses[t][i] == values[0], (member.name, t)
    assert together.combinations[0].members_defined == 4


def test_hypotheses_report_each_members_synergy_call(tmp_path: Path):
    # Two parallel routes to growth; one reading needs both. Adding drug b to drug a is synergistic where
    # either route suffices (the primary reading), additive where a alone already stops growth.
    from mtorlogic.catalog import read_catalog
    from mtorlogic.rules import read_rules
    from mtorlogic.synergy import fate_synergy

    (tmp_path / "m.rules").write_text("input a drug default 0\ninput b drug default 0\ninput GF condition default 1\n"
                                      "R1 = GF & !a\nR2 = GF & !b\nProliferation = R1 | R2\nApoptosis = !GF\n"
                                      "alt Proliferation = R1 [s1] \"r\"\n")
    (tmp_path / "catalog.toml").write_text('[drugs.a]\nname = "drug a"\n\n[drugs.b]\nname = "drug b"\n')
    model = read_rules(tmp_path)
    result = Ensemble(model).hypotheses(Scenario(drugs=("a",)), read_catalog(tmp_path), top=3, max_size=1)
    first = result.report.hypotheses[0]
    assert [str(i) for i in first.interventions] == ["drug:b"]
    assert result.synergy[0] == ("synergistic", "additive")  # primary, then s1
    assert first.synergy is not None and first.synergy["call"] == result.synergy[0][0]
    for member, call in zip(result.members, result.synergy[0]):
        assert fate_synergy(member.model, {"a": 0, "b": 0, "GF": 1}, {"a": 1}, {"b": 1})["call"] == call
    assert "combined with the treatment: additive in 1/2 members; synergistic in 1/2 (all take s1=primary)" \
        in result.text()
    assert result.to_dict()["hypotheses"][0]["agreement"]["synergy"][1]["members"] == ["primary"]


@pytest.mark.parametrize("target, primary_term, alternative_term", [
    ("mTORC1_catalytic", "(!ATPcomp_engaged | mTOR_M2327I)", "(!ATPcomp_engaged | mTOR_hyperactive)"),
    ("mTORC2", "(!ATPcomp_engaged | mTOR_M2327I)", "(!ATPcomp_engaged | mTOR_hyperactive)"),
    ("Proliferation", "Growth & ", "(Growth | mTORC2) & "),
])
def test_whole_rule_alternatives_differ_from_their_rule_only_where_they_mean_to(target: str, primary_term: str,
                                                                                 alternative_term: str):
    # A whole-rule alternative restates the rule: when the rule changes, this fails until the alternative
    # follows (else a member would silently read the old rule).
    model = mtor_model()
    alt = next(a for a in model.alternatives if a.target == target and a.form == "rule")
    primary = model.rule(target).text
    assert primary_term in primary
    assert alt.text.removeprefix("= ") == primary.replace(primary_term, alternative_term)
