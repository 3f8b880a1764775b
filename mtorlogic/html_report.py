"""A scenario as one self-contained, interactive HTML page (``mtorlogic report``).

The page shows the verdict (the text ``mtorlogic run`` prints), the network
with the treatment's causal chains highlighted, the attractors, what the
treatment changed, and the review's references. The network is a bokeh plot
(pan, wheel zoom, hover; click a node for its rule, the review's sentence
and its references); bokeh's JavaScript is inlined, so the file opens
offline and nothing is fetched from anywhere. The only hand-written
JavaScript is the few lines that show a clicked node's details.

Two steps, so that what a report shows can change without touching how it is
drawn:

- :func:`report_data` is the adapter from a :class:`~mtorlogic.phenotype.Verdict`
  to :class:`ReportData`: node details, the causal chains (today the
  ``forced_by`` chains of the changed nodes), and citations (today through a
  ``citation`` callable that formats a reference number);
- :func:`render_report` draws a ReportData.

Examples
--------
>>> import mtorlogic
>>> model, catalog = mtorlogic.load()
>>> verdict = mtorlogic.evaluate(model, mtorlogic.load_scenario("pten-loss-everolimus"), catalog)
>>> data = report_data(model, verdict)
>>> data.verdict, ("mTORC1", "S6K1") in data.chain_edges
('sensitive', True)
>>> html = render_report(data, model)
>>> html.startswith("<!DOCTYPE html>"), "<script src=" in html, "<link" in html    # nothing to fetch
(True, False, False)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .display import _attractor_grid, _table, _value
from .io._atomic import atomic_write
from .model import Model, Provenance
from .references import RefKey
from .plot import ACTIVATION, BLOCKING, DUAL, INHIBITION, KIND_COLOURS, OTHER_COLOUR, VERDICT_COLOURS, network_rows, \
    value_colour

if TYPE_CHECKING:
    from .catalog import Catalog
    from .phenotype import Outcome, Verdict

CHAIN = "#7b1fa2"  # causal chains: edges and node outlines
X_STEP, Y_STEP = 1.8, 1.0  # node spacing in data units
BOX_W, BOX_H = 1.65, 0.56  # node box in data units
LABEL_WIDTH = 13  # longer node ids are drawn on two lines

Citation = Callable[[RefKey], str]


def review_reference(key: RefKey) -> str:
    """A bare citation, for models without a references table (``References.cite`` is the full one)."""
    if isinstance(key, int):
        return f"[{key}] reference {key} of the review's bibliography"
    return f"[external] {key}"


def _ref_order(key: RefKey) -> tuple[int, int, str]:
    """The review's numbers first, in order, then external keys."""
    return (0, key, "") if isinstance(key, int) else (1, 0, key)


