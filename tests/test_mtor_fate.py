"""The cell-fate layer of the mTOR model (issue 17): apoptosis, cell-cycle entry, and verdicts once death
is absorbing (rules/apoptosis.rules, rules/cell_cycle.rules, mtorlogic.phenotype.follow)."""

from __future__ import annotations

import numpy as np
import pytest

from mtorlogic.engine.attractors import attractors
from mtorlogic.engine.compile import CompiledNetwork
from mtorlogic.engine.percolate import percolate
from mtorlogic.engine.reach import reached
from mtorlogic.phenotype import Readouts, evaluate
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario

from .mtor import mtor_catalog, mtor_model
from .networks import drug_networks


def run(**kw):
    return evaluate(mtor_model(), Scenario(**kw), mtor_catalog(), shares=False)


def test_death_is_absorbing():
    """In every attractor state with Apoptosis on, under any catalog drug, no asynchronous successor turns it off."""
    model, catalog = mtor_model(), mtor_catalog()
    checked = 0
    for drug in ["sapanisertib", "navitoclax", "dactolisib", "palbociclib"]:
        for alteration in [(), ("RB1_loss",), ("KRAS_activating",)]:
            bg, tr = Scenario(drugs=(drug,), alterations=alteration).fixes(model, catalog)
            fixed = model.fix(tr)
            net = CompiledNetwork(fixed.nodes, fixed.functions)
            at = fixed.nodes.index("Apoptosis")
            for att in attractors(fixed):
                if att.states is None or not att.states[:, at].any():
                    continue
                states = att.states[att.states[:, at] == 1].astype(bool)
                images = net.update_all(states)
                # a successor flips one node to its image; Apoptosis is flipped only if its image is 0
                assert images[:, at].all(), (drug, alteration)
                checked += len(states)
    assert checked > 0


def test_the_caspase_loop_is_a_positive_cycle_that_holds_itself():
    m = mtor_model()
    assert "Caspase3" in str(m.functions["Caspase9"]) and "Caspase9" in str(m.functions["Caspase3"])
    bg, _ = Scenario().fixes(m, mtor_catalog())
    held = m.fix({**bg, "Caspase9": 1, "Caspase3": 1})
    assert all(a.values["Apoptosis"] == 1 for a in attractors(held))


def test_growth_factor_withdrawal_kills_through_bim_puma_and_bax_bak():
    """Without growth factors FOXO induces BIM and PUMA (Dijkers 2000; You 2006), ERK no longer degrades BIM,
    BAD is freed and MCL-1 is lost: BCL-XL is overcome and the cell dies, as wild-type fibroblasts do where
    BAX/BAK-null ones survive (Wei et al. 2001). Without BAX/BAK the deprived cell is quiescent instead."""
    r = evaluate(mtor_model(), Scenario(conditions={"GrowthFactors": 0}), mtor_catalog(), shares=False)
    assert r.response == "untreated"
    assert r.background and all(a.values["Apoptosis"] == 1 for a in r.background)
    assert all(a.values["BIM"] == 1 and a.values["PUMA"] == 1 and a.values["ERK"] == 0 for a in r.background)
    kept = evaluate(mtor_model(), Scenario(conditions={"GrowthFactors": 0}, fix={"BAX_BAK": 0}), mtor_catalog(),
                    shares=False)
    assert all(a.values["Apoptosis"] == 0 and a.values["Proliferation"] == 0 for a in kept.background)
    assert all(a.values["G1S"] == 0 for a in kept.background)  # quiescent: no mitogen, no cyclin D


@pytest.mark.parametrize("alteration", ["PTEN_loss", "PIK3CA_activating", "AKT1_E17K"])
def test_an_oncogenic_pi3k_akt_pathway_survives_growth_factor_withdrawal(alteration):
    """Growth-factor withdrawal does not kill every cell: activated AKT delivers the survival signal serum
    did (Kennedy et al. 1997 Genes Dev 11:701, Rat1a fibroblasts; PTEN-null cells, Stambolic et al. 1998), so
    these cells stop dividing (no mitogen, no cyclin D) and live, where the wild type dies."""
    r = evaluate(mtor_model(), Scenario(conditions={"GrowthFactors": 0}, alterations=(alteration,)), mtor_catalog(),
                 shares=False)
    assert r.background and all(a.values["Apoptosis"] == 0 and a.values["Proliferation"] == 0 for a in r.background)


