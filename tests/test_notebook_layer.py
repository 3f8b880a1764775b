"""The notebook layer: short reprs, HTML displays, typed frames, progress bars, with_rule, plots on
a given Axes."""

import io

import numpy as np
import pytest

import mtorlogic
from mtorlogic import AttractorSet, attractors
from mtorlogic.engine.simulate import simulate_timecourse
from mtorlogic.errors import InputError, MtorlogicError
from mtorlogic.hypotheses import hypotheses
from mtorlogic.plot import plot_attractors, plot_network, plot_screen, plot_timecourse
from mtorlogic.engine.progress import _TextBar, as_progress
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario
from mtorlogic.screen import drug_screen

pd = pytest.importorskip("pandas")

TOY = read_rules_text("""
input GF condition default 1
input drugX drug default 0
RAS = GF
RAF = RAS & !drugX
A = !B & RAF
B = !A & RAF
node Proliferation phenotype
Proliferation = A
node Apoptosis phenotype
Apoptosis = drugX
""")


@pytest.fixture(scope="module")
def mtor():
    model, catalog = mtorlogic.load()
    return model, catalog, mtorlogic.evaluate(model, mtorlogic.load_scenario("abcg2-dactolisib"), catalog)


def test_load_gives_the_bundled_model_and_catalog_and_a_version():
    model, catalog = mtorlogic.load()
    assert len(model) > 100 and "everolimus" in catalog.drugs
    assert mtorlogic.__version__ and mtorlogic.__version__[0].isdigit()
    again, _ = mtorlogic.load(mtorlogic.bundled.RULES)
    assert again.nodes == model.nodes


def test_attractors_are_an_attractor_set_with_a_short_repr():
    found = attractors(TOY.with_defaults())
    assert isinstance(found, AttractorSet) and isinstance(found, list)
    assert repr(found) == "<AttractorSet: 2 attractors (2 fixed points) over 8 nodes>"
    assert repr(found[0]).startswith("<Attractor fixed point:")
    html = found._repr_html_()
    assert html.count("<tr>") == 1 + 3  # header, then A, B and Proliferation: the nodes that tell them apart


def test_reprs_are_short_on_the_mtor_model(mtor):
    model, catalog, verdict = mtor
    assert len(repr(verdict)) < 200 and verdict.verdict in repr(verdict)
    assert len(repr(verdict.treated[0])) < 120
    assert len(repr(model)) < 120
    for html in (verdict._repr_html_(), model._repr_html_()):
        assert html.startswith('<div class="mtorlogic">')


def test_attractor_frame_types():
    frame = attractors(read_rules_text("A = !A\nB = !C\nC = !B"), semantics="mp").to_frame()
    assert list(frame.columns) == ["kind", "size", "A", "B", "C"]
    assert frame.dtypes.astype(str).tolist() == ["category", "int64", "float64", "float64", "float64"]
    assert frame["A"].isna().all() and frame["B"].tolist() == [0.0, 1.0]


def test_verdict_frame_has_both_states_with_readouts(mtor):
    model, _, verdict = mtor
    frame = verdict.to_frame()
    assert frame["state"].tolist() == ["background"] * len(verdict.background) + ["treated"] * len(verdict.treated)
    assert list(frame.columns[:5]) == ["state", "attractor", "kind", "size", "proliferative"]
    assert frame["proliferative"].dtype == bool and frame["Proliferation"].dtype == "float64"
    assert set(model.nodes) <= set(frame.columns)


def test_screen_frame_and_display():
    model, catalog = mtorlogic.load()
    result = drug_screen(model, catalog, drugs="everolimus,dactolisib", alterations="PTEN_loss,ABCG2_overexpression")
    frame = result.to_frame()
    assert len(frame) == len(result.rows) == 6
    assert str(frame["verdict"].dtype) == "category" and frame["treated_attractors"].dtype == "int64"
    assert frame["drugs"].dtype == "string" and frame["Proliferation"].dtype == "float64"
    assert repr(result).startswith("<ScreenResult over 'scenario': 6 scenarios")
    assert result._repr_html_().count("<tr>") == 7
    fig = plot_screen(result)
    assert fig.axes


def test_hypotheses_frame_and_display(mtor):
    model, catalog, _ = mtor
    seen = []
    report = hypotheses(model, catalog, mtorlogic.load_scenario("abcg2-dactolisib"), max_size=1, top=3,
                        progress=seen.append)
    assert seen and all(n == 1 for n in seen)
    frame = report.to_frame()
    assert frame["rank"].tolist() == list(range(1, len(report.hypotheses) + 1))
    assert frame["druggable"].dtype == bool and str(frame["verdict"].dtype) == "category"
    assert "hypothes" in repr(report) and len(repr(report)) < 200
    assert "<table>" in report._repr_html_()


