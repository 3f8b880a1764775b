"""Phenotype readouts and the verdict: sensitive, resistant, partial, not applicable.

An attractor is *proliferative* when Proliferation is on in at least one of
its states and Apoptosis is on in none: a cell that cycles through division
keeps dividing, while one that reaches an apoptotic state dies (apoptosis is
irreversible, so any attractor that visits it is not a surviving one).

For a background B and a treatment D (DESIGN.md, "The verdict"):

- not applicable: B has no proliferative attractor;
- sensitive: no attractor of B+D is proliferative;
- resistant: every attractor of B+D is proliferative;
- untreated: the scenario gives no drug (only the background is reported);
- partial: some are; the share of initial states of the treated core that can
  reach only proliferative attractors, only non-proliferative ones, or both,
  is computed exactly when the core is small enough.

Every verdict carries its evidence: both attractor sets, the phenotype
readouts, and the nodes whose values the treatment changed, each with the
chain of rules through which the drug forced it where percolation shows one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from .catalog import Catalog
from .engine.attractors import Attractor, attractors
from .engine.budget import bounded
from .engine.percolate import Reduction, percolate
from .errors import MtorlogicError
from .model import Model
from .scenario import Scenario

PROLIFERATION, APOPTOSIS = "Proliferation", "Apoptosis"


@dataclass(frozen=True)
class Readouts:
    """Which nodes decide the verdict."""

    proliferation: str = PROLIFERATION
    apoptosis: str = APOPTOSIS

    def check(self, model: Model) -> None:
        missing = [n for n in (self.proliferation, self.apoptosis) if n not in model]
        if missing:
            raise MtorlogicError(f"the model has no node {' or '.join(map(repr, missing))}: a verdict needs a "
                                 "proliferation and an apoptosis readout (--proliferation/--apoptosis NODE)")

    def proliferative(self, att: Attractor) -> bool:
        p, a = att.values[self.proliferation], att.values[self.apoptosis]
        return _on_sometimes(p) and _off_always(a)


def _on_sometimes(v) -> bool:
    return v == "*" or v > 0


def _off_always(v) -> bool:
    return v == 0


@dataclass(frozen=True)
class Change:
    """A node whose attractor values differ between background and treatment."""

    node: str
    background: tuple
    treated: tuple
    forced_by: tuple = ()  # ((node, value), ...): a chain of rules from a perturbation to this node

    def to_dict(self) -> dict:
        d = {"node": self.node, "background": list(self.background), "treated": list(self.treated)}
        if self.forced_by:
            d["forced_by"] = [{"node": n, "value": v} for n, v in self.forced_by]
        return d


@dataclass(frozen=True)
class Verdict:
    verdict: str
    background: tuple[Attractor, ...]
    treated: tuple[Attractor, ...]
    changed: tuple[Change, ...]
    phenotypes: tuple[str, ...]
    readouts: Readouts = field(default_factory=Readouts)
    shares: dict | None = None
    scenario: Scenario | None = None

    def to_dict(self) -> dict:
        out = {
            "verdict": self.verdict,
            "background": {"attractors": [a.to_dict() for a in self.background]},
            "treated": {"attractors": [a.to_dict() for a in self.treated]},
            "changed": [c.to_dict() for c in self.changed],
            "phenotypes": list(self.phenotypes),
        }
        if self.shares is not None:
            out["shares"] = self.shares
        return out

    def proliferative_share(self) -> float:
        """Fraction of treated attractors that are proliferative."""
        if not self.treated:
            return 0.0
        return sum(map(self.readouts.proliferative, self.treated)) / len(self.treated)


def phenotype_nodes(model: Model, readouts: Readouts = Readouts()) -> tuple[str, ...]:
    """The readouts a report shows: the model's phenotype nodes, Proliferation and Apoptosis first."""
    first = [n for n in (readouts.proliferation, readouts.apoptosis) if n in model]
    return tuple(dict.fromkeys([*first, *model.nodes_of_kind("phenotype")]))


def classify(background: Sequence[Attractor], treated: Sequence[Attractor], readouts: Readouts,
             treatment: bool = True) -> str:
    """The verdict for attractors before and after a treatment ("untreated" when there is none)."""
    if not treatment:
        return "untreated"
    if not any(map(readouts.proliferative, background)):
        return "not_applicable"
    escaping = sum(map(readouts.proliferative, treated))
    if escaping == 0:
        return "sensitive"
    if escaping == len(treated):
        return "resistant"
    return "partial"


