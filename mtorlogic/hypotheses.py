"""Hypotheses: interventions that move a response where it should go, with their causal mechanism.

The goal follows from the scenario's graded response (:mod:`mtorlogic.phenotype`):

- ``restore`` (resistant or partial): what makes the tumour sensitive again;
- ``deepen`` (cytostatic): what turns growth arrest into cell death (cytotoxic);
- ``resist`` (cytotoxic): what would make it resistant, the candidate
  resistance mechanisms. Following the breast-cancer abstract's distinction,
  each is labelled *intrinsic* (present before the treatment: the background
  with the alteration still proliferates and the drug no longer stops it)
  and/or *acquired* (induced or selected by the therapy: arising in a treated
  cell, it lets the cell proliferate again, a probability computed exactly
  like the response scores, from the treated attractors).

A ``goal`` argument forces one. The search tries, in order: one more catalog
drug, two more, then single and double node knockouts or over-expressions
(for ``resist``: catalog alterations, then node perturbations, then pairs).
Hypotheses are ranked by: reaches the goal fully; fewest interventions;
druggable (a catalog drug acts on it, or for resistance a catalog
alteration); for ``restore``, a response that kills (cytotoxic) before one
that only arrests growth; the share of treated attractors with the goal's fate; catalog
drugs and alterations before node perturbations that mimic them; and, among
equals, the fewest nodes changed (the most targeted intervention). Supersets of
an intervention set that already reaches the goal are not searched, and a
level is searched only while fewer than ``top`` full hypotheses have been found.

Each hypothesis carries its mechanism: the causal evidence
(:mod:`mtorlogic.evidence`) of what the intervention changes, with the
intervention nodes as the treatment and the un-intervened treated scenario as
the comparison. Every chain starts at an intervention and passes only through
nodes whose value changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from .catalog import Catalog
from .display import hypotheses_html, hypotheses_text
from .engine.attractors import Reading
from .engine.budget import bounded
from .errors import InputError
from .evidence import changes, value_profile
from .expr import Expr
from .frames import hypotheses_frame
from .model import Model
from .phenotype import (APOPTOTIC, PROLIFERATING, VERDICT_OF, Readouts, Verdict, evaluate, living, phenotype_nodes,
                        respond)
from .progress import Progress, as_progress
from .references import References, RefKey, citation
from .scenario import Scenario
from .screen import _RowEvaluator, perturbable_nodes

if TYPE_CHECKING:
    import pandas

    from .engine.attractors import Attractor

# What an intervention changes: {"changed": [Change.to_dict() with "refs" and "readout", ...]}.
Mechanism = dict[str, list[dict[str, Any]]]

RESTORE, DEEPEN, RESIST = "restore", "deepen", "resist"
GOALS = (RESTORE, DEEPEN, RESIST)
GOAL_OF = {"resistant": RESTORE, "partial": RESTORE, "cytostatic": DEEPEN, "cytotoxic": RESIST}
_REACHED = {RESTORE: ("cytostatic", "cytotoxic"), DEEPEN: ("cytotoxic",), RESIST: ("resistant",)}
_FATE = {RESTORE: PROLIFERATING, DEEPEN: APOPTOTIC, RESIST: PROLIFERATING}  # the fate whose share is scored
_TITLE = {RESTORE: "restore sensitivity", DEEPEN: "deepen the response (cytostatic to cytotoxic)",
          RESIST: "find resistance mechanisms"}


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
    response: str
    share: float  # treated attractors with the goal's outcome (not proliferating, apoptotic, or proliferating)
    druggable: bool
    druggable_by: tuple[str, ...] = ()
    changed_count: int = 0
    rank: int = 0
    mechanism: Mechanism = field(default_factory=dict)
    timing: tuple[str, ...] = ()  # resist: "intrinsic" and/or "acquired"
    acquired_probability: float | None = None  # resist: chance a treated cell that acquires it proliferates

    def full(self, goal: str) -> bool:
        return self.response in _REACHED[goal]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rank": self.rank, "interventions": [str(i) for i in self.interventions], "verdict": self.verdict,
               "response": self.response, "share": self.share, "druggable": self.druggable,
               "druggable_by": list(self.druggable_by), "mechanism": self.mechanism}
        if self.timing or self.acquired_probability is not None:
            out.update(timing=list(self.timing), acquired_probability=self.acquired_probability)
        return out


@dataclass
class HypothesisReport:
    scenario: Scenario
    verdict: str
    response: str
    goal: str
    hypotheses: list[Hypothesis]
    searched: int

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.name, "verdict": self.verdict, "response": self.response,
                "goal": self.goal, "searched": self.searched, "hypotheses": [h.to_dict() for h in self.hypotheses]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def to_frame(self) -> pandas.DataFrame:
        """One row per ranked hypothesis, typed columns (see :mod:`mtorlogic.frames`; needs pandas)."""
        return hypotheses_frame(self)

    def __repr__(self) -> str:
        return hypotheses_text(self)

    def _repr_html_(self) -> str:
        return hypotheses_html(self)

    def to_markdown(self, references: References | None = None) -> str:
        """The report in Markdown; with the model's ``references``, the works its mechanisms cite in full."""
        return _markdown(self, references)


