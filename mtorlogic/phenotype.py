"""Phenotype readouts, the graded response and the verdict.

Each attractor has a *fate*:

- ``proliferating``: Proliferation is on in some state, Apoptosis in none;
- ``apoptotic``: Apoptosis is on in some state. Apoptosis dominates a state
  where both are on: a cell that can reach death is not a survivor;
- ``arrested``: neither.

Death is absorbing (the caspase loop of the model keeps a dead cell dead), so
every context has a dead attractor, and comparing all attractors would call
everything partial. The response therefore follows the tumour cell as it was:

- the *living background* is the non-apoptotic attractors of B (all of them if
  none lives);
- the *treated* attractors are those of B+D that the drug leads the living
  background to: from some state of a living background attractor, with the
  drug applied from the first step, they can be reached
  (:func:`mtorlogic.engine.reach.reached`: exact, asynchronous by default);
  treated attractors that nothing living reaches are kept aside as ``unreached``.

For a background B and a treatment D the *response* is

- ``untreated``: the scenario gives no drug (only the living background is reported);
- ``not_applicable``: no living attractor of B proliferates;
- ``cytotoxic``: none of the reached attractors proliferates and some are
  apoptotic: the drug can commit the cell to death (cells that escape it stop
  dividing; the response scores say how likely each end is);
- ``cytostatic``: none proliferates and none is apoptotic (growth arrest);
- ``resistant``: every reached attractor of B+D proliferates;
- ``partial``: the reached attractors include proliferating ones and others (a
  positive loop lets the same cell end either way); the share of initial
  states of the treated core that can reach only proliferating attractors,
  only others, or both is computed exactly when the core is small enough.

The coarse *verdict* keeps its meaning: ``sensitive`` is cytostatic or
cytotoxic; ``resistant``, ``partial``, ``not_applicable`` and ``untreated``
are as the response.

Every verdict carries its evidence: both attractor sets with their fates, the
phenotype readouts, and the nodes whose values the treatment changed, each
with its causes and its chain of rules from the treatment
(:mod:`mtorlogic.evidence`); on request, the response scores
(:mod:`mtorlogic.scores`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .catalog import Catalog
from .engine.attractors import Attractor, Reading, attractors
from .engine.budget import bounded
from .engine.percolate import Reduction, percolate
from .engine.reach import reached
from .errors import InputError, MtorlogicError, TooLargeError, did_you_mean
from .evidence import Change, changes, value_profile
from .model import Model
from .scenario import RESPONSES, Expectation, Scenario

if TYPE_CHECKING:  # scores imports this module
    import pandas

    from .blocking import Blocking
    from .engine.basins import Shares

    from .scores import ResponseScores, ScoreOptions

PROLIFERATION, APOPTOSIS = "Proliferation", "Apoptosis"
APOPTOTIC, PROLIFERATING, ARRESTED = "apoptotic", "proliferating", "arrested"
FATES = (APOPTOTIC, PROLIFERATING, ARRESTED)
VERDICT_OF = {"cytotoxic": "sensitive", "cytostatic": "sensitive", "resistant": "resistant", "partial": "partial",
              "not_applicable": "not_applicable", "untreated": "untreated"}
DESCRIPTION = {
    "cytotoxic": "the drug can commit the cell to apoptosis; no treated attractor proliferates",
    "cytostatic": "growth arrest, no apoptosis reached",
    "resistant": "proliferation continues in every treated attractor",
    "partial": "some treated attractors keep proliferating, or the treated cell alternates between arrest and growth",
    "not_applicable": "the background does not proliferate",
    "untreated": "no drug given",
}

__all__ = ["RESPONSES", "Change", "Readouts", "Verdict", "classify", "evaluate", "follow", "living", "respond",
           "value_profile"]


@dataclass(frozen=True)
class Readouts:
    """Which nodes decide the fate of an attractor."""

    proliferation: str = PROLIFERATION
    apoptosis: str = APOPTOSIS

    def check(self, model: Model) -> None:
        missing = [n for n in (self.proliferation, self.apoptosis) if n not in model]
        if missing:
            hints = "".join(did_you_mean(n, model.nodes) for n in missing)
            raise MtorlogicError(f"the model has no node {' or '.join(map(repr, missing))}{hints}: a verdict needs "
                                 "a proliferation and an apoptosis readout (--proliferation/--apoptosis NODE)")
        if self.proliferation == self.apoptosis:
            raise MtorlogicError(f"proliferation and apoptosis are both read from '{self.proliferation}': a fate "
                                 "needs two different readouts (--proliferation/--apoptosis NODE)")

    def resolved(self, model: Model) -> "Readouts":
        """The same readouts named by node id (aliases resolved), checked to exist."""
        names = []
        for name in (self.proliferation, self.apoptosis):
            try:
                names.append(model.resolve(name))
            except InputError:
                names.append(name)  # check() says what is missing, with the options that fix it
        readouts = Readouts(*names)
        readouts.check(model)
        return readouts

    def fate(self, attractor: Attractor | Mapping[str, Reading]) -> str:
        """apoptotic, proliferating or arrested (an attractor or its values)."""
        values = attractor.values if isinstance(attractor, Attractor) else attractor
        if _on_sometimes(values[self.apoptosis]):
            return APOPTOTIC
        return PROLIFERATING if _on_sometimes(values[self.proliferation]) else ARRESTED

    def shares(self, attractor: Attractor | Mapping[str, Reading]) -> tuple[float, float, float]:
        """How an attractor divides among :data:`FATES` (apoptotic, proliferating, arrested): all to its
        fate, except a living attractor that proliferates in only part of its states (a cycle a negative
        feedback loop runs through), which divides by that share of its states (half of a trap space
        that leaves the readout free): the long-run fraction of time a cell in it proliferates, taking
        its states as equally likely.

        >>> Readouts().shares({"Proliferation": 0.25, "Apoptosis": 0})
        (0.0, 0.25, 0.75)
        """
        values = attractor.values if isinstance(attractor, Attractor) else attractor
        fate = self.fate(values)
        growing = values[self.proliferation]
        if fate == PROLIFERATING and _sometimes_off(growing):
            part = 0.5 if isinstance(growing, str) else float(growing)
            return (0.0, part, 1.0 - part)
        return tuple(1.0 if f == fate else 0.0 for f in FATES)  # type: ignore[return-value]  # three fates

    def proliferative(self, att: Attractor) -> bool:
        return self.fate(att) == PROLIFERATING


def _on_sometimes(v: Reading) -> bool:
    if isinstance(v, str):
        return v == "*"
    return v > 0


def _sometimes_off(v: Reading) -> bool:
    """On in some states of an attractor and off in others (a fraction, or free in a trap space)."""
    return v == "*" if isinstance(v, str) else 0 < v < 1


@dataclass(frozen=True)
class Verdict:
    """The verdict and graded response of a scenario, with its evidence."""

    verdict: str
    background: tuple[Attractor, ...]
    treated: tuple[Attractor, ...]
    changed: tuple[Change, ...]
    phenotypes: tuple[str, ...]
    readouts: Readouts = field(default_factory=Readouts)
    shares: Shares | None = None  # see engine.basins.reachability_shares
    scenario: Scenario | None = None
    response: str = ""
    scores: ResponseScores | None = None  # when asked for
    blocking: Blocking | None = None  # resistant or partial: why, against a sensitive reference
    unreached: tuple[Attractor, ...] = ()  # treated attractors the living background does not reach
    dead_background: tuple[Attractor, ...] = ()  # apoptotic attractors of the background (left out above)

    def fates(self, which: str = "treated") -> list[str]:
        """The fate of each attractor of the treated (or background) network."""
        return [self.readouts.fate(a) for a in (self.treated if which == "treated" else self.background)]

    def fate_counts(self) -> dict[str, int]:
        found = self.fates()
        return {f: found.count(f) for f in FATES if f in found}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "response": self.response,
            "description": DESCRIPTION.get(self.response, ""),
            "background": {"attractors": _attractors_dict(self.background, self.readouts)},
            "treated": {"attractors": _attractors_dict(self.treated, self.readouts)},
            "changed": [c.to_dict() for c in self.changed],
            "phenotypes": list(self.phenotypes),
        }
        if self.unreached:
            out["treated"]["unreached"] = _attractors_dict(self.unreached, self.readouts)
        if self.dead_background:
            out["background"]["dead"] = len(self.dead_background)
        if self.shares is not None:
            out["shares"] = self.shares
        if self.scores is not None:
            out["scores"] = self.scores.to_dict()
        if self.blocking is not None:
            out["resistance"] = self.blocking.to_dict()
        return out

    def __repr__(self) -> str:
        from .display import verdict_text  # presentation on use

        return verdict_text(self)

    def _repr_html_(self) -> str:
        from .display import verdict_html

        return verdict_html(self)

    def to_frame(self) -> pandas.DataFrame:
        """Both attractor sets, one row per attractor (typed columns; see :mod:`mtorlogic.frames`)."""
        from .frames import verdict_frame

        return verdict_frame(self)

    def proliferative_share(self) -> float:
        """Fraction of treated attractors that are proliferating."""
        return self.fate_share(PROLIFERATING)

    def fate_share(self, fate: str) -> float:
        """Fraction of treated attractors with this fate."""
        return self.fates().count(fate) / len(self.treated) if self.treated else 0.0


def _attractors_dict(atts: Sequence[Attractor], readouts: Readouts) -> list[dict[str, Any]]:
    return [{**a.to_dict(), "class": readouts.fate(a)} for a in atts]


def phenotype_nodes(model: Model, readouts: Readouts = Readouts()) -> tuple[str, ...]:
    """The readouts a report shows: the model's phenotype nodes, Proliferation and Apoptosis first."""
    first = [n for n in (readouts.proliferation, readouts.apoptosis) if n in model]
    return tuple(dict.fromkeys([*first, *model.nodes_of_kind("phenotype")]))