def changed_nodes(background: Sequence[Attractor], treated: Sequence[Attractor], treated_reduction: Reduction,
                  nodes: Sequence[str], untouched: set[str]) -> tuple[Change, ...]:
    """Nodes whose set of attractor values differs, with the percolation chain where there is one."""
    changes = []
    for n in nodes:
        before = value_profile(background, n)
        after = value_profile(treated, n)
        if before == after or n in untouched:
            continue
        chain = tuple(treated_reduction.forcing_path(n, prefer=untouched)) if n in treated_reduction.constants else ()
        changes.append(Change(n, before, after, chain))
    return tuple(changes)


def value_profile(atts: Sequence[Attractor], node: str) -> tuple:
    """The distinct values a node takes across attractors, sorted (how "changed" is decided)."""
    return tuple(sorted({a.values[node] for a in atts}, key=lambda v: (isinstance(v, str), v)))


@bounded("input classes", phases=("background", "treated"))
def evaluate(model: Model, scenario: Scenario, catalog: Catalog | None = None, semantics: str = "async",
             readouts: Readouts = Readouts(), shares: bool = True, progress=None) -> Verdict:
    """The verdict of a scenario on a model, with its evidence.

    Parameters
    ----------
    model : Model
        The unperturbed model.
    scenario : Scenario
    catalog : Catalog, optional
        Resolves drug and alteration names (empty: only ``fix`` and ``conditions`` work).
    semantics : "async" (default), "sync" or "mp"
    readouts : which nodes decide the verdict
    shares : compute exact basin shares for a partial verdict on a small core
    progress : called with (input classes done, in all) by each attractor search, background first
    timeout : seconds; with one, the evaluation runs in a child process (see :mod:`.engine.budget`)

    Examples
    --------
    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text('''input drug drug default 0
    ... input GF condition default 1
    ... Proliferation = GF & !drug
    ... Apoptosis = drug''')
    >>> evaluate(m, Scenario(drugs=("drug",))).verdict
    'sensitive'
    """
    readouts.check(model)
    catalog = catalog or Catalog()
    background_values, treated_values = scenario.fixes(model, catalog)
    background_model = model.fix(background_values, scenario.source)
    treated_model = model.fix(treated_values, scenario.source)
    red_b, red_t = percolate(background_model), percolate(treated_model)
    att_b = tuple(attractors(background_model, semantics, reduction=red_b, progress=progress))
    att_t = tuple(attractors(treated_model, semantics, reduction=red_t, progress=progress))
    treatment = {n for n in treated_values if background_values.get(n) != treated_values[n]}
    verdict = classify(att_b, att_t, readouts, treatment=bool(treatment))
    changed = changed_nodes(att_b, att_t, red_t, model.nodes, untouched=treatment)
    share = None
    if verdict == "partial" and shares and semantics == "async":
        from .engine.basins import reachability_shares

        share = reachability_shares(red_t, [readouts.proliferative(a) for a in att_t])
        if "probability_class" in share:  # the chance that a random asynchronous run ends proliferative
            share["probability_proliferative"] = share.pop("probability_class")
    return Verdict(verdict, att_b, att_t, changed, phenotype_nodes(model, readouts), readouts, share, scenario)


@dataclass(frozen=True)
class Outcome:
    """Whether one expectation of a scenario holds, and what was found instead."""

    expectation: object
    holds: bool
    found: object


def check_expectations(result: Verdict, model: Model) -> list[Outcome]:
    """Check the scenario's ``[[expect]]`` entries against a verdict."""
    outcomes = []
    for exp in result.scenario.expect if result.scenario else ():
        if exp.verdict:
            outcomes.append(Outcome(exp, result.verdict == exp.verdict, result.verdict))
            continue
        node = model.resolve(exp.node, result.scenario.source)
        atts = result.treated if exp.state == "treated" else result.background
        values = [a.values[node] for a in atts]
        if exp.value == "oscillating":
            holds = all(v not in (0, 1) for v in values)
        else:
            holds = all(v == exp.value for v in values)
        outcomes.append(Outcome(exp, holds, values))
    return outcomes