@bounded("search levels", increments=True)
def hypotheses(model: Model, catalog: Catalog, scenario: Scenario, max_size: int = 2,
               candidates: Sequence[str] | None = None, top: int = 10, semantics: str = "async",
               readouts: Readouts = Readouts(), goal: str | None = None,
               progress: Progress = None, *, method: str = "auto", timeout: float | None = None) -> HypothesisReport:
    """Ranked interventions that move the scenario's response towards ``goal``.

    Parameters
    ----------
    model, catalog, scenario : what to analyse
    max_size : largest number of added interventions (1 or 2)
    candidates : nodes considered for knockouts/over-expressions (default: every
        node with a rule that is not a phenotype)
    top : how many hypotheses to report (and to stop the search at)
    goal : "restore", "deepen" or "resist"; by default the one the response calls for
    progress : called with 1 as each level of the search (one more drug, two more, ...) ends
    method : the attractor backend (see :func:`mtorlogic.evaluate`)
    timeout : seconds; with one, the search runs in a child process (see :mod:`.engine.budget`)
    """
    if max_size < 1:
        raise InputError.at("<command line>", "--max-size must be at least 1")
    readouts.check(model)
    base = evaluate(model, scenario, catalog, semantics=semantics, readouts=readouts, shares=False, method=method)
    goal = _goal(base.response, goal, scenario)
    bg_fixes, tr_fixes = scenario.fixes(model, catalog)
    evaluator = _RowEvaluator(model, bg_fixes, semantics, readouts, method=method)
    treatment = {n: v for n, v in tr_fixes.items() if bg_fixes.get(n) != v}
    nodes = [model.resolve(n) for n in (list(candidates) if candidates else perturbable_nodes(model))]
    drug_targets = _drug_targets(catalog)
    base_share = base.fate_share(_FATE[goal])

    progress = as_progress(progress, 4 if max_size >= 2 else 2, "hypotheses")  # the levels _levels yields
    found: list[Hypothesis] = []
    reaching: list[frozenset[Intervention]] = []
    searched = 0
    for level in _levels(goal, catalog, scenario, nodes, max_size):
        if sum(h.full(goal) for h in found) >= top:
            break
        for combo in level:
            if any(f <= frozenset(combo) for f in reaching):
                continue  # a subset already reaches the goal: not minimal
            searched += 1
            extra = {i.node: i.value for i in combo}
            if goal == RESIST:
                before, after = evaluator.compare(extra, treatment)
                response = respond(before, after, readouts)
                if response == "not_applicable":  # proliferates only if acquired under treatment
                    response = respond(base.background, after, readouts)
            else:
                before, after = evaluator.compare({}, {**treatment, **extra})
                response = respond(before, after, readouts)
            fates = [readouts.fate(a) for a in after]
            share = fates.count(_FATE[goal]) / len(fates)
            if not _improves(goal, share, base_share, fates, base):
                continue
            by = tuple(sorted({d for i in combo for d in drug_targets.get(i.node, ())} |
                              {i.target for i in combo if i.kind == "drug"}))
            druggable = all(i.kind in ("drug", "mutation") or i.node in drug_targets for i in combo)
            changed = sum(1 for n in model.nodes if n not in extra
                          and value_profile(base.treated, n) != value_profile(after, n))
            score = 1 - share if goal == RESTORE else share
            h = Hypothesis(tuple(combo), VERDICT_OF[response], response, score, druggable, by, changed)
            found.append(h)
            if h.full(goal):
                reaching.append(frozenset(combo))
        progress(1)
    found.sort(key=lambda h: (not h.full(goal), len(h.interventions), not h.druggable,
                              goal == RESTORE and h.response != "cytotoxic", -h.share,
                              sum(i.kind not in ("drug", "mutation") for i in h.interventions),
                              h.changed_count, [str(i) for i in h.interventions]))
    best = found[:top]
    base_functions = model.fix(tr_fixes, scenario.source).functions
    for rank, h in enumerate(best, start=1):
        h.rank = rank
        extra = {i.node: i.value for i in h.interventions}
        fixes = {**bg_fixes, **extra, **treatment} if goal == RESIST else {**bg_fixes, **treatment, **extra}
        _, after = evaluator.compare(extra, treatment) if goal == RESIST else evaluator.compare({}, {**treatment, **extra})
        h.mechanism = _mechanism(model, base_functions, base.treated, after, extra, readouts)
        if goal == RESIST and semantics == "async":
            h.timing, h.acquired_probability = _timing(model, base, evaluator, extra, treatment, fixes, readouts)
    return HypothesisReport(scenario, base.verdict, base.response, goal, best, searched)


