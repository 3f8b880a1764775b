"""Memory made visible (issues 17 item 5, 18 item 2): intrinsic and acquired resistance computed apart.

Caspase commitment is absorbing (apoptosis.rules), so a resistance that a cell acquires under a drug
that kills helps only the cells not yet committed; present before the drug, it helps every cell. With a
drug that only arrests growth, both readings agree. `simulate --acquired-at` and `hypotheses --goal
resist` compute both from the dynamics."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from click.testing import CliRunner

from mtorlogic.cli import main

from .mtor import RULES


def _simulate(scenario, *args):
    r = CliRunner().invoke(main, ["simulate", scenario, "--runs", "400", "--steps", "100", "--perturb-at", "10",
                                  "--seed", "2", *args])
    assert r.exit_code == 0, r.output
    return pd.read_csv(io.StringIO(r.output))


def test_a_scenario_starts_in_the_living_background():
    """A random start would begin with committed cells (the caspase loop holds itself on)."""
    tc = _simulate("breast-pik3ca-alpelisib-acquired-pten")
    assert tc["Apoptosis"][0] == 0 and tc["Proliferation"][0] == 1
    assert tc["Proliferation"].iloc[-1] == 1  # PTEN loss present from the start: alpelisib never bites


@pytest.mark.parametrize("scenario, kills", [
    ("breast-pik3ca-alpelisib-acquired-pten", True),  # alpelisib kills PIK3CA-mutant cells; PTEN loss rescues
    ("abcg2-dactolisib", True),  # the efflux pump, acquired under the dual inhibitor
    ("breast-pik3ca-everolimus-acquired-kras", False),  # everolimus arrests: nothing is lost while waiting
])
def test_acquired_resistance_rescues_only_the_cells_not_yet_committed(scenario, kills):
    intrinsic = _simulate(scenario)
    acquired = _simulate(scenario, "--acquired-at", "40")
    assert intrinsic["Proliferation"].iloc[-1] == 1
    assert acquired["Proliferation"][39] == 0  # the drug worked until the alteration arose
    dead = acquired["Apoptosis"].iloc[-1]
    if kills:
        assert 0 < dead < 1 and acquired["Proliferation"].iloc[-1] == pytest.approx(1 - dead)
    else:
        assert dead == 0 and acquired["Proliferation"].iloc[-1] == 1


def test_acquired_at_is_checked():
    runner = CliRunner()
    r = runner.invoke(main, ["simulate", "abcg2-dactolisib", "--perturb-at", "20", "--acquired-at", "10"])
    assert r.exit_code == 2 and "--acquired-at must be a step from --perturb-at (20)" in r.output
    r = runner.invoke(main, ["simulate", str(RULES), "--acquired-at", "10"])
    assert r.exit_code == 2 and "--acquired-at applies to a scenario" in r.output
