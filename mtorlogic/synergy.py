"""Drug synergy as the logical-modelling field scores it (DrugLogics' Drabme): Bliss and HSA.

For a background and a set of drugs, every single drug and every pair (triples on request)
is applied to every member of an ensemble (one model is an ensemble of one). A member's
*response* to a treatment is DrugLogics' global output: the weighted sum of its readouts
(``modeloutputs``: +1 pro-survival, -1 anti-survival), averaged over its attractors (a node
free in a trap space counts 1/2, a node in a cyclic attractor the fraction of states it is
on). Link-operator members (:mod:`mtorlogic.linkops`) are read on their stable states, as the
published DrugLogics configuration does, and on their minimal trap spaces where a treatment
leaves them none (Drabme would drop such a member; a treatment without a stable state in any
member, e.g. one that makes every member oscillate, would otherwise have no response at all).
A member with no attractor has no response there and is left out of that treatment's mean.

Responses are put on a growth scale ``g`` in [0, 1] (0 = the lowest output the weights allow,
1 = the highest); a drug's *effect* is then ``1 - g``. For a pair A+B:

- Bliss excess: ``g_A * g_B - g_AB`` (the growth Bliss independence expects, minus the
  growth seen; the same as effect_AB - (e_A + e_B - e_A e_B));
- HSA excess: ``min(g_A, g_B) - g_AB`` (how much better the pair is than its best drug).

**Sign convention: higher = more synergistic**; > 0 is synergy, 0 additive (Bliss) or no
better than the best drug (HSA), < 0 antagonism. (Drabme and pydruglogics report the
opposite sign, ``combination - expected``, and synergy as negative; pydruglogics' HSA is
on the raw sum, a positive multiple of ours, so rankings agree.) Triples compare with the
product of the three singles (Bliss) or their best (HSA).

Ensemble-wise synergy (Drabme's main score) applies the formulas to the responses averaged
over the members; ``agreement`` is the fraction of *all* members that, on their own
responses, call the pair synergistic (excess > 0).

Examples
--------
>>> bliss(0.5, 0.5, 0.1)   # expected 0.25, seen 0.1: synergy
0.15
>>> hsa(0.5, 0.4, 0.4)     # no better than the better drug
0.0
"""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

if TYPE_CHECKING:
    from .linkops import LinkOperators, StableStates
    from .model import Model

METHODS = ("bliss", "hsa")
TOLERANCE = 1e-9  # an excess within this of 0 is additive, not synergy


def bliss(g_a: float, g_b: float, g_ab: float, *more: float) -> float:
    """Bliss excess on the growth scale (higher = more synergistic). With ``more``, the last
    value is the combination's growth and the rest are single drugs (triples)."""
    singles, combined = (g_a, g_b, g_ab, *more)[:-1], (g_a, g_b, g_ab, *more)[-1]
    expected = 1.0
    for g in singles:
        expected *= g
    return round(expected - combined, 12)


def hsa(g_a: float, g_b: float, g_ab: float, *more: float) -> float:
    """Highest-single-agent excess on the growth scale (higher = more synergistic)."""
    singles, combined = (g_a, g_b, g_ab, *more)[:-1], (g_a, g_b, g_ab, *more)[-1]
    return round(min(singles) - combined, 12)


EXCESS: dict[str, Callable[..., float]] = {"bliss": bliss, "hsa": hsa}


def readout_sum(states: Sequence[Mapping[str, Any]], outputs: Mapping[str, float]) -> float | None:
    """DrugLogics' global output: sum of weight x activity, averaged over ``states`` (None if none).

    >>> readout_sum([{"A": 1, "B": 0}, {"A": "*", "B": 1}], {"A": 1, "B": -1})
    0.25
    """
    if not states:
        return None
    total = 0.0
    for s in states:
        for node, weight in outputs.items():
            v = s.get(node, 0)
            total += weight * (0.5 if v == "*" else float(v))
    return total / len(states)


def normalised_output(value: float, outputs: Mapping[str, float]) -> float:
    """A global output on the growth scale [0, 1] (the lowest and highest sums the weights allow)."""
    low = sum(w for w in outputs.values() if w < 0)
    high = sum(w for w in outputs.values() if w > 0)
    return (value - low) / (high - low) if high > low else 0.5


@dataclass
class PairSynergy:
    """The synergy of one combination over an ensemble (both measures; ``synergy`` is the chosen one)."""

    drugs: tuple[str, ...]
    synergy: float | None
    bliss: float | None
    hsa: float | None
    agreement: float  # fraction of all members calling it synergistic by the chosen method
    synergistic_members: int
    members_defined: int  # members with a response to every part of the combination

    @property
    def synergistic(self) -> bool:
        return self.synergy is not None and self.synergy > TOLERANCE

    def to_dict(self) -> dict[str, Any]:
        return {"drugs": list(self.drugs), "synergy": self.synergy, "bliss": self.bliss, "hsa": self.hsa,
                "agreement": self.agreement, "synergistic_members": self.synergistic_members,
                "members_defined": self.members_defined}


