"""Bliss and HSA by hand; parallel routes are synergistic, one route is not; agreement over members."""

import json

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.io.bnet import read_bnet_text
from mtorlogic.io.druglogics import read_sif_text
from mtorlogic.linkops import Family
from mtorlogic.synergy import bliss, hsa, normalised_output, readout_sum, synergy, treatments_for

ROUTES = "S, S\nU1, S\nR1, U1\nR2, S\nGrowth, R1 | R2\n"  # two parallel routes from S to Growth
DRUGS = {"D1": {"R1": 0}, "D2": {"R2": 0}, "D3": {"U1": 0}}  # D1, D3 on one route, D2 on the other


@pytest.mark.parametrize("ga, gb, gab, expected_bliss, expected_hsa", [
    (0.5, 0.5, 0.25, 0.0, 0.25),      # Bliss-additive, better than either drug
    (0.5, 0.4, 0.1, 0.1, 0.3),        # expected 0.2 (Bliss), best single 0.4 (HSA)
    (0.8, 0.6, 0.6, -0.12, 0.0),      # no better than the stronger drug; Bliss antagonism
    (1.0, 1.0, 0.0, 1.0, 1.0),        # neither works alone, together they stop growth
])
def test_bliss_and_hsa_by_hand(ga, gb, gab, expected_bliss, expected_hsa):
    assert bliss(ga, gb, gab) == pytest.approx(expected_bliss)
    assert hsa(ga, gb, gab) == pytest.approx(expected_hsa)


def test_triples_compare_with_every_single():
    assert bliss(0.5, 0.5, 0.5, 0.1) == pytest.approx(0.125 - 0.1)
    assert hsa(0.5, 0.4, 0.9, 0.3) == pytest.approx(0.1)
    assert treatments_for(["A", "B", "C"], triples=True)[-1] == ("A", "B", "C")


def test_readout_sum_and_growth_scale():
    outputs = {"P": 1.0, "Q": 1.0, "C": -1.0}
    assert readout_sum([{"P": 1, "Q": 0, "C": 1}, {"P": 1, "Q": 1, "C": 0}], outputs) == 1.0
    assert readout_sum([{"P": "*", "Q": 0, "C": 0}], outputs) == 0.5
    assert readout_sum([], outputs) is None
    assert (normalised_output(-1, outputs), normalised_output(2, outputs), normalised_output(0.5, outputs)) == (0, 1, 0.5)


def test_parallel_routes_are_synergistic_one_route_is_not():
    model = read_bnet_text(ROUTES)
    result = synergy([("m", model)], DRUGS, {"Growth": 1.0}, "bliss", background={"S": 1})
    by_pair = {c.drugs: c for c in result.combinations}
    parallel, same_route = by_pair[("D1", "D2")], by_pair[("D1", "D3")]
    assert parallel.bliss == 1.0 and parallel.hsa == 1.0 and parallel.agreement == 1.0
    assert same_route.bliss == 0.0 and same_route.hsa == 0.0 and same_route.agreement == 0.0
    assert result.combinations[0].drugs == ("D1", "D2")  # ranked first
    assert result.mean_response(("D1",)) == 1.0 and result.mean_response(("D1", "D2")) == 0.0


def test_link_operator_members_agree_with_their_models():
    sif = "S -> U1\nU1 -> R1\nS -> R2\nR1 -> Growth\nR2 -> Growth\nK -| Growth\n"
    family = Family(read_sif_text(sif))
    members = list(family.all_members())
    fast = synergy(members, DRUGS, {"Growth": 1.0}, "hsa", background={"S": 1, "K": 0})
    slow = synergy([(m.name, m.model()) for m in members], DRUGS, {"Growth": 1.0}, "hsa", background={"S": 1, "K": 0},
                   semantics="mp")
    assert fast.responses == slow.responses
    assert [c.to_dict() for c in fast.combinations] == [c.to_dict() for c in slow.combinations]


