"""The breast-cancer context (issue 10, item 4): what `hypotheses` suggests against intrinsic and acquired
resistance to the three approved pathway inhibitors, everolimus, alpelisib and capivasertib, in the
selection backgrounds of the breast-cancer abstract (docs/breast-cancer.md)."""

import pytest

from mtorlogic.hypotheses import hypotheses
from mtorlogic.scenario import read_scenario

from .mtor import SCENARIOS, mtor_catalog, mtor_model


def search(name, top=10, goal=None):
    report = hypotheses(mtor_model(), mtor_catalog(), read_scenario(SCENARIOS / f"{name}.toml"), max_size=1,
                        top=top, goal=goal)
    return report, [str(h.interventions[0]) for h in report.hypotheses]


def drugs_of(*classes):
    return {f"drug:{d}" for d, e in mtor_catalog().drugs.items() if e.get("class") in classes}


@pytest.mark.parametrize("scenario, counter, n", [
    # KRAS keeps translation going through MEK/ERK under everolimus (PMID:20664172, §5.4 [66]); MEK inhibitor [58]
    ("breast-pik3ca-everolimus-acquired-kras", {"drug:pimasertib"}, 3),
    # TSC loss loads Rheb whatever AKT does; everolimus acts on mTORC1 itself [7]
    ("breast-pik3ca-capivasertib-acquired-tsc", {"drug:everolimus"}, 4),
    # catalytic inhibitors overcome the FRB-domain mutation (PMID:25261369 = [65]; vistusertib [56])
    ("breast-pik3ca-everolimus-acquired-frb", drugs_of("atp_competitive_mtor"), 3),
    # PTEN loss keeps PIP3 through p110β (DOI:10.1038/nature13948); the approved AKT inhibitor acts below it
    ("breast-pik3ca-alpelisib-acquired-pten", {"drug:capivasertib"}, 6),
])
def test_the_counter_strategy_of_each_acquired_resistance_ranks_high(scenario, counter, n):
    """Among the restorers of its own depth it is in the top n, and only restorers that kill the
    cells where it arrests them rank above it (restore ranks cytotoxic answers first). Since the fate
    layer, cyclin D needs ERK and CDK4/6 (cell_cycle.rules), so palbociclib and the MEK inhibitors arrest
    every background and share the depth of the mechanism-specific counter strategy."""
    report, found = search(scenario, top=20)
    assert report.response == "resistant" and report.goal == "restore"
    best = next(h for h in report.hypotheses if str(h.interventions[0]) in counter)
    same_depth = [str(h.interventions[0]) for h in report.hypotheses if h.response == best.response]
    assert same_depth.index(str(best.interventions[0])) < n, same_depth
    above = report.hypotheses[:report.hypotheses.index(best)]
    assert all(h.response == "cytotoxic" for h in above if h.response != best.response), found
    assert all(h.verdict == "sensitive" for h in report.hypotheses)


def test_p110beta_blocking_inhibitors_restore_alpelisib_resistance_by_pten_loss_and_kill():
    report, found = search("breast-pik3ca-alpelisib-acquired-pten", top=20)
    responses = {str(h.interventions[0]): h.response for h in report.hypotheses}
    assert {responses[d] for d in drugs_of("dual_pi3k_mtor")} == {"cytotoxic"}


def test_only_the_mapk_cell_cycle_or_kinase_site_routes_restore_everolimus_under_kras():
    """KRAS keeps translation going under everolimus, which leaves eIF4E free (PMID:20664172): MEK or CDK4/6
    inhibitors stop it, and so (since issue 17) do the kinase-site drugs, which sequester eIF4E whatever KRAS
    does (Feldman et al. 2009; MLN0128 overcomes everolimus resistance [52]); PI3K and AKT inhibitors do not."""
    report, found = search("breast-pik3ca-everolimus-acquired-kras", top=30)
    drugs = {f for f in found if f.startswith("drug:")}
    kinase_site = drugs_of("atp_competitive_mtor", "dual_pi3k_mtor") - {"drug:pf4989216"}  # a PI3K inhibitor only
    assert drugs == {"drug:palbociclib", "drug:pimasertib", "drug:trametinib"} | kinase_site


@pytest.mark.parametrize("scenario, candidates, n", [
    # the two acquired resistances to everolimus with their own scenarios come first among the review's
    # (behind eIF4E amplification, which raises cap-dependent translation: DOI:10.1073/pnas.1108237108)
    ("pik3ca-everolimus", {"mutation:KRAS_activating", "mutation:mTOR_FRB_mutation"}, 3),
    # convergent PTEN loss under alpelisib (DOI:10.1038/nature13948) is among the candidates
    ("pik3ca-alpelisib", {"mutation:PTEN_loss"}, 12),
    # for the AKT inhibitor, whose resistance the abstract asks to study: TSC loss and activating mTOR mutations
    ("pik3ca-capivasertib", {"mutation:TSC_loss", "mutation:mTOR_S2215Y"}, 10),
])
def test_candidate_acquired_resistances(scenario, candidates, n):
    report, found = search(scenario, goal="resist", top=20)
    assert candidates <= set(found[:n]), found
    # each candidate works whether present before the drug or acquired under it; acquired, it works only
    # in the treated cells that have not yet committed to death (absorbing caspases: probability <= 1)
    assert all(h.timing == ("intrinsic", "acquired") and 0 < h.acquired_probability <= 1 for h in report.hypotheses)


@pytest.mark.parametrize("scenario, deepens", [
    ("pik3ca-everolimus", True), ("pik3ca-capivasertib", True),
    ("pten-loss-everolimus", False), ("pten-loss-capivasertib", False),  # p110β carries PIP3 without PTEN
])
def test_alpelisib_deepens_a_cytostatic_response_only_where_p110alpha_carries_pip3(scenario, deepens):
    report, found = search(scenario, top=200)  # every single intervention that deepens, not a top slice
    assert report.response == "cytostatic" and report.goal == "deepen"
    assert ("drug:alpelisib" in found) == deepens
    assert drugs_of("atp_competitive_mtor") <= set(found)