@dataclass
class SynergyResult:
    """Responses of every treatment per member, and the synergy of every combination, ranked."""

    method: str
    members: list[str]
    responses: dict[tuple[str, ...], list[float | None]]  # treatment -> growth per member (None: no attractor)
    combinations: list[PairSynergy]
    fates: dict[tuple[str, ...], dict[str, float]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def mean_response(self, treatment: Sequence[str]) -> float | None:
        values = [v for v in self.responses[tuple(treatment)] if v is not None]
        return sum(values) / len(values) if values else None

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "sign": "higher synergy = more synergistic (excess over expected)",
                "members": len(self.members), "pairs": [c.to_dict() for c in self.combinations],
                "responses": [{"drugs": list(t), "growth": self.mean_response(t),
                               "defined": sum(v is not None for v in r), **({"fates": self.fates[t]}
                                                                           if t in self.fates else {})}
                              for t, r in self.responses.items()],
                "timings": self.timings, "notes": self.notes}

    def table(self) -> str:
        """The ranked combinations as a text table."""
        rows = [("rank", "drugs", "synergy", "bliss", "hsa", "agreement")]
        for i, c in enumerate(self.combinations, start=1):
            rows.append((str(i), "+".join(c.drugs), _num(c.synergy), _num(c.bliss), _num(c.hsa),
                         f"{c.synergistic_members}/{len(self.members)}"))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
        title = f"synergy by {self.method} (higher = more synergistic), {len(self.members)} member(s)"
        return title + "\n" + "\n".join(lines)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["rank", "drugs", "synergy", "bliss", "hsa", "agreement", "members_defined"])
        for i, c in enumerate(self.combinations, start=1):
            writer.writerow([i, "+".join(c.drugs), c.synergy, c.bliss, c.hsa, c.agreement, c.members_defined])
        return out.getvalue()

    def matrix(self) -> tuple[list[str], list[list[float | None]]]:
        """Drugs and the symmetric matrix of pair synergies (None on the diagonal and where undefined)."""
        drugs = list(dict.fromkeys(d for t in self.responses if len(t) == 1 for d in t))
        index = {d: i for i, d in enumerate(drugs)}
        grid: list[list[float | None]] = [[None] * len(drugs) for _ in drugs]
        for c in self.combinations:
            if len(c.drugs) == 2 and all(d in index for d in c.drugs):
                a, b = (index[d] for d in c.drugs)
                grid[a][b] = grid[b][a] = c.synergy
        return drugs, grid

    def plot(self, path: str | None = None, ax: Any = None) -> Any:
        from .plot_synergy import plot_synergy

        return plot_synergy(self, path, ax=ax)


def _num(x: float | None) -> str:
    return "NA" if x is None else f"{x:+.4f}"


def treatments_for(drugs: Sequence[str], combos: Iterable[Sequence[str]] | None = None,
                   triples: bool = False) -> list[tuple[str, ...]]:
    """Every single drug, then the combinations: ``combos`` when given, else every pair (and
    triple when asked). Singles a combination needs are always included.

    >>> treatments_for(["A", "B", "C"])
    [('A',), ('B',), ('C',), ('A', 'B'), ('A', 'C'), ('B', 'C')]
    """
    if combos is None:
        combos = [*combinations(drugs, 2), *(combinations(drugs, 3) if triples else ())]
    wanted = [tuple(c) for c in combos]
    singles = list(dict.fromkeys([*((d,) for d in drugs), *((d,) for c in wanted for d in c)]))
    return singles + [c for c in dict.fromkeys(wanted) if len(c) > 1]


