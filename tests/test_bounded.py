"""Bounded work: plans before searches, timeouts that stop native code, memory caps.

The hard model is a random network of 80 nodes with three regulators each
(Kauffman's N-K networks): biodivine-aeon needs minutes for its asynchronous
attractors, far beyond the few seconds these tests allow, and percolation
leaves all of it. The timeout tests assert an upper bound on wall-clock time
because the issue asks for exactly that: a run with --timeout 5 must return
within 7 s (the deadline is ours; nothing here measures speed).
"""

from __future__ import annotations

import json
import random
import time

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors
from mtorlogic.engine.budget import run_bounded
from mtorlogic.engine.meter import Meter
from mtorlogic.engine.methods import choose_method
from mtorlogic.engine.plan import plan
from mtorlogic.engine.symbolic_sets import trap_space_set
from mtorlogic.errors import InputError, OutOfMemory, TimeoutExceeded, TooLargeError
from mtorlogic.phenotype import evaluate
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario
from mtorlogic.catalog import Catalog
from mtorlogic.screen import screen, single_perturbation


def nk_network(n: int = 200, k: int = 3, seed: int = 1, gate: str | None = None) -> str:
    """Rules of a random N-K network (each node a random function of k random nodes),
    each optionally ANDed with an input ``gate``. Hard by default: at 80 nodes the succession
    route came to solve it in 1.9 s once biobalm's answers were read faster, which left the
    timeouts of these tests to chance; at 200 nodes it is not solved in 30 s."""
    rng = random.Random(seed)
    lines = [f"input {gate} condition", "input other condition"] if gate else []
    for i in range(n):
        regulators = rng.sample(range(n), k)
        terms = ["(" + " & ".join(("" if row >> j & 1 else "!") + f"x{r}" for j, r in enumerate(regulators)) + ")"
                 for row in range(1 << k) if rng.random() < 0.5]
        if not terms or len(terms) == 1 << k:
            terms = [f"x{regulators[0]}"]
        body = " | ".join(terms)
        lines.append(f"x{i} = {gate} & ({body})" if gate else f"x{i} = {body}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def hard_rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("hard") / "hard.rules"
    path.write_text(nk_network())
    return path


def test_cli_stops_an_unsolvable_search_at_its_timeout_with_exit_3(hard_rules):
    start = time.monotonic()
    # symbolic asked for by name, so that the message names it (auto would take the succession diagram)
    result = CliRunner().invoke(main, ["attractors", str(hard_rules), "--method", "symbolic", "--timeout", "5", "--json"])
    elapsed = time.monotonic() - start
    assert result.exit_code == 3, result.output
    assert elapsed < 7
    assert "stopped at the time limit of 5 s: computed 0 of 1 input classes" in result.stderr
    assert "a core of up to 200 free nodes is too hard for the symbolic method" in result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["kind"] == "timeout" and (error["done"], error["total"], error["unit"]) == (0, 1, "input classes")
    assert "Traceback" not in result.output


def test_api_stops_an_unsolvable_search_at_its_timeout(hard_rules):
    model = read_rules_text(hard_rules.read_text())
    start = time.monotonic()
    with pytest.raises(TimeoutExceeded) as err:
        attractors(model, method="symbolic", timeout=5)
    assert time.monotonic() - start < 7
    assert (err.value.done, err.value.total, err.value.unit, err.value.seconds) == (0, 1, "input classes", 5)
    assert err.value.exit_code == 3


def test_a_timeout_says_how_many_input_classes_were_solved_and_what_the_rest_needs():
    # x_i = u & f_i: the class u = 0 percolates to nothing, the class u = 1 is the hard network.
    # The input "other" is read by no rule, so the engine does not split on it (it stays free
    # inside each class): two classes, not four.
    model = read_rules_text(nk_network(gate="u"))
    assert plan(model).input_classes == 2
    seen = []
    with pytest.raises(TimeoutExceeded) as err:
        attractors(model, timeout=2, progress=lambda done, total: seen.append((done, total)))
    assert err.value.done == 1 and err.value.total == 2
    # The attractors of the solved class (u = 0: every node off, "other" either way) come back with the error.
    assert [(a.values["u"], a.values["other"]) for a in err.value.partial] == [(0, 0), (0, 1)]
    assert all(a.kind == "fixed_point" and a.values["x0"] == 0 for a in err.value.partial)
    assert "computed 1 of 2 input classes (50% of the work not done); at this rate all of it needs about" in \
        str(err.value)
    assert seen == [(1, 2)]  # progress reached the caller from the child process


def test_a_bounded_call_gives_the_same_answer_as_an_unbounded_one():
    m = read_rules_text("input drug drug default 0\ninput GF condition default 1\nP = GF & !drug & !Q\n"
                        "Q = !P\nProliferation = P\nApoptosis = drug")
    assert attractors(m, timeout=60) == attractors(m)
    for semantics in ("async", "sync", "mp"):
        assert attractors(m, semantics, timeout=60) == attractors(m, semantics)
    scenario = Scenario(drugs="drug")
    assert evaluate(m, scenario, timeout=60).to_dict() == evaluate(m, scenario).to_dict()
    grid = {"knockouts": "all", "overexpress": "all"}
    assert screen(m, Catalog(), **grid, timeout=60).to_csv() == screen(m, Catalog(), **grid).to_csv()
    assert screen(m, Catalog(), **grid, workers=2, timeout=60).to_csv() == screen(m, Catalog(), **grid).to_csv()


def test_a_bounded_call_takes_progress_true_or_false_like_an_unbounded_one(capsys):
    # progress=True asks for a bar; bounded, the bar must be drawn here, not called as a function.
    from mtorlogic.engine.simulate import simulate_timecourse
    from mtorlogic.hypotheses import hypotheses

    m = read_rules_text("input drug drug default 0\ninput GF condition default 1\nP = GF & !drug & !Q\n"
                        "Q = !P\nProliferation = P\nApoptosis = drug")
    for progress in (True, False):
        bounded = simulate_timecourse(m, 20, 30, seed=1, progress=progress, timeout=60)
        assert bounded.mean.tolist() == simulate_timecourse(m, 20, 30, seed=1).mean.tolist()
        report = hypotheses(m, Catalog(), Scenario(drugs="drug"), progress=progress, timeout=60)
        assert report.to_json() == hypotheses(m, Catalog(), Scenario(drugs="drug")).to_json()
    assert "30/30" in capsys.readouterr().err  # the simulation's bar, shown by this process


def test_a_bounded_function_must_declare_its_timeout():
    # The timeout is part of the function's declared signature, so callers (and mypy) know of it.
    from mtorlogic.engine.budget import bounded

    with pytest.raises(TypeError, match="keyword-only 'timeout"):
        @bounded("steps")
        def undeclared(n: int) -> int:
            return n

    @bounded("steps")
    def declared(n: int, *, timeout: float | None = None) -> int:
        return n

    assert declared(3) == 3


def test_with_threads_running_the_child_is_a_fresh_interpreter_not_a_fork():
    import threading

    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        m = read_rules_text("A = !B\nB = !A")
        seen = []
        assert run_bounded(attractors, m, timeout=60, progress=lambda *a: seen.append(a)) == attractors(m)
        assert seen == [(1, 1)]
    finally:
        release.set()
        waiting.join()


def test_an_idle_thread_pool_does_not_prevent_forking_but_a_busy_one_does():
    from concurrent.futures import ThreadPoolExecutor

    from mtorlogic.engine.budget import _forkable

    with ThreadPoolExecutor(1) as pool:  # as Dask leaves one behind after its first use
        pool.submit(int).result()
        time.sleep(0.05)  # the worker goes back to waiting
        assert _forkable()
        import threading

        busy = threading.Event()
        job = pool.submit(busy.wait)
        time.sleep(0.05)
        assert not _forkable()
        busy.set()
        job.result()


def test_errors_in_the_child_keep_their_location():
    def bad():
        raise InputError.at("x.rules", "bad thing", 3, 4)

    with pytest.raises(InputError) as err:
        run_bounded(bad, timeout=30)
    assert str(err.value.problems[0]) == "x.rules:3:4: bad thing"


def test_a_child_past_its_memory_cap_is_reported_as_out_of_memory():
    import numpy as np

    with pytest.raises(OutOfMemory, match="ran out of memory: it may use 1.0 GiB"):
        run_bounded(np.ones, 2**32, timeout=60, memory_limit=2**30)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_screen_stops_at_its_timeout_and_says_how_many_rows(workers):
    text = nk_network(gate="u").replace("input u condition", "input u condition default 1")
    model = read_rules_text(text + "input GF condition default 1\nProliferation = x0 & GF\nApoptosis = !GF\n")
    with pytest.raises(TimeoutExceeded) as err:
        single_perturbation(model, Catalog(), nodes=["x1", "x2"], workers=workers, timeout=1)
    assert (err.value.unit, err.value.total, err.value.done, err.value.partial) == ("rows", 3, 0, [])


def test_a_screen_that_runs_out_of_time_hands_back_the_rows_it_finished():
    gated = nk_network(gate="G").replace("input G condition\n", "").replace("input other condition\n", "")
    model = read_rules_text("input GF condition default 1\nK = GF\nG = !K\nA = GF\n" + gated
                            + "Proliferation = x0 | A\nApoptosis = !GF\n")
    with pytest.raises(TimeoutExceeded) as err:  # knocking out K opens the gate on the hard network
        screen(model, Catalog(), knockouts="A,K", timeout=2)
    assert (err.value.done, err.value.total) == (2, 3)
    assert [row.perturbation.knockouts for row in err.value.partial] == [(), ("A",)]


def test_meter_reads_phases_and_increments():
    meter = Meter("input classes", phases=("background", "treated"))
    assert meter.summary() == "background: 0 input classes; treated: 0 input classes"
    meter.update(4, 4)
    meter.update(1, 8)
    assert meter.summary() == "background: 4 of 4 input classes; treated: 1 of 8 input classes"
    rows = Meter("rows", total=10, increments=True)
    rows.update(3)
    rows.update(4)
    assert rows.summary() == "7 of 10 rows" and rows.fraction() == 0.7


# --- plans ------------------------------------------------------------------------------------


def test_plan_chooses_exhaustive_for_sync_whatever_the_size():
    assert choose_method("sync", 30) == "exhaustive"
    assert choose_method("async", 40) == "symbolic" and choose_method("mp", 10) == "exhaustive"
    assert choose_method("mp", 40) == "asp" and choose_method("async", 10, "symbolic") == "symbolic"
    # minimal trap spaces: a small core with many free inputs (>= 2^k members) is one set, a large one a list
    assert choose_method("mp", 30, free_inputs=16) == "symbolic" and choose_method("mp", 120, free_inputs=12) == "asp"


def test_plan_refuses_what_cannot_fit_and_suggests_only_what_fits():
    wide = read_rules_text("\n".join(f"input i{k} condition" for k in range(70)) + "\nx = "
                           + " | ".join(f"i{k}" for k in range(70)))
    p = plan(wide)
    assert not p.feasible and "at least 2^70 attractors" in p.reason
    assert p.suggestion.startswith("fix the 70 free inputs (model.fix({'i0': 0, 'i1': 0, 'i2': 0, ...})")
    with pytest.raises(TooLargeError):
        attractors(wide)
    listing = plan(wide, "mp")  # 2^70 minimal trap spaces: too many to list, one set holds them
    assert not listing.feasible and listing.suggestion.startswith("hold them as a set")
    assert trap_space_set(wide).count == 2 ** 70
    ring = read_rules_text("\n".join(f"x{k} = !x{(k + 1) % 40} | x{(k + 7) % 40}" for k in range(40)))
    p = plan(ring, "sync")
    assert not p.feasible and "40 free nodes: 2^40 states is too many for the exhaustive method" in p.reason
    assert p.suggestion == "use semantics='async'" and plan(ring, "async").feasible
    small = plan(read_rules_text("A = !B\nB = !A"), "sync")
    assert small.feasible and small.method == "exhaustive" and small.memory > 0


def test_a_sync_run_on_a_core_over_the_exhaustive_limit_is_answered():
    # Issue 11: auto sent cores over 14 nodes to the symbolic backend, which has no sync.
    model = read_rules_text("\n".join(f"x{k} = !x{(k + 1) % 16}" for k in range(16)))
    found = attractors(model, "sync")
    assert found and all(a.kind in ("fixed_point", "cycle") for a in found)


# --- signals ------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _interrupt_once_computing(args: list[str], sig: int, workers: int = 1):
    """Run the CLI in its own process group, wait until it has started its computation (child
    processes exist), send ``sig`` as a terminal would (SIGINT to the group), and return
    (exit code, stderr, processes left in the group)."""
    import os
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "mtorlogic", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while len(_children(proc.pid)) < workers and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(0.3)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    time.sleep(0.2)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout.split()
    for pid in left:  # only our own group, should the test fail
        os.kill(int(pid), signal.SIGKILL)
    return proc.returncode, err.decode(), left


@pytest.mark.parametrize("signame, code, word", [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "terminated")])
def test_ctrl_c_and_sigterm_stop_a_native_search_at_once(hard_rules, signame, code, word):
    import signal

    returncode, err, left = _interrupt_once_computing(["attractors", str(hard_rules)], getattr(signal, signame))
    assert (returncode, err.strip(), left) == (code, word, [])


