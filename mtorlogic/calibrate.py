"""Calibration: the models of a family whose stable states match a measured baseline (Gitsbe's fitness).

The fitness of a member against the training data is Gitsbe's: for each observation (a
condition, i.e. nodes held at 0/1, and the measured activities of some nodes), the fraction of
measured nodes its stable states match (``1 - |state - measured|`` per node, so a measured 0.5
matches either value half), averaged over the member's stable states under that condition, 0
when it has none; observations are combined by their weights. Fitness 1 is a perfect fit.
(Gitsbe also adds a bonus for having a stable state at all; a member without one scores 0
here, which orders members the same way.)

:func:`calibrate` returns the best-fitting members, exactly, by answer-set programming:

1. one program holds the choice of a link operator per target, a copy of the state per
   observation and the fixed-point condition; maximising the matched measurements gives an
   upper bound B on any member's fitness (its best stable state, not their average; a copy
   may be given up, scoring 0, for a member without a stable state under that condition);
2. the members having a stable state that scores at least a level L are enumerated
   (projected on the operators) and each one's exact fitness computed from all its stable
   states; since a member's fitness never exceeds its best state's score, this finds *every*
   member with fitness >= L. L starts at B and steps down one measurement at a time until
   ``size`` members are found;
3. if a level has more candidates than ``max_candidates``, the members are instead sampled:
   each draw asks the solver for the member closest (in operators) to a random one drawn
   from ``seed``, among those reaching the level; the result says ``method="sampled"``.

Ties at the cut are broken by a seeded shuffle, so the ensemble is reproducible by seed.

Examples
--------
>>> from mtorlogic.io.druglogics import Observation, read_sif_text
>>> from mtorlogic.linkops import Family
>>> g = read_sif_text("A -> C\\nB -| C\\n")
>>> result = calibrate(Family(g), [Observation({"A": 1, "B": 1}, {"C": 1})], size=10)
>>> [(m.label(), f) for m, f in zip(result.members, result.fitness)]  # both members: the fitter first
[('|', 1.0), ('&', 0.0)]
>>> calibrate(Family(g), [Observation({"A": 1, "B": 1}, {"C": 1})], min_fitness=1.0).exact_count
1
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from .io.druglogics import Observation
from .linkops import Family, LinkOperators, StableStates, asp_string, family_program

SCALE = 10_000  # measured activities are integers out of SCALE in the optimisation


@dataclass
class Calibration:
    """Members kept, best first, with their exact fitness; how they were found."""

    members: list[LinkOperators]
    fitness: list[float]
    method: str  # "exact" (every member at this fitness enumerated) or "sampled"
    best_bound: float  # the optimum of the best-state score (an upper bound on fitness)
    level: float  # lowest fitness kept
    exact_count: int | None  # members with fitness >= level in the whole family (None: not all verified)
    family_size: int
    solver_calls: int = 0
    notes: list[str] = field(default_factory=list)

    def named(self) -> list[tuple[str, Any]]:
        """``(name, Model)`` pairs, as ensembles and :func:`mtorlogic.synergy.synergy` take them."""
        return [(m.name or m.label(), m.model()) for m in self.members]

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "best_bound": self.best_bound, "level": self.level,
                "exact_count": self.exact_count, "family_size": self.family_size, "notes": self.notes,
                "members": [{"name": m.name, "or_not": sorted(m.or_not), "operators": m.label(), "fitness": f}
                            for m, f in zip(self.members, self.fitness)]}


def fitness(states_per_observation: Sequence[Sequence[Mapping[str, Any]]], observations: Sequence[Observation],
            outputs: Mapping[str, float] | None = None) -> float:
    """Gitsbe's fitness from each observation's stable states (see the module docstring).

    >>> fitness([[{"A": 1, "B": 0}, {"A": 1, "B": 1}]], [Observation({}, {"A": 1, "B": 0})])
    0.75
    """
    total = sum(o.weight for o in observations)
    score = 0.0
    for states, obs in zip(states_per_observation, observations):
        if not states or not obs.response:
            continue
        per_state = []
        for s in states:
            matched = 0.0
            for node, measured in obs.response.items():
                if node.lower() == "globaloutput":
                    from .synergy import normalised_output, readout_sum
                    predicted = normalised_output(readout_sum([s], outputs or {}) or 0.0, outputs or {})
                    matched += 1.0 - abs(predicted - (measured + 1) / 2)
                else:
                    value = s[node]
                    matched += 1.0 - abs((0.5 if value == "*" else float(value)) - measured)
            per_state.append(matched / len(obs.response))
        score += obs.weight * sum(per_state) / len(per_state)
    return score / total if total else 0.0


def member_fitness(solver: StableStates, member: LinkOperators, observations: Sequence[Observation],
                   outputs: Mapping[str, float] | None = None) -> float:
    """Exact fitness of one member: all its stable states under each observation's condition."""
    return fitness([solver.solve(member, o.condition) for o in observations], observations, outputs)