@dataclass(frozen=True)
class NodeView:
    """What the report shows of one node."""

    id: str
    name: str
    kind: str
    rule: str  # "A & !B", "input, default 1", or "fixed to 0 by the scenario"
    section: str
    evidence: str
    refs: tuple[RefKey, ...]  # the review's numbers and external PMID:/DOI: keys
    background: str  # its values across the background's attractors, e.g. "1" or "0/1"
    treated: str
    fill: object  # the value that colours it (treated, else background): 0, 1, a share, "*"
    on_chain: bool


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, independent of how it is drawn."""

    title: str
    verdict: str
    verdict_text: str
    description: str
    nodes: dict[str, NodeView]
    chain_edges: frozenset[tuple[str, str]]  # (regulator, target) on a causal chain
    treatment: tuple[str, ...]  # nodes the treatment sets
    attractors_html: str
    changed: list[tuple[str, str, str, str]]  # node, background, treated, chain text
    references: list[tuple[RefKey, str]]  # (key, citation): the review's in number order, then external
    citation: Citation = field(default=review_reference, compare=False)
    blocking_edges: frozenset[tuple[str, str]] = frozenset()  # resistance: alteration -> where the drug is blocked
    verdict_html: str = ""  # the verdict, the resistance mechanism and the expectations, as HTML


def report_data(model: Model, verdict: "Verdict", catalog: "Catalog | None" = None,
                expectations: Sequence["Outcome"] = (), citation: Citation = review_reference) -> ReportData:
    """The adapter from a verdict to what the report shows.

    Parameters
    ----------
    model : the unperturbed model the verdict was computed on
    verdict : from :func:`mtorlogic.evaluate`
    catalog : adds the catalog's references (drugs and alterations) to the list
    expectations : the scenario's checked expectations (shown with the verdict text)
    citation : formats a reference key as a full citation (e.g. ``read_references(path).cite``)
    """
    from .report import verdict_text

    from .blocking import causal_edges

    chain_edges = causal_edges(verdict.changed, verdict.blocking)
    blocking_edges = verdict.blocking.edges() if verdict.blocking is not None else set()
    on_chain = {n for edge in chain_edges for n in edge}
    sc = verdict.scenario
    fixed, treatment = _scenario_fixes(model, verdict, catalog)
    nodes = {n: _node_view(model, n, verdict, fixed, n in on_chain) for n in model.nodes}
    refs = {r for view in nodes.values() for r in view.refs}
    if catalog is not None:
        refs |= {r for table in (catalog.drugs, catalog.alterations) for e in table.values() for r in e.refs}
    groups = {"background": verdict.background}
    if verdict.verdict != "untreated":
        groups["treated"] = verdict.treated
    changed = [(c.node, "/".join(map(_value, c.background)), "/".join(map(_value, c.treated)),
                " → ".join(f"{n}={v}" for n, v in c.forced_by)) for c in verdict.changed]
    return ReportData(
        title=sc.name if sc is not None else (model.name or "model"),
        verdict=verdict.verdict,
        verdict_text=verdict_text(verdict, model, expectations),
        description=sc.description if sc is not None else "",
        nodes=nodes,
        chain_edges=frozenset(chain_edges),
        treatment=treatment,
        attractors_html=_attractor_grid(groups, rows=list(verdict.phenotypes)),
        changed=changed,
        references=[(r, citation(r)) for r in sorted(refs, key=_ref_order)],
        citation=citation,
        blocking_edges=frozenset(blocking_edges),
        verdict_html=_verdict_section(verdict, expectations),
    )


def _verdict_section(verdict: "Verdict", expectations: Sequence["Outcome"]) -> str:
    """The verdict as HTML: the response, whether it is a prediction, why it resists, the expectations."""
    from .blocking import format_chain
    from .phenotype import DESCRIPTION

    sc = verdict.scenario
    recorded = sc is not None and any(e.verdict or e.response for e in sc.expect)
    parts = [f"<p>{_badge(verdict.verdict)} <b>{escape(verdict.response.replace('_', ' '))}</b>: "
             f"{escape(DESCRIPTION.get(verdict.response, ''))}"
             + ("" if recorded or verdict.verdict == "untreated" else
                " <small>(model prediction; the scenario records no observed outcome)</small>") + "</p>"]
    if sc is not None:
        given = [("alterations", ", ".join(sc.alterations)), ("drugs", ", ".join(sc.drugs) or "(none)"),
                 ("conditions", ", ".join(f"{k}={v}" for k, v in sc.conditions.items())),
                 ("fixed", ", ".join(f"{k}={v}" for k, v in sc.fix.items()))]
        parts.append("<p>" + "; ".join(f"<b>{k}</b> {escape(v)}" for k, v in given if v) + "</p>")
    counts = verdict.fate_counts()
    if verdict.verdict not in ("untreated",):
        parts.append("<p>treated attractors: " + escape(", ".join(f"{v} {k}" for k, v in counts.items())) + "</p>")
    b = verdict.blocking
    if b is not None:
        reverted = ", ".join(f"{n}={v}" for n, v in b.reverted)
        chains = "".join(f'<li class="blocking">{escape(format_chain(c))}</li>' for c in b.chains) or \
            "<li>no chain of rules reaches the blocked nodes: the dynamics decide it</li>"
        missed = ", ".join(f"{x.node} {'/'.join(map(_value, x.untreated))}→{'/'.join(map(_value, x.reference))}"
                           for x in b.blocked[:12]) + (f" (+{len(b.blocked) - 12} more)" if len(b.blocked) > 12 else "")
        parts.append(f'<div class="why"><p><b>Why it resists.</b> Against the same treatment without '
                     f'{escape(reverted)} ({escape(b.reference_response)}), the drug is blocked by:</p>'
                     f'<ul>{chains}</ul><p>The drug would have changed, and did not: {escape(missed)}</p></div>')
    if expectations:
        held = sum(o.holds for o in expectations)
        items = "".join(f'<li class="{"ok" if o.holds else "fail"}">{"✓" if o.holds else "✗"} '
                        f'{escape(o.expectation.describe())}'
                        + (f" [{escape(', '.join(map(str, o.expectation.refs)))}]" if o.expectation.refs else "")
                        + ("" if o.holds else f" (found {escape(str(o.found))})") + "</li>" for o in expectations)
        parts.append(f"<p><b>expectations</b>: {held} of {len(expectations)} hold</p><ul>{items}</ul>")
    return "".join(parts)


_LINKS = (
    (r"(?i)\bDOI:\s*(10\.\d{4,9}/[^\s,;<>\]]+?)(?=[.,;]?(?:\s|$|<|\]))", "https://doi.org/{}"),
    (r"\bPMID:\s*(\d+)\b", "https://pubmed.ncbi.nlm.nih.gov/{}/"),
)


def linked(text: str) -> str:
    """Escape a citation and link its DOIs and PMIDs.

    >>> linked("Nature 2016. DOI:10.1038/nature17963. PMID:25261369")
    'Nature 2016. <a href="https://doi.org/10.1038/nature17963">DOI:10.1038/nature17963</a>. <a href="https://pubmed.ncbi.nlm.nih.gov/25261369/">PMID:25261369</a>'
    """
    import re

    out = escape(text)
    for pattern, url in _LINKS:
        out = re.sub(pattern, lambda m: f'<a href="{url.format(m.group(1))}">{m.group(0)}</a>', out)
    return out


def _unnumbered(citation: str) -> str:
    """A citation without its leading "[n] " (the list numbers it)."""
    import re

    return re.sub(r"^\[[^\]]*\]\s*", "", citation)


def _scenario_fixes(model: Model, verdict: "Verdict", catalog: "Catalog | None"
                    ) -> tuple[dict[str, int], tuple[str, ...]]:
    """What the scenario holds in the treated state, and the nodes its treatment sets."""
    from .catalog import Catalog

    if verdict.scenario is None:
        return {}, ()
    background, treated = verdict.scenario.fixes(model, catalog or Catalog())
    return treated, tuple(sorted(n for n, v in treated.items() if background.get(n) != v))


def _node_view(model: Model, node: str, verdict: "Verdict", fixed: Mapping[str, int], on_chain: bool) -> NodeView:
    from .phenotype import value_profile

    info = model.info(node)
    rule = model.rule(node)
    if node in model.inputs or rule is None:
        default = f", default {info.default}" if info.default is not None else ""
        now = f"; {fixed[node]} in this scenario" if node in fixed else ""
        text, prov = f"input{default}{now}", info.provenance
    else:
        now = f"  (held at {fixed[node]} by the scenario)" if node in fixed else ""
        text, prov = rule.text + now, rule.provenance
    background = value_profile(verdict.background, node)
    treated = value_profile(verdict.treated, node) if verdict.verdict != "untreated" else background
    values = [a.values[node] for a in (verdict.treated if verdict.verdict != "untreated" else verdict.background)]
    fill: object = "*" if "*" in values else (sum(float(v) for v in values) / len(values) if values else 0)
    return NodeView(node, info.name or "", info.kind, text, _section(prov), prov.evidence or "",
                    (*prov.refs, *prov.external),
                    "/".join(map(_value, background)), "/".join(map(_value, treated)), fill, on_chain)


def _section(prov: Provenance) -> str:
    return f"§{prov.section}" if prov.section else ""


# --- drawing ----------------------------------------------------------------------------------


def render_report(data: ReportData, model: Model) -> str:
    """The HTML page of a ReportData (bokeh's JavaScript and CSS inlined)."""
    from bokeh.embed import file_html
    from bokeh.resources import INLINE

    plot = _network_plot(data, model)
    body = {
        "verdict_badge": _badge(data.verdict),
        "page_title": escape(data.title),
        "description": escape(data.description),
        "verdict_text": data.verdict_html or f"<pre>{escape(data.verdict_text)}</pre>",
        "legend": _legend(),
        "attractors": data.attractors_html,
        "changed": _table(["node", "background", "treated", "forced through"],
                          [[escape(cell) for cell in row] for row in data.changed]) if data.changed
        else "<p>No node changed.</p>",
        "references": "".join(f'<li id="ref-{n}"' + (f' value="{n}">' if isinstance(n, int) else ' class="ext">')
                              + linked(_unnumbered(text)) + "</li>" for n, text in data.references),
    }
    page: str = file_html(plot, INLINE, title=f"mtorlogic: {data.title}", template=_PAGE, template_variables=body)
    return page


def _badge(verdict: str) -> str:
    colour = VERDICT_COLOURS.get(verdict, "#eeeeee")
    ink = "#ffffff" if verdict in ("sensitive", "resistant") else "#222222"
    return f'<span class="badge" style="background:{colour};color:{ink}">{escape(verdict.replace("_", " "))}</span>'


def _legend() -> str:
    items = [("", ACTIVATION, "activation"), ("", INHIBITION, "inhibition"), ("", DUAL, "dual"),
             ("", CHAIN, "causal chain of the treatment"), ("", BLOCKING, "blocking chain (resistance)")]
    swatches = "".join(f'<span class="key"><i style="background:{colour}"></i>{label}</span>'
                       for _, colour, label in items)
    fills = "".join(f'<span class="key"><i class="box" style="background:{value_colour(v)}"></i>{label}</span>'
                    for v, label in ((1, "on"), (0, "off"), (0.5, "oscillating (share on)")))
    return swatches + fills


def _positions(model: Model) -> dict[str, tuple[float, float]]:
    rows = network_rows(model)
    widest = max(len(r.nodes) for r in rows)
    pos = {}
    for level, row in enumerate(rows):
        offset = (widest - len(row.nodes)) / 2
        for i, n in enumerate(row.nodes):
            pos[n] = ((offset + i) * X_STEP, -level * Y_STEP)
    return pos


def _network_plot(data: ReportData, model: Model) -> Any:
    from bokeh.models import Arrow, CustomJS, HoverTool, NormalHead, Range1d, TapTool, TeeHead
    from bokeh.plotting import figure

    pos = _positions(model)
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    height = int(90 + 60 * (max(ys) - min(ys) + 1))
    plot = figure(name="network", height=height, sizing_mode="stretch_width", match_aspect=False,
                  x_range=Range1d(min(xs) - 1.0, max(xs) + 1.0), y_range=Range1d(min(ys) - 0.6, max(ys) + 0.6),
                  tools="pan,wheel_zoom,box_zoom,reset,save", active_scroll="wheel_zoom", toolbar_location="above",
                  output_backend="canvas")
    plot.axis.visible = False
    plot.grid.visible = False
    plot.outline_line_color = None

    curves: dict[str, list[Any]] = {k: [] for k in ("x0", "y0", "x1", "y1", "cx0", "cy0", "cx1", "cy1", "colour",
                                                    "width", "alpha")}
    heads: dict[int, dict[str, list[Any]]] = {s: {k: [] for k in ("x_start", "y_start", "x_end", "y_end", "colour")}
                                              for s in (1, -1)}
    for u, v, attrs in model.interaction_graph().edges(data=True):
        if u == v:
            continue
        sign = attrs["sign"]
        chain = (u, v) in data.chain_edges
        colour = BLOCKING if (u, v) in data.blocking_edges else CHAIN if chain else ACTIVATION if sign > 0 else INHIBITION if sign < 0 else DUAL
        (x0, y0), (x1, y1) = _clip(pos[u], pos[v]), _clip(pos[v], pos[u])
        bend = 0.0 if pos[v][1] < pos[u][1] else 0.35  # upward and same-row edges arc
        cx, cy = (x0 + x1) / 2 + bend * (y1 - y0 if y1 != y0 else 0), (y0 + y1) / 2 + bend * (
            x0 - x1 if y1 != y0 else abs(x1 - x0) * 0.6)
        for key, value in zip(("x0", "y0", "x1", "y1", "cx0", "cy0", "cx1", "cy1"), (x0, y0, x1, y1, cx, cy, cx, cy)):
            curves[key].append(value)
        curves["colour"].append(colour)
        curves["width"].append(3.2 if chain else 1.0)
        curves["alpha"].append(0.95 if chain else 0.35)
        if sign:  # a head at the end, pointing along the curve's last tangent
            head = heads[1 if sign > 0 else -1]
            tx, ty = x1 - cx, y1 - cy
            norm = max((tx * tx + ty * ty) ** 0.5, 1e-9)
            head["x_start"].append(x1 - 0.05 * tx / norm)
            head["y_start"].append(y1 - 0.05 * ty / norm)
            head["x_end"].append(x1)
            head["y_end"].append(y1)
            head["colour"].append(colour)
    plot.bezier("x0", "y0", "x1", "y1", "cx0", "cy0", "cx1", "cy1", source=_source(curves),
                line_color="colour", line_width="width", line_alpha="alpha")
    for sign, head in heads.items():
        if not head["x_end"]:
            continue
        shape = NormalHead(size=7, line_color="colour", fill_color="colour") if sign > 0 \
            else TeeHead(size=8, line_color="colour", line_width=2)
        plot.add_layout(Arrow(end=shape, source=_source(head), x_start="x_start", y_start="y_start",
                              x_end="x_end", y_end="y_end", line_color="colour", line_alpha=0.0))

    order = list(pos)
    views = [data.nodes[n] for n in order]
    nodes = _source({
        "x": [pos[n][0] for n in order], "y": [pos[n][1] for n in order], "id": order,
        "label": [_label(n) for n in order],
        "name": [_tip(v.name) for v in views], "rule": [v.rule for v in views],
        "rule_tip": [_tip(v.rule) for v in views],
        "fill": [value_colour(v.fill) for v in views],
        "edge": [CHAIN if v.on_chain else KIND_COLOURS.get(v.kind, OTHER_COLOUR) for v in views],
        "edge_width": [3.5 if v.on_chain or v.id in data.treatment else 1.5 for v in views],
        "detail": [_detail_html(v, data.citation) for v in views],
    }, name="nodes")
    boxes = plot.rect("x", "y", width=BOX_W, height=BOX_H, source=nodes, fill_color="fill", line_color="edge",
                      line_width="edge_width", name="node_boxes", **_ROUNDED,
                      selection_line_color="#000000", nonselection_fill_alpha=1.0, nonselection_line_alpha=1.0)
    plot.text("x", "y", text="label", source=nodes, text_align="center", text_baseline="middle",
              text_font_size="8px", text_color="#111111", text_line_height=1.0, nonselection_text_alpha=1.0)
    # The tooltip shows the rule shortened (the panel shows it whole on a click), so that, opening
    # away from the nearer edge of the plot, it stays within the plot and off the details panel.
    plot.add_tools(HoverTool(renderers=[boxes], tooltips=[("node", "@id"), ("name", "@name"), ("rule", "@rule_tip")]),
                   TapTool(renderers=[boxes]))
    # The one piece of JavaScript: show the clicked node's details beside the plot.
    nodes.selected.js_on_change("indices", CustomJS(args={"source": nodes}, code="""
        const i = source.selected.indices[0];
        if (i !== undefined) { document.getElementById("node-info").innerHTML = source.data.detail[i]; }
    """))
    return plot


TIP_LENGTH = 48  # characters of a rule (and name) shown in the hover tooltip


def _tip(text: str) -> str:
    """A rule cut to TIP_LENGTH characters for the tooltip.

    >>> _tip("A & B"), _tip("X" * 60)[-4:]
    ('A & B', 'XXX…')
    """
    return text if len(text) <= TIP_LENGTH else text[:TIP_LENGTH - 1] + "…"


def _label(node: str) -> str:
    """A node id on one line, or on two split where a word ends nearest the middle.

    >>> _label("mTORC1"), _label("Everolimus_intracellular"), _label("PhosphatidicAcid")
    ('mTORC1', 'Everolimus_\\nintracellular', 'Phosphatidic\\nAcid')
    """
    if len(node) <= LABEL_WIDTH:
        return node
    cuts = [i + 1 for i, c in enumerate(node[:-1]) if c == "_"]
    cuts += [i for i in range(1, len(node)) if node[i].isupper() and node[i - 1].islower()]
    cut = min(cuts, key=lambda i: abs(i - len(node) / 2), default=len(node) // 2)
    return node[:cut] + "\n" + node[cut:]


_ROUNDED: dict[str, Any] = {"border_radius": 6}  # bokeh's stubs type the corners as a Property


def _source(columns: Mapping[str, Sequence[Any]], name: str | None = None) -> Any:
    from bokeh.models import ColumnDataSource

    return ColumnDataSource(dict(columns), name=name)


def _clip(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from the centre of ``start``'s box towards ``end`` leaves that box."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    scales = [abs(BOX_W / 2 / dx) if dx else float("inf"), abs(BOX_H / 2 / dy) if dy else float("inf")]
    t = min(1.0, *scales)
    return start[0] + t * dx, start[1] + t * dy


def _detail_html(view: NodeView, citation: Citation) -> str:
    """The panel a click shows: the node, its rule, the review's sentence, its references, its values."""
    refs = "".join(f"<li>{linked(citation(r))}</li>" for r in view.refs)
    parts = [f"<h3>{escape(view.id)}</h3>",
             f"<p>{escape(view.name)} <small>({escape(view.kind)})</small></p>" if view.name
             else f"<p><small>({escape(view.kind)})</small></p>",
             f"<p><b>rule</b> <code>{escape(view.id)} = {escape(view.rule)}</code></p>" if not
             view.rule.startswith("input") else f"<p><b>{escape(view.rule)}</b></p>",
             f"<p><b>value</b> background {escape(view.background)}, treated {escape(view.treated)}"
             + (" — on a causal chain of the treatment" if view.on_chain else "") + "</p>"]
    if view.evidence:
        parts.append(f"<blockquote>{escape(view.evidence)}</blockquote>")
    if view.section:
        parts.append(f"<p><b>review</b> {escape(view.section)}</p>")
    if refs:
        parts.append(f"<ul class=\"refs\">{refs}</ul>")
    return "".join(parts)


_PAGE = """{% from macros import embed %}
{% block postamble %}
<style>
  html, body { height: auto; }
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 12px 24px;
         max-width: 1600px; color: #222; }
  h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 17px; border-bottom: 1px solid #ddd; }
  .badge { padding: 2px 10px; border-radius: 4px; font-weight: bold; text-transform: uppercase; }
  pre { background: #f7f7f7; padding: 8px; overflow-x: auto; font-size: 12px; }
  .net { display: flex; gap: 12px; align-items: flex-start; }
  .net > .plot { flex: 1 1 auto; min-width: 0; position: relative; z-index: 0; }
  #node-info { flex: 0 0 320px; z-index: 1; background: #ffffff; font-size: 13px; border: 1px solid #ddd; padding: 8px; position: sticky;
               top: 8px; max-height: 90vh; overflow-y: auto; }
  #node-info h3 { margin: 0 0 4px 0; } blockquote { margin: 6px 0; padding-left: 8px; border-left: 3px solid #ccc; }
  .key { margin-right: 14px; font-size: 12px; } .key i { display: inline-block; width: 18px; height: 4px;
         margin-right: 4px; vertical-align: middle; } .key i.box { height: 12px; border: 1px solid #888; }
  table { border-collapse: collapse; font-size: 12px; } td, th { border: 1px solid #ddd; padding: 2px 6px; }
  th { background: #f5f5f5; } .num { text-align: right; }
  .why { border-left: 4px solid #e65100; padding-left: 8px; } li.blocking { font-family: monospace; }
  li.fail { color: #b71c1c; } #references li.ext { list-style: none; margin-left: -1.2em; }
</style>
{% endblock %}
{% block contents %}
<header>
  <h1>{{ page_title }} {{ verdict_badge }}</h1>
  <p>{{ description }}</p>
</header>
<section id="network">
  <h2>Network</h2>
  <p>{{ legend }}</p>
  <p><small>Scroll to zoom, drag to pan; click a node for its rule, the review's sentence and its
  references.</small></p>
  <div class="net">
    <div class="plot">{{ embed(roots.network) }}</div>
    <aside id="node-info"><p>Click a node.</p></aside>
  </div>
</section>
<section id="verdict"><h2>Verdict</h2>{{ verdict_text }}</section>
<section id="attractors"><h2>Attractors (phenotype readouts)</h2>{{ attractors }}</section>
<section id="changed"><h2>Changed by the treatment</h2>{{ changed }}</section>
<section id="references"><h2>References</h2><ol>{{ references }}</ol></section>
{% endblock %}
"""


def write_report(model: Model, verdict: "Verdict", path: str | Path, catalog: "Catalog | None" = None,
                 expectations: Sequence["Outcome"] = (), citation: Citation = review_reference) -> ReportData:
    """Render a verdict's report and write it to ``path`` atomically; returns what it shows."""
    data = report_data(model, verdict, catalog, expectations, citation)
    atomic_write(path, render_report(data, model))
    return data