def test_ctrl_c_on_a_screen_with_workers_prints_no_worker_tracebacks(tmp_path):
    import signal

    text = nk_network(gate="u").replace("input u condition", "input u condition default 1")
    model = tmp_path / "m.rules"
    model.write_text(text + "input GF condition default 1\nProliferation = x0 & GF\nApoptosis = !GF\n")
    out = tmp_path / "ko.csv"
    returncode, err, left = _interrupt_once_computing(
        ["screen", "--model", str(model), "--knockouts", "x1,x2,x3", "--workers", "2", "-o", str(out)],
        signal.SIGINT, workers=2)
    assert (returncode, err.strip(), left) == (130, "interrupted", [])
    assert not out.exists()


def test_a_screen_on_dask_stops_at_its_deadline(tmp_path):
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("dask.distributed")
    text = nk_network(gate="u").replace("input u condition", "input u condition default 1")
    model = read_rules_text(text + "input GF condition default 1\nProliferation = x0 & GF\nApoptosis = !GF\n")
    scratch = dask.config.set({"temporary-directory": str(tmp_path)})  # nothing left behind in /tmp
    with scratch, distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                           dashboard_address=None, local_directory=str(tmp_path)) as cluster:
        with pytest.raises(TimeoutExceeded) as err:
            single_perturbation(model, Catalog(), nodes=["x1"], scheduler=cluster.scheduler_address, timeout=2)
    assert (err.value.unit, err.value.total, err.value.done) == ("rows", 2, 0)


def test_commands_print_their_plan_on_a_terminal_only(tmp_path, monkeypatch):
    from mtorlogic.cli import _common

    model = tmp_path / "m.rules"
    model.write_text("input GF condition\nA = GF & !B\nB = A\n")
    quiet = CliRunner().invoke(main, ["attractors", str(model)])
    assert quiet.exit_code == 0 and "plan:" not in quiet.stderr
    monkeypatch.setattr(_common, "on_terminal", lambda: True)
    shown = CliRunner().invoke(main, ["attractors", str(model)])
    assert shown.exit_code == 0
    assert "plan: async attractors of a core of 3 free nodes (8 states), 1 free input, solved exhaustively; " \
           "memory about" in shown.stderr
