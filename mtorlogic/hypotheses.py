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
that only arrests growth; the share of treated attractors with the goal's fate;
then, among interventions with the same outcome, those that undo the resistance
mechanism first (for ``restore``: the intervention gives every point where the
alteration blocks the original drug, :mod:`mtorlogic.blocking`, the value the
drug gives it without the alteration: an ABCG2 inhibitor lets a pumped drug back
in, where another drug only bypasses the pump); catalog drugs and alterations
before node perturbations that mimic them; the fewest nodes changed (the most
targeted intervention); and the names. Supersets of
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
import sys
import types
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from .catalog import Catalog
from .engine.attractors import Reading, attractors
from .engine.budget import bounded
from .errors import InputError
from .evidence import changes, value_profile
from .expr import Expr
from .model import Model
from .phenotype import (APOPTOTIC, PROLIFERATING, VERDICT_OF, Readouts, Verdict, evaluate, living, phenotype_nodes,
                        respond)
from .engine.progress import Progress, as_progress
from .references import References, RefKey, citation
from .scenario import Scenario
from .screen import _RowEvaluator, perturbable_nodes

if TYPE_CHECKING:
    import pandas

    from .blocking import Blocking
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
    restores: bool = False  # restore: gives the original drug its effect back where the alteration blocked it
    timing: tuple[str, ...] = ()  # resist: "intrinsic" and/or "acquired"
    acquired_probability: float | None = None  # resist: chance a treated cell that acquires it proliferates
    synergy: dict[str, Any] | None = None  # restore/deepen: the addition with the treatment, synergistic or additive

    def full(self, goal: str) -> bool:
        return self.response in _REACHED[goal]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rank": self.rank, "interventions": [str(i) for i in self.interventions], "verdict": self.verdict,
               "response": self.response, "share": self.share, "druggable": self.druggable,
               "druggable_by": list(self.druggable_by), "restores_drug_effect": self.restores,
               "mechanism": self.mechanism}
        if self.timing or self.acquired_probability is not None:
            out.update(timing=list(self.timing), acquired_probability=self.acquired_probability)
        if self.synergy is not None:
            out["synergy"] = self.synergy
        return out


