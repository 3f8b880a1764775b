"""Regression tests for the rules that said more, or less, than the review (issue 10, "Deliver 2").

Each test fails on the rules as they were before the correction and names the
statement (statements.toml) the corrected logic follows.
"""

from mtorlogic.engine.attractors import attractors
from mtorlogic.ledger import Term, read_ledger
from mtorlogic.phenotype import evaluate
from mtorlogic.references import read_references
from mtorlogic.scenario import Scenario

from .mtor import RULES, mtor_catalog, mtor_model


def solve(**fixes):
    model = mtor_model()
    return attractors(model.fix({**model.defaults(), **fixes}))


def living(**fixes):
    """The attractors of the context in which the cell is alive (death, absorbing, is the one memory)."""
    return [a for a in solve(**fixes) if a.values["Apoptosis"] == 0]


def values(node, **fixes):
    return sorted({a.values[node] for a in solve(**fixes)})


def regulators(node):
    return set(mtor_model().regulators(node))


def statement(sid):
    return read_ledger(RULES, mtor_model(), read_references(RULES)).statements[sid]


def test_pras40_deptor_amplify_instead_of_switching():
    """1-2-pras40-deptor-*: no Akt term on PRAS40, no second attractor (TSC loss + capivasertib was 'partial')."""
    assert regulators("PRAS40") == {"mTORC1"}
    assert len(living(TSC_loss=1, capivasertib=1)) == 1
    assert values("mTORC1_high") == [1] and values("mTORC1_high", EnergyStress=1) == [0]


def test_atf6_raises_rheb_without_overriding_tsc():
    """2-1-atf6-rheb: TSC, the Rheb GAP [14], decides; ATF6 raises Rheb to its second level."""
    assert values("mTORC1", EnergyStress=1, ERStress=1) == [0]
    assert values("Rheb_high", ERStress=1) == [1] and values("Rheb_high") == [0]


def test_pip3_needs_a_pi3k_isoform_even_without_pten():
    """x-pten-p110b: PTEN-null cells signal through p110β; alpelisib (p110α) spares it, dactolisib does not."""
    assert values("PIP3", PTEN_loss=1, alpelisib=1) == [1]
    assert values("PIP3", PTEN_loss=1, dactolisib=1) == [0]
    assert "alpelisib" not in regulators("PI3Kb") and values("PI3Kb", alpelisib=1) == [1]


def test_amplified_s6k1_still_needs_mtorc1():
    """3-2-s6k1-amplified: the review does not say amplified S6K1 escapes mTORC1."""
    assert values("S6K1", S6K1_amplification=1, everolimus=1) == [0]
    assert values("S6K1_high", S6K1_amplification=1) == [1]


def test_proliferation_and_bcl2_have_only_stated_regulators():
    """5-4-tg2, 5-2-csc-resistant, 5-2-tp53-bcl2: TG2 and stemness do not drive proliferation; p53 loss does not
    switch BCL2 off."""
    # the third regulator is issue 9's "a dying cell does not divide", from an external source only
    assert regulators("Proliferation") == {"Growth", "G1S", "Apoptosis"}
    ledger = read_ledger(RULES, mtor_model(), read_references(RULES))
    behind = ledger.behind(Term("Proliferation", "Apoptosis", negated=True))
    assert [s.id for s in behind] == ["x-death-excludes-division"] and behind[0].external
    assert "TP53_loss" not in regulators("BCL2")
    assert "TG2" in regulators("Caspase3")  # TG2 inactivates caspase-3 (apoptosis.rules)


