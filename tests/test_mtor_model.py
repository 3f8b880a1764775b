"""The bundled model: size, provenance, the ids users rely on, the catalog."""

import re

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main

from .mtor import RULES, mtor_catalog, mtor_model

NODE_IDS = """mTORC1 mTORC2 AKT PI3K PIP3 PTEN TSC Rheb AMPK REDD1 SESN2 GATOR1 GATOR2 IRS1 S6K1 EIF4EBP1
EIF4E ERK MEK E2F1 miR_9_3p MTFP1 BCL2 TP53 EMT Stemness Proliferation Apoptosis
PI3Kb PI3K_high AKT_high mTORC1_high mTORC2_high Rheb_high S6K1_high ERK_high mTOR_hyperactive""".split()
CONDITIONS = "GrowthFactors AminoAcids Leucine Glutamine EnergyStress Hypoxia DNADamage ERStress TGFB".split()
DRUGS = """sirolimus everolimus sapanisertib pp242 vistusertib torin1 dactolisib voxtalisib omipalisib vs5584
pf4989216 alpelisib capivasertib palbociclib pimasertib abcg2_inhibitor bcl2_inhibitor tg2_inhibitor""".split()
ALTERATIONS = """PTEN_loss PIK3CA_activating KRAS_activating EGFR_activating FGFR_amplification PDGFRA_activating
TSC_loss RICTOR_amplification S6K1_amplification TP53_loss BCL2_phosphorylation ABCB1_overexpression
ABCG2_overexpression TG2_overexpression mTOR_S2215Y mTOR_L2230V mTOR_E2388Q mTOR_V2046A mTOR_M2327I
mTOR_FRB_mutation""".split()


def test_check_passes_with_at_least_60_nodes():
    r = CliRunner().invoke(main, ["check", str(RULES)])
    assert r.exit_code == 0, r.output
    assert int(re.search(r"nodes:\s+(\d+)", r.output).group(1)) >= 60


def test_every_rule_cites_a_source():
    m = mtor_model()
    for node in m.nodes:
        if node not in m.inputs:
            prov = m.rule(node).provenance
            assert prov.refs or prov.external, f"{node} has no reference"
            assert prov.section, f"{node} has no section"


def test_contract_ids():
    m = mtor_model()
    for node in NODE_IDS + CONDITIONS:
        assert node in m, node
    for node in CONDITIONS:
        assert node in m.inputs and m.info(node).default is not None
    assert m.resolve("4EBP1") == "EIF4EBP1"


def test_catalog_has_every_drug_and_alteration():
    cat = mtor_catalog()
    cat.validate(mtor_model())
    assert set(DRUGS) <= set(cat.drugs)
    assert set(ALTERATIONS) <= set(cat.alterations)
    assert cat.drug("rapamycin").id == "sirolimus"
    assert cat.drug("Tokinib").id == "pp242"
    assert cat.drug("Voxtalib").id == "voxtalisib"
    assert cat.alteration("mTOR_M232I").id == "mTOR_M2327I"
    for drug in cat.drugs.values():
        assert set(drug.get("targets", ())) <= set(mtor_model().nodes), drug.id
    for entry in [*cat.drugs.values(), *cat.alterations.values()]:
        assert entry.refs or "abstract" in entry.notes.lower() or entry.id in ("alpelisib", "capivasertib"), entry.id


@pytest.mark.parametrize("command", ["drugs", "mutations"])
def test_listing_commands(command):
    r = CliRunner().invoke(main, [command, "--model", str(RULES)])
    assert r.exit_code == 0 and "everolimus" in r.output or "PTEN_loss" in r.output


def test_explain_gives_rule_references_and_neighbours():
    r = CliRunner().invoke(main, ["explain", "mTORC1", "--model", str(RULES)])
    assert r.exit_code == 0, r.output
    assert "rule: mTORC1 =" in r.output and "references:\n    [4] ZHANG Z" in r.output and "regulators:" in r.output
    r = CliRunner().invoke(main, ["explain", "mTORC", "--model", str(RULES)])
    assert r.exit_code == 2 and "did you mean" in r.output
