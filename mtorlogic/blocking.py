"""Why a treatment fails: the chain from an alteration to the point where the drug's effect is blocked.

A resistant (or partial) response is explained against a *sensitive reference*:
the same treatment on the background without one of the things the scenario
adds to the model's defaults (an alteration, a condition or a fixed node,
tried one at a time in model order, then all together). The first reference in
which the treatment works (cytostatic or cytotoxic; failing that, one that
responds better than the scenario) is the counterfactual:

- the *blocked* nodes are those the drug changes in the reference (their values
  differ between the reference's background and treated attractors) that end up
  elsewhere in the resistant case: the treated attractors that escape (those
  that keep proliferating) do not show the reference's treated value;
- the *blocking chain* runs from the reverted input (the alteration) to the
  first blocked node, through nodes whose values differ between the escaping
  attractors and the reference's treated attractors, each step a cause set of
  the rules (:func:`mtorlogic.evidence.explain`, with the alteration as the
  treatment and the reference's treated attractors as the comparison).

So for ABCG2 over-expression under a PI3K inhibitor the chain reads
``ABCG2_overexpression=1 → ABCG2=1 → <drug>_intracellular=0``: the pump keeps
the drug's intracellular form off, and every effect of the drug is lost with it.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> from mtorlogic.phenotype import evaluate
>>> from mtorlogic.scenario import Scenario
>>> m = read_rules_text('''input drug drug default 0
... input Pump mutation default 0
... input GF condition default 1
... Inside = drug & !Pump
... Proliferation = GF & !Inside
... Apoptosis = Inside''')
>>> result = evaluate(m, Scenario(fix={"Pump": 1}, drugs=("drug",)))
>>> result.response
'resistant'
>>> result.blocking.chains
((('Pump', 1), ('Inside', 0)),)
>>> [b.node for b in result.blocking.blocked]
['Inside', 'Proliferation', 'Apoptosis']
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from .engine.attractors import attractors
from .engine.percolate import percolate
from .evidence import Chain, explain, pathway_order, settled_values, value_profile

if TYPE_CHECKING:
    from .engine.attractors import Attractor, Reading
    from .engine.percolate import Reduction
    from .evidence import Change
    from .model import Model

# responses from worst to best for a treatment meant to stop proliferation
_BETTER = {"resistant": 0, "partial": 1, "cytostatic": 2, "cytotoxic": 2}
# (background attractors, treated attractors, treated reduction) -> (response, the background attractors
# it starts from, the treated attractors they reach): a verdict follows the living cell (phenotype.follow)
Respond = Callable[[Sequence["Attractor"], Sequence["Attractor"], "Reduction"],
                   tuple[str, Sequence["Attractor"], Sequence["Attractor"]]]


@dataclass(frozen=True)
class Blocked:
    """A node the drug changes in the reference but not in the resistant case."""

    node: str
    reference: tuple[Reading, ...]  # its values in the reference's treated attractors
    resistant: tuple[Reading, ...]  # its values in the escaping treated attractors
    untreated: tuple[Reading, ...]  # its values in the reference's background (before the drug)


@dataclass(frozen=True)
class Blocking:
    """The counterfactual explanation of a resistant or partial response.

    Attributes
    ----------
    reverted : ((node, value in the scenario), ...) whose reversion to the model's default gives the reference
    reference_response : the response of the same treatment on the reference background
    blocked : the nodes the drug changes in the reference and not in the resistant case, in pathway order
    chains : ((node, value), ...) from a reverted node to the first blocked node, shortest first
    """

    reverted: tuple[tuple[str, int], ...]
    reference_response: str
    blocked: tuple[Blocked, ...] = ()
    chains: tuple[Chain, ...] = ()

    @property
    def points(self) -> tuple[str, ...]:
        """Where the drug's effect is blocked: the last node of each chain (distinct, in chain order)."""
        return tuple(dict.fromkeys(chain[-1][0] for chain in self.chains))

    def edges(self) -> set[tuple[str, str]]:
        """Every (regulator, target) step of the chains (for highlighting a figure)."""
        return {(a, b) for chain in self.chains for (a, _), (b, _) in zip(chain, chain[1:])}

    def restored_by(self, treated: Sequence[Attractor]) -> bool:
        """Whether treated attractors (e.g. with one more intervention) give every blocking point back
        the value the drug gives it in the reference: the intervention undoes the mechanism."""
        reference = {b.node: b.reference for b in self.blocked}
        points = self.points or tuple(reference)[:1]
        return bool(points) and all(value_profile(treated, n) == reference[n] for n in points)

    def sentence(self) -> str:
        """One line: what was reverted, and how the chain blocks the drug."""
        what = ", ".join(n for n, _ in self.reverted)
        if not self.chains:
            return (f"without {what} the treatment is {self.reference_response}; no chain of rules reaches the "
                    "blocked nodes from it (decided by the dynamics)")
        return f"without {what} the treatment is {self.reference_response}; blocked by " + \
            "; ".join(format_chain(c) for c in self.chains)

    def to_dict(self) -> dict[str, Any]:
        return {"reverted": [{"node": n, "value": v} for n, v in self.reverted],
                "reference_response": self.reference_response,
                "blocked": [{"node": b.node, "reference": list(b.reference), "resistant": list(b.resistant),
                             "untreated": list(b.untreated)} for b in self.blocked],
                "chains": [[{"node": n, "value": v} for n, v in c] for c in self.chains],
                "summary": self.sentence()}


