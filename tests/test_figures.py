"""Figures people put in a paper: the network laid out by Graphviz (or our layers without it), a scenario's
causal subnetwork with its chains highlighted, the screen's graded response, and the report's verdict,
links and references."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

import mtorlogic
from mtorlogic.blocking import causal_edges
from mtorlogic.cli import main
from mtorlogic.html_report import linked, render_report, report_data
from mtorlogic.plot import BLOCKING, CHAIN, RESPONSE_COLOURS, dot_positions, plot_network, plot_screen
from mtorlogic.screen import drug_screen

from .mtor import SCENARIOS, mtor_catalog, mtor_model

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed "
                               "(apt-get install graphviz)")


def _verdict(name):
    return mtorlogic.evaluate(mtor_model(), mtorlogic.load_scenario(name), mtor_catalog(), shares=False)


@needs_dot
def test_dot_layout_ranks_every_edge_downwards_but_feedback():
    model = mtor_model()
    g = model.interaction_graph()
    pos = dot_positions(g, model)
    assert pos is not None and set(pos) == set(model.nodes)
    ranks = sorted({round(y, 3) for _, y in pos.values()})
    assert len(ranks) < 26  # fewer rows than the layered layout's
    down = sum(pos[u][1] > pos[v][1] for u, v in g.edges if u != v)
    assert down / sum(1 for u, v in g.edges if u != v) > 0.8
    phenotypes = {round(pos[n][1], 3) for n in model.nodes_of_kind("phenotype")}
    assert phenotypes == {ranks[0]}  # the phenotypes share the bottom rank


def test_without_graphviz_the_layers_are_used(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    model = mtor_model()
    assert dot_positions(model.interaction_graph(), model) is None
    fig = plot_network(model)  # falls back, with row labels on the left
    assert any(t.get_text() == "outputs" or t.get_text().startswith("signalling") for t in fig.axes[0].texts)


def test_causal_subnetwork_of_a_resistant_scenario_highlights_both_chains():
    v = _verdict("kras-lung-everolimus")
    edges = causal_edges(v.changed, v.blocking)
    blocking = v.blocking.edges()
    assert blocking and blocking <= edges
    shown = {n for e in edges for n in e}
    fig = plot_network(mtor_model(), v.treated[0].values, highlight=edges - blocking, blocking=blocking,
                       nodes=shown)
    labels = {t.get_text().split("\n")[0] for t in fig.axes[0].texts if t.get_bbox_patch() is not None}
    assert labels == shown
    colours = [p.get_edgecolor() for p in fig.axes[0].patches]
    from matplotlib.colors import to_rgba

    assert sum(c[:3] == to_rgba(BLOCKING)[:3] for c in colours) == len(blocking)
    assert sum(c[:3] == to_rgba(CHAIN)[:3] for c in colours) >= len(edges - blocking)


def test_cli_plot_network_causal(tmp_path):
    out = tmp_path / "causal.png"
    r = CliRunner().invoke(main, ["plot", "network", "--scenario", "abcg2-pf4989216", "--causal", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_bytes().startswith(b"\x89PNG") and "causal subnetwork" in r.output
    r = CliRunner().invoke(main, ["plot", "network", "--causal", "-o", str(tmp_path / "x.png")])
    assert r.exit_code == 2 and "--causal needs a treated scenario" in r.output
    assert not (tmp_path / "x.png").exists()


def test_screen_heatmap_shows_the_graded_response_and_no_effect():
    model, catalog = mtor_model(), mtor_catalog()
    result = drug_screen(model, catalog, drugs=["everolimus", "sapanisertib", "abcg2_inhibitor"],
                         alterations="none")
    graded = {r.perturbation.drugs: r.graded for r in result.rows}
    for r in result.rows:  # the graded response is the response, except where the drug changes no readout
        assert r.graded == ("no_effect" if r.response == "resistant" and not r.drug_effect else r.response)
    assert graded[("abcg2_inhibitor",)] == "no_effect"  # a rescue drug alone: its pump is not there to block
    fig = plot_screen(result)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert sorted(label.split(" (")[0].replace(" ", "_") for label in legend) == sorted(set(graded.values()))
    assert len(set(RESPONSE_COLOURS.values())) == len(RESPONSE_COLOURS)
    image = fig.axes[0].get_images()[0].get_array()
    assert len({int(v) for v in image.compressed()}) == len(set(graded.values()))  # one colour per response


def test_report_renders_the_verdict_as_html_links_references_and_numbers_them_once():
    from mtorlogic.references import read_references
    from mtorlogic.bundled import RULES

    model, catalog = mtor_model(), mtor_catalog()
    v = _verdict("abcg2-pf4989216")
    data = report_data(model, v, catalog, citation=read_references(RULES).cite)
    html = render_report(data, model)
    section = html[html.index('<section id="verdict">'):html.index('<section id="attractors">')]
    assert "<pre>" not in section and "Why it resists" in section and "ABCG2_overexpression=1" in section
    refs = html[html.index('<section id="references">'):]
    assert re.search(r'<a href="https://doi\.org/10\.[^"]+">', refs)
    assert re.search(r'<a href="https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/">', refs)
    items = re.findall(r'<li id="ref-(\d+)" value="\1">(.{0,12})', refs)
    assert items and not any(text.startswith(f"[{n}]") for n, text in items)  # the list numbers them
    assert data.blocking_edges == frozenset(v.blocking.edges())
    assert '"attachment":"left"' in html.replace(" ", "")  # the tooltip opens away from the details panel


def test_linked_leaves_text_without_identifiers_alone():
    assert linked("A & B <i>") == "A &amp; B &lt;i&gt;"
    assert linked("see doi:10.1000/xyz123.") == 'see <a href="https://doi.org/10.1000/xyz123">doi:10.1000/xyz123</a>.'


def test_timecourse_draws_the_phenotype_nodes_by_default():
    from mtorlogic.engine.simulate import simulate_timecourse
    from mtorlogic.plot import plot_timecourse

    model = mtor_model().with_defaults()
    tc = simulate_timecourse(model, 20, 10, perturbation={"everolimus": 1}, perturb_at=2, seed=0)
    fig = plot_timecourse(tc, model=mtor_model())
    drawn = {line.get_label() for line in fig.axes[0].get_lines()} - {"perturbation"}
    assert drawn == set(mtor_model().nodes_of_kind("phenotype"))


def test_figures_scenarios_exist():
    assert (SCENARIOS / "kras-lung-everolimus.toml").exists()


def test_screen_and_hypotheses_say_what_they_wrote(tmp_path):
    runner = CliRunner()
    out = tmp_path / "h.md"
    r = runner.invoke(main, ["hypotheses", "abcg2-pf4989216", "--max-size", "1", "--top", "3", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert f"wrote {out}: Markdown, 3 hypotheses in" in r.output and out.read_text().startswith("# Hypotheses")
    csv, png = tmp_path / "s.csv", tmp_path / "s.png"
    r = runner.invoke(main, ["screen", "--drugs", "everolimus,abcg2_inhibitor", "-o", str(csv), "--plot", str(png)])
    assert r.exit_code == 0, r.output
    assert f"wrote {csv}: CSV" in r.output and f"wrote {png}: heat-map" in r.output


def test_help_explains_the_words_and_options():
    runner = CliRunner()
    text = runner.invoke(main, ["attractors", "--help"]).output
    assert "fixed point" in text and "percolated" in text and "most-permissive" in text
    assert "How many hypotheses" in runner.invoke(main, ["hypotheses", "--help"]).output
    assert "[IN] OUT" in runner.invoke(main, ["convert", "--help"]).output
