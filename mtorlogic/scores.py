"""Response scores: how likely a treated cell ends apoptotic, proliferating or arrested.

In the style of the Apofrac and Prolfrac of Zañudo, Scaltriti and Albert
(2017, Cancer Convergence 1:5, DOI 10.1186/s41236-017-0007-6): a cell starts in
an attractor of its untreated background (each attractor equally likely, the
states of a cyclic one uniformly), the treatment acts from t = 0, and the cell
follows the stochastic asynchronous process of
:func:`mtorlogic.engine.simulate.simulate_timecourse` (at each update one
node, chosen uniformly, takes the value of its rule) until it settles in an
attractor of the treated network. Each attractor is apoptotic, proliferating
or arrested (:class:`mtorlogic.phenotype.Readouts`); the scores are the
probabilities of ending in each class.

Two reductions keep this exact on the mTOR model:

- only the readouts and the nodes upstream of them are kept. Nodes that no
  readout depends on never influence the others, and choosing one of them
  only delays the others' updates, so the process seen on the upstream nodes
  is the same process on the smaller network, with the same outcome;
- only the states reachable from the starting states are explored
  (:func:`mtorlogic.engine.basins.reachable_state_graph`); the absorption
  probabilities of that Markov chain are exact to solver precision.

Beyond ``REACHABLE_LIMIT`` reachable states the scores are estimated by
simulation (``runs`` runs, each until it sits in an attractor or
``max_steps`` time steps), with their standard errors and the number of runs
that had not settled. ``method`` in the result says which produced them.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> from mtorlogic.scenario import Scenario
>>> m = read_rules_text('''input drug drug default 0
... Caspase = drug & !Rescue
... Rescue = drug & !Caspase
... Proliferation = !drug & !Apoptosis
... Apoptosis = Caspase''')
>>> s = response_scores(m, Scenario(drugs=("drug",)))     # Caspase and Rescue race: each wins half the time
>>> s.method, round(s.apoptotic, 3), round(s.arrested, 3), s.states
('exact', 0.5, 0.5, 8)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence, TypedDict, Unpack

import numpy as np
from numpy.typing import NDArray

from .catalog import Catalog
from .engine.attractors import ENUMERATE_LIMIT, Attractor, attractors
from .engine.basins import REACHABLE_LIMIT, absorption_from, reachable_state_graph
from .engine.initial import Seed
from .errors import MtorlogicError, TooLargeError
from .expr import CONST, Expr, negation, substitute, var, variables
from .model import Model, NodeInfo, Rule
from .phenotype import FATES, Readouts, living
from .scenario import Scenario


class ScoreOptions(TypedDict, total=False):
    """The options of :func:`fate_scores` (how the scores are computed), all optional."""

    method: str
    runs: int
    max_steps: int
    state_limit: int
    seed: Seed
    rates: Mapping[str, float] | None

METHODS = ("auto", "exact", "simulation")
RUNS = 10_000
MAX_STEPS = 1_000


@dataclass(frozen=True)
class ResponseScores:
    """The probabilities of ending apoptotic, proliferating or arrested, and how they were obtained.

    Attributes
    ----------
    apoptotic, proliferating, arrested : probabilities (simulation: fractions of all runs)
    method : "exact" or "simulation"
    states : states explored (exact)
    runs, max_steps, unsettled : simulation: runs, the step cap, runs not in an attractor by then
    standard_error : simulation: fate -> standard error of its fraction
    reason : why simulation was used
    """

    apoptotic: float
    proliferating: float
    arrested: float
    method: str
    states: int | None = None
    runs: int | None = None
    max_steps: int | None = None
    unsettled: int = 0
    standard_error: dict[str, float] = field(default_factory=dict)
    reason: str = ""

    def get(self, fate: str) -> float:
        return {"apoptotic": self.apoptotic, "proliferating": self.proliferating, "arrested": self.arrested}[fate]

    @classmethod
    def not_computed(cls, reason: str) -> "ResponseScores":
        """No scores, and why (the CLI still reports the verdict)."""
        nan = float("nan")
        return cls(nan, nan, nan, method="not computed", reason=reason)

    def to_dict(self) -> dict[str, Any]:
        if self.method == "not computed":
            return {"method": self.method, "reason": self.reason}
        out: dict[str, Any] = {"method": self.method, "apoptotic": self.apoptotic, "proliferating": self.proliferating,
                     "arrested": self.arrested}
        if self.method == "exact":
            out["states"] = self.states
        else:
            out.update(runs=self.runs, max_steps=self.max_steps, unsettled=self.unsettled,
                       standard_error=dict(self.standard_error))
            if self.reason:
                out["reason"] = self.reason
        return out

    def describe(self) -> str:
        """One line: the three scores and the method."""
        if self.method == "not computed":
            return f"not computed: {self.reason}"
        if self.method == "exact":
            how = f"exact, {self.states} reachable states"
        else:
            se = max(self.standard_error.values(), default=0.0)
            how = f"simulation, {self.runs} runs, standard error <= {se:.3f}, {self.unsettled} unsettled"
        return (f"apoptotic {self.apoptotic:.3f}, proliferating {self.proliferating:.3f}, "
                f"arrested {self.arrested:.3f} ({how})")


def response_scores(model: Model, scenario: Scenario, catalog: Catalog | None = None,
                    readouts: Readouts = Readouts(), **options: Unpack[ScoreOptions]) -> ResponseScores:
    """The response scores of a scenario: start in the background's living attractors, then the drugs.

    Options are those of :func:`fate_scores`.
    """
    readouts.check(model)
    background, treated = scenario.fixes(model, catalog or Catalog())
    # a verdict follows the living cell (phenotype.follow): so do its scores
    start = living(attractors(model.fix(background, scenario.source)), readouts)
    return fate_scores(model, start, treated, readouts, **options)


def fate_scores(model: Model, start: Sequence[Attractor], fixes: Mapping[str, int],
                readouts: Readouts = Readouts(), method: str = "auto", runs: int = RUNS,
                max_steps: int = MAX_STEPS, state_limit: int = REACHABLE_LIMIT, seed: Seed = 0,
                rates: Mapping[str, float] | None = None) -> ResponseScores:
    """Fate probabilities of a cell that starts in ``start`` when ``fixes`` hold from t = 0.

    Parameters
    ----------
    model : the unperturbed model
    start : attractors (over all nodes of ``model``) the cell starts in, equally likely
    fixes : node -> value held from t = 0 (the treated network's perturbations)
    method : "auto" (exact up to ``state_limit`` reachable states, else simulation),
        "exact" or "simulation"
    runs, max_steps, seed : the simulation's runs, step cap (time steps of the process on the
        readouts' upstream network) and seed
    rates : node -> relative rate of being chosen (default: every node 1); a model's rate
        classes (:func:`mtorlogic.stochastic.model_rates`) make slow feedback slow here too
    """
    if method not in METHODS:
        raise MtorlogicError(f"unknown scoring method '{method}': choose one of {', '.join(METHODS)}")
    if not start:
        raise MtorlogicError("response scores need at least one starting attractor")
    nodes, functions = readout_cone(model, fixes, readouts)
    rows, weights = _starting_states(start, nodes)
    fixed_readouts = {n: v for n, v in fixes.items() if n in (readouts.proliferation, readouts.apoptosis)}
    reason = "simulation asked for"
    if method != "simulation":
        # too many reachable states, or a linear solve that did not converge: "auto" estimates instead
        try:
            graph, codes = reachable_state_graph(nodes, functions, rows, state_limit)
            shares = np.array([readouts.shares({**fixed_readouts, **a.values}) for a, _ in graph.attractors])
            speed = None if rates is None else np.array([rates.get(n, 1.0) for n in graph.nodes])
            p = absorption_from(graph, codes, weights, range(len(shares)), len(shares), speed) @ shares
        except TooLargeError as e:
            if method == "exact":
                raise
            reason = str(e)
        else:
            return ResponseScores(float(p[0]), float(p[1]), float(p[2]), method="exact", states=graph.size)
    return _simulate(nodes, functions, rows, weights, fixed_readouts, readouts, runs, max_steps, seed, reason, rates)


def readout_cone(model: Model, fixes: Mapping[str, int], readouts: Readouts) -> tuple[tuple[str, ...], dict[str, Expr]]:
    """The readouts and every node upstream of them, with ``fixes`` substituted (fixed nodes left out)."""
    functions: dict[str, Expr] = {}
    todo = [n for n in (readouts.proliferation, readouts.apoptosis) if n not in fixes]
    seen = set(todo)
    while todo:
        n = todo.pop()
        functions[n] = substitute(model.function(n), dict(fixes))
        for v in variables(functions[n]) - seen:
            seen.add(v)
            todo.append(v)
    return tuple(n for n in model.nodes if n in seen), functions


def _starting_states(start: Sequence[Attractor],
                     nodes: Sequence[str]) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
    """Every state of every starting attractor (on ``nodes``) and its probability."""
    rows, weights = [], []
    for att in start:
        if att.states is None:
            raise TooLargeError(f"a background attractor has {att.size} states, more than the engine lists "
                                f"({ENUMERATE_LIMIT}): too many to start from each of them")
        columns = [att.nodes.index(n) for n in nodes]
        rows.append(att.states[:, columns].astype(bool))
        weights.append(np.full(att.states.shape[0], 1.0 / (len(start) * att.states.shape[0])))
    return np.concatenate(rows), np.concatenate(weights)


def _simulate(nodes: tuple[str, ...], functions: Mapping[str, Expr], rows: NDArray[np.bool_],
              weights: NDArray[np.float64], fixed_readouts: Mapping[str, int], readouts: Readouts, runs: int,
              max_steps: int, seed: Seed, reason: str, rates: Mapping[str, float] | None = None) -> ResponseScores:
    """Runs from the starting states, in growing chunks of steps, until each sits in an attractor."""
    from .engine.simulate import simulate_timecourse

    if runs < 1 or max_steps < 1:
        raise MtorlogicError("response scores by simulation need at least one run and one step")
    # A node whose rule the fixes made constant still takes one update to reach its value, as in the
    # exact chain; the simulator would set it at t = 0, so the constant is read from a held input.
    held = "_response_scores_on"
    rules = {n: Rule(n, _through(functions[n], held)) for n in nodes}
    order = [*nodes, held] if any(variables(r.expr) & {held} for r in rules.values()) else list(nodes)
    network = Model(rules, {n: NodeInfo(n, kind="other") for n in order})  # node order = the columns of rows
    locate = _AttractorIndex(network, readouts, fixed_readouts)
    # rates of nodes outside the readouts' cone (held by the fixes, or upstream of nothing read) do not apply
    rates = None if rates is None else {n: r for n, r in rates.items() if n in network.index}
    rng = np.random.default_rng(seed)
    rows = np.column_stack([rows, np.ones(len(rows), dtype=bool)]) if len(order) > len(nodes) else rows
    state = rows[rng.choice(len(rows), size=runs, p=weights)]
    fate = locate(state)  # the attractor each run sits in, -1 while none
    done, chunk = 0, 8
    while done < max_steps and (fate < 0).any():
        moving = np.flatnonzero(fate < 0)
        steps = min(chunk, max_steps - done)
        state[moving] = simulate_timecourse(network, steps=steps, initial=state[moving], rates=rates,
                                            seed=rng).final.astype(bool)
        fate[moving] = locate(state[moving])
        done, chunk = done + steps, 2 * chunk
    p = np.bincount(fate[fate >= 0], minlength=len(locate.shares)) @ locate.shares / runs
    se = {f: float(np.sqrt(p[i] * (1 - p[i]) / runs)) for i, f in enumerate(FATES)}
    return ResponseScores(float(p[0]), float(p[1]), float(p[2]), method="simulation", runs=runs, max_steps=max_steps,
                          unsettled=int((fate < 0).sum()), standard_error=se, reason=reason)


def _through(f: Expr, held: str) -> Expr:
    """``f``, with a constant written as the held input (1) or its negation (0)."""
    if f[0] != CONST:
        return f
    return var(held) if f[1] else negation(var(held))


class _AttractorIndex:
    """The attractor a state lies in (its position), or -1 (not yet in an attractor); ``shares`` says
    how each attractor divides among the fates (:meth:`~mtorlogic.phenotype.Readouts.shares`).

    Attractors with at most 4096 states are matched state by state; a larger one by the
    nodes it holds constant (a state that agrees with all of them counts as settled in it)."""

    def __init__(self, network: Model, readouts: Readouts, fixed_readouts: Mapping[str, int]):
        self.exact: dict[bytes, int] = {}
        self.signatures: list[tuple[NDArray[np.int64], NDArray[np.bool_], int]] = []  # (held nodes, values, which)
        found = attractors(network)
        self.shares = np.array([readouts.shares({**fixed_readouts, **att.values}) for att in found]).reshape(-1, 3)
        for which, att in enumerate(found):
            if att.states is not None:
                for row in np.packbits(att.states.astype(bool), axis=1):
                    self.exact[row.tobytes()] = which
            else:
                held = [i for i, n in enumerate(network.nodes) if att.values[n] in (0, 1)]
                self.signatures.append((np.array(held, dtype=np.int64),
                                        np.array([att.values[network.nodes[i]] for i in held], dtype=bool), which))

    def __call__(self, states: NDArray[np.bool_]) -> NDArray[np.int64]:
        packed = np.packbits(states, axis=1)
        which = np.array([self.exact.get(row.tobytes(), -1) for row in packed], dtype=np.int64)
        for held, values, w in self.signatures:
            which[(which < 0) & (states[:, held] == values).all(axis=1)] = w
        return which