def living(atts: Sequence[Attractor], readouts: Readouts) -> tuple[Attractor, ...]:
    """The attractors that are not apoptotic: the tumour cell before the drug (all of them if none lives)."""
    alive = tuple(a for a in atts if readouts.fate(a) != APOPTOTIC)
    return alive or tuple(atts)


def follow(treated_reduction: Reduction, background: Sequence[Attractor], treated: Sequence[Attractor],
           readouts: Readouts, semantics: str = "async"
           ) -> tuple[tuple[Attractor, ...], tuple[Attractor, ...], tuple[Attractor, ...]]:
    """(living background, treated attractors it reaches, treated attractors it does not reach).

    Reachability is exact (:func:`mtorlogic.engine.reach.reached`): a treated attractor outside the
    smallest trap space holding the living starts is never reached, and with one left inside, that
    one is; where the rest cannot be decided (an attractor too large to list its states) it is kept.

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text('''input drug drug default 0
    ... Grow = !drug
    ... Caspase = !Grow & Caspase
    ... Proliferation = Grow & !Caspase
    ... Apoptosis = Caspase''')
    >>> bg, tr = m.fix({"drug": 0}), m.fix({"drug": 1})
    >>> [a.values["Apoptosis"] for a in attractors(bg)], [a.values["Apoptosis"] for a in attractors(tr)]
    ([0], [0, 1])
    >>> start, hit, missed = follow(percolate(tr), attractors(bg), attractors(tr), Readouts())
    >>> [a.values["Apoptosis"] for a in hit], [a.values["Apoptosis"] for a in missed]
    ([0], [1])
    """
    start = living(background, readouts)
    found = reached(treated_reduction, start, treated, semantics)
    flags = [f is not False for f in found]  # None (too large to decide): kept
    return (start, tuple(a for a, f in zip(treated, flags) if f), tuple(a for a, f in zip(treated, flags) if not f))


