"""Pharmacology as measured (issue 17): node-level findings of the primary literature.

Each test names the statement (statements.toml) it checks and fails on the rules as
they were before issue 17. They read signalling nodes, not the cell fates, which the
cell-fate layer decides.
"""

import io

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.ledger import coverage, dead_ends, read_ledger
from mtorlogic.references import read_references

from .mtor import RULES, mtor_model
from .test_mtor_fidelity import living, solve, values

ATP_COMPETITIVE = ("sapanisertib", "pp242", "torin1", "vistusertib")
RAPALOGS = ("sirolimus", "everolimus")
ONLY_IGF = dict(EGFR=0, FGFR=0, PDGFRA=0)  # receptors that feed PI3K and RAS directly knocked out


def test_rictor_loss_is_not_lethal_to_mtorc1_signalling():
    """x-rictor-null (Guertin et al. 2006): S473 and FOXO phosphorylation go, TSC2/S6K1 signalling stays."""
    assert values("mTORC2", Rictor=0) == [0]
    assert values("AKT_S473", Rictor=0) == [0] and values("AKT_high", Rictor=0) == [0]
    assert values("FOXO", Rictor=0) == [1]  # FOXO no longer phosphorylated
    assert values("AKT", Rictor=0) == [1]  # T308 Akt still acts on TSC2
    for node in ("TSC", "mTORC1", "S6K1", "Translation"):
        assert values(node, Rictor=0) == values(node), node


@pytest.mark.parametrize("drug", RAPALOGS)
def test_rapalogs_switch_s6k1_off_and_leave_4ebp1_phosphorylated(drug):
    """x-rapalog-4ebp1 (Feldman et al. 2009): the rapamycin-resistant output of mTORC1."""
    assert values("S6K1", **{drug: 1}) == [0]
    assert values("EIF4EBP1", **{drug: 1}) == [0] and values("EIF4E", **{drug: 1}) == [1]
    assert values("mTORC2", **{drug: 1}) == [1]


@pytest.mark.parametrize("drug", ATP_COMPETITIVE + ("dactolisib", "omipalisib"))
def test_kinase_site_inhibitors_dephosphorylate_4ebp1_and_stop_translation(drug):
    """x-rapalog-4ebp1, x-translation-eif4e: eIF4E sequestered, no translation, whatever KRAS does."""
    for background in ({}, {"KRAS_activating": 1}):
        assert values("EIF4EBP1", **background, **{drug: 1}) == [1]
        assert values("Translation", **background, **{drug: 1}) == [0]
    assert values("AKT_S473", **{drug: 1}) == [0]


def test_kras_keeps_growth_under_everolimus_only_through_mapk():
    """x-kras-translation (PMID:20664172) through the MAPK route, stopped by MEK inhibitors; cap-dependent
    translation itself stays on under rapalogs in every background (x-translation-eif4e, Feldman et al. 2009)."""
    assert values("Translation", everolimus=1) == [1] and values("Growth", everolimus=1) == [0]
    assert values("Growth", KRAS_activating=1, everolimus=1) == [1]
    for mek in ("pimasertib", "trametinib"):
        assert values("Growth", KRAS_activating=1, everolimus=1, **{mek: 1}) == [0]


@pytest.mark.parametrize("drug", ["pimasertib", "trametinib"])
def test_kras_mutant_cells_respond_to_mek_inhibition(drug):
    """x-trametinib, x-rtk-ras-erk: MEK inhibition switches ERK off in KRAS-mutant cells."""
    assert values("ERK", KRAS_activating=1) == [1] and values("ERK_high", KRAS_activating=1) == [1]
    assert values("ERK", KRAS_activating=1, **{drug: 1}) == [0]
    assert values("ERK_high", KRAS_activating=1, **{drug: 1}) == [0]


