"""Which backend solves which core, and the defects of method choice that were fixed."""

import random

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors, clear_cache
from mtorlogic.engine.methods import EXHAUSTIVE_LIMIT, SYNC_LIMIT, choose_method
from mtorlogic.engine.percolate import percolate
from mtorlogic.errors import MtorlogicError, TooLargeError
from mtorlogic.rules import read_rules_text


def random_model(n: int, seed: int):
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        a, b, c = (("!" if rnd.random() < 0.4 else "") + f"x{r}" for r in rnd.sample(range(n), 3))
        lines.append(f"x{i} = {a} & {b} | {c}")
    return read_rules_text("\n".join(lines))


@pytest.mark.parametrize("semantics, size, expected", [
    ("async", 14, "exhaustive"), ("async", 15, "symbolic"),
    ("mp", 10, "exhaustive"), ("mp", 11, "asp"),
    ("sync", 14, "exhaustive"), ("sync", SYNC_LIMIT, "exhaustive"),
])
def test_auto_choice(semantics, size, expected):
    assert choose_method(semantics, size) == expected


def test_choice_refuses_only_what_no_backend_can_do():
    with pytest.raises(TooLargeError, match="at most 30"):
        choose_method("sync", SYNC_LIMIT + 1)
    with pytest.raises(MtorlogicError, match="exhaustively only"):
        choose_method("sync", 5, "symbolic")
    with pytest.raises(MtorlogicError, match="most-permissive"):
        choose_method("async", 5, "asp")
    with pytest.raises(MtorlogicError, match="unknown method"):
        choose_method("async", 5, "magic")


def test_sync_auto_solves_a_core_above_the_async_exhaustive_limit():
    # Regression: cores of 15 to 30 free nodes were refused under semantics sync.
    model = random_model(17, seed=3)
    assert len(percolate(model).free) > EXHAUSTIVE_LIMIT
    clear_cache()
    auto = attractors(model, "sync")
    assert {a.state_set() for a in auto} == {a.state_set() for a in attractors(model, "sync", "exhaustive")}


def test_run_sync_on_the_dactolisib_scenario_gives_a_verdict():
    # Regression (issue 11): 'run --semantics sync' on this scenario stopped with "too many free nodes".
    result = CliRunner().invoke(main, ["run", "--semantics", "sync", "mtor-m2327i-dactolisib"])
    assert result.exit_code in (0, 1), result.output
    assert result.output.startswith("verdict:")


def test_asp_agrees_with_aeon_on_a_larger_core():
    model = random_model(40, seed=11)
    spaces = {tuple(sorted(a.values.items())) for a in attractors(model, "mp", "asp")}
    assert spaces == {tuple(sorted(a.values.items())) for a in attractors(model, "mp", "symbolic")}


def test_run_screen_and_hypotheses_take_a_method(tmp_path):
    """Issue 11: `run` and `screen` had no --method. A method that cannot compute the semantics is
    refused by every command alike; one that can gives the same answer as auto."""
    from click.testing import CliRunner

    from mtorlogic.cli import main

    runner = CliRunner()
    auto = runner.invoke(main, ["run", "mtor-m2327i-dactolisib", "--semantics", "sync", "--json"])
    forced = runner.invoke(main, ["run", "mtor-m2327i-dactolisib", "--semantics", "sync", "--method", "exhaustive",
                                  "--json"])
    assert auto.exit_code == forced.exit_code == 0, (auto.output, forced.output)
    assert auto.stdout == forced.stdout
    for command in (["run", "pten-loss-everolimus"], ["screen", "--drugs", "everolimus"],
                    ["hypotheses", "pten-loss-everolimus", "--max-size", "1"]):
        refused = runner.invoke(main, [*command, "--semantics", "sync", "--method", "symbolic"])
        assert refused.exit_code == 2 and "computed exhaustively only" in refused.stderr, (command, refused.output)
    screened = runner.invoke(main, ["screen", "--drugs", "everolimus,sapanisertib", "--method", "symbolic",
                                    "-o", str(tmp_path / "s.csv")])
    assert screened.exit_code == 0, screened.output
    assert (tmp_path / "s.csv").read_text() == runner.invoke(main, ["screen", "--drugs", "everolimus,sapanisertib"]).stdout