def synergy(members: Iterable[Any], drug_fixes: Mapping[str, Mapping[str, int]],
            outputs: Mapping[str, float], method: str = "bliss", background: Mapping[str, int] | None = None,
            combos: Iterable[Sequence[str]] | None = None, triples: bool = False, semantics: str = "async",
            scores: bool = False, progress: Callable[[int, int], None] | None = None,
            trap_space_fallback: bool = True) -> SynergyResult:
    """Responses and synergies of ``drug_fixes`` (drug -> node values it holds) over ``members``.

    Parameters
    ----------
    members : ``(name, model)`` pairs, objects with ``.name`` and ``.model`` (an ensemble's
        members), or :class:`~mtorlogic.linkops.LinkOperators` (solved by stable states, fast)
    outputs : readout -> weight (DrugLogics ``modeloutputs``)
    method : "bliss" or "hsa": which excess is ``synergy`` and decides ``agreement``
    background : node values held in every treatment (a scenario's background)
    combos : the combinations to score (default every pair; ``triples`` adds every triple)
    semantics : attractors of Model members ("async", "sync" or "mp"); link-operator members use stable states
    scores : also the fate probabilities (:mod:`mtorlogic.scores`) averaged over Model members
        that have Proliferation/Apoptosis readouts
    trap_space_fallback : read a link-operator member without a stable state on its minimal trap
        spaces (default); False: stable states only, as Drabme (such a member has no response)
    """
    from .calibrate import named

    if method not in METHODS:
        from .errors import MtorlogicError
        raise MtorlogicError(f"unknown synergy method '{method}': choose bliss or hsa")
    pairs = named(members)
    treatments = treatments_for(list(drug_fixes), combos, triples)
    started = time.perf_counter()
    solve = _solver(pairs, semantics, trap_space_fallback)
    responses: dict[tuple[str, ...], list[float | None]] = {t: [] for t in treatments}
    fates: dict[tuple[str, ...], dict[str, float]] = {}
    done, total = 0, len(treatments) * len(pairs)
    for _, member in pairs:
        for t in treatments:
            fixes = {**(background or {})}
            for d in t:
                fixes.update(drug_fixes[d])
            value = readout_sum(solve(member, fixes), outputs)
            responses[t].append(None if value is None else normalised_output(value, outputs))
            done += 1
            if progress is not None:
                progress(done, total)
    if scores:
        fates = _fates(pairs, treatments, drug_fixes, background or {})
    simulated = time.perf_counter() - started
    ranked = sorted((_combination(t, treatments, responses, method) for t in treatments if len(t) > 1),
                    key=lambda c: (c.synergy is None, -(c.synergy or 0.0), -c.agreement, c.drugs))
    return SynergyResult(method, [n for n, _ in pairs], responses, ranked, fates,
                         {"responses": round(simulated, 4)})


def _solver(pairs: Sequence[tuple[str, Any]], semantics: str,
            fallback: bool = True) -> Callable[[Any, Mapping[str, int]], list[Mapping[str, Any]]]:
    """How to get a member's attractor values under fixes: one shared stable-state program for
    link-operator members, the engine for models."""
    from .linkops import Attractors, LinkOperators

    programs: dict[int, Attractors] = {}

    def solve(member: Any, fixes: Mapping[str, int]) -> list[Mapping[str, Any]]:
        if isinstance(member, LinkOperators):
            program = programs.get(id(member.family))
            if program is None:
                program = programs[id(member.family)] = Attractors(member.family, fallback)
            return list(program.solve(member, fixes))
        from .engine.attractors import attractors
        return [a.values for a in attractors(member.fix(fixes), semantics)]

    return solve


def _combination(t: tuple[str, ...], treatments: Sequence[tuple[str, ...]],
                 responses: Mapping[tuple[str, ...], list[float | None]], method: str) -> PairSynergy:
    singles = [responses[(d,)] for d in t]
    combined = responses[t]

    def mean(values: list[float | None]) -> float | None:
        kept = [v for v in values if v is not None]
        return sum(kept) / len(kept) if kept else None

    means = [mean(s) for s in singles] + [mean(combined)]
    values = {m: (None if any(x is None for x in means) else EXCESS[m](*means)) for m in METHODS}
    calls = defined = 0
    for i in range(len(combined)):
        own = [s[i] for s in singles] + [combined[i]]
        if any(v is None for v in own):
            continue
        defined += 1
        calls += EXCESS[method](*own) > TOLERANCE
    members = len(combined)
    return PairSynergy(t, values[method], values["bliss"], values["hsa"], calls / members if members else 0.0,
                       calls, defined)


def _fates(pairs: Sequence[tuple[str, Any]], treatments: Sequence[tuple[str, ...]],
           drug_fixes: Mapping[str, Mapping[str, int]], background: Mapping[str, int]
           ) -> dict[tuple[str, ...], dict[str, float]]:
    """Fate probabilities per treatment, averaged over the Model members with both readouts."""
    from .engine.attractors import attractors
    from .model import Model
    from .phenotype import Readouts
    from .scores import fate_scores

    readouts = Readouts()
    models = [m for _, m in pairs if isinstance(m, Model) and readouts.proliferation in m and readouts.apoptosis in m]
    out: dict[tuple[str, ...], dict[str, float]] = {}
    for model in models:
        start = attractors(model.fix(background))
        for t in treatments:
            fixes = {**background}
            for d in t:
                fixes.update(drug_fixes[d])
            s = fate_scores(model, start, fixes, readouts)
            acc = out.setdefault(t, {"apoptotic": 0.0, "proliferating": 0.0, "arrested": 0.0})
            for k, v in (("apoptotic", s.apoptotic), ("proliferating", s.proliferating), ("arrested", s.arrested)):
                acc[k] += v / len(models)
    return out


