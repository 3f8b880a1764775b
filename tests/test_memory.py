"""Memory made visible (issues 17 item 5, 18 item 2): intrinsic and acquired resistance computed apart.

Caspase commitment is absorbing (apoptosis.rules), so a protection that a cell acquires under drugs
that kill helps only the cells not yet committed; present before the drugs, it helps every cell. With a
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


def test_an_acquired_protection_spares_only_the_cells_not_yet_committed():
    """MCL1 amplification against the kinase inhibitor with navitoclax: present before the drugs it spares
    every cell; arising under them it spares fewer the later it arises (death is absorbing)."""
    name = "sapanisertib-navitoclax-mcl1-amplified"
    intrinsic = _simulate(name)
    assert intrinsic["Apoptosis"].max() == 0 and intrinsic["Proliferation"].iloc[-1] == 0  # arrested, alive
    dead = [_simulate(name, "--acquired-at", str(t))["Apoptosis"].iloc[-1] for t in (12, 20, 60)]
    assert dead == sorted(dead) and dead[-1] == 1 and 0 < dead[1] < 1


def test_where_the_drug_only_arrests_intrinsic_and_acquired_agree():
    """Everolimus arrests without killing: KRAS acquired at step 40 restores every cell, as if present before."""
    intrinsic = _simulate("breast-pik3ca-everolimus-acquired-kras")
    acquired = _simulate("breast-pik3ca-everolimus-acquired-kras", "--acquired-at", "40")
    assert acquired["Proliferation"][39] == 0  # the drug worked until the alteration arose
    assert intrinsic["Proliferation"].iloc[-1] == acquired["Proliferation"].iloc[-1] == 1
    assert acquired["Apoptosis"].max() == 0


def test_adaptation_under_the_drug_without_a_new_alteration():
    """Adaptive resistance (issue 18): alpelisib first arrests the ER-positive PIK3CA-mutant cell, then raised ER
    induces SGK1 in the slow transcription class (Bosch 2015, Toska 2019), SGK1 reaches TSC2 and mTORC1 (Castel
    2016) and part of the cells grow again, no alteration added. Fulvestrant removes the ER that starts it: the
    arrest is sustained, so adding it deepens the response (Bosch 2015)."""
    alone = _simulate("breast-er-pik3ca-alpelisib")
    both = _simulate("breast-er-pik3ca-alpelisib-fulvestrant")
    grows = alone["Proliferation"]
    trough = grows[10:].idxmin()
    assert grows[trough] < 0.2                                   # the drug works at first ...
    assert grows.iloc[-20:].min() > 0.15                         # ... and fails later in part of the cells
    assert (alone["ER_high"] > 0.3).idxmax() < (alone["SGK1"] > 0.3).idxmax()   # raised ER, then its SGK1
    assert alone["SGK1"][trough] < alone["SGK1"].iloc[-1]        # growth returns as SGK1 comes
    assert both["Proliferation"].iloc[-20:].max() == 0 and both["SGK1"].iloc[-20:].max() == 0
    assert alone["Apoptosis"].max() == both["Apoptosis"].max() == 0


def test_acquired_at_is_checked():
    runner = CliRunner()
    r = runner.invoke(main, ["simulate", "abcg2-dactolisib", "--perturb-at", "20", "--acquired-at", "10"])
    assert r.exit_code == 2 and "--acquired-at must be a step from --perturb-at (20)" in r.output
    r = runner.invoke(main, ["simulate", str(RULES), "--acquired-at", "10"])
    assert r.exit_code == 2 and "--acquired-at applies to a scenario" in r.output