def test_kinase_inhibitors_arrest_alone_and_kill_with_a_bcl_xl_inhibitor_where_rapalogs_do_not():
    """Torin1/PP242/AZD8055 arrest most cells in G1 (Thoreen 2009; Feldman 2009); they lower MCL-1 (cap-dependent
    translation) where rapalogs do not, so a BCL-2/BCL-XL BH3 mimetic added kills under the kinase inhibitor and
    not under the rapalog (Faber et al. 2014: AZD8055, not rapamycin, with ABT-263)."""
    assert run(drugs=("everolimus",)).response == "cytostatic"
    assert run(drugs=("sapanisertib",)).response == "cytostatic"
    assert run(drugs=("sapanisertib", "navitoclax")).response == "cytotoxic"
    assert run(drugs=("everolimus", "navitoclax")).response == "cytostatic"


@pytest.mark.parametrize("alterations, drugs, response", [
    (("EGFR_activating",), ("dactolisib",), "cytostatic"),  # FOXO's BIM and PUMA, but ERK on: BCL-XL holds
    (("EGFR_activating",), ("trametinib",), "cytostatic"),  # BIM accumulates, but translation keeps MCL-1
    (("EGFR_activating",), ("dactolisib", "trametinib"), "cytotoxic"),  # both: BCL-XL overcome (Faber 2009)
    (("KRAS_activating",), ("buparlisib", "pimasertib"), "cytostatic"),  # KRAS-TBK1-NF-kB raises BCL-XL
    (("KRAS_activating",), ("buparlisib", "pimasertib", "navitoclax"), "cytotoxic"),  # ... which navitoclax takes
])
def test_pi3k_and_mek_inhibition_kill_together_where_each_alone_arrests(alterations, drugs, response):
    assert run(alterations=alterations, drugs=drugs).response == response


def test_glutamine_is_needed_for_the_rags_and_active_rags_bypass_it():
    """Glutaminolysis is needed, with leucine, for GTP loading of the Rags; a constitutively active Rag
    heterodimer activates mTORC1 without it (Duran et al. 2012)."""
    starved = evaluate(mtor_model(), Scenario(conditions={"Glutamine": 0}), mtor_catalog(), shares=False)
    assert all(a.values["S6K1"] == 0 for a in starved.background)
    bypass = evaluate(mtor_model(), Scenario(conditions={"Glutamine": 0}, fix={"Rag": 1}), mtor_catalog(),
                      shares=False)
    assert all(a.values["S6K1"] == 1 for a in bypass.background)


def test_bh3_mimetic_turns_a_cytostatic_kinase_inhibition_into_a_cytotoxic_one():
    """mTOR kinase or PI3K inhibition lowers MCL-1 without killing cells that another anti-apoptotic protein
    holds; a BCL-2/BCL-XL BH3 mimetic added then kills them (Faber et al. 2014, Cancer Discov: AZD8055 with
    ABT-263). Here the reserve is phosphorylated BCL-2 [64]."""
    gsc = ("EGFR_activating", "BCL2_phosphorylation")
    for drug in ("sapanisertib", "alpelisib"):
        assert run(alterations=gsc, drugs=(drug,)).response == "cytostatic"
        assert run(alterations=gsc, drugs=(drug, "navitoclax")).response == "cytotoxic"


def test_cytostatic_or_cytotoxic_depends_on_the_background():
    """Deregulated E2F (RB lost) primes death through PUMA (Hallstrom & Nevins 2009): the same kinase inhibitor
    that arrests an RB-intact cell kills an RB-null one; MCL-1 amplification keeps the BH3-mimetic combination
    from killing; PTEN-null cells do not notice a p110α inhibitor (p110β carries them)."""
    assert run(drugs=("sapanisertib",)).response == "cytostatic"
    assert run(drugs=("sapanisertib",), alterations=("RB1_loss",)).response == "cytotoxic"
    assert run(drugs=("sapanisertib", "navitoclax")).response == "cytotoxic"
    assert run(drugs=("sapanisertib", "navitoclax"), alterations=("MCL1_amplification",)).response == "cytostatic"
    assert run(drugs=("alpelisib",), alterations=("PIK3CA_activating",)).response == "cytostatic"
    assert run(drugs=("alpelisib",), alterations=("PTEN_loss",)).response == "resistant"  # p110β carries PTEN-null