class _Program:
    """The calibration program: operators chosen, one state copy per observation, matches scored."""

    def __init__(self, family: Family, observations: Sequence[Observation]):
        self.family = family
        self.copies = [f"o{i}" for i in range(len(observations))]
        total = sum(o.weight for o in observations) or 1.0
        terms = []
        for c, o in zip(self.copies, observations):
            nodes = [(n, v) for n, v in o.response.items() if n.lower() != "globaloutput"]
            if len(nodes) < len(o.response):  # a global output is not encoded: count it as matched (a bound)
                share = round(SCALE * o.weight / total * (len(o.response) - len(nodes)) / len(o.response))
                terms.append(f"{share},{c},globaloutput : not skip({c})")
            for n, v in nodes:
                unit = SCALE * o.weight / total / len(o.response)
                on, off = round(unit * v), round(unit * (1 - v))
                terms.append(f"{on},{c},{asp_string(n)},1 : x({c},{asp_string(n)}), not skip({c})")
                terms.append(f"{off},{c},{asp_string(n)},0 : not x({c},{asp_string(n)}), not skip({c})")
        self.slack = len(terms)  # rounding loses at most 1/2 per term
        self.terms = "; ".join(terms) if terms else "0,none : #true"
        # a member without a stable state under a condition scores 0 there: a skipped copy
        self.base = family_program(family.graph, self.copies, choose_operators=True, show="or_not/1", skippable=True)
        self.holds = [(c, n, v) for c, o in zip(self.copies, observations) for n, v in o.condition.items()]

    def control(self, extra: str, args: Sequence[str] = ()) -> Any:
        import clingo

        ctl = clingo.Control(["--warn=none", *args])
        ctl.add("base", [], self.base + extra)
        ctl.ground([("base", [])])
        for c, n, v in self.holds:
            ctl.assign_external(clingo.Function("on" if v else "off", [clingo.Function(c), clingo.String(n)]), True)
        return ctl

    def best(self) -> int:
        """The optimum of the best-state score (integer out of SCALE)."""
        ctl = self.control(f"#maximize {{ {self.terms} }}.", ["--opt-mode=opt"])
        best: list[int] = []
        ctl.solve(on_model=lambda m: best.append(-m.cost[0] if m.cost else 0))
        return min(SCALE, best[-1]) if best else -1

    def at_least(self, level: int) -> str:
        return f":- #sum {{ {self.terms} }} < {level - self.slack}."

    def enumerate(self, level: int, cap: int) -> list[frozenset[str]] | None:
        """Operator sets of every member with a stable state scoring >= level; None beyond ``cap``."""
        ctl = self.control(self.at_least(level), ["0", "--project=show"])
        found: list[frozenset[str]] = []
        with ctl.solve(yield_=True) as handle:
            for answer in handle:
                found.append(frozenset(s.arguments[0].string for s in answer.symbols(shown=True)))
                if len(found) > cap:
                    return None
        return found

    def nearest(self, level: int, target: frozenset[str]) -> frozenset[str] | None:
        """The member reaching ``level`` whose operators differ least from ``target``."""
        distance = "; ".join(f"1,{asp_string(t)} : {'not ' if t in target else ''}or_not({asp_string(t)})"
                             for t in self.family.choices)
        ctl = self.control(self.at_least(level) + (f"\n#minimize {{ {distance} }}." if distance else ""),
                           ["--opt-mode=opt"])
        found: list[frozenset[str]] = []
        ctl.solve(on_model=lambda m: found.append(frozenset(s.arguments[0].string for s in m.symbols(shown=True))))
        return found[-1] if found else None


