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


@pytest.mark.parametrize("scenario, counter", [
    # KRAS keeps translation going through MEK/ERK under everolimus (PMID:20664172, §5.4 [66]); MEK inhibitor [58]
    ("breast-pik3ca-everolimus-acquired-kras", {"drug:pimasertib", "drug:trametinib"}),
    # TSC loss loads Rheb whatever AKT does; everolimus acts on mTORC1 itself [7]
    ("breast-pik3ca-capivasertib-acquired-tsc", {"drug:everolimus"}),
    # catalytic inhibitors overcome the FRB-domain mutation (PMID:25261369 = [65]; vistusertib [56])
    ("breast-pik3ca-everolimus-acquired-frb", drugs_of("atp_competitive_mtor")),
    # PTEN loss keeps PIP3 through p110β (DOI:10.1038/nature13948); the approved AKT inhibitor acts below it
    ("breast-pik3ca-alpelisib-acquired-pten", {"drug:capivasertib", "drug:azd8186"}),
])
def test_the_counter_strategy_of_each_acquired_resistance_restores(scenario, counter):
    """Each named counter-strategy restores the response, and every suggestion does (restore ranks
    cytotoxic answers first, then those that undo the blocking chain). Since the fate layer, cyclin D needs
    ERK in ER-negative cells, so palbociclib and the MEK inhibitors arrest every such background too."""
    report, found = search(scenario, top=30)
    assert report.response == "resistant" and report.goal == "restore"
    assert counter & set(found), found
    assert all(h.verdict == "sensitive" for h in report.hypotheses)
    depths = [h.response for h in report.hypotheses if h.druggable]
    assert depths == sorted(depths, key=lambda r: r != "cytotoxic")


def test_p110beta_blocking_inhibitors_restore_alpelisib_resistance_by_pten_loss():
    report, found = search("breast-pik3ca-alpelisib-acquired-pten", top=30)
    responses = {str(h.interventions[0]): h.response for h in report.hypotheses}
    assert {responses[d] for d in drugs_of("dual_pi3k_mtor")} == {"cytostatic"}
    assert responses["drug:azd8186"] == "cytostatic"  # the p110β-selective inhibitor itself


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
    """With navitoclax taking BCL-XL away, alpelisib kills where p110α carries PIP3 (it then stops the
    translation of MCL-1 too) and not where p110β does; a kinase-site inhibitor kills in both."""
    from mtorlogic.phenotype import evaluate

    sc = read_scenario(SCENARIOS / f"{scenario}.toml")
    model, catalog = mtor_model(), mtor_catalog()
    assert evaluate(model, sc, catalog, shares=False).response == "cytostatic"
    with_alpelisib = evaluate(model, sc.extend(drugs=["alpelisib", "navitoclax"]), catalog, shares=False)
    assert (with_alpelisib.response == "cytotoxic") == deepens
    assert evaluate(model, sc.extend(drugs=["sapanisertib", "navitoclax"]), catalog, shares=False).response == "cytotoxic"
    assert evaluate(model, sc.extend(drugs=["navitoclax"]), catalog, shares=False).response == "cytostatic"