def test_palbociclib_acts_through_cyclin_d_cdk46_rb_and_rb1_loss_removes_its_effect():
    r = run(drugs=("palbociclib",))
    assert r.response == "cytostatic"
    assert all(a.values["CDK46"] == 0 and a.values["RB"] == 1 and a.values["E2F"] == 0 for a in r.treated)
    assert run(drugs=("palbociclib",), alterations=("RB1_loss",)).response == "resistant"
    # without cyclin D there is nothing for palbociclib to block: CDK4/6 is off in quiescent cells anyway
    quiescent = evaluate(mtor_model(), Scenario(conditions={"GrowthFactors": 0}), mtor_catalog(), shares=False)
    assert all(a.values["CyclinD"] == 0 and a.values["CDK46"] == 0 for a in quiescent.background)


CYCLIN_D_INPUTS = ["ER", "ER_positive", "ERK", "EIF4E", "CCND1_amplification"]


@pytest.mark.parametrize("node", CYCLIN_D_INPUTS)
def test_each_named_input_of_cyclin_d_matters_somewhere(node):
    """Cyclin D needs a mitogenic transcription signal (ERK, or ER in ER-positive cells) and eIF4E-dependent
    translation (Dowling et al. 2010), or an amplified CCND1: for each input some assignment of the others
    makes cyclin D follow it."""
    f = mtor_model().functions["CyclinD"]
    net = CompiledNetwork(CYCLIN_D_INPUTS + ["CyclinD"], {**{n: ("var", n) for n in CYCLIN_D_INPUTS}, "CyclinD": f})
    i = CYCLIN_D_INPUTS.index(node)
    width = len(CYCLIN_D_INPUTS)
    rows = np.array([[(k >> j) & 1 for j in range(width)] + [0] for k in range(1 << width)], bool)
    flipped = rows.copy()
    flipped[:, i] ^= True
    assert (net.update_all(rows)[:, -1] != net.update_all(flipped)[:, -1]).any()


def test_akt_alone_does_not_make_cyclin_d_without_eif4e():
    """x-4ebp-proliferation, x-gsk3-cyclind (not encoded): mTOR kinase inhibitors sequester eIF4E and arrest cells
    in G1 although Akt T308 returns (Thoreen et al. 2009; Dowling et al. 2010)."""
    assert "AKT" not in mtor_model().regulators("CyclinD")
    torin = evaluate(mtor_model(), Scenario(drugs=("torin1",)), mtor_catalog(), shares=False)
    assert all(a.values["AKT"] == 1 and a.values["CyclinD"] == 0 and a.values["G1S"] == 0 for a in torin.treated)


def test_cell_cycle_entry_needs_cyclin_d_cdk46_and_rb():
    m = mtor_model()
    assert "CyclinD" in str(m.functions["CDK46"]) and "palbociclib" in str(m.functions["CDK46"])
    assert "CDK46" in str(m.functions["RB"]) and "RB1_loss" in str(m.functions["RB"])
    assert "G1S" in str(m.functions["Proliferation"]) and "Growth" in str(m.functions["Proliferation"])


def test_bcl2_phosphorylation_and_tg2_still_protect_and_their_inhibitors_still_release():
    """[64] and [67] through the fate layer: phosphorylated BCL-2 holds the reserve and TG2 inactivates
    caspase-3; the BCL-2 and TG2 inhibitors take that away. Shown where the kinase inhibitor can kill: a cell
    primed by RB-free E2F (PUMA), and under a BCL-XL inhibitor."""
    primed = ("RB1_loss",)
    assert run(alterations=primed, drugs=("sapanisertib",)).response == "cytotoxic"
    reserve = (*primed, "BCL2_phosphorylation")
    assert run(alterations=reserve, drugs=("sapanisertib",)).response == "cytostatic"
    assert run(alterations=reserve, drugs=("sapanisertib", "bcl2_inhibitor")).response == "cytotoxic"
    tsc = ("TSC_loss", "TG2_overexpression")
    assert run(alterations=tsc, drugs=("sapanisertib", "navitoclax")).response == "cytostatic"
    assert run(alterations=tsc, drugs=("sapanisertib", "navitoclax", "tg2_inhibitor")).response == "cytotoxic"