def test_timecourse_frame_plot_and_display():
    m = read_rules_text("input drug drug default 0\nAKT = !drug\nS6K = AKT").with_defaults()
    tc = simulate_timecourse(m, 50, 10, perturbation={"drug": 1}, perturb_at=3, seed=0)
    frame = tc.to_frame()
    assert frame.index.name == "step" and len(frame) == 11 and list(frame.columns) == list(m.nodes)
    assert np.array_equal(frame.to_numpy(), tc.mean)
    assert repr(tc) == "<Timecourse: 50 runs x 10 steps (async, 2 updates per step) over 3 nodes>"
    assert "data:image/png;base64," in tc._repr_html_()
    with pytest.raises(InputError, match="not a node of the time course: nope"):
        plot_timecourse(tc, ["nope"])


def test_every_plot_draws_on_a_given_axes_and_returns_its_figure():
    from matplotlib.figure import Figure

    fig = Figure()
    axes = fig.subplots(1, 3)
    found = attractors(TOY.with_defaults())
    m = read_rules_text("input drug drug default 0\nAKT = !drug").with_defaults()
    tc = simulate_timecourse(m, 10, 5, seed=0)
    assert plot_network(TOY, ax=axes[0]) is fig
    assert plot_attractors(TOY, {"default": found}, title="t", ax=axes[1]) is fig
    assert plot_timecourse(tc, ax=axes[2]) is fig
    assert len(fig.axes) == 3 and axes[0].texts and axes[1].images and axes[2].lines


def test_progress_true_reports_on_a_text_bar_or_tqdm(capsys, monkeypatch):
    stream = io.StringIO()
    bar = _TextBar(4, "work", stream)
    for _ in range(4):
        bar.update(1)
    bar.close()
    assert stream.getvalue().rstrip().endswith("work 100% |" + "#" * 30 + "| 4/4")
    update = as_progress(True, total=3, label="demo", cumulative=True)
    update(1)
    update(3)  # reaching the total closes the bar
    assert update.bar is None
    m = read_rules_text("A = !B\nB = A")
    simulate_timecourse(m, 10, 5, seed=0, progress=True)
    assert "simulating" in capsys.readouterr().err


def test_to_frame_without_pandas_says_how_to_get_it(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas looks like
    with pytest.raises(MtorlogicError, match=r"pip install 'mtorlogic\[pandas\]'"):
        attractors(TOY.with_defaults()).to_frame()


def test_with_rule_replaces_one_rule_and_locates_errors():
    edited = TOY.with_rule("RAF", "RAS").with_rule("Apoptosis", "0", refs=(7,), evidence="no apoptosis")
    assert edited.rule("RAF").text == "RAS" and TOY.rule("RAF").text == "RAS & !drugX"
    assert edited.rule("Apoptosis").provenance.refs == (7,)
    treated = Scenario(drugs=("drugX",))
    assert (mtorlogic.evaluate(TOY, treated).verdict, mtorlogic.evaluate(edited, treated).verdict) == \
        ("sensitive", "partial")  # the drug no longer acts: the bistable switch decides
    assert TOY.with_rule("New", "RAS | GF").rule("New").provenance.source == "<with_rule New>"
    assert "GF" in TOY.fix({"GF": 0}).with_rule("GF", "GF").inputs  # the rule replaces the fix
    with pytest.raises(InputError) as error:
        TOY.with_rule("RAF", "RAS & !drugY")
    assert str(error.value) == "<with_rule RAF>:1:8: unknown node 'drugY' (did you mean 'drugX'?)"
    with pytest.raises(InputError, match=r"<with_rule RAF>:1:\d+: "):
        TOY.with_rule("RAF", "RAS & (GF")


def test_a_progress_bar_leaves_no_thread_that_stops_bounded_work_from_forking():
    """tqdm's monitor thread outlived the bar, so every later timeout-bounded search had to start a
    fresh interpreter instead of forking (and lost monkeypatches and start-up time with it)."""
    pytest.importorskip("tqdm")
    from mtorlogic.engine.budget import _forkable
    from mtorlogic.engine.progress import as_progress

    bar = as_progress(True, 2, "bar")
    bar(2)
    assert _forkable()