def respond(background: Sequence[Attractor], treated: Sequence[Attractor], readouts: Readouts,
            treatment: bool = True) -> str:
    """The graded response for attractors before and after a treatment ("untreated" when there is none)."""
    if not treatment:
        return "untreated"
    if not any(readouts.fate(a) == PROLIFERATING for a in background):
        return "not_applicable"
    fates = [readouts.fate(a) for a in treated]
    growing = fates.count(PROLIFERATING)
    if growing == len(fates):
        # A reached cycle that proliferates in only some of its states is a negative feedback loop the
        # drug sets going (its Boolean image of an intermediate level): growth is held back, not lost.
        intermittent = any(_sometimes_off(a.values[readouts.proliferation]) for a in treated)
        return "partial" if intermittent else "resistant"
    if growing:
        return "partial"
    return "cytotoxic" if APOPTOTIC in fates else "cytostatic"


def classify(background: Sequence[Attractor], treated: Sequence[Attractor], readouts: Readouts,
             treatment: bool = True) -> str:
    """The coarse verdict (sensitive = cytostatic or cytotoxic) for attractors before and after a treatment."""
    return VERDICT_OF[respond(background, treated, readouts, treatment)]


@bounded("input classes", phases=("background", "treated"))
def evaluate(model: Model, scenario: Scenario, catalog: Catalog | None = None, semantics: str = "async",
             readouts: Readouts = Readouts(), shares: bool = True, scores: bool = False,
             score_options: ScoreOptions | None = None,
             progress: Callable[[int, int | None], None] | None = None, *, method: str = "auto",
             timeout: float | None = None, explain: bool = True) -> Verdict:
    """The verdict and graded response of a scenario on a model, with its evidence.

    Parameters
    ----------
    model : Model
        The unperturbed model.
    scenario : Scenario
    catalog : Catalog, optional
        Resolves drug and alteration names (empty: only ``fix`` and ``conditions`` work).
    semantics : "async" (default), "sync" or "mp"
    readouts : which nodes decide the fates
    shares : compute exact basin shares for a partial verdict on a small core
    scores : also compute the response scores (:func:`mtorlogic.scores.fate_scores`;
        asynchronous semantics only), with ``score_options`` passed on
    progress : called with (input classes done, in all) by each attractor search, background first
    method : the attractor backend, "auto" (default), "exhaustive", "symbolic" or "asp"
        (:func:`mtorlogic.engine.methods.choose_method`)
    timeout : seconds; with one, the evaluation runs in a child process (see :mod:`.engine.budget`)
    explain : for a resistant or partial response, explain it against a sensitive reference
        (:mod:`mtorlogic.blocking`: the chain from the alteration to where the drug is blocked)

    Examples
    --------
    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text('''input drug drug default 0
    ... input GF condition default 1
    ... Proliferation = GF & !drug
    ... Apoptosis = drug''')
    >>> result = evaluate(m, Scenario(drugs=("drug",)))
    >>> result.verdict, result.response
    ('sensitive', 'cytotoxic')
    """
    readouts.check(model)
    if scores and semantics != "async":
        raise MtorlogicError("response scores follow the stochastic asynchronous process: use --semantics async")
    catalog = catalog or Catalog()
    background_values, treated_values = scenario.fixes(model, catalog)
    background_model = model.fix(background_values, scenario.source)
    treated_model = model.fix(treated_values, scenario.source)
    red_b, red_t = percolate(background_model), percolate(treated_model)
    all_b = tuple(attractors(background_model, semantics, method, reduction=red_b, progress=progress))
    all_t = tuple(attractors(treated_model, semantics, method, reduction=red_t, progress=progress))
    treatment = {n: v for n, v in treated_values.items() if background_values.get(n) != v}
    if treatment:
        att_b, att_t, unreached = follow(red_t, all_b, all_t, readouts, semantics)
    else:  # the same network: the living cell stays where it is
        att_b = att_t = living(all_b, readouts)
        unreached = tuple(a for a in all_t if not any(a is b for b in att_t))
    dead = tuple(a for a in all_b if not any(a is b for b in att_b))
    response = respond(att_b, att_t, readouts, treatment=bool(treatment))
    changed = changes(background_model.functions, att_b, att_t, treatment, model.nodes)
    share = None
    if response == "partial" and shares and semantics == "async":
        from .engine.basins import reachability_shares

        share = reachability_shares(red_t, [readouts.proliferative(a) for a in all_t])
        if "probability_class" in share:  # the chance that a random asynchronous run ends proliferative
            share["probability_proliferative"] = share.pop("probability_class")
    found = None
    if scores and treatment:
        from .scores import ResponseScores, fate_scores

        try:
            found = fate_scores(model, att_b, treated_values, readouts, **(score_options or {}))
        except TooLargeError as e:  # the verdict stands; the scores say why they are missing
            found = ResponseScores.not_computed(str(e))
    blocking = None
    if explain and response in ("resistant", "partial"):
        from .blocking import explain_resistance

        escaped = [a for a in att_t if readouts.proliferative(a)]

        def followed(before: Sequence[Attractor], after: Sequence[Attractor], reduction: Reduction
                     ) -> tuple[str, Sequence[Attractor], Sequence[Attractor]]:
            start, reached_, _ = follow(reduction, before, after, readouts, semantics)
            return respond(start, reached_, readouts), start, reached_

        blocking = explain_resistance(model, background_values, treated_values, escaped, response,
                                      followed, semantics, method)
    return Verdict(VERDICT_OF[response], att_b, att_t, changed, phenotype_nodes(model, readouts), readouts, share,
                   scenario, response, found, blocking, unreached, dead)


@dataclass(frozen=True)
class Outcome:
    """Whether one expectation of a scenario holds, and what was found instead."""

    expectation: Expectation
    holds: bool
    found: str | list[Reading]  # the verdict or response, or the node's value in each attractor


def check_expectations(result: Verdict, model: Model) -> list[Outcome]:
    """Check the scenario's ``[[expect]]`` entries against a verdict."""
    outcomes: list[Outcome] = []
    if result.scenario is None:
        return outcomes
    for exp in result.scenario.expect:
        if exp.verdict:
            outcomes.append(Outcome(exp, result.verdict == exp.verdict, result.verdict))
            continue
        if exp.response:
            outcomes.append(Outcome(exp, result.response == exp.response, result.response))
            continue
        node = model.resolve(str(exp.node), result.scenario.source)
        atts = result.treated if exp.state == "treated" else result.background
        values = [a.values[node] for a in atts]
        if exp.value == "oscillating":
            holds = all(v not in (0, 1) for v in values)
        else:
            holds = all(v == exp.value for v in values)
        outcomes.append(Outcome(exp, holds, values))
    return outcomes