def test_mcl1_is_cap_dependent_and_its_amplification_or_inhibitor_change_the_response():
    r = run(drugs=("sapanisertib",))
    assert any(a.values["MCL1"] == 0 for a in r.treated)
    assert run(drugs=("sapanisertib",), alterations=("MCL1_amplification",)).response == "cytostatic"
    assert run(drugs=("everolimus", "s63845")).response in ("cytotoxic", "cytostatic")


def test_stemness_holds_bcl2():
    r = evaluate(mtor_model(), Scenario(conditions={"TGFB": 1}), mtor_catalog(), shares=False)
    assert all(a.values["Stemness"] == 1 and a.values["BCL2"] == 1 for a in r.background)


# --- verdict semantics --------------------------------------------------------------------------------

SWITCH = """input drug drug default 0
input priming condition default 0
Grow = !drug
Commit = !Grow & priming | Commit
Proliferation = Grow & !Commit
Apoptosis = Commit"""


def test_the_verdict_follows_the_living_cell_not_every_attractor():
    """Every context has a dead attractor once death is absorbing; the verdict uses the attractors the
    drug leads the living cell to, so an unprimed cell is arrested (cytostatic), not 'partial'."""
    m = read_rules_text(SWITCH)
    unprimed = evaluate(m, Scenario(drugs=("drug",)))
    assert [a.values["Apoptosis"] for a in attractors(m.fix({"drug": 1, "priming": 0}))] == [0, 1]
    assert unprimed.response == "cytostatic" and len(unprimed.unreached) == 1
    assert all(a.values["Apoptosis"] == 0 for a in unprimed.background) and len(unprimed.dead_background) == 1
    primed = evaluate(m, Scenario(drugs=("drug",), conditions={"priming": 1}))
    assert primed.response == "cytotoxic" and all(a.values["Apoptosis"] == 1 for a in primed.treated)


def test_reachability_agrees_with_brute_force_on_random_networks():
    """reached() against explicit enumeration of the asynchronous state graph."""
    from mtorlogic.engine.basins import reachable_state_graph

    compared = 0
    for m in drug_networks(seed=7, count=40):
        before, treated = m.fix({"d": 0}), m.fix({"d": 1})
        starts, targets = attractors(before), attractors(treated)
        if len(targets) < 2:
            continue
        got = reached(percolate(treated), starts[:1], targets)
        row = starts[0].states.astype(bool).copy()
        row[:, treated.nodes.index("d")] = True
        graph, _ = reachable_state_graph(treated.nodes, treated.functions, row)
        found = {tuple(sorted(a.values.items())) for a, _ in graph.attractors}
        assert got == tuple(tuple(sorted(t.values.items())) in found for t in targets)
        compared += 1
    assert compared >= 5


def test_reachability_is_exact_for_sync_and_mp_too():
    m = read_rules_text(SWITCH)
    for semantics in ("sync", "mp"):
        assert evaluate(m, Scenario(drugs=("drug",)), semantics=semantics, shares=False).response == "cytostatic"
        primed = evaluate(m, Scenario(drugs=("drug",), conditions={"priming": 1}), semantics=semantics, shares=False)
        assert primed.response == "cytotoxic"


def test_readouts_default_to_proliferation_and_apoptosis():
    assert Readouts().apoptosis == "Apoptosis"


def test_growth_under_energy_stress_is_an_energy_crisis_that_kills():
    """x-energy-crisis (Inoki et al. 2003): TSC2-null cells keep growing under energy deprivation and die; a
    wild-type cell switches mTORC1 off and survives, and a rapalog, which stops the growth, protects."""
    def fates(**fixes):
        m = mtor_model()
        return {(a.values["EnergyCrisis"], a.values["Apoptosis"])
                for a in attractors(m.fix({**m.defaults(), "EnergyStress": 1, **fixes}))}
    assert fates(TSC_loss=1) == {(1, 1)}  # no living attractor left
    assert (0, 0) in fates() and (0, 0) in fates(TSC_loss=1, sirolimus=1)
    assert (1, 0) not in fates(TSC_loss=1, sirolimus=1)