def calibrate(family: Family, observations: Sequence[Observation], size: int = 100, seed: int = 0,
              min_fitness: float | None = None, max_candidates: int = 100_000,
              outputs: Mapping[str, float] | None = None) -> Calibration:
    """The ``size`` best-fitting members of ``family`` against ``observations`` (see the module docstring).

    With ``min_fitness``, every member at or above it is kept (up to ``size``) instead of the
    best ``size``. Without observations, members are drawn uniformly by ``seed`` (all fit).
    """
    rng = random.Random(seed)
    solver = StableStates(family)
    if not observations or not any(o.response for o in observations):
        picked = _uniform(family, size, rng)
        return Calibration(picked, [1.0] * len(picked), "sampled" if len(picked) < family.size else "exact",
                           1.0, 1.0, family.size, family.size, notes=["no training data: members drawn uniformly"])
    program = _Program(family, observations)
    bound = program.best()
    if bound <= 0:  # every member scores 0: all tie, as in Gitsbe, and are drawn by seed
        picked = _uniform(family, size, rng)
        return Calibration(picked, [0.0] * len(picked), "exact", 0.0, 0.0, family.size, family.size,
                           notes=["no member has a stable state matching any measurement: all score 0, "
                                  f"{len(picked)} drawn uniformly by seed"])
    step = _step(observations)
    level = bound / SCALE if min_fitness is None else min_fitness
    checked: dict[frozenset[str], float] = {}
    while True:
        if level <= 0:  # every member qualifies, with or without a stable state
            found = [m.or_not for m in family.all_members()] if family.size <= max_candidates else None
        else:
            found = program.enumerate(round(level * SCALE), max_candidates)
        if found is None:
            return _sampled(program, solver, observations, outputs, level, bound, size, rng, max_candidates)
        found.sort(key=sorted)
        rng.shuffle(found)  # verified in a seeded random order: the kept ones are a uniform sample
        # At the top level every member that passes has the best fitness there is, so the first
        # `size` to pass are a uniform draw of the best; below it, fitness varies: verify them all.
        top = round(level * SCALE) >= bound
        for ops in found:
            if ops not in checked:
                checked[ops] = member_fitness(solver, family.member(ops), observations, outputs)
            if top and sum(1 for f in checked.values() if f >= level - 1e-9) >= size:
                break
        exhausted = all(ops in checked for ops in found)
        kept = [(f, family.member(ops)) for ops, f in checked.items() if f >= level - 1e-9]
        if len(kept) >= size or min_fitness is not None or level <= 0:
            break
        level = max(0.0, level - step)
    members, fits = _best(kept, size, rng)
    return Calibration(members, fits, "exact", bound / SCALE, level, len(kept) if exhausted else None,
                       family.size, solver.solves,
                       [] if exhausted else [f"{len(found)} members have a stable state reaching fitness {level:.3f}; "
                                             f"{size} of those whose fitness reaches it were drawn uniformly by seed"])


def _step(observations: Sequence[Observation]) -> float:
    """One measurement's worth of fitness: the smallest amount a level can usefully drop by."""
    total = sum(o.weight for o in observations)
    return min(o.weight / total / len(o.response) for o in observations if o.response)


def _best(scored: list[tuple[float, LinkOperators]], size: int, rng: random.Random
          ) -> tuple[list[LinkOperators], list[float]]:
    """The ``size`` fittest, ties at the cut broken by the seeded ``rng``; named e1, e2, ..."""
    scored = sorted(scored, key=lambda fm: (-fm[0], fm[1].bits()))
    rng.shuffle(scored)
    scored.sort(key=lambda fm: -round(fm[0], 9))  # stable: shuffled order within equal fitness
    top = scored[:size]
    return ([LinkOperators(m.family, m.or_not, f"e{i}") for i, (_, m) in enumerate(top, start=1)],
            [f for f, _ in top])