def test_activating_mtor_mutations_follow_the_primary_literature_not_the_reviews_may():
    """5-3-mutations-mln0128-resistance (contradicted), x-hyperactivating-sensitive, x-torki-hyperactivity:
    hyperactivating mutations stay sensitive to MLN0128 (Grabiner 2014); only the kinase-domain mutation
    M2327I, selected under mTOR kinase inhibitors, keeps the kinase working with one bound (Rodrik-Outmezguine 2016)."""
    for mutation in ("mTOR_S2215Y", "mTOR_L2230V", "mTOR_E2388Q", "mTOR_V2046A"):
        assert values("ATPcomp_engaged", **{mutation: 1}, sapanisertib=1) == [1]
        assert values("mTORC1", **{mutation: 1}, sapanisertib=1) == [0]
        assert values("mTORC1", **{mutation: 1}, everolimus=1) == [0]
        assert values("mTORC1", **{mutation: 1}, GrowthFactors=0) == [1]  # hyperactive: on without Rheb
        assert values("mTORC1", **{mutation: 1}, AminoAcids=0) == [1]  # or without the Rags
        assert values("mTORC1", **{mutation: 1}, AminoAcids=0, GrowthFactors=0) == [0]  # not without both
    assert values("mTORC1", mTOR_M2327I=1, sapanisertib=1) == [1]
    assert values("mTORC2", mTOR_M2327I=1, sapanisertib=1) == [1]
    assert values("mTORC1", mTOR_M2327I=1, dactolisib=1) == [0]  # not extended to dual inhibitors
    assert values("mTORC1", mTOR_M2327I=1, everolimus=1) == [0]  # the FRB stays open to rapalogs


def test_frb_domain_mutation_stops_rapalogs_not_catalytic_inhibitors():
    """x-frb-mutation (PMID:25261369)."""
    assert values("mTORC1", mTOR_FRB_mutation=1, everolimus=1) == [1]
    assert values("mTORC1", mTOR_FRB_mutation=1, sapanisertib=1) == [0]
    assert "FRB" in mtor_catalog().alterations["mTOR_V2046A"].notes


def test_palbociclib_alone_acts_and_erk_does_not_need_cdk46():
    """x-cdk46-g1: palbociclib acts on CDK4/6; CDK4/6 is not required for ERK (5-4-palbociclib-erk is misattributed)."""
    assert "CDK46" not in regulators("ERK")
    result = evaluate(mtor_model(), Scenario(drugs=("palbociclib",)), mtor_catalog())
    assert result.verdict == "sensitive"


def test_erk_is_on_in_a_growing_cell_and_rises_under_mtor_inhibition_without_receptors():
    """x-rtk-ras-erk, 5-4-mek-erk-activation."""
    assert values("ERK") == [1] and values("ERK", GrowthFactors=0) == [0]
    ligands_only_igf = dict(EGFR=0, FGFR=0, PDGFRA=0)
    assert values("ERK", **ligands_only_igf, everolimus=1) == [1]


def test_s6k1_destabilises_mtorc2_as_a_level():
    """5-5-s6k-rictor-msin1, 5-5-mtorc1-inhibitors-relieve: a rapalog raises mTORC2 and Akt, never lowers them."""
    assert values("mTORC2_high") == [0] and values("mTORC2_high", everolimus=1) == [1]
    assert values("mTORC2", everolimus=1) == [1] and values("AKT_high", everolimus=1) == [1]


def test_efflux_follows_the_named_substrates():
    """5-1-substrates, 5-1-bcrp-everolimus-resistant: BCRP pumps NVP-BEZ235, not everolimus."""
    assert values("Rapalog_FKBP12", ABCG2_overexpression=1, everolimus=1) == [1]
    assert values("Dactolisib_intracellular", ABCG2_overexpression=1, dactolisib=1) == [0]


def test_not_encoded_statements_give_reasons_that_still_hold():
    """The reasons the old list gave from what the verdict could not express are replaced."""
    assert statement("5-4-hyperfusion").reason and "§4.2" in statement("5-4-hyperfusion").reason
    assert statement("4-1-incomplete-inhibition").terms
    assert statement("5-5-s6k-rictor-msin1").terms and statement("5-4-mek-erk-activation").terms


def test_sirolimus_status_says_what_the_review_says():
    status = mtor_catalog().drugs["sirolimus"].get("status")
    assert "used clinically" in status and "approved (renal" not in status
