"""Plots: the layered layout, legible labels on the 128-node mTOR model, the CLI."""

from itertools import combinations

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors
from mtorlogic.plot import PANEL_ROWS, network_rows, plot_attractors, plot_network, save_figure
from mtorlogic.rules import read_rules_text

from .mtor import RULES, SCENARIOS, mtor_model

pytest.importorskip("matplotlib")

PNG = b"\x89PNG\r\n\x1a\n"

CHAIN = read_rules_text("""
input GF condition default 1
input drugX drug default 0
input KRAS_mut mutation default 0
RAS = GF | KRAS_mut
RAF = RAS & !drugX
MEK = RAF
ERK = MEK & !Proliferation
node Proliferation phenotype
Proliferation = ERK
""")


def test_rows_put_inputs_on_top_phenotypes_at_the_bottom_and_regulators_above_targets():
    rows = network_rows(CHAIN)
    assert [r.label for r in rows] == ["conditions", "drugs", "mutations", "signalling 1", "signalling 2",
                                       "signalling 3", "signalling 4", "phenotypes"]
    row_of = {n: i for i, r in enumerate(rows) for n in r.nodes}
    assert sorted(row_of) == sorted(CHAIN.nodes)  # every node exactly once
    for u, v in [("RAS", "RAF"), ("RAF", "MEK"), ("MEK", "ERK"), ("ERK", "Proliferation")]:
        assert row_of[u] < row_of[v]


def test_mtor_rows_are_complete_and_wrapped():
    model = mtor_model()
    rows = network_rows(model)
    placed = [n for r in rows for n in r.nodes]
    assert sorted(placed) == sorted(model.nodes)
    assert max(len(r.nodes) for r in rows) <= 14
    assert rows[-1].label == "phenotypes" and set(rows[-1].nodes) == set(model.nodes_of_kind("phenotype"))
    top = {n for r in rows if r.label in ("conditions", "inputs", "drugs", "mutations") for n in r.nodes}
    assert set(model.inputs) <= top


def label_boxes(fig):
    """Display-space extents of the boxed text artists (node labels) of a drawn figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_bbox_patch().get_window_extent(renderer) for ax in fig.axes for t in ax.texts
            if t.get_bbox_patch() is not None]


def overlapping(boxes):
    return [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def test_mtor_network_labels_never_overlap():
    model = mtor_model()
    fig = plot_network(model, title="mTOR")
    boxes = label_boxes(fig)
    assert len(boxes) == len(model.nodes)
    assert overlapping(boxes) == []
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 7


def test_heatmap_labels_do_not_overlap_and_keep_every_node():
    model = mtor_model().with_defaults()
    fig = plot_attractors(mtor_model(), {"default": attractors(model)})
    fig.canvas.draw()
    panels = [[t for t in ax.get_yticklabels() if t.get_text()] for ax in fig.axes]
    assert sorted(t.get_text() for ticks in panels for t in ticks) == sorted(model.nodes)
    for ticks in panels:
        assert overlapping([t.get_window_extent() for t in ticks]) == []
    # a tall model wraps into a grid of panels instead of one long column
    assert len(panels) == -(-len(model.nodes) // PANEL_ROWS) > 1
    assert max(map(len, panels)) <= PANEL_ROWS
    assert fig.get_figheight() < 0.17 * len(model.nodes)


def test_network_coloured_by_an_attractor_and_written_as_png_and_svg(tmp_path):
    values = attractors(CHAIN.with_defaults())[0].values
    fig = plot_network(CHAIN, values)
    fills = {t.get_text().split("\n")[0]: t.get_bbox_patch().get_facecolor() for t in fig.axes[0].texts
             if t.get_bbox_patch() is not None}
    assert fills["RAS"] != fills["KRAS_mut"]  # on and off differ
    save_figure(fig, tmp_path / "n.png")
    save_figure(fig, tmp_path / "n.svg")
    assert (tmp_path / "n.png").read_bytes().startswith(PNG)
    assert b"<svg" in (tmp_path / "n.svg").read_bytes()[:500]
    assert not list(tmp_path.glob("*.part"))


def test_cli_plot_network_and_attractors_with_a_scenario(tmp_path):
    runner = CliRunner()
    scenario = str(SCENARIOS / "pten-loss-everolimus.toml")
    net = runner.invoke(main, ["plot", "network", str(RULES), "--scenario", scenario, "-o", str(tmp_path / "n.png")])
    assert net.exit_code == 0, net.output
    heat = runner.invoke(main, ["plot", "attractors", str(RULES), "--scenario", scenario, "--varying",
                                "-o", str(tmp_path / "h.png")])
    assert heat.exit_code == 0, heat.output
    assert "2 attractor(s)" in heat.output
    for name in ("n.png", "h.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG)


def test_cli_plot_attractors_with_fix(tmp_path):
    path = tmp_path / "chain.rules"
    path.write_text("input GF condition default 1\nA = GF\nB = A & !C\nC = B\n")
    result = CliRunner().invoke(main, ["plot", "attractors", str(path), "--fix", "GF=0", "-o", str(tmp_path / "h.svg")])
    assert result.exit_code == 0, result.output
    assert b"<svg" in (tmp_path / "h.svg").read_bytes()[:500]


@pytest.mark.parametrize("args, words", [
    (["network", "{rules}", "-o", "{tmp}/n.gif"], "use .png, .svg or .pdf"),
    (["network", "{rules}", "--fix", "GF=0", "--attractor", "5", "-o", "{tmp}/n.png"], "only 1 attractor"),
    (["attractors", "{rules}", "--fix", "NoSuchNode=1", "-o", "{tmp}/h.png"], "unknown node 'NoSuchNode'"),
])
def test_cli_plot_errors_exit_2_without_traceback(tmp_path, args, words):
    path = tmp_path / "chain.rules"
    path.write_text("input GF condition default 1\nA = GF\n")
    args = [a.format(rules=path, tmp=tmp_path) for a in args]
    result = CliRunner().invoke(main, ["plot", *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert not list(tmp_path.glob("*.png")) and not list(tmp_path.glob("*.gif"))
