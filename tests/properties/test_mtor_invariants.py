"""Invariants the review states, checked in random contexts drawn by hypothesis.

Each draw is a background of conditions, alterations and drugs. An invariant is
checked only where no drawn alteration is one the review names as bypassing it.
"""

from hypothesis import given
from hypothesis import strategies as st

from mtorlogic.engine.attractors import attractors

from ..mtor import mtor_catalog, mtor_model
from ..test_mtor_model import ALTERATIONS, CONDITIONS, DRUGS

# Only M2327I keeps the kinase working with an ATP-competitive inhibitor bound (Rodrik-Outmezguine et al.
# 2016); the hyperactivating mutations stay sensitive (Grabiner et al. 2014; 5-3-mutations-mln0128-resistance).
KINASE_DOMAIN = {"mTOR_M2327I"}
ATP_COMPETITIVE = {"sapanisertib", "pp242", "vistusertib", "torin1", "azd8055"}
# Hyperactivating mTOR mutations keep signalling with one of Rheb and the Rags (Grabiner et al. 2014).
HYPERACTIVE = {"mTOR_S2215Y", "mTOR_L2230V", "mTOR_E2388Q", "mTOR_V2046A", "mTOR_M2327I"}
RAPALOGS = {"sirolimus", "everolimus"}
PAN_PI3K = {"dactolisib", "voxtalisib", "omipalisib", "vs5584", "pf4989216"}  # no isoform named: p110α and p110β


@st.composite
def contexts(draw):
    conditions = draw(st.dictionaries(st.sampled_from(CONDITIONS), st.integers(0, 1), max_size=4))
    alterations = draw(st.sets(st.sampled_from(ALTERATIONS), max_size=3))
    drugs = draw(st.sets(st.sampled_from(DRUGS), max_size=2))
    return conditions, alterations, drugs


def solve(conditions, alterations, drugs):
    model = mtor_model()
    fixes = {**model.defaults(), **conditions, **{a: 1 for a in alterations}, **{d: 1 for d in drugs}}
    return attractors(model.fix(fixes))


def always(atts, node, value):
    return all(a.values[node] == value for a in atts)


@given(contexts())
def test_no_amino_acids_means_mtorc1_off(ctx):
    conditions, alterations, drugs = ctx
    conditions = {**conditions, "AminoAcids": 0}
    assert always(solve(conditions, alterations - HYPERACTIVE, drugs), "mTORC1", 0)


@given(contexts())
def test_without_amino_acids_only_a_hyperactive_kinase_with_rheb_signals(ctx):
    """x-hyperactivating-sensitive (Grabiner et al. 2014): partial resistance to amino-acid withdrawal, through Rheb."""
    conditions, alterations, drugs = ctx
    conditions = {**conditions, "AminoAcids": 0}
    for a in solve(conditions, alterations - {"GATOR1_loss"}, drugs):
        if a.values["mTORC1"] == 1:
            assert a.values["Rheb"] == 1 and alterations & HYPERACTIVE


@given(contexts(), st.sampled_from(sorted(ATP_COMPETITIVE)))
def test_atp_competitive_inhibitor_switches_off_both_complexes(ctx, drug):
    conditions, alterations, drugs = ctx
    alterations = alterations - KINASE_DOMAIN
    atts = solve(conditions, alterations, drugs | {drug})
    assert always(atts, "mTORC2", 0) and always(atts, "mTORC1", 0)


@given(contexts(), st.sampled_from(sorted(KINASE_DOMAIN)), st.sampled_from(sorted(ATP_COMPETITIVE)))
def test_kinase_domain_mutation_blocks_atp_competitive_inhibition(ctx, mutation, drug):
    """§5.3 as the primary literature has it: with M2327I the ATP-competitive drug no longer switches mTORC1/2 off."""
    conditions, alterations, drugs = ctx
    model_ctx = (conditions, alterations | {mutation}, drugs - ATP_COMPETITIVE)
    without = solve(*model_ctx)
    with_drug = solve(model_ctx[0], model_ctx[1], model_ctx[2] | {drug})
    for node in ("mTORC1", "mTORC2"):
        assert sorted(a.values[node] for a in with_drug) == sorted(a.values[node] for a in without)


@given(contexts())
def test_everolimus_relieves_the_s6k1_brake_on_irs1(ctx):
    conditions, alterations, drugs = ctx
    # An FRB-domain mutation stops the rapalog binding (PMID:25261369).
    alterations = alterations - {"mTOR_FRB_mutation"}
    drugs = drugs | {"everolimus"}
    for a in solve(conditions, alterations, drugs):
        assert a.values["S6K1"] == 0
        assert a.values["IRS1"] == a.values["IGFR"]