def fate_synergy(model: "Model", background: Mapping[str, int], first: Mapping[str, int], second: Mapping[str, int],
                 goal_fate: str = "proliferating", semantics: str = "async", readouts: Any = None) -> dict[str, Any]:
    """Is adding ``second`` to ``first`` synergistic or additive, judged on the fates of the attractors?

    The *effect* of a treatment is the share of its attractors that leave ``goal_fate``
    ("proliferating": stop growing) or reach it ("apoptotic": die); Bliss excess
    ``e_12 - (e_1 + e_2 - e_1 e_2)`` and HSA excess ``e_12 - max(e_1, e_2)`` (higher = more
    synergistic). ``call`` is "synergistic" when the Bliss excess is positive, "antagonistic"
    when negative, else "additive" (e.g. the added drug alone does it all).

    >>> from mtorlogic.io.bnet import read_bnet_text
    >>> m = read_bnet_text("S, 1\\nR1, S\\nR2, S\\nProliferation, R1 | R2\\nApoptosis, 0\\n")
    >>> fate_synergy(m, {}, {"R1": 0}, {"R2": 0})["call"]
    'synergistic'
    >>> fate_synergy(m, {}, {"R1": 0}, {"R1": 0, "S": 0})["call"]
    'additive'
    """
    from .engine.attractors import attractors
    from .phenotype import APOPTOTIC, Readouts

    readouts = readouts or Readouts()

    def effect(fixes: Mapping[str, int]) -> float:
        fates = [readouts.fate(a) for a in attractors(model.fix({**background, **fixes}), semantics)]
        share = fates.count(goal_fate) / len(fates)
        return share if goal_fate == APOPTOTIC else 1 - share

    e1, e2, e12 = effect(first), effect(second), effect({**first, **second})
    # on the growth scale g = 1 - e, bliss() and hsa() give the same excesses
    b, h = bliss(1 - e1, 1 - e2, 1 - e12), hsa(1 - e1, 1 - e2, 1 - e12)
    call = "synergistic" if b > TOLERANCE else "antagonistic" if b < -TOLERANCE else "additive"
    return {"call": call, "bliss": b, "hsa": h, "effects": {"first": e1, "second": e2, "both": e12}}


@dataclass
class SynergyScreen:
    """Synergy of the same combinations across backgrounds (e.g. each alteration of a panel)."""

    results: dict[str, SynergyResult]

    def rows(self) -> list[tuple[str, PairSynergy]]:
        """(background, combination), most synergistic first."""
        rows = [(name, c) for name, r in self.results.items() for c in r.combinations]
        return sorted(rows, key=lambda bc: (bc[1].synergy is None, -(bc[1].synergy or 0.0), bc[0], bc[1].drugs))

    def to_dict(self) -> dict[str, Any]:
        return {"backgrounds": {name: r.to_dict() for name, r in self.results.items()}}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["background", "drugs", "synergy", "bliss", "hsa", "agreement"])
        for name, c in self.rows():
            writer.writerow([name, "+".join(c.drugs), c.synergy, c.bliss, c.hsa, c.agreement])
        return out.getvalue()

    def table(self) -> str:
        method = next(iter(self.results.values())).method if self.results else "bliss"
        rows = [("background", "drugs", "synergy", "agreement")] + [
            (name, "+".join(c.drugs), _num(c.synergy), f"{c.agreement:.0%}") for name, c in self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        return (f"synergy by {method} across {len(self.results)} background(s) (higher = more synergistic)\n"
                + "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows))


def synergy_screen(members: Iterable[Any], backgrounds: Mapping[str, Mapping[str, int]],
                   drug_fixes: Mapping[str, Mapping[str, int]], outputs: Mapping[str, float], method: str = "bliss",
                   **options: Any) -> SynergyScreen:
    """:func:`synergy` in each background (name -> node values held), the same members and drugs.

    >>> from mtorlogic.io.bnet import read_bnet_text
    >>> m = read_bnet_text("S, S\\nR1, S\\nR2, S & !K\\nK, K\\nGrowth, R1 | R2\\n")
    >>> screen = synergy_screen([("m", m)], {"wild type": {"S": 1, "K": 0}, "K on": {"S": 1, "K": 1}},
    ...                         {"D1": {"R1": 0}, "D2": {"R2": 0}}, {"Growth": 1.0})
    >>> [(name, c.synergy) for name, c in screen.rows()]
    [('wild type', 1.0), ('K on', 0.0)]
    """
    listed = list(members)
    return SynergyScreen({name: synergy(listed, drug_fixes, outputs, method, background=fixes, **options)
                          for name, fixes in backgrounds.items()})