def format_chain(chain: Chain) -> str:
    """``A=1 → B=1 ⊣ C=0``: an arrow where the step keeps the sign (both 1 or both 0), ⊣ where it inverts."""
    out = f"{chain[0][0]}={chain[0][1]}"
    for (_, a), (node, b) in zip(chain, chain[1:]):
        out += f" {'→' if a == b else '⊣'} {node}={b}"
    return out


def reference_backgrounds(model: Model, background: Mapping[str, int], treatment: Mapping[str, int]
                          ) -> list[tuple[list[str], dict[str, int]]]:
    """(reverted nodes, background) of each reference a resistance is explained against, in the order
    tried: each alteration (a background value other than the model's default) reverted alone, then all
    but one (where there are more than two: an alteration that does not matter to the deeper reference
    is then kept, not reverted without a chain), then all.

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input d drug default 0\\ninput K mutation default 0\\ninput P mutation default 0\\n"
    ...                     "Proliferation = K | P | !d")
    >>> [r for r, _ in reference_backgrounds(m, {"d": 0, "K": 1, "P": 1}, {"d": 1})]
    [['K'], ['P'], ['K', 'P']]
    >>> m3 = read_rules_text("input d drug default 0\\ninput K mutation default 0\\ninput P mutation default 0\\n"
    ...                      "input Q mutation default 0\\nProliferation = K | P | Q | !d")
    >>> [r for r, _ in reference_backgrounds(m3, {"d": 0, "K": 1, "P": 1, "Q": 1}, {"d": 1})][3:]
    [['K', 'P'], ['K', 'Q'], ['P', 'Q'], ['K', 'P', 'Q']]
    """
    defaults = model.defaults()
    added = [n for n in model.nodes if n in background and n not in treatment and defaults.get(n) != background[n]]
    found = []
    but_one = [list(c) for c in combinations(added, len(added) - 1)] if len(added) > 2 else []
    for reverted in [[n] for n in added] + but_one + ([added] if len(added) > 1 else []):
        base = {n: v for n, v in background.items() if n not in reverted}
        base.update({n: defaults[n] for n in reverted if n in defaults})
        found.append((reverted, base))
    return found


def explain_resistance(model: Model, background: Mapping[str, int], treated: Mapping[str, int],
                       escaped: Sequence[Attractor], response: str, respond: Respond,
                       semantics: str = "async", method: str = "auto") -> Blocking | None:
    """The blocking explanation of a ``resistant`` or ``partial`` response, or None when no reference helps.

    Parameters
    ----------
    model : the unperturbed model
    background, treated : node -> value of the scenario's background and treatment (``Scenario.fixes``)
    escaped : the treated attractors that keep proliferating
    response : the scenario's response
    respond : (background attractors, treated attractors, treated reduction) -> (response, background
        attractors followed, treated attractors reached), as :func:`mtorlogic.phenotype.follow` reads them
    """
    treatment = {n: v for n, v in treated.items() if background.get(n) != v}
    best: tuple[int, list[str], Sequence[Attractor], Sequence[Attractor], str] | None = None
    for reverted, base in reference_backgrounds(model, background, treatment):
        all_before, _ = _attractors(model, base, semantics, method)
        all_after, reduction = _attractors(model, {**base, **treatment}, semantics, method)
        found, before, after = respond(all_before, all_after, reduction)
        score = _BETTER.get(found, -1)
        if score > _BETTER.get(response, 0) and (best is None or score > best[0]):
            best = (score, reverted, before, after, found)
            if score == _BETTER["cytotoxic"]:
                break
    if best is None:
        return None
    _, reverted, ref_before, ref_after, ref_response = best
    nodes = [n for n in pathway_order(model.functions, treatment, model.nodes) if n not in treatment]
    blocked = tuple(Blocked(n, value_profile(ref_after, n), value_profile(escaped, n), value_profile(ref_before, n))
                    for n in nodes
                    if value_profile(ref_before, n) != value_profile(ref_after, n)
                    and value_profile(escaped, n) != value_profile(ref_after, n))
    roots = {n: background[n] for n in reverted}
    reference_functions = model.fix({**{n: v for n, v in treated.items() if n not in reverted}, **roots}).functions
    found_causes = explain(reference_functions, settled_values(ref_after, model.nodes),
                           settled_values(escaped, model.nodes), roots, model.nodes)
    names = {b.node for b in blocked}
    chains: dict[Chain, None] = {}
    for b in blocked:
        cause = found_causes.get(b.node)
        if cause is None or not cause.chain:
            continue
        cut = next(i for i, (n, _) in enumerate(cause.chain) if n in names)
        chains[cause.chain[:cut + 1]] = None
    ordered = tuple(sorted(chains, key=len))
    return Blocking(tuple((n, background[n]) for n in reverted), ref_response, blocked, ordered)


def _attractors(model: Model, fixes: Mapping[str, int], semantics: str, method: str
                ) -> tuple[tuple[Attractor, ...], Reduction]:
    fixed = model.fix(fixes)
    reduction = percolate(fixed)
    return tuple(attractors(fixed, semantics, method, reduction=reduction)), reduction


def causal_edges(changed: Sequence[Change], blocking: Blocking | None = None) -> set[tuple[str, str]]:
    """(regulator, target) steps of every main chain of ``changed`` and of the blocking chains: what a
    figure or report highlights, and the causal subnetwork of a scenario."""
    edges = {(a, b) for change in changed for (a, _), (b, _) in zip(change.forced_by, change.forced_by[1:])}
    return edges | (blocking.edges() if blocking is not None else set())
