"""Stochastic simulation: cases with known answers, settings files, and the simulate command."""

import numpy as np
import pytest
from click.testing import CliRunner

from mtorlogic.cli import _common, main
from mtorlogic.cli._common import progress_display
from mtorlogic.engine.meter import Meter
from mtorlogic.engine.attractors import attractors
from mtorlogic.engine.initial import Group, InitialDistribution, initial_states
from mtorlogic.engine.simulate import Score, _popcount_by_bytes, simulate, simulate_timecourse
from mtorlogic.errors import InputError, MtorlogicError
from mtorlogic.rules import read_rules_text
from mtorlogic.stochastic import parse_initial, parse_rates

RACE = "input A condition default 1\nB = A & !C\nC = A & !B\n"  # whichever of B, C moves first wins


def sigma5(p, n):
    """Five standard errors of a frequency of probability p over n runs."""
    return 5 * np.sqrt(p * (1 - p) / n)


def test_the_faster_node_is_updated_first_in_proportion_to_its_rate():
    m = read_rules_text(RACE).with_defaults()
    runs = 20000
    for rate_b, rate_c in ((1, 1), (3, 1), (10, 1)):
        tc = simulate_timecourse(m, runs, 10, initial={"B": 0, "C": 0}, rates={"B": rate_b, "C": rate_c}, seed=1)
        expected = rate_b / (rate_b + rate_c)
        won = tc.final[:, m.index["B"]].mean()
        assert abs(won - expected) < sigma5(expected, runs)
        assert np.all(tc.final[:, m.index["B"]] != tc.final[:, m.index["C"]])


def test_time_steps_count_updates_with_rate_classes():
    """B = A, C = A from 0 with A held at 1, B fast (10) and C slow (1): two updates per step, so C is
    still off after t steps with probability (10/11)^(2t)."""
    m = read_rules_text("input A condition default 1\nB = A\nC = A\n").with_defaults()
    runs = 20000
    rates = parse_rates("[fast]\nrate = 10\nnodes = ['B']\n[slow]\nrate = 1\nnodes = ['C']\n", m)
    tc = simulate_timecourse(m, runs, 6, initial={"B": 0, "C": 0}, rates=rates, seed=2)
    assert tc.updates_per_step == 2
    for t in range(7):
        for node, slow_chance in (("B", 1 / 11), ("C", 10 / 11)):
            still_off = slow_chance ** (2 * t)
            assert abs(1 - tc.mean[t, m.index[node]] - still_off) <= sigma5(still_off, runs) + 1e-12


def test_nodes_of_a_group_always_start_equal():
    m = read_rules_text("X = Y\nY = Z\nZ = !X\nW = X\n")
    dist = InitialDistribution({"W": 1}, (Group("g", ("X", "Y", "Z"), 0.3),))
    start = initial_states(m, dist, runs=5000, seed=4)
    x, y, z, w = (start[:, m.index[n]] for n in "XYZW")
    assert np.array_equal(x, y) and np.array_equal(y, z) and np.all(w)
    assert abs(x.mean() - 0.3) < sigma5(0.3, 5000)
    parsed = parse_initial("[nodes]\nW = 1\n[groups.g]\nnodes = ['X', 'Y', 'Z']\nprobability = 0.3\n", m)
    assert parsed == dist


def test_initial_rest_given_state_or_attractor_and_held_nodes():
    m = read_rules_text("input drug drug default 1\nA = !B & !drug\nB = !A\nC = A | C\n").with_defaults()
    start = initial_states(m, InitialDistribution({"C": 0.5}, rest={"A": 1}), runs=400, seed=0)
    assert np.all(start[:, m.index["A"]]) and not start[:, m.index["B"]].any()
    assert np.all(start[:, m.index["drug"]])  # held at its value whatever the rest says
    start = initial_states(m, InitialDistribution(rest="attractor"), runs=400, seed=0)
    states = set().union(*(a.state_set() for a in attractors(m)))
    assert {tuple(s) for s in start.astype(int).tolist()} <= states


def test_perturbation_applies_from_its_step_and_keeps_the_time_scale():
    m = read_rules_text("input drug drug default 0\nAKT = !drug\nS6K = AKT\nX = !X\n").with_defaults()
    tc = simulate_timecourse(m, 300, 20, initial={"AKT": 1, "S6K": 1}, perturbation={"drug": 1}, perturb_at=8,
                             seed=5, keep_states=True)
    drug, s6k = m.index["drug"], m.index["S6K"]
    assert tc.perturb_at == 8 and tc.updates_per_step == 3
    assert np.all(tc.states[:8, :, drug] == 0) and np.all(tc.states[8:, :, drug] == 1)
    assert np.all(tc.states[:9, :, s6k] == 1) and tc.mean[-1, s6k] < 0.05


