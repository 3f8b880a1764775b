"""Invariants the review states, checked in random contexts drawn by hypothesis.

Each draw is a background of conditions, alterations and drugs. An invariant is
checked only where no drawn alteration is one the review names as bypassing it.
"""

from hypothesis import given
from hypothesis import strategies as st

from mtorlogic.engine.attractors import attractors

from ..mtor import mtor_catalog, mtor_model
from ..test_mtor_model import ALTERATIONS, CONDITIONS, DRUGS

KINASE_DOMAIN = {"mTOR_S2215Y", "mTOR_L2230V", "mTOR_E2388Q", "mTOR_V2046A", "mTOR_M2327I"}
ATP_COMPETITIVE = {"sapanisertib", "pp242", "vistusertib", "torin1"}
RAPALOGS = {"sirolimus", "everolimus"}


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
    assert always(solve(conditions, alterations, drugs), "mTORC1", 0)


@given(contexts(), st.sampled_from(sorted(ATP_COMPETITIVE)))
def test_atp_competitive_inhibitor_switches_off_both_complexes(ctx, drug):
    conditions, alterations, drugs = ctx
    alterations = alterations - KINASE_DOMAIN
    atts = solve(conditions, alterations, drugs | {drug})
    assert always(atts, "mTORC2", 0) and always(atts, "mTORC1", 0)


@given(contexts(), st.sampled_from(sorted(KINASE_DOMAIN)), st.sampled_from(sorted(ATP_COMPETITIVE)))
def test_kinase_domain_mutation_blocks_atp_competitive_inhibition(ctx, mutation, drug):
    """§5.3: with a kinase-domain mutation the ATP-competitive drug no longer switches mTORC1/2 off."""
    conditions, alterations, drugs = ctx
    model_ctx = (conditions, alterations | {mutation}, drugs - ATP_COMPETITIVE)
    without = solve(*model_ctx)
    with_drug = solve(model_ctx[0], model_ctx[1], model_ctx[2] | {drug})
    for node in ("mTORC1", "mTORC2"):
        assert sorted(a.values[node] for a in with_drug) == sorted(a.values[node] for a in without)


@given(contexts())
def test_everolimus_relieves_the_s6k1_brake_on_irs1(ctx):
    conditions, alterations, drugs = ctx
    # ABCG2 effluxes everolimus (§5.1); S6K1 amplification keeps S6K1 on without mTORC1.
    alterations = alterations - {"ABCG2_overexpression", "S6K1_amplification"}
    drugs = (drugs - {"abcg2_inhibitor"}) | {"everolimus"}
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
def test_pten_loss_keeps_pip3_on(ctx):
    conditions, alterations, drugs = ctx
    assert always(solve(conditions, alterations | {"PTEN_loss"}, drugs), "PIP3", 1)


@given(contexts())
def test_capivasertib_switches_akt_off(ctx):
    conditions, alterations, drugs = ctx
    assert always(solve(conditions, alterations, drugs | {"capivasertib"}), "AKT", 0)


def test_catalog_drugs_are_model_inputs():
    model = mtor_model()
    assert set(mtor_catalog().drugs) <= set(model.inputs)
