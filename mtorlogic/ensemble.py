"""Rule ensembles: one member per reading of the ledger entries a model states alternatives for.

A rule file may read a statement two ways (``alt`` lines, docs/rules.md): a
hedged "may", an encoding the ledger marks questionable, a statement the
primary literature contradicts. Each ledger entry with alternatives is a
*site*; a member of the ensemble reads every site either as the primary rules
do or as its alternatives do, so a model with k sites is an ensemble of 2^k
members. Up to ``limit`` members are enumerated; beyond, the primary reading
and ``size - 1`` others are drawn uniformly without replacement by a seeded
generator, and every result says which was done.

Every result reports its agreement across members (``cytostatic in 14/16
members``) and, for each minority outcome, the members that gave it and the
choices they share that the majority does not (why they disagree).

Members evaluate the same scenario with :func:`mtorlogic.phenotype.evaluate`;
members whose rules agree on everything the scenario leaves relevant share one
evaluation (:mod:`mtorlogic.sharing`), so an ensemble of N members costs at most
N evaluations.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> from mtorlogic.scenario import Scenario
>>> m = read_rules_text('''input drug drug default 0
... input GF condition default 1
... input Rescue condition default 1
... Proliferation = GF & !drug
... Apoptosis = drug & !Rescue
... alt Apoptosis without !Rescue [hedge] "the rescue may not act"''')
>>> result = Ensemble(m).evaluate(Scenario(drugs=("drug",)))
>>> result.agreement("response")
{'cytostatic': 1, 'cytotoxic': 1}
>>> [(member.name, dict(member.choices)) for member in result.dissenters()]
[('hedge', {'hedge': 'alternative'})]
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterator, Mapping, Sequence

from .engine.budget import bounded
from .errors import InputError
from .model import Model
from .sharing import contexts, explanation_key, share_key, unchanging, wiring_order

if TYPE_CHECKING:
    from .catalog import Catalog
    from .hypotheses import HypothesisReport
    from .phenotype import Readouts, Verdict
    from .scenario import Scenario

PRIMARY, ALTERNATIVE = "primary", "alternative"
ENUMERATED, SAMPLED = "enumerated", "sampled"
_EXPLAINED = ("resistant", "partial")  # responses phenotype.evaluate explains against references
LIMIT = 256


@dataclass(frozen=True)
class Member:
    """One reading of the model: ``choices`` maps each site (a ledger id) to primary or alternative."""

    name: str
    model: Model
    choices: Mapping[str, str]

    @property
    def taken(self) -> tuple[str, ...]:
        """The sites this member reads the alternative way."""
        return tuple(site for site, choice in self.choices.items() if choice == ALTERNATIVE)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "alternatives": list(self.taken)}


class Ensemble:
    """The members of a model with alternatives.

    Parameters
    ----------
    model : a Model whose ``alternatives`` define the sites (none: one member, the model itself)
    limit : enumerate every member when there are at most this many
    size : how many members to draw when there are more (default ``limit``)
    seed : the sampling seed (the same seed gives the same members)
    """

    def __init__(self, model: Model, limit: int = LIMIT, size: int | None = None, seed: int = 0):
        if limit < 1 or (size is not None and size < 1):
            raise InputError.at("<command line>", "an ensemble needs at least one member (--members >= 1)")
        self.model = model
        self.sites = model.sites
        self.seed = seed
        self.total = 2 ** len(self.sites)
        wanted = size if size is not None else limit
        self.mode = ENUMERATED if self.total <= wanted else SAMPLED
        self._codes = range(self.total) if self.mode == ENUMERATED else _sample(len(self.sites), wanted, seed)
        self._members: list[Member] | None = None

    def __len__(self) -> int:
        return len(self._codes)

    def __repr__(self) -> str:
        return f"<Ensemble {self.describe()}>"

    def describe(self) -> str:
        """How many members, from how many sites, and whether they were all enumerated or sampled."""
        sites = f"{len(self.sites)} ledger entr{'y' if len(self.sites) == 1 else 'ies'} with alternatives"
        if not self.sites:
            return "1 member: the model states no alternatives"
        if self.mode == ENUMERATED:
            return f"{len(self)} members, all enumerated ({sites})"
        return (f"{len(self)} of {self.total} members sampled with seed {self.seed} "
                f"(the primary reading and {len(self) - 1} drawn uniformly; {sites})")

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "members": len(self), "of": self.total, "seed": self.seed,
                "sites": list(self.sites)}

    def members(self) -> Iterator[Member]:
        """The members, the primary reading first (``.name``, ``.model``, ``.choices``)."""
        if self._members is None:
            self._members = [self._member(code) for code in self._codes]
        return iter(self._members)

    def _member(self, code: int) -> Member:
        choices = {site: ALTERNATIVE if code >> i & 1 else PRIMARY for i, site in enumerate(self.sites)}
        taken = [site for site, choice in choices.items() if choice == ALTERNATIVE]
        model = self.model.reading(taken) if self.sites else self.model
        return Member("+".join(taken) or PRIMARY, model, choices)

    # --- results ----------------------------------------------------------

    def evaluate(self, scenario: Scenario, catalog: Catalog | None = None,
                 progress: Callable[[int, int], None] | None = None, **options: Any) -> EnsembleVerdict:
        """:func:`mtorlogic.phenotype.evaluate` on every member, with the agreement of the results.

        ``options`` are passed on (semantics, readouts, scores, method, ...).
        ``progress`` is called with (members done, members) as each finishes.
        """
        from .catalog import Catalog
        from .phenotype import evaluate

        catalog = catalog or Catalog()
        members = list(self.members())
        background, treated = scenario.fixes(self.model, catalog)
        targets = {alt.target for alt in self.model.alternatives}
        common = unchanging(self.model, background, treated, skip=targets)
        # A resistant or partial response is explained against reference backgrounds (blocking.py):
        # members that share the scenario's evaluation share its explanation only if they agree there too.
        references = contexts(self.model, background, treated)[1:] if options.get("explain", True) else []
        treatment = [n for n, v in treated.items() if background.get(n) != v]
        reference_commons = [unchanging(self.model, b, t, skip=targets) for b, t in references]
        cache: dict[Hashable, Verdict] = {}
        owners: dict[Hashable, Hashable] = {}  # scenario key -> full key of the member evaluated first
        results = []
        evaluations = 0
        started = time.perf_counter()
        for done, member in enumerate(members, start=1):
            key: Hashable = share_key(member.model, targets, background, treated, common)
            verdict = cache.get(key)
            if verdict is None:
                verdict = cache[key] = evaluate(member.model, scenario, catalog, **options)
                evaluations += 1
            if references and verdict.response in _EXPLAINED:
                full = (key, wiring_order(member.model, treatment),  # the order of the blocked nodes
                        explanation_key(member.model, targets, (background, treated, common),
                                         [(b, t, c) for (b, t), c in zip(references, reference_commons)]))
                owner = owners.setdefault(key, full)
                if full != owner and full not in cache:
                    cache[full] = evaluate(member.model, scenario, catalog, **options)
                    evaluations += 1
                verdict = cache.get(full, verdict)
            results.append(verdict)
            if progress is not None:
                progress(done, len(members))
        return EnsembleVerdict(self, tuple(members), tuple(results), evaluations, time.perf_counter() - started)

    def hypotheses(self, scenario: Scenario, catalog: Catalog, progress: Callable[[int, int], None] | None = None,
                   **options: Any) -> EnsembleHypotheses:
        """The hypotheses of the primary reading, each checked on every member.

        A hypothesis is searched on the primary reading (``options`` go to
        :func:`mtorlogic.hypotheses.hypotheses`); then every member evaluates
        the same intervention, and the hypothesis reports in how many it
        reaches the goal.
        """
        from .hypotheses import RESIST, hypotheses, intervention_response, reaches
        from .phenotype import Readouts, evaluate
        from .screen import _RowEvaluator

        members = list(self.members())
        primary = next((m for m in members if not m.taken), None) or self._member(0)
        report = hypotheses(primary.model, catalog, scenario, **options)
        semantics = options.get("semantics", "async")
        method = options.get("method", "auto")
        readouts: Readouts = options.get("readouts", Readouts())
        background, treated = scenario.fixes(self.model, catalog)
        treatment = {n: v for n, v in treated.items() if background.get(n) != v}
        targets = {alt.target for alt in self.model.alternatives}
        interventions = [{x.node: x.value for x in h.interventions} for h in report.hypotheses]
        # Where an intervention acts: in the background (resist: an alteration present before the drug)
        # or with the treatment; the fixes each side percolates, as intervention_response sees them.
        contexts = [({**background, **extra}, {**background, **extra, **treatment}) if report.goal == RESIST
                    else (background, {**background, **treatment, **extra}) for extra in interventions]
        bases: dict[Hashable, Verdict] = {}
        found: dict[Hashable, str] = {}
        reached: list[list[bool]] = [[] for _ in report.hypotheses]
        responses: list[list[str]] = [[] for _ in report.hypotheses]
        base_responses = []
        for done, member in enumerate(members, start=1):
            base_key = share_key(member.model, targets, background, treated)
            if base_key not in bases:
                bases[base_key] = evaluate(member.model, scenario, catalog, semantics=semantics, readouts=readouts,
                                           shares=False, method=method, explain=False)
            base = bases[base_key]
            base_responses.append(base.response)
            evaluator = None
            for i, (extra, (before, after)) in enumerate(zip(interventions, contexts)):
                key = (i, base_key, share_key(member.model, targets, before, after))
                if key not in found:
                    evaluator = evaluator or _RowEvaluator(member.model, background, semantics, readouts,
                                                           method=method)
                    found[key], _ = intervention_response(evaluator, report.goal, extra, treatment, base.background,
                                                          readouts)
                responses[i].append(found[key])
                reached[i].append(reaches(report.goal, found[key]))
            if progress is not None:
                progress(done, len(members))
        calls = tuple(None if h.synergy is None else self._synergy_calls(members, targets, background, treatment, extra,
                                                                         report.goal, semantics, readouts)
                      for h, extra in zip(report.hypotheses, interventions))
        return EnsembleHypotheses(self, tuple(members), report, tuple(base_responses),
                                  tuple(map(tuple, responses)), tuple(map(tuple, reached)), calls)

    def _synergy_calls(self, members: Sequence[Member], targets: set[str], background: Mapping[str, int],
                       treatment: Mapping[str, int], extra: Mapping[str, int], goal: str, semantics: str,
                       readouts: Readouts) -> tuple[str, ...]:
        """Each member's call on a proposed combination (:func:`mtorlogic.synergy.fate_synergy`: synergistic,
        additive or antagonistic), one per distinct network of the three treatments it compares."""
        from .hypotheses import DEEPEN
        from .phenotype import APOPTOTIC, PROLIFERATING
        from .synergy import fate_synergy

        fate = APOPTOTIC if goal == DEEPEN else PROLIFERATING
        held = [{**background, **fixes} for fixes in (treatment, extra, {**treatment, **extra})]
        commons = [unchanging(self.model, h, h, skip=targets) for h in held]
        found: dict[Hashable, str] = {}
        out = []
        for member in members:
            key = tuple(share_key(member.model, targets, h, h, c) for h, c in zip(held, commons))
            if key not in found:
                found[key] = fate_synergy(member.model, background, treatment, extra, fate, semantics,
                                          readouts)["call"]
            out.append(found[key])
        return tuple(out)


def _sample(k: int, size: int, seed: int) -> list[int]:
    """``size`` distinct codes of ``k`` binary sites, the primary (0) first, the rest uniform (seeded)."""
    rng = random.Random(seed)
    codes = {0: None}
    while len(codes) < size:
        codes.setdefault(rng.getrandbits(k), None)
    return list(codes)


# --- agreement --------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """One outcome of a result across members: how many gave it, which, and what they share."""

    value: str
    members: tuple[Member, ...]
    shared: Mapping[str, str]  # site -> choice every member of this outcome makes and some other member does not

    def to_dict(self, total: int) -> dict[str, Any]:
        return {"value": self.value, "count": len(self.members), "of": total,
                "members": [m.name for m in self.members], "because": dict(self.shared)}


def splits(members: Sequence[Member], values: Sequence[str]) -> list[Split]:
    """The outcomes, most frequent first, each with its members and the choices that set it apart.

    Examples
    --------
    >>> from mtorlogic.model import Model
    >>> ms = [Member(n, Model({}), c) for n, c in [("primary", {"s": PRIMARY}), ("s", {"s": ALTERNATIVE})]]
    >>> [(s.value, len(s.members), dict(s.shared)) for s in splits(ms, ["cytostatic", "resistant"])]
    [('cytostatic', 1, {'s': 'primary'}), ('resistant', 1, {'s': 'alternative'})]
    """
    order = Counter(values)
    out = []
    for value, _ in sorted(order.items(), key=lambda kv: (-kv[1], kv[0])):
        group = tuple(m for m, v in zip(members, values) if v == value)
        others = [m for m, v in zip(members, values) if v != value]
        shared = {}
        for site, choice in group[0].choices.items():
            if all(m.choices[site] == choice for m in group) and any(m.choices[site] != choice for m in others):
                shared[site] = choice
        out.append(Split(value, group, shared))
    return out


def _names(split: Split, shown: int = 4) -> str:
    """A few member names (all when they are few)."""
    names = [m.name for m in split.members]
    return ", ".join(names[:shown]) + (f", ... {len(names) - shown} more" if len(names) > shown else "")


def _choices(shared: Mapping[str, str]) -> str:
    return ", ".join(f"{site}={choice}" for site, choice in shared.items())


def agreement_text(label: str, parts: Sequence[Split], total: int) -> str:
    """``response: cytostatic in 14/16 members; resistant in 2/16 (x-tg2 alternative)``."""
    pieces = []
    for i, s in enumerate(parts):
        text = f"{s.value} in {len(s.members)}/{total}" + (" members" if i == 0 else "")
        if i and s.shared:
            text += f" (all take {_choices(s.shared)})"
        pieces.append(text)
    return f"{label}: " + "; ".join(pieces)


@dataclass(frozen=True)
class EnsembleVerdict:
    """The verdict of a scenario on every member, and how far the members agree."""

    ensemble: Ensemble
    members: tuple[Member, ...]
    results: tuple[Verdict, ...]
    evaluations: int  # distinct evaluations run (members that share relevant rules share one)
    seconds: float = 0.0
    _cache: dict[str, list[Split]] = field(default_factory=dict, repr=False, compare=False)

    def values(self, what: str = "response") -> list[str]:
        """Each member's verdict or response."""
        return [getattr(r, what) for r in self.results]

    def splits(self, what: str = "response") -> list[Split]:
        """The outcomes of ``what`` (verdict or response), most frequent first."""
        if what not in self._cache:
            self._cache[what] = splits(self.members, self.values(what))
        return self._cache[what]

    def agreement(self, what: str = "response") -> dict[str, int]:
        """Outcome -> number of members, most frequent first (ties by name)."""
        return {s.value: len(s.members) for s in self.splits(what)}

    def majority(self, what: str = "response") -> str:
        return self.splits(what)[0].value

    @property
    def unanimous(self) -> bool:
        return len(self.splits("response")) == 1

    def dissenters(self, what: str = "response") -> list[Member]:
        """The members whose outcome is not the majority's."""
        return [m for s in self.splits(what)[1:] for m in s.members]

    def changed(self) -> dict[str, dict[str, int]]:
        """Node -> {"before -> after": members} for every node some member's treatment changed."""
        out: dict[str, Counter[str]] = {}
        for r in self.results:
            for c in r.changed:
                out.setdefault(c.node, Counter())[f"{_text(c.background)} -> {_text(c.treated)}"] += 1
        return {node: dict(counts.most_common()) for node, counts in out.items()}

    def scores(self) -> dict[str, dict[str, float]] | None:
        """Per fate, the lowest, mean and highest score across members (None unless scores were asked for)."""
        found = [r.scores for r in self.results if r.scores is not None and r.scores.apoptotic == r.scores.apoptotic]
        if not found:
            return None
        out: dict[str, dict[str, float]] = {}
        for fate in ("apoptotic", "proliferating", "arrested"):
            values = [s.get(fate) for s in found]
            out[fate] = {"min": min(values), "mean": sum(values) / len(values), "max": max(values),
                         "members": len(found)}  # members with scores (exact or simulated); others: not computed
        return out

    def to_dict(self) -> dict[str, Any]:
        n = len(self.members)
        out: dict[str, Any] = {
            "ensemble": {**self.ensemble.to_dict(), "evaluations": self.evaluations},
            "verdict": {"majority": self.majority("verdict"),
                        "agreement": [s.to_dict(n) for s in self.splits("verdict")]},
            "response": {"majority": self.majority("response"),
                         "agreement": [s.to_dict(n) for s in self.splits("response")]},
            "changed": self.changed(),
            "members": [{**m.to_dict(), "verdict": r.verdict, "response": r.response}
                        for m, r in zip(self.members, self.results)],
        }
        scores = self.scores()
        if scores is not None:
            out["scores"] = scores
        return out

    def __repr__(self) -> str:
        return self.text()

    def text(self) -> str:
        """The agreement as lines of text (what ``mtorlogic run --ensemble`` prints)."""
        n = len(self.members)
        lines = [f"ensemble: {self.ensemble.describe()}; {self.evaluations} distinct evaluation"
                 f"{'' if self.evaluations == 1 else 's'}",
                 agreement_text("verdict", self.splits("verdict"), n),
                 agreement_text("response", self.splits("response"), n)]
        for s in self.splits("response")[1:]:
            lines.append(f"  {s.value}: {_names(s)}")
        unsure = {node: c for node, c in self.changed().items() if sum(c.values()) < n or len(c) > 1}
        lines.append(f"changed nodes: {len(self.changed())}, of which {len(unsure)} not the same in every member")
        for node, counts in list(unsure.items())[:12]:
            lines.append(f"  {node}: " + "; ".join(f"{k} in {v}/{n}" for k, v in counts.items()))
        if len(unsure) > 12:
            lines.append(f"  ... {len(unsure) - 12} more (--json lists every node)")
        scores = self.scores()
        if scores is not None:
            scored = int(scores["apoptotic"]["members"])
            lines.append(f"scores across {scored}/{len(self.members)} members" + (
                "" if scored == len(self.members) else " (the others: not computed; --score-method simulation)")
                + ": " + "; ".join(f"{fate} {s['min']:.2f}-{s['max']:.2f} (mean {s['mean']:.2f})"
                                   for fate, s in scores.items()))
        return "\n".join(lines)