def test_scores_count_the_highest_level_on():
    m = read_rules_text("input P1 phenotype\ninput P2 phenotype\n")
    start = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
    tc = simulate_timecourse(m, steps=3, initial=start, scores=[Score("P", (("P1", 1), ("P2", 2.5)))])
    assert np.allclose(tc.scores["P"], (0 + 1 + 2.5 + 2.5) / 4)
    assert tc.to_csv().splitlines()[:2] == ["step,P1,P2,score:P", "0,0.5,0.5,1.5"]


def test_same_seed_same_result_and_sync_is_the_synchronous_map():
    m = read_rules_text("A = !C\nB = A & !B\nC = B | A\nD = !D & A\n")
    first, again = (simulate_timecourse(m, 500, 30, seed=11) for _ in range(2))
    other = simulate_timecourse(m, 500, 30, seed=12)
    assert np.array_equal(first.mean, again.mean) and np.array_equal(first.final, again.final)
    assert not np.array_equal(first.final, other.final)
    traj = simulate(m, steps=6, semantics="sync", runs=20, seed=0)
    from mtorlogic.engine.compile import CompiledNetwork

    net = CompiledNetwork(m.nodes, m.functions)
    for t in range(6):
        assert np.array_equal(traj.states[t + 1], net.update_all(traj.states[t].astype(bool)).astype(np.uint8))


