"""ER-positive breast cancer (issue 18): the oestrogen receptor, its endocrine drugs, and how PI3K/AKT/mTOR
inhibitors meet it. Each test states a published observation and checks the model's answer to it."""

from __future__ import annotations

import pytest

import mtorlogic
from mtorlogic.phenotype import evaluate
from mtorlogic.scenario import Scenario

DEPTH = ("cytotoxic", "cytostatic", "partial", "resistant", "not_applicable")


@pytest.fixture(scope="module")
def bundled():
    return mtorlogic.load()


def run(bundled, alterations=(), drugs=(), er_positive=1):
    model, catalog = bundled
    return evaluate(model, Scenario(conditions={"ER_positive": er_positive}, alterations=alterations, drugs=drugs),
                    catalog)


def treated(result, node):
    """The set of values ``node`` takes in the treated attractors."""
    return {a.value(node) for a in result.treated}


def deeper(a, b):
    return DEPTH.index(a.response) < DEPTH.index(b.response)


def test_endocrine_therapy_arrests_er_positive_cells_through_cyclin_d(bundled):
    # Prall et al. 1997: antioestrogens lower cyclin D1 and arrest ER+ cells in G1, without killing them.
    for drug in ("exemestane", "letrozole", "fulvestrant", "tamoxifen"):
        r = run(bundled, drugs=[drug])
        assert r.response == "cytostatic", drug
        assert treated(r, "ER") == {0} and treated(r, "CyclinD") == {0}, drug


def test_the_er_module_is_silent_outside_er_positive_cells(bundled):
    # ER-negative lines do not express the receptor: endocrine drugs change nothing there.
    r = run(bundled, drugs=["fulvestrant"], er_positive=0)
    assert r.response == "resistant"
    assert treated(r, "ER") == {0}


def test_fulvestrant_acts_less_in_esr1_mutant_cells(bundled):
    # Toy et al. 2013: LBD mutants are active without oestradiol and need more fulvestrant.
    wild, mutant = run(bundled, drugs=["fulvestrant"]), run(bundled, ["ESR1_LBD_mutation"], ["fulvestrant"])
    assert treated(wild, "ER") == {0} and wild.verdict == "sensitive"
    untreated = run(bundled, ["ESR1_LBD_mutation"])
    assert {a.value("ER_high") for a in untreated.background} == {1}
    assert treated(mutant, "ER_high") == {0}          # fulvestrant lowers the mutant receptor ...
    assert treated(mutant, "ER") == {1}               # ... but does not switch it off
    # and the aromatase inhibitor does not touch it at all
    ai = run(bundled, ["ESR1_LBD_mutation"], ["exemestane"])
    assert ai.verdict == "resistant" and treated(ai, "ER_high") == {1}


def test_alpelisib_benefit_follows_the_pi3k_alteration(bundled):
    # Fritsch et al. 2014, Juric et al. 2015: PIK3CA-mutant cells respond; PTEN-null cells keep p110β
    # signalling; AKT1 E17K is active without PI3K (Carpten et al. 2007).
    # (in an ER-positive cell with oestrogen alpelisib alone is partial: raised ER brings growth back for part
    # of the time, test_pi3k_or_akt_inhibition_raises_er_and_fulvestrant_deepens; with fulvestrant, or in
    # an ER-negative cell, it arrests)
    mutant = run(bundled, ["PIK3CA_activating"], ["alpelisib"])
    pten = run(bundled, ["PTEN_loss"], ["alpelisib"])
    assert mutant.response == "partial" and pten.response == "resistant" and deeper(mutant, pten)
    assert run(bundled, ["PIK3CA_activating"], ["alpelisib"], er_positive=0).verdict == "sensitive"
    assert run(bundled, ["PIK3CA_activating"], ["alpelisib", "fulvestrant"]).verdict == "sensitive"
    e17k = run(bundled, ["AKT1_E17K"], ["alpelisib"])
    assert e17k.verdict == "resistant" and treated(e17k, "AKT") == {1}
    # the AKT inhibitor reaches both PIK3CA-wild-type backgrounds (CAPItello-291's AKT-pathway-altered tumours)
    for background in (["PTEN_loss"], ["AKT1_E17K"]):
        assert run(bundled, background, ["capivasertib", "fulvestrant"]).verdict == "sensitive", background


