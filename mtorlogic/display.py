"""How results look: short plain reprs and HTML tables for notebooks.

Each result class keeps one-line ``__repr__``/``_repr_html_`` methods that call
the functions here, so every display shares one style (cells coloured like the
figures of :mod:`mtorlogic.plot`: amber on, white off, grey free) and one place
to change it. Everything shown is escaped; nothing here computes a result.

Examples
--------
>>> from mtorlogic import attractors, read_rules_text
>>> found = attractors(read_rules_text("A = !B\\nB = !A"))
>>> attractor_set_text(found)
'<AttractorSet: 2 attractors (2 fixed points) over 2 nodes>'
>>> attractor_text(found[0])
'<Attractor fixed point: 1 of 2 nodes on>'
>>> "<table" in attractor_set_html(found)
True
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from html import escape
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence


if TYPE_CHECKING:
    from .catalog import Catalog
    from .engine.attractors import Attractor
    from .engine.simulate import Timecourse
    from .hypotheses import HypothesisReport
    from .model import Model
    from .phenotype import Verdict
    from .screen import ScreenResult

MAX_COLUMNS = 30  # attractors shown side by side
MAX_ROWS = 25  # screen rows shown (to_frame() has them all)
_STYLE = ("<style>.mtorlogic table{border-collapse:collapse;font-size:12px;margin:4px 0}"
          ".mtorlogic td,.mtorlogic th{border:1px solid #ddd;padding:2px 6px;text-align:left}"
          ".mtorlogic th{background:#f5f5f5}.mtorlogic .num{text-align:right}"
          ".mtorlogic .verdict{padding:1px 8px;border-radius:3px;font-weight:bold}</style>")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _kind(kind: str) -> str:
    return kind.replace("_", " ")


def _value(v: object) -> str:
    if v == "*":
        return "free"
    if v in (0, 1):
        return str(int(v))
    return f"{float(v):.2f}"  # type: ignore[arg-type]


def _cell(v: object) -> str:
    from .plot import value_colour  # plot's module body costs start-up; the colours only a display

    return f'<td class="num" style="background:{value_colour(v)}">{_value(v)}</td>'


def _wrap(*parts: str) -> str:
    return '<div class="mtorlogic">' + _STYLE + "".join(parts) + "</div>"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table of already-escaped cells; a cell that starts with ``<td`` is used as is."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _badge(verdict: str) -> str:
    from .plot import VERDICT_COLOURS

    colour = VERDICT_COLOURS.get(verdict, "#eeeeee")
    text = "#ffffff" if verdict in ("sensitive", "resistant") else "#222222"
    return f'<span class="verdict" style="background:{colour};color:{text}">{escape(_kind(verdict))}</span>'


# --- attractors ---------------------------------------------------------------


def attractor_text(att: "Attractor") -> str:
    """``<Attractor cycle of 4 states: 50 on, 3 varying, of 128 nodes>``."""
    values = list(att.values.values())
    on = sum(v == 1 for v in values)
    if att.kind == "fixed_point":
        return f"<Attractor fixed point: {on} of {len(values)} nodes on>"
    other = sum(v not in (0, 1) for v in values)
    word = "free" if att.kind == "trap_space" else "varying"
    return f"<Attractor {_kind(att.kind)} of {_plural(att.size, 'state')}: {on} on, {other} {word}, " \
           f"of {len(values)} nodes>"


def _kinds_summary(atts: Sequence["Attractor"]) -> str:
    counts = Counter(a.kind for a in atts)
    return ", ".join(_plural(c, _kind(k)) for k, c in sorted(counts.items()))


def attractor_set_text(atts: Sequence["Attractor"]) -> str:
    """``<AttractorSet: 2 attractors (1 cycle, 1 fixed point) over 128 nodes>``."""
    if not atts:
        return "<AttractorSet: no attractors>"
    return f"<AttractorSet: {_plural(len(atts), 'attractor')} ({_kinds_summary(atts)}) over " \
           f"{_plural(len(atts[0].nodes), 'node')}>"


def _attractor_grid(groups: Mapping[str, Sequence["Attractor"]], rows: Sequence[str] | None = None) -> str:
    """Attractors as columns (at most MAX_COLUMNS), nodes as rows: the given rows, else those that
    tell the attractors apart, else (one attractor) those on; a line says what the others do."""
    columns = [(label, i, a) for label, atts in groups.items() for i, a in enumerate(atts, start=1)]
    if not columns:
        return "<p>no attractors</p>"
    shown = columns[:MAX_COLUMNS]
    nodes = list(columns[0][2].nodes)
    note = ""
    if rows is None:
        varying = [n for n in nodes if len({repr(a.values[n]) for _, _, a in columns}) > 1]
        if len(columns) > 1 and varying:
            same = [n for n in nodes if n not in set(varying)]
            on = [n for n in same if columns[0][2].values[n] == 1]
            rows = varying
            note = (f"<p>The other {len(same)} nodes take the same value in every attractor; on: "
                    f"{escape(', '.join(on)) or '(none)'}.</p>")
        else:
            rows = [n for n in nodes if columns[0][2].values[n] != 0]
            note = f"<p>The other {len(nodes) - len(rows)} nodes are off.</p>"
    header = ["node"] + [f"{escape(label)} {i}<br><small>{escape(_describe(a))}</small>" for label, i, a in shown]
    body = [[escape(n), *(_cell(a.values[n]) for _, _, a in shown)] for n in rows]
    more = f"<p>… and {len(columns) - len(shown)} more attractors (to_frame() has them all).</p>" \
        if len(columns) > len(shown) else ""
    return _table(header, body) + more + note


def _describe(att: "Attractor") -> str:
    return "fixed point" if att.kind == "fixed_point" else f"{_kind(att.kind)}, {_plural(att.size, 'state')}"


def attractor_set_html(atts: Sequence["Attractor"]) -> str:
    """The attractors side by side over the nodes that tell them apart."""
    return _wrap(f"<p><b>{escape(attractor_set_text(atts))}</b></p>", _attractor_grid({"#": atts}))


# --- models -------------------------------------------------------------------


def model_html(model: "Model") -> str:
    """Name, counts by kind, the fixed nodes, and every rule with its references (folded)."""
    kinds = Counter(model.info(n).kind for n in model.nodes)
    rules = [n for n in model.nodes if n not in model.inputs]
    head = (f"<p><b>Model {escape(model.name or '')}</b>: {_plural(len(model), 'node')} "
            f"({escape(', '.join(f'{k} {c}' for k, c in sorted(kinds.items())))}); "
            f"{_plural(len(model.inputs), 'input')} ({len(model.defaults())} with a default); "
            f"{_plural(len(rules), 'rule')}</p>")
    fixed = (f"<p>fixed: {escape(', '.join(f'{k}={v}' for k, v in model.fixed.items()))}</p>"
             if model.fixed else "")
    body = []
    for n in model.nodes:
        info = model.info(n)
        if n in model.inputs:
            what = "input" + (f", default {info.default}" if info.default is not None else "")
            prov = info.provenance
        else:
            rule = model.rule(n)
            assert rule is not None  # a node that is not an input has a rule
            what, prov = f"{n} = {rule.text}", rule.provenance
        body.append([escape(n), escape(info.kind), f"<code>{escape(what)}</code>", escape(prov.cite())])
    table = _table(["node", "kind", "rule", "review"], body)
    return _wrap(head, fixed, f"<details><summary>nodes and rules</summary>{table}</details>")


# --- verdicts -----------------------------------------------------------------


def verdict_text(verdict: "Verdict") -> str:
    """``<Verdict resistant for 'PTEN loss + everolimus': 1 background, 1 treated attractor; 12 nodes changed>``."""
    name = f" for {verdict.scenario.name!r}" if verdict.scenario is not None else ""
    return (f"<Verdict {verdict.verdict}{name}: {len(verdict.background)} background, "
            f"{_plural(len(verdict.treated), 'treated attractor')}; {_plural(len(verdict.changed), 'node')} changed>")


def verdict_html(verdict: "Verdict") -> str:
    """The verdict, the scenario, the phenotype readouts of both attractor sets, and what changed how."""
    sc = verdict.scenario
    parts = [f"<p>{_badge(verdict.verdict)} <b>{escape(sc.name) if sc else ''}</b></p>"]
    if sc is not None:
        given = [("alterations", ", ".join(sc.alterations)), ("drugs", ", ".join(sc.drugs) or "(none)"),
                 ("conditions", ", ".join(f"{k}={v}" for k, v in sc.conditions.items())),
                 ("fixed", ", ".join(f"{k}={v}" for k, v in sc.fix.items()))]
        parts.append("<p>" + "; ".join(f"{k}: {escape(v)}" for k, v in given if v) + "</p>")
    if verdict.shares and verdict.shares.get("method") == "exact":
        s = verdict.shares
        parts.append(f"<p>initial states: {s['only_class']:.1%} reach only proliferative attractors, "
                     f"{s['only_other']:.1%} only non-proliferative ones, {s['both']:.1%} either</p>")
    if verdict.blocking is not None:
        parts.append(f"<p><b>Why it resists:</b> {escape(verdict.blocking.sentence())}</p>")
    groups = {"background": verdict.background}
    if verdict.verdict != "untreated":
        groups["treated"] = verdict.treated
    parts.append(_attractor_grid(groups, rows=list(verdict.phenotypes)))
    if verdict.changed:
        rows = []
        for ch in verdict.changed:
            chain = " → ".join(f"{n}={v}" for n, v in ch.forced_by) if len(ch.forced_by) > 1 else ""
            rows.append([escape(ch.node), escape("/".join(map(_value, ch.background))),
                         escape("/".join(map(_value, ch.treated))), escape(chain)])
        parts.append(f"<details><summary>{_plural(len(rows), 'node')} changed by the treatment</summary>"
                     + _table(["node", "background", "treated", "forced through"], rows) + "</details>")
    return _wrap(*parts)


# --- screens and hypotheses ---------------------------------------------------


def _counts(values: Iterable[str]) -> str:
    counts = Counter(values)
    return ", ".join(f"{_kind(k)} {c}" for k, c in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0])))


def screen_text(result: "ScreenResult") -> str:
    """``<ScreenResult over 'default background': 39 scenarios (resistant 20, sensitive 19)>``."""
    return (f"<ScreenResult over {result.background.name!r}: {_plural(len(result.rows), 'scenario')} "
            f"({_counts(r.verdict for r in result.rows)})>")


def screen_html(result: "ScreenResult") -> str:
    """The verdict counts and the first rows of the grid."""
    header = ["treatment", "background", "verdict", "proliferative share",
              *(escape(n) for n in result.phenotypes)]
    body = []
    for r in result.rows[:MAX_ROWS]:
        p = r.perturbation
        background = [*p.alterations, *(f"{n} KO" for n in p.knockouts), *(f"{n} OE" for n in p.overexpressions)]
        body.append([escape(" + ".join(p.drugs) or "(none)"), escape(" + ".join(background) or "(none)"),
                     f"<td>{_badge(r.verdict)}</td>", f'<td class="num">{r.proliferative_share:.0%}</td>',
                     *(_cell(r.readouts[n]) for n in result.phenotypes)])
    more = len(result.rows) - len(body)
    tail = f"<p>… {_plural(more, 'more row')} (to_frame() has them all).</p>" if more > 0 else ""
    return _wrap(f"<p><b>{escape(screen_text(result))}</b></p>", _table(header, body), tail)


def hypotheses_text(report: "HypothesisReport") -> str:
    """``<HypothesisReport for 'x': resistant, goal sensitize; 10 hypotheses of 235 interventions searched>``."""
    return (f"<HypothesisReport for {report.scenario.name!r}: {report.verdict}, goal {report.goal}; "
            f"{_plural(len(report.hypotheses), 'hypothesis', 'hypotheses')} of {report.searched} interventions "
            "searched>")


def hypotheses_html(report: "HypothesisReport") -> str:
    """The ranked table with each hypothesis's mechanism letter; why the scenario resists; each mechanism's
    chains to the readouts, once per group of interventions that act alike, folded."""
    groups = report.groups()
    letter = report.letters()
    undoes = report.blocking is not None
    rows = []
    for h in report.hypotheses:
        row = [str(h.rank), escape(" + ".join(map(str, h.interventions))), f"<td>{_badge(h.verdict)}</td>",
               escape(h.response), f'<td class="num">{h.share:.0%}</td>',
               escape(", ".join(h.druggable_by) or ("yes" if h.druggable else "no")), letter[h.rank]]
        rows.append(row + (["yes" if h.restores else "no"] if undoes else []))
    header = ["rank", "interventions", "verdict", "response", "share", "druggable by", "mechanism"]
    parts = [f"<p><b>{escape(hypotheses_text(report))}</b> — verdict now {_badge(report.verdict)}</p>"]
    if report.blocking is not None:
        parts.append(f"<p>Why it resists: {escape(report.blocking.sentence())}</p>")
    parts.append(_table(header + (["undoes the block"] if undoes else []), rows))
    mechanisms = []
    for group in groups:
        chains = [" → ".join(f"{step['node']}={step['value']}" for step in c["forced_by"])
                  for c in group[0].mechanism.get("changed", []) if c.get("readout") and c["forced_by"]]
        names = ", ".join(" + ".join(map(str, h.interventions)) for h in group)
        mechanisms.append(f"<li><b>{letter[group[0].rank]}</b> ({escape(names)}): "
                          + ("; ".join(map(escape, chains)) or "no readout forced by the rules") + "</li>")
    parts.append(f"<details><summary>mechanisms (share: of treated attractors with the goal's outcome)</summary>"
                 f"<ul>{''.join(mechanisms)}</ul></details>")
    return _wrap(*parts)


# --- time courses -------------------------------------------------------------


def timecourse_text(tc: "Timecourse") -> str:
    """``<Timecourse: 1000 runs x 100 steps (async, 3 updates per step) over 128 nodes, 1 score>``."""
    per_step = f", {tc.updates_per_step} updates per step" if tc.semantics == "async" else ""
    scores = f", {_plural(len(tc.scores), 'score')}" if tc.scores else ""
    return f"<Timecourse: {tc.runs} runs x {tc.steps} steps ({tc.semantics}{per_step}) over " \
           f"{_plural(len(tc.nodes), 'node')}{scores}>"


def timecourse_html(tc: "Timecourse") -> str:
    """The summary line and the figure of :func:`mtorlogic.plot.plot_timecourse`, inlined as a PNG."""
    from .plot import plot_timecourse

    fig = plot_timecourse(tc)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    image = base64.b64encode(buffer.getvalue()).decode("ascii")
    return _wrap(f"<p><b>{escape(timecourse_text(tc))}</b></p>",
                 f'<img alt="time course" src="data:image/png;base64,{image}"/>')


def catalog_html(catalog: "Catalog") -> str:
    """The drugs, then the alterations: id, name, aliases, targets or gene, references."""
    parts = [f"<p><b>{escape(repr(catalog))}</b></p>"]
    for category, extra in (("drugs", "targets"), ("alterations", "gene")):
        entries = catalog.table(category)
        if entries:
            parts.append(_table(["id", "name", "aliases", extra, "refs"], (
                [escape(e.id), escape(e.name), escape(", ".join(e.aliases)), escape(_joined(e.get(extra, ""))),
                 escape(", ".join(map(str, e.refs)))] for e in entries.values())))
    return _wrap(*parts)


def _joined(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