def _goal(response: str, goal: str | None, scenario: Scenario) -> str:
    if response in ("not_applicable", "untreated"):
        raise InputError.at(scenario.source, f"the scenario's response is '{response}': hypotheses need a "
                            "treated scenario whose background proliferates (give --drug)")
    if goal is None:
        return GOAL_OF[response]
    if goal not in GOALS:
        raise InputError.at("<command line>", f"unknown goal '{goal}': choose one of {', '.join(GOALS)}")
    if response in _REACHED[goal]:
        raise InputError.at(scenario.source, f"the response is already '{response}': nothing to {goal}")
    return goal


def _improves(goal: str, share: float, base_share: float, fates: list[str], base: Verdict) -> bool:
    """Whether the goal's fate moves the right way (deepening must not let any attractor proliferate)."""
    if goal == RESTORE:
        return share < base_share
    if goal == DEEPEN:
        return share > base_share and fates.count(PROLIFERATING) <= base.fates().count(PROLIFERATING)
    return share > base_share


def _levels(goal: str, catalog: Catalog, scenario: Scenario, nodes: list[str],
            max_size: int) -> Iterator[list[tuple[Intervention, ...]]]:
    """Candidate intervention sets, level by level, in the order the search tries them."""
    node_singles = [Intervention("knockout", n) for n in nodes] + [Intervention("overexpress", n) for n in nodes]
    if goal != RESIST:
        given = {catalog.drug(d).id for d in scenario.drugs}
        firsts = [Intervention("drug", d) for d in sorted(catalog.drugs) if d not in given]
    else:
        given = {catalog.alteration(a).id for a in scenario.alterations}
        firsts = [Intervention("mutation", a) for a in sorted(catalog.alterations) if a not in given]
    yield [(i,) for i in firsts]
    if goal != RESIST and max_size >= 2:
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


def _mechanism(model: Model, base_functions: Mapping[str, Expr], base_treated: Sequence[Attractor],
               after: Sequence[Attractor], extra: Mapping[str, int], readouts: Readouts) -> Mechanism:
    """The causal evidence of what the intervention changes against the un-intervened treated case."""
    found = changes(base_functions, base_treated, after, extra, model.nodes)
    readout_nodes = set(phenotype_nodes(model, readouts))
    out = []
    for c in found:
        d = c.to_dict()
        d["refs"] = sorted({r for n, _ in c.forced_by[1:] for r in _refs(model, n)}, key=_ref_order)
        d["readout"] = c.node in readout_nodes
        out.append(d)
    return {"changed": out}


def _refs(model: Model, node: str) -> tuple[RefKey, ...]:
    """The review's numbers and the external sources (PMID:/DOI:) of a node's rule."""
    rule = model.rule(node)
    return (*rule.provenance.refs, *rule.provenance.external) if rule is not None else ()


