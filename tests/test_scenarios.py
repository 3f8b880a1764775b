"""Every scenario file's expectations hold, and each cites the review."""

import json

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.phenotype import check_expectations, evaluate
from mtorlogic.scenario import read_scenario

from .mtor import RULES, SCENARIOS, mtor_catalog, mtor_model

FILES = sorted(SCENARIOS.glob("*.toml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_expectations_hold(path):
    sc = read_scenario(path)
    result = evaluate(mtor_model(), sc, mtor_catalog())
    for outcome in check_expectations(result, mtor_model()):
        if outcome.expectation.disagrees:  # strict: a known disagreement that now holds must lose the key
            assert not outcome.holds, f"{path.name}: {outcome.expectation.describe()} holds: drop 'disagrees'"
        else:
            assert outcome.holds, f"{path.name}: {outcome.expectation.describe()} (found {outcome.found})"
        assert outcome.expectation.refs, f"{path.name}: expectation without references"


def test_enough_scenarios_with_expectations():
    with_expect = [p for p in FILES if read_scenario(p).expect]
    assert len(with_expect) >= 30


def test_run_json_shape():
    r = CliRunner().invoke(main, ["run", "--model", str(RULES), "--mutation", "PTEN_loss", "--drug", "everolimus",
                                  "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["verdict"] in ("sensitive", "resistant", "partial", "not_applicable")
    assert set(data) >= {"verdict", "background", "treated", "changed"}
    values = data["treated"]["attractors"][0]["values"]
    assert set(values) == set(mtor_model().nodes)


def test_run_errors_exit_2_with_suggestion():
    runner = CliRunner()
    r = runner.invoke(main, ["run", "--model", str(RULES), "--drug", "everolimuss"])
    assert r.exit_code == 2 and "did you mean 'everolimus'" in r.output
    r = runner.invoke(main, ["run", "--model", str(RULES), "--mutation", "PTEN_los"])
    assert r.exit_code == 2 and "did you mean 'PTEN_loss'" in r.output
    r = runner.invoke(main, ["run", "--model", str(RULES), "--condition", "AminoAcid=0"])
    assert r.exit_code == 2 and "did you mean 'AminoAcids'" in r.output


def test_contradictory_scenario_names_both_sources(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('name = "x"\nconditions = { AminoAcids = 0 }\nfix = { AminoAcids = 1 }\n')
    r = CliRunner().invoke(main, ["run", str(f), "--model", str(RULES)])
    assert r.exit_code == 2
    assert "fixed to 0 by conditions and to 1 by fix" in r.output
    assert f"{f}:3:" in r.output


def test_malformed_scenario_is_located(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('name = "x"\ndrugs = ["everolimus"\n')
    r = CliRunner().invoke(main, ["run", str(f), "--model", str(RULES)])
    assert r.exit_code == 2 and f"{f}:" in r.output and "not valid TOML" in r.output
    f.write_text('name = "x"\ndrug = ["everolimus"]\n')
    r = CliRunner().invoke(main, ["run", str(f), "--model", str(RULES)])
    assert r.exit_code == 2 and f"{f}:2:1: unknown key 'drug' (did you mean 'drugs'?)" in r.output
