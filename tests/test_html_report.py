"""The HTML report: what it shows (the adapter), that it is self-contained, the CLI, and the page
itself in a real headless Chromium (screenshot, a click on a node, no console errors, no fetches)."""

import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import mtorlogic
from mtorlogic.cli import main
from mtorlogic.html_report import CHAIN, render_report, report_data, write_report
from mtorlogic.plot import ON, VERDICT_COLOURS
from mtorlogic.rules import read_rules_text
from mtorlogic.scenario import Scenario

from .browser import Browser, chromium_or_skip

CHAIN_MODEL = read_rules_text("""
input GF condition default 1
input drugX drug default 0  [3]
RAS = GF  [1] §2 "Growth factors activate RAS."
RAF = RAS & !drugX  [2]
ERK = RAF
node Proliferation phenotype
Proliferation = ERK
node Apoptosis phenotype
Apoptosis = drugX & !ERK
Bystander = GF
""")


def verdict(model=CHAIN_MODEL, scenario=Scenario(name="drugX on GF", drugs=("drugX",))):
    return mtorlogic.evaluate(model, scenario)


def test_adapter_highlights_the_forcing_chains_and_cites_every_reference():
    v = verdict()
    seen = []
    data = report_data(CHAIN_MODEL, v, citation=lambda n: seen.append(n) or f"Ref. {n}")
    assert data.verdict == v.verdict == "sensitive"
    assert {("drugX", "RAF"), ("RAF", "ERK"), ("ERK", "Proliferation")} <= data.chain_edges
    assert data.treatment == ("drugX",)
    assert data.nodes["RAF"].on_chain and not data.nodes["Bystander"].on_chain
    assert (data.nodes["RAF"].background, data.nodes["RAF"].treated) == ("1", "0")
    assert data.nodes["RAS"].evidence == "Growth factors activate RAS." and data.nodes["RAS"].section == "§2"
    assert data.references == [(1, "Ref. 1"), (2, "Ref. 2"), (3, "Ref. 3")]
    assert "verdict: SENSITIVE" in data.verdict_text


def test_page_is_self_contained_and_escapes_what_it_shows():
    model = CHAIN_MODEL.with_rule("Bystander", "GF", evidence="a <script>alert(1)</script> sentence")
    html = render_report(report_data(model, verdict(model)), model)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script src=" not in html and "<link" not in html  # nothing fetched: bokeh is inlined
    assert "<script>alert(1)</script>" not in html
    assert "SENSITIVE" in html.upper() and 'id="node-info"' in html and 'id="references"' in html


def test_cli_writes_the_report_of_a_bundled_scenario(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", "pten-loss-everolimus", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name, words", [("r.png", "ending in .html"), ("adir", "is a directory")])
def test_cli_refuses_bad_outputs_before_any_work(tmp_path, name, words):
    (tmp_path / "adir").mkdir()
    result = CliRunner().invoke(main, ["report", "pten-loss-everolimus", "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and words in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]


NODE_POSITION = """(() => {
  const view = Object.values(Bokeh.index).find(v => v.frame !== undefined);
  const nodes = Bokeh.documents[0].get_model_by_name("nodes");
  const i = nodes.data.id.indexOf(%r);
  const canvas = view.canvas_view.el.getBoundingClientRect();
  return [canvas.left + view.frame.x_scale.compute(nodes.data.x[i]),
          canvas.top + view.frame.y_scale.compute(nodes.data.y[i])];
})()"""


def colour_count(png: bytes, hex_colour: str) -> int:
    from PIL import Image

    rgb = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, colour in image.getcolors(maxcolors=1 << 24) if colour == rgb)


def test_report_in_headless_chromium(tmp_path):
    executable = chromium_or_skip()
    model, catalog = mtorlogic.load()
    v = mtorlogic.evaluate(model, mtorlogic.load_scenario("pten-loss-everolimus"), catalog)
    data = write_report(model, v, tmp_path / "report.html", catalog)
    clicked = next(n for n in ("mTORC1", *sorted(data.nodes)) if data.nodes[n].on_chain)
    browser = Browser(executable, width=1400, height=1400)
    try:
        browser.open((tmp_path / "report.html").as_uri())
        browser.wait_until("window.Bokeh && Bokeh.documents.length && Object.values(Bokeh.index)"
                           ".some(v => v.frame !== undefined && v.frame.bbox.width > 0)")
        text = browser.evaluate("document.body.innerText")
        assert v.verdict.replace("_", " ").upper() in text and v.response in text  # the verdict as HTML
        # The network is drawn: node boxes filled "on", the causal chain in its colour, the verdict badge.
        png = browser.screenshot(tmp_path / "report.png", full_page=True)
        assert colour_count(png, ON) > 2000
        assert colour_count(png, CHAIN) > 300
        assert colour_count(png, VERDICT_COLOURS[v.verdict]) > 500
        # Clicking a node shows its rule and references.
        x, y = browser.evaluate(NODE_POSITION % clicked)
        browser.evaluate(f"window.scrollTo(0, {y - 500})")
        x, y = browser.evaluate(NODE_POSITION % clicked)
        browser.click(x, y)
        info = browser.wait_until(f"(t => t.includes({clicked!r}) && t)"
                                  "(document.getElementById('node-info').innerText)")
        rule = model.rule(clicked)
        assert rule.text.split(" ")[0] in info and "reference" in info
        browser.screenshot(tmp_path / "clicked.png")
        assert browser.errors() == []
        assert [url for url in browser.requests() if not url.startswith(("file:", "data:"))] == []
    finally:
        browser.close()
    keep = os.environ.get("MTORLOGIC_SCREENSHOTS")
    if keep:  # CI keeps the screenshots to look at
        for name in ("report.png", "clicked.png"):
            Path(keep, name).write_bytes((tmp_path / name).read_bytes())
