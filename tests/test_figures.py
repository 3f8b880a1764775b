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
from mtorlogic.network_layout import network_rows
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
    assert len(ranks) <= 2 * len(network_rows(model))  # compact: at most twice the wrapped layered rows
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
    assert "@rule_tip" in html  # the tooltip shows the rule shortened (tested in a browser below)


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


TOOLTIPS = """(() => {
  const found = [];
  const walk = root => { for (const el of root.querySelectorAll('*')) {
      if (String(el.className).includes('bk-tooltip-content')) {
        const r = el.getBoundingClientRect(); if (r.width > 0) found.push([r.left, r.right]); }
      if (el.shadowRoot) walk(el.shadowRoot); } };
  walk(document);
  return found;
})()"""


def test_the_report_tooltip_stays_off_the_details_panel(tmp_path):
    """Hovering a node opens its tooltip within the page and clear of the details panel: the nodes with
    the longest rules left of the middle (opening rightwards), and the nodes at either edge."""
    import time

    from mtorlogic.html_report import write_report

    from .browser import Browser, chromium_or_skip
    from .test_html_report import NODE_POSITION

    executable = chromium_or_skip()
    model, catalog = mtor_model(), mtor_catalog()
    write_report(model, _verdict("pten-loss-everolimus"), tmp_path / "report.html", catalog)
    browser = Browser(executable, width=1400, height=1200)
    try:
        browser.open((tmp_path / "report.html").as_uri())
        browser.wait_until("window.Bokeh && Bokeh.documents.length && Object.values(Bokeh.index)"
                           ".some(v => v.frame !== undefined && v.frame.bbox.width > 0)")
        data = 'Bokeh.documents[0].get_model_by_name("nodes").data'
        xs, ids = browser.evaluate(f"{data}.x"), browser.evaluate(f"{data}.id")
        rules = browser.evaluate(f"{data}.rule")
        middle = (min(xs) + max(xs)) / 2
        # the widest tooltips: long rules, on nodes just left of the middle (a tooltip opening rightwards
        # from there reaches furthest), and the nodes nearest the panel
        left = sorted((i for i in range(len(xs)) if xs[i] <= middle), key=lambda i: -len(rules[i]))[:8]
        nearest = left + sorted(range(len(xs)), key=lambda i: -xs[i])[:3] + sorted(range(len(xs)), key=xs.__getitem__)[:3]
        panel_left = browser.evaluate("document.getElementById('node-info').getBoundingClientRect().left")
        for i in nearest:
            x, y = browser.evaluate(NODE_POSITION % ids[i])
            browser.evaluate(f"window.scrollTo(0, window.scrollY + {y - 500})")
            x, y = browser.evaluate(NODE_POSITION % ids[i])
            browser.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)
            deadline = time.monotonic() + 10
            while not (tips := browser.evaluate(TOOLTIPS)) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert tips, f"no tooltip appeared over {ids[i]}"
            assert all(0 <= left and right <= panel_left for left, right in tips), (ids[i], tips, panel_left)
            browser.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=5, y=5)
    finally:
        browser.close()