def _ref_order(key: RefKey) -> tuple[int, int, str]:
    """The review's numbers in order, then external keys."""
    return (0, key, "") if isinstance(key, int) else (1, 0, key)


def _timing(model: Model, base: Verdict, evaluator: _RowEvaluator, extra: dict[str, int], treatment: dict[str, int],
            fixes: dict[str, int], readouts: Readouts) -> tuple[tuple[str, ...], float | None]:
    """Intrinsic: the background with the alteration proliferates and the drug no longer stops it.
    Acquired: a cell in a treated attractor that acquires the alteration can proliferate again."""
    from .errors import TooLargeError
    from .scores import fate_scores

    before, after = evaluator.compare(extra, treatment)
    timing: list[str] = []
    if respond(before, after, readouts) in ("resistant", "partial"):
        timing.append("intrinsic")
    try:
        # only a living cell can acquire an alteration: start from the treated attractors that are not dead
        acquired = fate_scores(model, living(base.treated, readouts), fixes, readouts, method="exact").proliferating
    except TooLargeError:
        return tuple(timing), None
    if acquired > 0:
        timing.append("acquired")
    return tuple(timing), acquired


def _markdown(report: HypothesisReport, references: References | None = None) -> str:
    out = [f"# Hypotheses: {report.scenario.name}", "",
           f"Response now: **{report.verdict}** ({report.response.replace('_', ' ')}). "
           f"Goal: {_TITLE[report.goal]}. Interventions evaluated: {report.searched}.", ""]
    if not report.hypotheses:
        out.append("No intervention within the search limits moves the response towards the goal.")
        return "\n".join(out) + "\n"
    timed = report.goal == RESIST
    out += ["| rank | interventions | response | share | druggable |" + (" timing | acquired P |" if timed else ""),
            "|---:|---|---|---:|---|" + ("---|---:|" if timed else "")]
    for h in report.hypotheses:
        drug = ", ".join(h.druggable_by) if h.druggable_by else ("yes" if h.druggable else "no")
        row = f"| {h.rank} | {' + '.join(map(str, h.interventions))} | {h.response} | {h.share:.0%} | {drug} |"
        if timed:
            p = "-" if h.acquired_probability is None else f"{h.acquired_probability:.2f}"
            row += f" {', '.join(h.timing) or '-'} | {p} |"
        out.append(row)
    for h in report.hypotheses:
        out += ["", f"## {h.rank}. {' + '.join(map(str, h.interventions))}", ""]
        changed = h.mechanism.get("changed", [])
        for c in changed:
            if c["readout"]:
                out.append(f"- {c['node']} {_values(c['background'])}→{_values(c['treated'])}: {_because(c)}")
        others = [c for c in changed if not c["readout"]]
        if others:
            shown = ", ".join(f"{c['node']} {_values(c['background'])}→{_values(c['treated'])}" for c in others[:15])
            more = f" (+{len(others) - 15} more)" if len(others) > 15 else ""
            out.append(f"- other nodes changed against the un-intervened treated case: {shown}{more}")
        if not changed:
            out.append("- no node changes value (the intervention acts within a multi-attractor core)")
    cited = sorted({r for h in report.hypotheses for c in h.mechanism.get("changed", []) for r in c["refs"]},
                   key=_ref_order)
    if references and cited:
        out += ["", "## References", ""]
        out += [f"- {citation(ref)}" if (ref := references.get(key)) else f"- [{key}]" for key in cited]
    return "\n".join(out) + "\n"


def _values(values: Iterable[Reading]) -> str:
    return "/".join(str(v) if v in (0, 1) else f"{v:.2f}" if not isinstance(v, str) else v for v in values)


def _because(change: Mapping[str, Any]) -> str:
    if change["forced_by"]:
        chain = " → ".join(f"{s['node']}={s['value']}" for s in change["forced_by"])
        needs = ", ".join(f"{s['node']}={s['value']}" for s in change["causes"])
        refs = f" refs [{', '.join(map(str, change['refs']))}]" if change["refs"] else ""
        return f"{chain} (needs {needs}){refs}"
    return {"attractors": "differs between attractors; decided by the dynamics",
            "dynamics": "decided by the dynamics"}[change["decided_by"]]