def test_pten_null_cells_need_p110beta():
    """x-pten-pik3cb (Wee et al. 2008), x-pten-p110b (Juric et al. 2015), x-azd8186, x-buparlisib."""
    assert values("PIP3", PTEN_loss=1, alpelisib=1) == [1]  # p110α inhibition does not stop them
    assert values("AKT", PTEN_loss=1, alpelisib=1) == [1]
    for drug in ("azd8186", "buparlisib"):
        assert values("PIP3", PTEN_loss=1, **{drug: 1}) == [0], drug
        assert values("AKT_high", PTEN_loss=1, **{drug: 1}) == [0], drug
    # PIK3CA-mutant cells need p110α, with or without PTEN (Juric et al. 2015: both isoforms blocked)
    assert values("PIP3", PIK3CA_activating=1, alpelisib=1) == [0]
    assert values("PIP3", PIK3CA_activating=1, PTEN_loss=1, azd8186=1) == [1]
    assert values("PIP3", PIK3CA_activating=1, PTEN_loss=1, alpelisib=1, azd8186=1) == [0]
    # p110β adds nothing while PTEN works
    assert values("PIP3", azd8186=1) == [1]


def test_mtorc1_inhibition_raises_pi3k_akt_and_erk_through_irs1():
    """x-irs1-relief (O'Reilly et al. 2006), x-mtorc1-mapk-feedback (Carracedo et al. 2008)."""
    assert values("PI3K_high") == [0] and values("PI3K_high", everolimus=1) == [1]
    # where receptors do not drive RAS directly, the feedback switches ERK on through raised PI3K
    assert values("ERK", **ONLY_IGF) == [0] and values("PI3K_high", **ONLY_IGF) == [0]
    assert values("ERK", **ONLY_IGF, everolimus=1) == [1] and values("PI3K_high", **ONLY_IGF, everolimus=1) == [1]
    assert values("AKT", **ONLY_IGF, everolimus=1) == [1] and values("mTORC2", **ONLY_IGF, everolimus=1) == [1]
    # the feedback runs through PI3K: a PI3K inhibitor prevents the ERK activation
    assert values("ERK", **ONLY_IGF, everolimus=1, alpelisib=1) == [0]
    # S6K1 lowers the IGF input, it does not switch it off: no endless oscillation, one steady state
    assert [a.size for a in living(**ONLY_IGF)] == [1]


def test_mtor_kinase_inhibitors_leave_akt_active_on_t308_without_s473():
    """x-akt-biphasic (Rodrik-Outmezguine et al. 2011): the steady state after relieved feedback."""
    for drug in ATP_COMPETITIVE:
        assert values("mTORC1", **{drug: 1}) == [0]
        assert values("AKT_S473", **{drug: 1}) == [0] and values("AKT_T308", **{drug: 1}) == [1]
        assert values("FOXO", **{drug: 1}) == [1]
    # with the induced receptors and IRS1 blocked, AKT signalling stays off
    assert values("AKT", sapanisertib=1, RTK_induced=0, IRS1=0) == [0]


def test_akt_inhibition_re_expresses_receptors_through_foxo():
    """x-foxo-rtk (Chandarlapaty et al. 2011); x-mk2206: the allosteric inhibitor removes both sites."""
    assert values("RTK_induced") == [0]
    for drug in ("capivasertib", "mk2206"):
        assert values("FOXO", **{drug: 1}) == [1] and values("RTK_induced", **{drug: 1}) == [1]
        assert values("PI3K_high", **{drug: 1}) == [1]
    assert values("AKT_T308", capivasertib=1) == [1]  # the ATP-site drug leaves the sites phosphorylated
    assert values("AKT_T308", mk2206=1) == [0] and values("AKT_S473", mk2206=1) == [0]


def test_stress_inputs_act_as_measured():
    """x-redd1-hypoxia (Brugarolas et al. 2004), x-gator1-loss (Bar-Peled et al. 2013), 2-2-glutamine."""
    assert values("mTORC1", Hypoxia=1, AMPK=0) == [0]  # REDD1 acts without AMPK
    assert values("mTORC1", Hypoxia=1, TSC_loss=1) == [1]  # and needs TSC
    assert values("mTORC1", AminoAcids=0) == [0] and values("mTORC1", AminoAcids=0, GATOR1_loss=1) == [1]
    # glutamine starvation raises an active mTORC2; it cannot switch it on without growth factors
    assert values("mTORC2", GrowthFactors=0, Glutamine=0) == [0]
    assert values("AKT_S473", GrowthFactors=0, Glutamine=0) == [0]


