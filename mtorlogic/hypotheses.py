"""Hypotheses: interventions that flip a verdict, with their mechanism.

For a resistant or partial scenario the search looks for what restores
sensitivity, in this order: one more catalog drug, two more, then single and
double node knockouts or over-expressions. For a sensitive scenario it looks
for single and double alterations (catalog alterations, then node
perturbations) that make it resistant: candidate resistance mechanisms.

Hypotheses are ranked by: flips the verdict fully; fewest interventions;
druggable (a catalog drug acts on it, or for resistance a catalog alteration);
share of attractors rescued; then catalog drugs and alterations before node
perturbations that mimic them; and, among equals, the fewest nodes changed
(the most targeted intervention). Supersets of
an intervention set that already flips the verdict are not searched, and a
level is searched only while fewer than ``top`` full flips have been found.

Each hypothesis carries its mechanism: the nodes whose attractor values differ
from the unrescued case (with the chain of rules that forced them), and the
shortest signed paths in the interaction graph from each intervention to the
phenotype readouts, every edge with its rule's review references.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from typing import Callable, Sequence

from .catalog import Catalog
from .engine.budget import bounded
from .engine.percolate import percolate
from .errors import InputError
from .model import Model
from .phenotype import Readouts, changed_nodes, classify, evaluate, value_profile
from .scenario import Scenario
from .screen import _RowEvaluator, perturbable_nodes

RESCUE, RESIST = "sensitize", "resist"


@dataclass(frozen=True)
class Intervention:
    kind: str  # drug, mutation, knockout, overexpress
    target: str  # catalog id or node id

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"

    @property
    def node(self) -> str:
        return self.target

    @property
    def value(self) -> int:
        return 0 if self.kind == "knockout" else 1


@dataclass
class Hypothesis:
    interventions: tuple[Intervention, ...]
    verdict: str
    share: float  # attractors rescued (goal sensitize) or escaping (goal resist), as a fraction
    druggable: bool
    druggable_by: tuple[str, ...] = ()
    changed_count: int = 0
    rank: int = 0
    mechanism: dict = field(default_factory=dict)

    def full(self, goal: str) -> bool:
        return self.verdict == ("sensitive" if goal == RESCUE else "resistant")

    def to_dict(self) -> dict:
        return {"rank": self.rank, "interventions": [str(i) for i in self.interventions], "verdict": self.verdict,
                "share": self.share, "druggable": self.druggable, "druggable_by": list(self.druggable_by),
                "mechanism": self.mechanism}


@dataclass
class HypothesisReport:
    scenario: Scenario
    verdict: str
    goal: str
    hypotheses: list[Hypothesis]
    searched: int

    def to_dict(self) -> dict:
        return {"scenario": self.scenario.name, "verdict": self.verdict, "goal": self.goal,
                "searched": self.searched, "hypotheses": [h.to_dict() for h in self.hypotheses]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def to_frame(self):
        """A pandas DataFrame of the ranked hypotheses (needs pandas)."""
        import pandas as pd

        return pd.DataFrame([{**h.to_dict(), "interventions": " + ".join(map(str, h.interventions)),
                              "mechanism": None} for h in self.hypotheses])

    def to_markdown(self) -> str:
        return _markdown(self)


@bounded("search levels", increments=True)
def hypotheses(model: Model, catalog: Catalog, scenario: Scenario, max_size: int = 2,
               candidates: Sequence[str] | None = None, top: int = 10, semantics: str = "async",
               readouts: Readouts = Readouts(), progress: Callable[[int], None] | None = None
               ) -> HypothesisReport:
    """Ranked interventions that flip the scenario's verdict.

    Parameters
    ----------
    model, catalog, scenario : what to analyse
    max_size : largest number of added interventions (1 or 2)
    candidates : nodes considered for knockouts/over-expressions (default: every
        node with a rule that is not a phenotype)
    top : how many hypotheses to report (and to stop the search at)
    progress : called with 1 as each level of the search (one more drug, two more, ...) ends
    timeout : seconds; with one, the search runs in a child process (see :mod:`.engine.budget`)
    """
    if max_size < 1:
        raise InputError.at("<command line>", "--max-size must be at least 1")
    readouts.check(model)
    base = evaluate(model, scenario, catalog, semantics=semantics, readouts=readouts, shares=False)
    if base.verdict in ("not_applicable", "untreated"):
        raise InputError.at(scenario.source, f"the scenario's verdict is '{base.verdict}': hypotheses need a "
                            "treated scenario whose background proliferates (give --drug)")
    goal = RESCUE if base.verdict in ("resistant", "partial") else RESIST
    bg_fixes, tr_fixes = scenario.fixes(model, catalog)
    evaluator = _RowEvaluator(model, bg_fixes, semantics, readouts)
    treatment = {n: v for n, v in tr_fixes.items() if bg_fixes.get(n) != v}
    nodes = list(candidates) if candidates else perturbable_nodes(model)
    nodes = [model.resolve(n) for n in nodes]
    drug_targets = _drug_targets(catalog)

    found: list[Hypothesis] = []
    flipping: list[frozenset] = []
    searched = 0
    for level in _levels(goal, catalog, scenario, nodes, max_size):
        if sum(h.full(goal) for h in found) >= top:
            break
        for combo in level:
            if any(f <= frozenset(combo) for f in flipping):
                continue  # a subset already flips: not minimal
            searched += 1
            extra = {i.node: i.value for i in combo}
            if goal == RESCUE:
                before, after = evaluator.compare({}, {**treatment, **extra})
            else:
                before, after = evaluator.compare(extra, treatment)
            verdict = classify(before, after, readouts)
            escaping = sum(map(readouts.proliferative, after)) / len(after)
            share = 1 - escaping if goal == RESCUE else escaping
            improves = share > (1 - base.proliferative_share() if goal == RESCUE else base.proliferative_share())
            if verdict == "not_applicable" or not improves:
                continue
            by = tuple(sorted({d for i in combo for d in drug_targets.get(i.node, ())} |
                              {i.target for i in combo if i.kind == "drug"}))
            druggable = all(i.kind in ("drug", "mutation") or i.node in drug_targets for i in combo)
            changed = sum(1 for n in model.nodes if n not in extra and value_profile(base.treated, n) != value_profile(after, n))
            h = Hypothesis(tuple(combo), verdict, share, druggable, by, changed)
            found.append(h)
            if h.full(goal):
                flipping.append(frozenset(combo))
        if progress:
            progress(1)
    found.sort(key=lambda h: (not h.full(goal), len(h.interventions), not h.druggable, -h.share,
                              sum(i.kind not in ("drug", "mutation") for i in h.interventions),
                              h.changed_count, [str(i) for i in h.interventions]))
    best = found[:top]
    graph = model.interaction_graph()
    for rank, h in enumerate(best, start=1):
        h.rank = rank
        h.mechanism = _mechanism(model, graph, base, h, goal, bg_fixes, treatment, readouts)
    return HypothesisReport(scenario, base.verdict, goal, best, searched)


def _levels(goal: str, catalog: Catalog, scenario: Scenario, nodes: list[str], max_size: int):
    """Candidate intervention sets, level by level, in the order the search tries them."""
    node_singles = [Intervention("knockout", n) for n in nodes] + [Intervention("overexpress", n) for n in nodes]
    if goal == RESCUE:
        given = {catalog.drug(d).id for d in scenario.drugs}
        firsts = [Intervention("drug", d) for d in sorted(catalog.drugs) if d not in given]
    else:
        given = {catalog.alteration(a).id for a in scenario.alterations}
        firsts = [Intervention("mutation", a) for a in sorted(catalog.alterations) if a not in given]
    yield [(i,) for i in firsts]
    if goal == RESCUE and max_size >= 2:
        yield list(combinations(firsts, 2))
    yield [(i,) for i in node_singles]
    if goal == RESIST and max_size >= 2:
        yield list(combinations(firsts, 2))
    if max_size >= 2:
        yield [c for c in combinations(node_singles, 2) if c[0].node != c[1].node]


def _drug_targets(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """node -> catalog drugs that inhibit it."""
    out: dict[str, list[str]] = {}
    for d in sorted(catalog.drugs):
        for target in catalog.drugs[d].get("targets", ()):
            out.setdefault(target, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def _mechanism(model: Model, graph, base, h: Hypothesis, goal: str, bg_fixes: dict, treatment: dict,
               readouts: Readouts) -> dict:
    """Changed nodes (with forcing chains) and signed paths from each intervention to the readouts."""
    from .engine.attractors import attractors

    extra = {i.node: i.value for i in h.interventions}
    if goal == RESCUE:
        fixes = {**bg_fixes, **treatment, **extra}
    else:
        fixes = {**bg_fixes, **extra, **treatment}
    red = percolate(model, fixes)
    after = attractors(model, reduction=red)
    changes = changed_nodes(base.treated, after, red, model.nodes, untouched=set(extra))
    targets = [n for n in (readouts.proliferation, readouts.apoptosis) if n in graph]
    # Paths through nodes the intervention actually changed show the mechanism at
    # work; the whole graph is the fallback when the change does not reach a readout.
    moved = graph.subgraph({c.node for c in changes} | set(extra) | set(targets))
    paths = []
    for i in h.interventions:
        for target in targets:
            path = _signed_path(moved, i.node, target) or _signed_path(graph, i.node, target)
            if path:
                sign = 1
                for step in path:
                    sign *= step["sign"]
                effect = sign * (1 if i.value == 1 else -1)
                paths.append({"from": str(i), "to": target, "sign": sign,
                              "predicted_effect": "up" if effect > 0 else "down" if effect < 0 else "mixed",
                              "edges": path})
    return {"changed": [c.to_dict() for c in changes], "paths": paths}


def _signed_path(graph, source: str, target: str) -> list[dict]:
    import networkx as nx

    try:
        nodes = nx.shortest_path(graph, source, target)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return [{"source": a, "target": b, "sign": graph.edges[a, b]["sign"], "refs": graph.edges[a, b]["refs"],
             "section": graph.edges[a, b]["section"]} for a, b in zip(nodes, nodes[1:])]


def _markdown(report: HypothesisReport) -> str:
    goal = "restore sensitivity" if report.goal == RESCUE else "cause resistance"
    out = [f"# Hypotheses: {report.scenario.name}", "",
           f"Verdict now: **{report.verdict}**. Goal: {goal}. Interventions evaluated: {report.searched}.", ""]
    if not report.hypotheses:
        out.append("No intervention within the search limits changes the verdict.")
        return "\n".join(out) + "\n"
    out += ["| rank | interventions | verdict | share | druggable |", "|---:|---|---|---:|---|"]
    for h in report.hypotheses:
        drug = ", ".join(h.druggable_by) if h.druggable_by else ("yes" if h.druggable else "no")
        out.append(f"| {h.rank} | {' + '.join(map(str, h.interventions))} | {h.verdict} | {h.share:.0%} | {drug} |")
    arrow = {1: "→", -1: "⊣", 0: "~"}
    for h in report.hypotheses:
        out += ["", f"## {h.rank}. {' + '.join(map(str, h.interventions))}", ""]
        for p in h.mechanism.get("paths", []):
            chain = p["edges"][0]["source"] + "".join(f" {arrow[e['sign']]} {e['target']}" for e in p["edges"])
            refs = sorted({r for e in p["edges"] for r in e["refs"]})
            out.append(f"- path to {p['to']} ({p['predicted_effect']}): {chain}  refs {refs}")
        changed = h.mechanism.get("changed", [])
        if changed:
            shown = ", ".join(f"{c['node']} {'/'.join(map(str, c['background']))}→{'/'.join(map(str, c['treated']))}"
                              for c in changed[:15])
            more = f" (+{len(changed) - 15} more)" if len(changed) > 15 else ""
            out.append(f"- nodes changed against the unrescued case: {shown}{more}")
    return "\n".join(out) + "\n"