@dataclass
class HypothesisReport:
    scenario: Scenario
    verdict: str
    response: str
    goal: str
    hypotheses: list[Hypothesis]
    searched: int
    blocking: Blocking | None = None  # restore: why the scenario resists (mtorlogic.blocking)

    def groups(self) -> list[list[Hypothesis]]:
        """The hypotheses grouped by mechanism (the same nodes change the same way through the same chains,
        read after the intervention itself), in rank order of each group's best."""
        out: dict[tuple[Any, ...], list[Hypothesis]] = {}
        for h in self.hypotheses:
            out.setdefault(_mechanism_key(h), []).append(h)
        return list(out.values())

    def letters(self) -> dict[int, str]:
        """rank -> the letter of its mechanism group (A for the best-ranked group, then B, ...)."""
        return {h.rank: mechanism_letter(i) for i, group in enumerate(self.groups()) for h in group}

    def to_dict(self) -> dict[str, Any]:
        out = {"scenario": self.scenario.name, "verdict": self.verdict, "response": self.response,
               "goal": self.goal, "searched": self.searched, "hypotheses": [h.to_dict() for h in self.hypotheses],
               "groups": [[h.rank for h in group] for group in self.groups()]}
        if self.blocking is not None:
            out["resistance"] = self.blocking.to_dict()
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    def to_frame(self) -> pandas.DataFrame:
        """One row per ranked hypothesis, typed columns (see :mod:`mtorlogic.frames`; needs pandas)."""
        from .frames import hypotheses_frame

        return hypotheses_frame(self)

    def __repr__(self) -> str:
        from .display import hypotheses_text  # presentation on use

        return hypotheses_text(self)

    def _repr_html_(self) -> str:
        from .display import hypotheses_html

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
            h = Hypothesis(tuple(combo), VERDICT_OF[response], response, score, druggable, by, changed,
                           restores=goal == RESTORE and base.blocking is not None and base.blocking.restored_by(after))
            found.append(h)
            if h.full(goal):
                reaching.append(frozenset(combo))
        progress(1)
    found.sort(key=lambda h: (not h.full(goal), len(h.interventions), not h.druggable,
                              goal == RESTORE and h.response != "cytotoxic", -h.share, not h.restores,
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
        elif goal != RESIST and treatment:  # the combination the hypothesis proposes: synergy or just the stronger drug
            from .synergy import fate_synergy
            h.synergy = fate_synergy(model, bg_fixes, treatment, extra, _FATE[goal], semantics, readouts)
    return HypothesisReport(scenario, base.verdict, base.response, goal, best, searched,
                            base.blocking if goal == RESTORE else None)


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
        acquired = fate_scores(model, living(base.treated, readouts), fixes, readouts, method="auto").proliferating
    except TooLargeError:
        return tuple(timing), None
    if acquired > 0:
        timing.append("acquired")
    return tuple(timing), acquired


def _mechanism_key(h: Hypothesis) -> tuple[Any, ...]:
    """What a hypothesis does, without naming the intervention: each changed node, its values and its
    chain read from the first node after the intervention (two drugs engaging the same node act alike)."""
    return tuple((c["node"], tuple(c["background"]), tuple(c["treated"]), c["decided_by"],
                  tuple((s["node"], s["value"]) for s in c["forced_by"][1:]))
                 for c in h.mechanism.get("changed", []))


SHARE_NOTE = {RESTORE: "the share of treated attractors that no longer proliferate",
              DEEPEN: "the share of treated attractors that are apoptotic",
              RESIST: "the share of treated attractors that proliferate again"}


def _markdown(report: HypothesisReport, references: References | None = None) -> str:
    now = f"**{report.verdict}**" + (f" ({report.response.replace('_', ' ')})"
                                     if report.response != report.verdict else "")
    out = [f"# Hypotheses: {report.scenario.name}", "",
           f"Response now: {now}. Goal: {_TITLE[report.goal]}. Interventions evaluated: {report.searched}.", ""]
    if report.blocking is not None:
        out += [f"Why it resists: {report.blocking.sentence()}.", ""]
    if not report.hypotheses:
        out.append("No intervention within the search limits moves the response towards the goal.")
        return "\n".join(out) + "\n"
    groups = report.groups()
    letter = report.letters()
    timed = report.goal == RESIST
    undoes = report.blocking is not None
    out += ["| rank | interventions | response | share | druggable | mechanism |"
            + (" undoes the block |" if undoes else "") + (" timing | acquired P |" if timed else ""),
            "|---:|---|---|---:|---|---|" + ("---|" if undoes else "") + ("---|---:|" if timed else "")]
    for h in report.hypotheses:
        drug = ", ".join(h.druggable_by) if h.druggable_by else ("yes" if h.druggable else "no")
        row = f"| {h.rank} | {' + '.join(map(str, h.interventions))} | {h.response} | {h.share:.0%} | {drug} | " \
              f"{letter[h.rank]} |"
        if undoes:
            row += f" {'yes' if h.restores else 'no'} |"
        if timed:
            p = "-" if h.acquired_probability is None else f"{h.acquired_probability:.2f}"
            row += f" {', '.join(h.timing) or '-'} | {p} |"
        out.append(row)
    out += ["", f"share: {SHARE_NOTE[report.goal]} with the intervention. mechanism: interventions with the same "
            "letter change the same nodes the same way through the same chains (described once below)."
            + (" undoes the block: the intervention gives the drug back its effect where the alteration blocked "
               "it (these rank first among equal outcomes)." if undoes else "")]
    for i, group in enumerate(groups):
        first = group[0]
        names = ", ".join(" + ".join(map(str, h.interventions)) for h in group)
        ranks = ", ".join(str(h.rank) for h in group)
        out += ["", f"## Mechanism {mechanism_letter(i)} (rank{'s' if len(group) > 1 else ''} {ranks}): {names}", ""]
        if len(group) > 1:
            out += ["Read the first step of each chain as any of these interventions.", ""]
        changed = first.mechanism.get("changed", [])
        for c in changed:
            if c["readout"]:
                out.append(f"- {c['node']} {_values(c['background'])}→{_values(c['treated'])}: {_because(c)}")
        others = [c for c in changed if not c["readout"]]
        if others:
            shown = ", ".join(f"{c['node']} {_values(c['background'])}→{_values(c['treated'])}" for c in others[:15])
            more = f" (+{len(others) - 15} more)" if len(others) > 15 else ""
            out.append(f"- other nodes changed against the un-intervened treated case, in pathway order: {shown}{more}")
        if not changed:
            out.append("- no node changes value (the intervention acts within a multi-attractor core)")
    cited = sorted({r for h in report.hypotheses for c in h.mechanism.get("changed", []) for r in c["refs"]},
                   key=_ref_order)
    if references and cited:
        out += ["", "## References", ""]
        out += [f"- {citation(ref)}" if (ref := references.get(key)) else f"- [{key}]" for key in cited]
    return "\n".join(out) + "\n"


def mechanism_letter(index: int) -> str:
    """The letter of the ``index``-th mechanism group (from 0): A, B, ..., Z, AA, AB, ...

    >>> mechanism_letter(0), mechanism_letter(25), mechanism_letter(26)
    ('A', 'Z', 'AA')
    """
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


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


class _CallableModule(types.ModuleType):
    """``mtorlogic.hypotheses(model, catalog, scenario)`` calls :func:`hypotheses`: the package's attribute of
    that name is this module (the import system puts it there), so the module is callable too."""

    def __call__(self, *args: Any, **kwargs: Any) -> HypothesisReport:
        return hypotheses(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