def test_no_node_is_a_dead_end_unless_declared_a_marker():
    """Every _high level and every node feeds what it means or is a declared marker (mtorlogic check)."""
    model = mtor_model()
    ledger = read_ledger(RULES, model, read_references(RULES))
    assert coverage(ledger, model).dead_ends == []
    assert {"mTORC1_high", "mTORC2_high", "S6K1_high"} <= set(ledger.markers)
    for level in ("AKT_high", "ERK_high", "PI3K_high"):  # these feed what they mean
        assert level not in ledger.markers and level not in dead_ends(model)
    assert "mTORC1_high" in dead_ends(model, set(ledger.markers) - {"mTORC1_high"})
    r = CliRunner().invoke(main, ["check", str(RULES)])
    assert r.exit_code == 0 and "dead ends: 0" in r.output
    assert "contradicted by the primary literature" in r.output and "misattributed" in r.output


def _timecourse(*args):
    r = CliRunner().invoke(main, ["simulate", "crosstalk-sapanisertib", "--runs", "1500", "--steps", "100",
                                  "--perturb-at", "30", "--seed", "3", *args])
    assert r.exit_code == 0, r.output
    return pd.read_csv(io.StringIO(r.output))


def test_simulate_shows_the_transient_akt_inhibition_and_the_rebound(tmp_path):
    """x-akt-biphasic with the slow rate class of rates.toml: T308 falls with S473, then comes back."""
    tc = _timecourse()
    t308, s473 = tc["AKT_T308"].to_numpy(), tc["AKT_S473"].to_numpy()
    assert t308[30] > 0.9 and s473[30] > 0.9  # settled, untreated
    assert s473[45:].max() < 0.05  # S473 lost for good
    assert t308[30:60].min() < 0.5  # the transient inhibition ...
    assert t308[-1] > 0.9  # ... and the rebound
    # the bundled rates are the default: the same as naming them, not as uniform rates
    assert np.allclose(tc.to_numpy(), _timecourse("--rates", str(RULES / "rates.toml")).to_numpy())
    uniform = tmp_path / "uniform.toml"
    uniform.write_text("default = 1\n")
    assert not np.allclose(t308, _timecourse("--rates", str(uniform))["AKT_T308"].to_numpy())


def test_response_scores_follow_rate_classes():
    """The scores use rates (rates.toml for the bundled model): a faster node wins more races."""
    from mtorlogic.rules import read_rules_text
    from mtorlogic.scenario import Scenario
    from mtorlogic.scores import response_scores
    from mtorlogic.stochastic import model_rates

    m = read_rules_text('''input drug drug default 0
Caspase = drug & !Rescue
Rescue = drug & !Caspase
Proliferation = !drug & !Apoptosis
Apoptosis = Caspase''')
    treat = Scenario(drugs=("drug",))
    assert round(response_scores(m, treat).apoptotic, 3) == 0.5
    faster = response_scores(m, treat, rates={"Caspase": 3.0, "Rescue": 1.0})
    assert round(faster.apoptotic, 3) == 0.75 and faster.method == "exact"
    simulated = response_scores(m, treat, method="simulation", runs=4000, rates={"Caspase": 3.0, "Rescue": 1.0})
    assert abs(simulated.apoptotic - 0.75) < 0.05
    rates = model_rates(RULES, mtor_model())
    assert rates is not None and rates["RTK_induced"] < rates["AKT_T308"]


def test_hypoxia_inhibits_mtorc1_through_redd1_not_ampk():
    """2-1-hypoxia-ampk (contradicted), x-redd1-hypoxia (Brugarolas et al. 2004): AMPK stays off under hypoxia,
    and without REDD1 hypoxia no longer inhibits mTORC1; energy depletion still acts through AMPK."""
    assert values("AMPK", Hypoxia=1) == [0] and values("mTORC1", Hypoxia=1) == [0]
    assert values("mTORC1", Hypoxia=1, REDD1=0) == [1]
    assert values("AMPK", EnergyStress=1) == [1] and values("mTORC1", EnergyStress=1, REDD1=0) == [0]
    ledger = read_ledger(RULES, mtor_model(), read_references(RULES))
    assert ledger.statements["2-1-hypoxia-ampk"].status == "contradicted"