def _text(values: Sequence[object]) -> str:
    """A node's distinct attractor values: ``1``, ``0/1``, ``0.5``."""
    return "/".join(map(str, values))


@dataclass(frozen=True)
class EnsembleHypotheses:
    """The primary reading's hypotheses, each with the members in which it reaches the goal."""

    ensemble: Ensemble
    members: tuple[Member, ...]
    report: HypothesisReport
    base_responses: tuple[str, ...]  # each member's response without intervention
    responses: tuple[tuple[str, ...], ...]  # per hypothesis, per member
    reached: tuple[tuple[bool, ...], ...]  # per hypothesis, per member
    synergy: tuple[tuple[str, ...] | None, ...] = ()  # per hypothesis (a proposed combination), per member

    def agreement(self) -> list[tuple[str, int]]:
        """(interventions, members reaching the goal) per hypothesis, in rank order."""
        return [(" + ".join(map(str, h.interventions)), sum(r)) for h, r in zip(self.report.hypotheses, self.reached)]

    def to_dict(self) -> dict[str, Any]:
        n = len(self.members)
        out = self.report.to_dict()
        out["ensemble"] = self.ensemble.to_dict()
        out["base_response"] = [s.to_dict(n) for s in splits(self.members, self.base_responses)]
        for i, (h, responses, reached) in enumerate(zip(out["hypotheses"], self.responses, self.reached)):
            h["agreement"] = {"reaches_goal": sum(reached), "of": n,
                              "response": [s.to_dict(n) for s in splits(self.members, list(responses))]}
            calls = self.synergy[i] if i < len(self.synergy) else None
            if calls is not None:
                h["agreement"]["synergy"] = [s.to_dict(n) for s in splits(self.members, list(calls))]
        return out

    def __repr__(self) -> str:
        return self.text()

    def text(self) -> str:
        n = len(self.members)
        lines = [f"ensemble: {self.ensemble.describe()}",
                 agreement_text("response without intervention", splits(self.members, self.base_responses), n),
                 f"goal: {self.report.goal} (hypotheses searched on the primary reading, checked on every member)"]
        for i, (h, responses, reached) in enumerate(zip(self.report.hypotheses, self.responses, self.reached)):
            label = " + ".join(map(str, h.interventions))
            parts = splits(self.members, ["reaches" if r else "misses" for r in reached])
            misses = next((s for s in parts if s.value == "misses"), None)
            line = f"{h.rank:>2}. {label}: reaches the goal in {sum(reached)}/{n} members"
            if misses is not None and len(misses.members) < n:
                line += f"; misses it in {len(misses.members)}: " + (
                    f"all take {_choices(misses.shared)}" if misses.shared else _names(misses))
            calls = self.synergy[i] if i < len(self.synergy) else None
            if calls is not None:
                line += "; " + agreement_text("combined with the treatment", splits(self.members, list(calls)), n)
            lines.append(line)
        return "\n".join(lines)


# --- bounded entry points (the CLI runs them in a child process) ------------


@bounded("members")
def evaluate_ensemble(model: Model, scenario: Scenario, catalog: Catalog | None = None, *, limit: int = LIMIT,
                      size: int | None = None, seed: int = 0, progress: Callable[[int, int], None] | None = None,
                      timeout: float | None = None, **options: Any) -> EnsembleVerdict:
    """:meth:`Ensemble.evaluate` of the model's ensemble, bounded by ``timeout`` (seconds) when given."""
    return Ensemble(model, limit, size, seed).evaluate(scenario, catalog, progress=progress, **options)


@bounded("members")
def ensemble_hypotheses(model: Model, catalog: Catalog, scenario: Scenario, *, limit: int = LIMIT,
                        size: int | None = None, seed: int = 0, progress: Callable[[int, int], None] | None = None,
                        timeout: float | None = None, **options: Any) -> EnsembleHypotheses:
    """:meth:`Ensemble.hypotheses` of the model's ensemble, bounded by ``timeout`` (seconds) when given."""
    return Ensemble(model, limit, size, seed).hypotheses(scenario, catalog, progress=progress, **options)