def test_pi3k_or_akt_inhibition_raises_er_and_fulvestrant_deepens(bundled):
    # Bosch et al. 2015 (FOXO3a -> ESR1) and Toska et al. 2017 (KMT2D): ER function rises under PI3K/AKT
    # inhibition; the SGK1 it induces attenuates it again (Toska et al. 2019), so raised ER comes and goes.
    # Alone, the inhibitor's response is partial (ER-induced SGK1 reactivates mTORC1 for part of the time);
    # with fulvestrant ER is off, SGK1 is never induced and the arrest is sustained: a deeper response, as
    # combined PI3K inhibition and fulvestrant gave greater, sustained growth inhibition (Bosch et al. 2015).
    untreated = run(bundled, ["PIK3CA_activating"])
    assert {a.value("ER_high") for a in untreated.background} == {0}
    assert {a.value("SGK1") for a in untreated.background} == {0}
    for drug in ("alpelisib", "capivasertib"):
        alone = run(bundled, ["PIK3CA_activating"], [drug])
        both = run(bundled, ["PIK3CA_activating"], [drug, "fulvestrant"])
        assert all(0 < v < 1 for v in treated(alone, "ER_high")), drug   # raised, then attenuated
        assert alone.response == "partial" and both.response == "cytostatic" and deeper(both, alone), drug
        assert treated(both, "ER") == {0} and treated(both, "SGK1") == {0}, drug
        assert treated(alone, "ER") == {1} and all(0 < v < 1 for v in treated(alone, "mTORC1")), drug
    # and fulvestrant alone arrests too: the combination is as deep as the deeper partner, never shallower
    endocrine = run(bundled, ["PIK3CA_activating"], ["fulvestrant"])
    assert endocrine.response == "cytostatic"


def test_the_adaptive_route_needs_er_and_its_sgk1(bundled):
    """What the adaptation runs through: without ER (ER-negative cells, fulvestrant, no oestrogen supply
    by an aromatase inhibitor) or without SGK1 reaching TSC2 (TSC present, mTORC1 blocked by everolimus)
    the PI3Kα inhibitor's arrest is sustained."""
    for kw, drugs in ((dict(er_positive=0), ["alpelisib"]), ({}, ["alpelisib", "exemestane"]),
                      ({}, ["alpelisib", "everolimus"])):
        r = run(bundled, ["PIK3CA_activating"], drugs, **kw)
        assert r.response == "cytostatic", (kw, drugs)
    # the route is the ER that PI3K/AKT inhibition raises (FOXO3a, KMT2D): an ESR1 mutant, raised without it,
    # does not induce SGK1 untreated, and under alpelisib adapts as the wild type does
    mutant = run(bundled, ["PIK3CA_activating", "ESR1_LBD_mutation"])
    assert {a.value("ER_high") for a in mutant.background} == {1} and {a.value("SGK1") for a in mutant.background} == {0}
    assert run(bundled, ["PIK3CA_activating", "ESR1_LBD_mutation"], ["alpelisib"]).response == "partial"


def test_cdk46_inhibition_and_its_resistances(bundled):
    # PALOMA-2/3: palbociclib with endocrine therapy arrests ER+ cells; cyclin E1 amplification
    # (Herrera-Abreu et al. 2016) phosphorylates RB through CDK2 and escapes it.
    assert run(bundled, drugs=["palbociclib", "letrozole"]).verdict == "sensitive"
    escaped = run(bundled, ["CCNE1_amplification"], ["palbociclib", "fulvestrant"])
    assert escaped.verdict == "resistant" and treated(escaped, "RB") == {0}


def test_routes_to_mtorc1_that_bypass_akt(bundled):
    # Castel et al. 2016: high SGK1 keeps mTORC1 on under alpelisib; Elkabets et al. 2013: adding
    # everolimus restores the response. Ilic et al. 2011: eIF4E/MYC amplification bypasses PI3K/mTOR inhibition.
    sgk1 = run(bundled, ["PIK3CA_activating", "SGK1_overexpression"], ["alpelisib"])
    assert sgk1.verdict == "resistant" and treated(sgk1, "mTORC1") == {1}
    assert run(bundled, ["PIK3CA_activating", "SGK1_overexpression"], ["alpelisib", "everolimus"]).verdict == "sensitive"
    assert run(bundled, ["EIF4E_amplification"], ["dactolisib"]).verdict == "resistant"
    assert run(bundled, [], ["dactolisib"]).verdict == "sensitive"


def test_profiles_carry_receptor_status(bundled):
    from mtorlogic.bundled import RULES
    from mtorlogic.profiles import map_profiles, read_profiles

    mapped = {m.name: m for m in map_profiles(read_profiles("breast-lines"), RULES)}
    assert mapped["MCF7"].conditions == {"ER_positive": 1}
    assert mapped["MDA-MB-231"].conditions == {"ER_positive": 0}
    model, catalog = bundled
    mcf7 = evaluate(model, mapped["MCF7"].scenario(["fulvestrant"]), catalog)
    mda = evaluate(model, mapped["MDA-MB-231"].scenario(["fulvestrant"]), catalog)
    assert mcf7.verdict == "sensitive" and mda.verdict == "resistant"