def test_progress_reports_completed_steps_and_shows_a_bar_only_at_a_terminal(monkeypatch, capsys):
    m = read_rules_text("A = !B\nB = !A\nC = !C\n")
    seen = []
    simulate_timecourse(m, 200, 40, perturbation={"A": 1}, perturb_at=15, seed=0, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 40 and 15 in seen
    with progress_display(Meter("steps", total=10), "simulating") as bar:
        bar.update(5)
    assert capsys.readouterr().err == ""  # stderr is not a terminal here
    monkeypatch.setattr(_common, "on_terminal", lambda: True)
    with progress_display(Meter("steps", total=10), "simulating") as bar:
        for t in range(1, 11):
            bar.update(t)
    assert "simulating" in capsys.readouterr().err  # click draws the bar itself only on a real terminal
    assert bar.meter.summary() == "10 of 10 steps" and bar.shown == bar.STEPS


def test_popcount_fallback_matches_numpy():
    words = np.random.default_rng(0).integers(0, 2**63, size=(50, 3), dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    words[0, 0] = np.uint64(2**64 - 1)
    assert np.array_equal(_popcount_by_bytes(words), np.bitwise_count(words))


@pytest.mark.parametrize("kwargs, message", [
    ({"initial": {"A": 1.5}}, "must be 0, 1 or a probability"),
    ({"initial": InitialDistribution({"A": 1}, (Group("g", ("A", "B")),))}, "by 'A' and by group 'g'"),
    ({"initial": InitialDistribution(rest="somewhere")}, "'random', 'attractor' or from a given state"),
    ({"rates": {"A": 0}}, "positive number"),
    ({"rates": {"AA": 2}}, "did you mean 'A'"),
    ({"runs": 0}, "at least 1"),
    ({"semantics": "sync", "rates": {"A": 2}}, "asynchronous simulation only"),
    ({"perturbation": {"A": 1}, "perturb_at": 11}, "between 0 and 10"),
])
def test_bad_settings_are_errors(kwargs, message):
    m = read_rules_text("A = !B\nB = !A\n")
    with pytest.raises(MtorlogicError, match=message.replace("(", r"\(")):
        simulate_timecourse(m, **{"runs": 10, "steps": 10, **kwargs})


# --- the command ------------------------------------------------------------------

MODEL = """input GF condition default 1
input drug drug default 0
AKT = GF & !drug
mTORC1 = AKT
Proliferation = mTORC1
Proliferation_2 = Proliferation & mTORC1
Apoptosis = !AKT
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def files(tmp_path):
    (tmp_path / "m.rules").write_text(MODEL)
    return tmp_path


def test_scenario_with_simulation_table_gives_scores_perturbation_and_plot(files):
    (files / "rates.toml").write_text("[signalling]\nrate = 5\nnodes = ['AKT', 'mTORC1']\n")
    (files / "s.toml").write_text('''name = "drug at step 10"
model = "m.rules"
drugs = ["drug"]
[simulation]
runs = 500
steps = 30
perturb_at = 10
seed = 3
rates = "rates.toml"
init = { rest = "attractor" }
[simulation.scores]
Proliferation = { Proliferation = 1, Proliferation_2 = 2 }
''')
    out, png = files / "tc.csv", files / "tc.png"
    r = run("simulate", files / "s.toml", "-o", out, "--plot", png)
    assert r.exit_code == 0, r.output
    rows = [line.split(",") for line in out.read_text().splitlines()]
    header, table = rows[0], np.array(rows[1:], dtype=float)
    assert header[-1] == "score:Proliferation" and len(table) == 31
    drug, score = header.index("drug"), header.index("score:Proliferation")
    assert table[9, drug] == 0 and table[10, drug] == 1
    assert table[9, score] == 2 and table[-1, score] == 0  # started in the proliferative attractor
    assert png.read_bytes()[:4] == b"\x89PNG"
    again = run("simulate", files / "s.toml", "--runs", 200)
    assert again.exit_code == 0 and again.output == run("simulate", files / "s.toml", "--runs", 200).output
    assert len(again.output.splitlines()) == 32  # the CSV only: no progress bar off a terminal


def test_model_with_init_options_and_fix_from_a_step(files):
    r = run("simulate", files / "m.rules", "--runs", 300, "--steps", 12, "--init", "AKT=1", "--init", "Apoptosis=0",
            "--fix", "drug=1", "--perturb-at", 4)
    assert r.exit_code == 0, r.output
    table = np.array([line.split(",") for line in r.output.splitlines()[1:]], dtype=float)
    header = r.output.splitlines()[0].split(",")
    assert table[0, header.index("AKT")] == 1 and table[3, header.index("AKT")] == 1
    assert table[-1, header.index("AKT")] == 0


@pytest.mark.parametrize("name, text, option, expected", [
    ("rates.toml", "[fast]\nrate = 10\nnodes = ['AKT', 'mTORC']\n", "--rates",
     "rates.toml:3:17: unknown node 'mTORC' (did you mean 'mTORC1'?)"),
    ("rates.toml", "[fast]\nrate = -1\nnodes = ['AKT']\n", "--rates",
     "rates.toml:2:8: rate class 'fast' needs a positive 'rate', not -1"),
    ("init.toml", "[nodes]\nAKT = 1.5\n", "--init",
     "init.toml:2:7: the initial value of 'AKT' must be 0, 1 or a probability in [0, 1], not 1.5"),
    ("init.toml", "[groups.g]\nnodes = ['AKT', 'Apoptosiss']\nprobability = -0.2\n", "--init",
     "init.toml:3:15: the probability of group 'g' must be in [0, 1], not -0.2"),
    ("s.toml", 'model = "m.rules"\n[simulation]\nruns = 0\n', None,
     "s.toml:3:8: 'runs' must be an integer of at least 1, not 0"),
    ("s.toml", 'model = "m.rules"\n[simulation]\nrunz = 10\n', None,
     "s.toml:3:1: unknown key 'runz' (did you mean 'runs'?)"),
])
def test_bad_settings_files_are_located_errors(files, name, text, option, expected):
    (files / name).write_text(text)
    args = ["simulate", files / "m.rules", option, files / name] if option else ["simulate", files / name]
    r = run(*args)
    assert r.exit_code == 2
    assert f"error: {files / expected}" in r.output
    assert "Traceback" not in r.output and isinstance(r.exception, SystemExit)


def test_bad_command_line_settings(files):
    for args, expected in ((("--runs", 0), "<command line>: the number of runs must be at least 1, not 0"),
                           (("--init", "AKT=2"), "NODE=P with P 0, 1 or a probability, not 'AKT=2'"),
                           (("--perturb-at", 20, "--steps", 10), "--perturb-at must be a step from 0 to 10"),
                           (("--plot", "x.jpg"), "cannot write a figure as '.jpg'"),
                           (("--seed", -1), "--seed must not be negative"),
                           (("--show", "AKT"), "add --plot")):
        r = run("simulate", files / "m.rules", *args)
        assert r.exit_code == 2 and expected in r.output, r.output


def test_unknown_node_in_a_group_is_reported_with_the_other_problems(files):
    (files / "init.toml").write_text("[nodes]\nAKT = 2\n[groups.g]\nnodes = ['AKTT']\n")
    r = run("simulate", files / "m.rules", "--init", files / "init.toml")
    assert r.exit_code == 2
    assert f"{files / 'init.toml'}:2:7:" in r.output
    assert f"{files / 'init.toml'}:4:10: unknown node 'AKTT' (did you mean 'AKT'?)" in r.output
    with pytest.raises(InputError):
        parse_initial("rest = 'everywhere'\n", read_rules_text(MODEL))


def test_bundled_scenario_by_name(tmp_path, monkeypatch):
    """As `run` does and the README shows: a bundled scenario by name, from a directory without it."""
    monkeypatch.chdir(tmp_path)
    r = run("simulate", "abcg2-dactolisib-abcg2i", "--runs", 20, "--steps", 5, "--perturb-at", 2)
    assert r.exit_code == 0, r.output
    header = r.output.splitlines()[0].split(",")
    assert "abcg2_inhibitor" in header and len(r.output.splitlines()) == 7
    r = run("simulate", "abcg2-dactolisib-abcg2", "--runs", 20)
    assert r.exit_code == 2 and "no such file" in r.output