def _uniform(family: Family, size: int, rng: random.Random) -> list[LinkOperators]:
    if family.size <= size:
        return list(family.all_members())
    codes = rng.sample(range(family.size), size) if len(family.choices) < 63 else [
        rng.getrandbits(len(family.choices)) for _ in range(size)]
    return [family.from_bits([(c >> i) & 1 for i in range(len(family.choices))], f"e{k}")
            for k, c in enumerate(codes, start=1)]


def _sampled(program: _Program, solver: StableStates, observations: Sequence[Observation],
             outputs: Mapping[str, float] | None, level: float, bound: int, size: int, rng: random.Random,
             cap: int) -> Calibration:
    family = program.family
    seen: dict[frozenset[str], float] = {}
    for _ in range(4 * size):
        if len([f for f in seen.values() if f >= level - 1e-9]) >= size:
            break
        target = frozenset(c for c in family.choices if rng.random() < 0.5)
        ops = program.nearest(round(level * SCALE), target)
        if ops is None:
            break
        if ops not in seen:
            seen[ops] = member_fitness(solver, family.member(ops), observations, outputs)
    # the draws reaching the level first; if too few do, the fittest of the rest fill the ensemble
    members, fits = _best([(f, family.member(ops)) for ops, f in seen.items()], size, rng)
    notes = [f"more than {cap} members have a stable state reaching fitness {level:.3f}: sampled by seed, each "
             "the member nearest a random operator choice"]
    if fits and fits[-1] < level - 1e-9:
        notes.append(f"only {sum(f >= level - 1e-9 for f in fits)} draws reached {level:.3f}; the fittest others "
                     "fill the ensemble")
    return Calibration(members, fits, "sampled", bound / SCALE, min(fits, default=level), None, family.size,
                       solver.solves, notes)


def load_family(path: str) -> tuple[Family, Any]:
    """A family from a ``.sif`` file, a DrugLogics folder or any model file (its signed graph);
    also the folder's data (or None)."""
    from pathlib import Path

    from .io import read_model
    from .io.druglogics import is_druglogics_folder, read_folder, read_sif
    from .linkops import signed_graph

    if is_druglogics_folder(path):
        data = read_folder(path)
        return Family(data.graph), data
    if Path(path).suffix.lower() == ".sif":
        return Family(read_sif(path)), None
    return Family(signed_graph(read_model(path))), None


def score_members(members: Iterable[Any], observations: Sequence[Observation], semantics: str = "async",
                  outputs: Mapping[str, float] | None = None) -> list[tuple[str, float]]:
    """Fitness of each member of any ensemble (``(name, Model)`` pairs or objects with ``.name`` and
    ``.model``) against ``observations``, on its attractors under ``semantics`` (a cyclic attractor
    reads a node as the fraction of its states it is on), best first. Exhaustive over the members:
    for declared alternatives, where the ensemble is enumerated or sampled by its owner.

    >>> from mtorlogic.io.bnet import read_bnet_text
    >>> members = [("and", read_bnet_text("A, A\\nC, A & !C")), ("or", read_bnet_text("A, A\\nC, A | C"))]
    >>> score_members(members, [Observation({"A": 1}, {"C": 1})])
    [('or', 1.0), ('and', 0.5)]
    """
    from .engine.attractors import attractors

    scored = []
    for name, model in named(members):
        per_observation = [[a.values for a in attractors(model.fix(o.condition), semantics)] for o in observations]
        scored.append((name, fitness(per_observation, observations, outputs)))
    return sorted(scored, key=lambda nf: -nf[1])


def named(members: Iterable[Any]) -> list[tuple[str, Any]]:
    """``(name, model)`` pairs from pairs, from objects with ``.name`` and ``.model`` (an ensemble's
    members), or from :class:`~mtorlogic.linkops.LinkOperators`."""
    out = []
    for i, m in enumerate(members, start=1):
        if isinstance(m, tuple):
            out.append((str(m[0]), m[1]))
        elif isinstance(m, LinkOperators):
            out.append((m.name or m.label(), m))
        else:
            out.append((str(getattr(m, "name", None) or f"m{i}"), getattr(m, "model", m)))
    return out