def test_agreement_counts_members_that_call_synergy():
    both = read_bnet_text(ROUTES)
    single = read_bnet_text(ROUTES.replace("Growth, R1 | R2", "Growth, R1 & R2"))  # each drug alone suffices
    result = synergy([("or", both), ("and", single)], DRUGS, {"Growth": 1.0}, "hsa", background={"S": 1},
                     combos=[("D1", "D2")])
    (pair,) = result.combinations
    assert (pair.synergistic_members, pair.agreement, pair.members_defined) == (1, 0.5, 2)
    # ensemble-wise: singles average 0.5, the pair 0: HSA 0.5
    assert pair.hsa == 0.5


def test_cli_synergy_on_a_model_ranks_json_csv_and_plot(tmp_path):
    model = tmp_path / "routes.bnet"
    model.write_text(ROUTES.replace("S, S", "S, 1"))
    outputs = tmp_path / "modeloutputs"
    outputs.write_text("Growth 1\n")
    args = ["synergy", str(model), "--drugs", "R1,R2,U1", "--outputs", str(outputs)]
    r = CliRunner().invoke(main, [*args, "--json", "-o", str(tmp_path / "s.csv"), "--plot", str(tmp_path / "h.png")])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["pairs"][0]["drugs"] == ["R1", "R2"] and data["pairs"][0]["synergy"] == 1.0
    assert (tmp_path / "s.csv").read_text().splitlines()[1].startswith("1,R1+R2,1.0")
    assert (tmp_path / "h.png").stat().st_size > 0
    r = CliRunner().invoke(main, [*args, "--method", "hsa"])
    assert r.exit_code == 0 and r.output.splitlines()[2].split()[:2] == ["1", "R1+R2"]


def test_cli_synergy_unknown_drug_is_an_error(tmp_path):
    model = tmp_path / "routes.bnet"
    model.write_text(ROUTES)
    r = CliRunner().invoke(main, ["synergy", str(model), "--drugs", "R1,NOPE", "--outputs", str(model)])
    assert r.exit_code == 2 and "NOPE" in r.output and "Traceback" not in r.output


def test_hypotheses_say_whether_the_combination_is_synergistic_or_additive():
    import mtorlogic
    from mtorlogic.hypotheses import hypotheses

    model, catalog = mtorlogic.load()
    report = hypotheses(model, catalog, mtorlogic.load_scenario("pten-loss-everolimus"), max_size=1, top=4)
    assert report.hypotheses
    for h in report.hypotheses:
        s = h.to_dict()["synergy"]
        e = s["effects"]
        assert s["bliss"] == pytest.approx(e["both"] - (e["first"] + e["second"] - e["first"] * e["second"]))
        assert s["call"] == ("synergistic" if s["bliss"] > 1e-9 else "antagonistic" if s["bliss"] < -1e-9 else "additive")


def test_the_folder_pipeline_is_reproducible_by_seed(tmp_path):
    from mtorlogic.pipeline import run_folder

    sif = ("S -> A\nS -> B\nA -> C\nB -| C\nC -> G\nA -> D\nB -> D\nC -| D\nD -> G\nG -| S\nS -> S\n"
           "A -| B\nB -| A\nD -> E\nC -| E\nE -> G\n")
    (tmp_path / "network.sif").write_text(sif)
    (tmp_path / "drugpanel").write_text("DA inhibits A\nDB inhibits B\nDC inhibits C\nDE inhibits E\n")
    (tmp_path / "modeloutputs").write_text("G 1\nE 1\n")
    (tmp_path / "steadystate").write_text("Condition\n-\nResponse\nG:1\tS:1\nWeight:1\n")
    first, again = run_folder(tmp_path, size=3, seed=5), run_folder(tmp_path, size=3, seed=5)
    assert [m.or_not for m in first.calibration.members] == [m.or_not for m in again.calibration.members]
    assert first.synergy.to_dict()["pairs"] == again.synergy.to_dict()["pairs"]
    assert len(first.synergy.combinations) == 6
