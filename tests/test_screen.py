import json

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.scenario import Scenario
from mtorlogic.screen import build_grid, double_perturbation, drug_screen, screen, single_perturbation

from .mtor import RULES, mtor_catalog, mtor_model


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_grid_shape_and_order():
    m, c = mtor_model(), mtor_catalog()
    grid = build_grid(m, c, drugs="everolimus,sapanisertib", alterations="PTEN_loss,KRAS_activating", combos=2)
    # drug sets {e, s, e+s} x backgrounds {none, KRAS, PTEN}
    assert len(grid) == 9
    assert grid == sorted(grid, key=lambda p: (p.knockouts, p.overexpressions, p.alterations, p.drugs)) or grid
    assert build_grid(m, c, drugs="everolimus", knockouts="AKT,S6K1", overexpress="AKT", depth=2)[-1].size() == 3


def test_verdicts_match_single_scenarios():
    from mtorlogic.phenotype import evaluate

    m, c = mtor_model(), mtor_catalog()
    result = drug_screen(m, c, drugs="everolimus,sapanisertib", alterations="ABCG2_overexpression,mTOR_S2215Y")
    assert len(result) == 6
    for row in result.rows:
        p = row.perturbation
        single = evaluate(m, Scenario(alterations=p.alterations, drugs=p.drugs), c)
        assert row.verdict == single.verdict, p


def test_node_screens_like_cobrapy():
    m, c = mtor_model(), mtor_catalog()
    bg = Scenario(drugs=("everolimus",))
    singles = single_perturbation(m, c, nodes="AKT,S6K1,ERK", kind="both", background=bg)
    assert len(singles) == 1 + 6
    doubles = double_perturbation(m, c, nodes="AKT,S6K1,ERK", kind="knockout", background=bg)
    assert len(doubles) == 1 + 3 + 3
    assert all(r.perturbation.drugs == ("everolimus",) for r in doubles.rows)


def test_cli_outputs_are_byte_identical_and_parallel_equal(tmp_path):
    args = ["screen", "--model", str(RULES), "--drugs", "everolimus,sapanisertib,pimasertib", "--mutations", "all"]
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert run(*args, "-o", str(a)).exit_code == 0
    assert run(*args, "-o", str(b)).exit_code == 0
    r = run(*args, "-o", str(c), "--workers", "2", "--json-output", str(tmp_path / "c.json"), "--plot",
            str(tmp_path / "c.png"))
    assert r.exit_code == 0, r.output
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()
    data = json.loads((tmp_path / "c.json").read_text())
    assert len(data["rows"]) == 3 * (1 + len(mtor_catalog().alterations))
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("args, message", [
    (["--drugs", "everolimuss"], "did you mean 'everolimus'"),
    (["--mutations", "PTEN_los", "--drugs", "all"], "did you mean 'PTEN_loss'"),
    (["--knockouts", "AKTT", "--drugs", "all"], "did you mean 'AKT'"),
    ([], "empty grid"),
    (["--knockouts", "all", "--depth", "3"], "without --force"),
])
def test_bad_input_exit_2_and_nothing_written(tmp_path, args, message):
    out = tmp_path / "out.csv"
    r = run("screen", "--model", str(RULES), *args, "-o", str(out))
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert not out.exists()


def test_interrupted_screen_leaves_no_file(tmp_path, monkeypatch):
    import mtorlogic.screen as screen_module

    def boom(self, p):
        raise KeyboardInterrupt

    monkeypatch.setattr(screen_module._RowEvaluator, "row", boom)
    out = tmp_path / "out.csv"
    r = run("screen", "--model", str(RULES), "--drugs", "all", "-o", str(out))
    assert r.exit_code == 130
    assert not out.exists() and not list(tmp_path.iterdir())


def test_scheduler_without_cluster_is_a_clear_error():
    r = run("screen", "--model", str(RULES), "--drugs", "everolimus", "--scheduler", "tcp://127.0.0.1:1")
    assert r.exit_code == 2 and "cannot reach the Dask scheduler" in r.output


def test_dask_local_cluster_gives_the_same_csv(tmp_path):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("dask.distributed")
    m, c = mtor_model(), mtor_catalog()
    local = screen(m, c, drugs="everolimus,sapanisertib,dactolisib", alterations="all")
    scratch = dask.config.set({"temporary-directory": str(tmp_path)})  # nothing left behind in /tmp
    with scratch, distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=None, local_directory=str(tmp_path)) as cluster:
        remote = screen(m, c, drugs="everolimus,sapanisertib,dactolisib", alterations="all",
                        scheduler=cluster.scheduler_address)
    assert remote.to_csv() == local.to_csv()


def _rows(path):
    import csv

    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_screen_over_a_treated_background_keeps_its_drugs(tmp_path):
    """Issue 11: 'screen --drug everolimus --knockouts all --overexpress all --depth 2' gave untreated rows."""
    out = tmp_path / "ko.csv"
    r = run("screen", "--model", str(RULES), "--drug", "everolimus", "--knockouts", "AKT,S6K1", "--overexpress",
            "ERK", "--depth", "2", "-o", str(out))
    assert r.exit_code == 0, r.output
    rows = _rows(out)
    assert len(rows) == 1 + 3 + 3
    assert all(row["drugs"] == "everolimus" and row["verdict"] != "untreated" for row in rows)
    assert rows[0]["response"] == "cytostatic"


def test_screen_scores_and_ranking(tmp_path):
    out = tmp_path / "s.csv"
    args = ["screen", "--model", str(RULES), "--drugs", "everolimus,sapanisertib,pimasertib", "-o", str(out)]
    assert run(*args).exit_code == 0
    plain = _rows(out)
    assert [row["drugs"] for row in plain] == ["everolimus", "pimasertib", "sapanisertib"]
    assert "score_apoptotic" not in plain[0]
    assert run(*args, "--rank-by", "apoptosis").exit_code == 0
    ranked = _rows(out)
    assert sorted(row["drugs"] for row in ranked) == ["everolimus", "pimasertib", "sapanisertib"]
    # all three arrest the default cell: nothing dies, every score exact
    assert [row["score_apoptotic"] for row in ranked] == ["0", "0", "0"]
    assert {row["score_method"] for row in ranked} == {"exact"}
    assert run(*args, "--rank-by", "proliferation").exit_code == 0
    by_proliferation = _rows(out)
    assert sorted(row["drugs"] for row in by_proliferation) == ["everolimus", "pimasertib", "sapanisertib"]
    scores = [float(row["score_proliferating"]) for row in by_proliferation]
    assert scores == sorted(scores)
    r = run(*args, "--scores", "--semantics", "mp")
    assert r.exit_code == 2 and "asynchronous" in r.output


def test_screen_api_scores_and_response():
    m, c = mtor_model(), mtor_catalog()
    # an RB-null background: free E2F primes death through PUMA, so the kinase inhibitor kills some cells
    primed = Scenario(alterations=("RB1_loss",))
    result = drug_screen(m, c, drugs="everolimus,sapanisertib", background=primed, scores=True, rank_by="apoptosis")
    assert [(r.perturbation.drugs, r.response) for r in result.rows] == [(("sapanisertib",), "cytotoxic"),
                                                                         (("everolimus",), "cytostatic")]
    data = json.loads(result.to_json())
    assert 0 < data["rows"][0]["scores"]["apoptotic"] < 1 and data["rows"][1]["scores"]["apoptotic"] == 0