@given(contexts(), st.sampled_from(sorted(RAPALOGS)))
def test_rapalogs_never_switch_mtorc2_off(ctx, drug):
    """§4.1: rapamycin and its analogues inhibit mTORC1 but not mTORC2 in the short term [4]."""
    conditions, alterations, drugs = ctx
    drugs = drugs - ATP_COMPETITIVE - {"dactolisib", "voxtalisib", "omipalisib", "vs5584"}
    before = solve(conditions, alterations, drugs)
    after = solve(conditions, alterations, drugs | {drug})
    if always(before, "mTORC2", 1):
        assert not always(after, "mTORC2", 0)


@given(contexts())
def test_pten_loss_keeps_pip3_on_unless_p110beta_is_blocked(ctx):
    """§3.1 [36, 41]: PTEN loss activates the pathway on its own; p110β carries it (DOI:10.1038/nature13948)."""
    conditions, alterations, drugs = ctx
    assert always(solve(conditions, alterations | {"PTEN_loss"}, drugs - PAN_PI3K), "PIP3", 1)


@given(contexts())
def test_alpelisib_never_lowers_pip3_in_pten_null_cells(ctx):
    """A PIK3CA (p110α) inhibitor leaves PTEN-null cells signalling (DOI:10.1038/nature13948)."""
    conditions, alterations, drugs = ctx
    alterations = alterations | {"PTEN_loss"}
    before = solve(conditions, alterations, drugs - {"alpelisib"})
    after = solve(conditions, alterations, drugs | {"alpelisib"})
    # values, not attractor counts: whether a dead attractor sits beside the living one is the fate layer's business
    assert {a.values["PIP3"] for a in after} == {a.values["PIP3"] for a in before}


@given(contexts(), st.sampled_from(sorted(PAN_PI3K - {"dactolisib", "pf4989216"})))
def test_pan_pi3k_inhibitors_lower_pip3_even_without_pten(ctx, drug):
    """§4.3 [57-59, 63]: PI3K inhibitors that name no isoform block p110β too, which carries PTEN-null cells."""
    conditions, alterations, drugs = ctx
    assert always(solve(conditions, alterations | {"PTEN_loss"}, drugs | {drug}), "PIP3", 0)


@given(contexts(), st.sampled_from(sorted(RAPALOGS)))
def test_frb_mutation_stops_rapalogs(ctx, drug):
    """An FRB-domain mutation acquired under rapamycin stops rapalogs inhibiting mTORC1 (PMID:25261369)."""
    conditions, alterations, drugs = ctx
    alterations = alterations | {"mTOR_FRB_mutation"}
    without = solve(conditions, alterations, drugs - RAPALOGS)
    with_drug = solve(conditions, alterations, (drugs - RAPALOGS) | {drug})
    assert {a.values["mTORC1"] for a in with_drug} == {a.values["mTORC1"] for a in without}


@given(contexts())
def test_one_living_attractor_and_at_most_one_death_in_every_context(ctx):
    """The review describes no switch with two stable outcomes among living cells: a background of
    conditions, alterations and drugs has at most one living attractor (the PRAS40/DEPTOR amplifier is a
    level, not a bistable loop). Caspase commitment is the one memory: death, once reached, stays, so a
    dead attractor may sit beside the living one, and every attractor is one or the other."""
    found = solve(*ctx)
    living = [a for a in found if a.values["Apoptosis"] == 0]
    dead = [a for a in found if a.values["Apoptosis"] == 1]
    assert len(living) <= 1 and len(dead) <= 1 and len(living) + len(dead) == len(found) >= 1


@given(contexts())
def test_no_state_proliferates_and_dies(ctx):
    """Growth needs protein synthesis, which is also a survival signal [42]: no attractor state has
    Proliferation and Apoptosis both on."""
    for a in solve(*ctx):
        assert not (a.values["Proliferation"] == 1 and a.values["Apoptosis"] == 1)


@given(contexts())
def test_capivasertib_switches_akt_off(ctx):
    conditions, alterations, drugs = ctx
    assert always(solve(conditions, alterations, drugs | {"capivasertib"}), "AKT", 0)


def test_catalog_drugs_are_model_inputs():
    model = mtor_model()
    assert set(mtor_catalog().drugs) <= set(model.inputs)


LEVELS = [("mTORC1_high", "mTORC1"), ("mTORC2_high", "mTORC2"), ("AKT_high", "AKT"), ("PI3K_high", "PI3K"),
          ("Rheb_high", "Rheb"), ("S6K1_high", "S6K1"), ("ERK_high", "ERK")]


@given(contexts())
def test_a_second_level_implies_the_first(ctx):
    """Multi-level nodes (Zañudo et al. 2017 style): X_high is a raised level of X, never on without X."""
    for a in solve(*ctx):
        for high, low in LEVELS:
            assert not (a.values[high] == 1 and a.values[low] == 0), (high, low)
