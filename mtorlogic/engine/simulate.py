"""Simulate many runs at once: stochastic asynchronous (with rate classes) or synchronous.

Stochastic asynchronous (DESIGN.md, "Semantics"): at each *update* one node is
chosen at random, with a chance proportional to its rate (1 unless rate classes
say otherwise, e.g. fast signalling, slow transcription), and set to the value
of its function. A *time step* is a fixed number of updates, by default the
number of nodes that can change; nodes held constant and inputs are never
chosen (updating them changes nothing). Synchronous: every node updates at
every step.

The runs advance together, event by event rather than update by update. In a
state whose unstable nodes (function != value) have total rate ``a`` out of
``R``, the number of updates until one of them is chosen is geometric with
success probability ``a / R``, and it is unstable node ``i`` with probability
``r_i / a``: drawing those two numbers is exactly the same process, minus the
updates that change nothing, and a run sitting in a fixed point costs nothing
more. Rules are evaluated on runs packed 64 to a uint64 word; the node to flip
is picked from each run's bitset of unstable nodes with popcounts.

Initial states: :class:`InitialDistribution`; held nodes start at their value.
A perturbation (node fixes) can start at any step; the time scale stays that
of the unperturbed model.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("A = !B\\nB = A")
>>> traj = simulate(m, {"A": 1, "B": 0}, steps=4, semantics="sync")
>>> traj.states[:, 0, :].tolist()
[[1, 0], [1, 1], [0, 1], [0, 0], [1, 0]]
>>> m = read_rules_text("input GF condition default 1\\nAKT = GF\\nS6K = AKT").with_defaults()
>>> tc = simulate_timecourse(m, runs=500, steps=20, seed=1)
>>> tc.updates_per_step, float(tc.mean[-1, m.index["S6K"]])
(2, 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence, TypedDict, Union, Unpack

import numpy as np
from numpy.typing import NDArray

from ..errors import MtorlogicError
from ..expr import CONST, variables
from ..model import Model
from .progress import Progress, as_progress
from .budget import bounded
from .compile import CompiledNetwork
from .initial import Initial, Seed, _draw_initial

if TYPE_CHECKING:
    import pandas
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# The runs' states, a column each (nodes x runs): bool, or 0/1 bytes where they are flipped in place.
States = Union[NDArray[np.bool_], NDArray[np.uint8]]
SEMANTICS = ("async", "sync")

_BYTE_BITS = np.array([bin(v).count("1") for v in range(256)], dtype=np.uint8)


def _popcount_by_bytes(words: NDArray[np.uint64]) -> NDArray[np.uint8]:
    """Set bits of each uint64 word, from a table of bytes (numpy < 2.0 has no bitwise_count)."""
    as_bytes = np.ascontiguousarray(words, dtype=np.uint64).view(np.uint8)
    counts: NDArray[np.uint8] = _BYTE_BITS[as_bytes].reshape(*words.shape, 8).sum(axis=-1, dtype=np.uint8)
    return counts


_popcount: Callable[[NDArray[np.uint64]], NDArray[np.uint8]] = getattr(np, "bitwise_count", _popcount_by_bytes)


@dataclass(frozen=True)
class Score:
    """A weighted readout of a multi-level phenotype: ``levels`` are (node, weight) from the lowest
    level to the highest, and a run scores the weight of its highest level that is on (0 if none),
    e.g. ``Score("Proliferation", (("Proliferation", 1), ("Proliferation_2", 2)))``."""

    name: str
    levels: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Timecourse:
    """What a population of runs did, step by step.

    Attributes
    ----------
    nodes : node order of ``mean``, ``final`` and ``states``
    mean : (steps+1, nodes) fraction of runs with each node on at each step
    scores : score name -> (steps+1,) mean score over runs
    final : (runs, nodes) uint8, each run's last state
    semantics : "async" or "sync"
    updates_per_step : updates per time step (async)
    perturb_at : step from which the perturbation applies (None: no perturbation)
    states : (steps+1, runs, nodes) uint8 when asked for (``keep_states``), else None
    """

    nodes: tuple[str, ...]
    mean: NDArray[np.float64]
    scores: dict[str, NDArray[np.float64]]
    final: NDArray[np.uint8]
    semantics: str
    updates_per_step: int
    perturb_at: int | None = None
    states: NDArray[np.uint8] | None = field(default=None, repr=False)

    @property
    def steps(self) -> int:
        return len(self.mean) - 1

    @property
    def runs(self) -> int:
        return len(self.final)

    def mean_activity(self) -> NDArray[np.float64]:
        return self.mean

    # Presentation on use (as pandas' DataFrame.plot): the engine imports nothing above it.
    def __repr__(self) -> str:
        from ..display import timecourse_text

        return timecourse_text(self)

    def _repr_html_(self) -> str:
        from ..display import timecourse_html

        return timecourse_html(self)

    def to_frame(self) -> pandas.DataFrame:
        """Indexed by step: the fraction of runs with each node on, then ``score:NAME`` (float64; needs pandas)."""
        from ..frames import timecourse_frame

        return timecourse_frame(self)

    def plot(self, nodes: Sequence[str] = (), ax: Axes | None = None) -> Figure:
        """:func:`mtorlogic.plot.plot_timecourse` of this time course; returns the Figure."""
        from ..plot import plot_timecourse

        return plot_timecourse(self, nodes, ax=ax)

    def to_csv(self) -> str:
        """``step``, one column per node (fraction of runs on), then ``score:NAME`` columns."""
        rows = [",".join(["step", *self.nodes, *(f"score:{name}" for name in self.scores)])]
        for t in range(self.steps + 1):
            values = [*self.mean[t], *(score[t] for score in self.scores.values())]
            rows.append(f"{t}," + ",".join(f"{x:.6g}" for x in values))
        return "\n".join(rows) + "\n"



Trajectory = Timecourse  # what simulate() returned before timecourses had means and scores


class TimecourseOptions(TypedDict, total=False):
    """The options :func:`simulate` passes on to :func:`simulate_timecourse`."""

    rates: Mapping[str, float] | None
    updates_per_step: int | None
    perturbation: Mapping[str, int] | None
    perturb_at: int
    scores: Sequence[Score]
    progress: Progress
    timeout: float | None


KEPT_STATES_RUNS = 100  # up to this many runs, simulate() keeps every run's states by default


def simulate(model: Model, initial: Initial = None, steps: int = 100, semantics: str = "async",
             runs: int = 1, seed: Seed = None, keep_states: bool | None = None,
             **options: Unpack[TimecourseOptions]) -> Timecourse:
    """Simulate a model: the entry point (``mtorlogic.simulate``); a :class:`Timecourse`.

    ``runs`` runs of ``steps`` time steps from ``initial``, under ``semantics`` ("async": stochastic
    asynchronous; "sync"). The result has the fraction of runs with each node on at every step
    (``to_frame()``, ``plot()``), scores, and, when ``keep_states`` (by default for up to
    :data:`KEPT_STATES_RUNS` runs), every run's state at every step (``.states``). Every option of
    :func:`simulate_timecourse` is accepted: ``rates``, ``perturbation``, ``perturb_at``, ``scores``,
    ``updates_per_step``, ``progress=True`` (a bar), ``timeout=`` (seconds).

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input drug drug default 0\\nAKT = !drug\\nS6K = AKT").with_defaults()
    >>> tc = simulate(m, {"AKT": 1, "S6K": 1}, steps=10, runs=500, perturbation={"drug": 1}, seed=1)
    >>> float(tc.mean[-1][m.index["S6K"]]) < 0.5, tc.states is None
    (True, True)
    """
    keep = runs <= KEPT_STATES_RUNS if keep_states is None else keep_states
    return simulate_timecourse(model, runs, steps, initial=initial, semantics=semantics, seed=seed,
                               keep_states=keep, **options)


@bounded("steps", frequent=True, total=lambda call: call.arguments["steps"])
def simulate_timecourse(model: Model, runs: int = 1000, steps: int = 100, *, initial: Initial = None,
                        semantics: str = "async", rates: Mapping[str, float] | None = None,
                        updates_per_step: int | None = None, perturbation: Mapping[str, int] | None = None,
                        perturb_at: int = 0, then: tuple[int, Mapping[str, int]] | None = None,
                        scores: Sequence[Score] = (), seed: Seed = None,
                        progress: Progress = None, keep_states: bool = False,
                        timeout: float | None = None) -> Timecourse:
    """Simulate ``runs`` runs for ``steps`` time steps; mean activities and scores per step.

    Parameters
    ----------
    model : Model
        The unperturbed model (inputs held, if they should be, with ``with_defaults``/``fix``).
    runs : number of runs (ignored when ``initial`` is an explicit array)
    steps : number of time steps
    initial : None (every node random), a mapping node -> 0/1/probability,
        an :class:`InitialDistribution`, or an explicit (runs x nodes) array
    semantics : "async" (stochastic asynchronous, default) or "sync"
    rates : node -> relative rate of being chosen (async; unlisted nodes 1)
    updates_per_step : updates per time step (async); default the number of
        nodes that can change
    perturbation : node -> 0/1, held from step ``perturb_at`` on
    perturb_at : first step at which the perturbation holds (0: from the start)
    then : (step, node -> 0/1): a second perturbation, added to the first from that step on (no earlier
        than ``perturb_at``): an alteration a treated cell acquires, say
    scores : :class:`Score` readouts to average over runs at every step
    seed : seed or numpy Generator; the same seed gives the same result
    progress : True for a progress bar (:mod:`mtorlogic.progress`), or a callable called with the
        number of steps completed so far, as it grows
    keep_states : also return every run's state at every step (memory: steps x runs x nodes)
    timeout : seconds; with one, the simulation runs in a child process (see :mod:`.budget`)

    Returns
    -------
    Timecourse

    Examples
    --------
    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input drug drug default 0\\nAKT = !drug\\nS6K = AKT").with_defaults()
    >>> tc = simulate_timecourse(m, 200, 30, initial={"AKT": 1, "S6K": 1}, perturbation={"drug": 1},
    ...                          perturb_at=10, seed=0)
    >>> [float(tc.mean[t, m.index["S6K"]]) for t in (9, 30)]
    [1.0, 0.0]
    """
    if semantics not in SEMANTICS:
        raise MtorlogicError(f"simulation semantics must be 'async' or 'sync', not '{semantics}'")
    if steps < 0:
        raise MtorlogicError("the number of steps must not be negative")
    if not 0 <= perturb_at <= steps:
        raise MtorlogicError(f"the perturbation step must be between 0 and {steps} (the number of steps), "
                             f"not {perturb_at}")
    if then is not None and not perturb_at <= then[0] <= steps:
        raise MtorlogicError(f"the second perturbation's step must be between {perturb_at} (the first's) and "
                             f"{steps} (the number of steps), not {then[0]}")
    if semantics == "sync" and (rates or updates_per_step):
        raise MtorlogicError("rates and updates per step apply to asynchronous simulation only; "
                             "drop them or use --semantics async")
    report = as_progress(progress, steps, "simulating", cumulative=True) if progress else None
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    state = _draw_initial(model, initial, runs, rng)
    changeable = changeable_nodes(model)
    node_rates = rate_vector(model, rates)[changeable]
    per_step = updates_per_step if updates_per_step is not None else max(len(changeable), 1)
    if per_step < 1:
        raise MtorlogicError(f"a time step needs at least one update, not {per_step}")
    recorder = _Recorder(model, steps, state.shape[1], scores, keep_states)
    # Each phase: its model, its steps, and the values its nodes take as it starts (the perturbation's).
    first_stop = then[0] if then is not None else steps
    phases = [(model, 0, perturb_at, {}), (model.fix(perturbation or {}), perturb_at, first_stop, perturbation or {})]
    if then is not None:
        both = {**(perturbation or {}), **then[1]}
        phases.append((model.fix(both), then[0], steps, dict(then[1])))
    for phase_model, first, stop, starting in phases:
        for name, value in starting.items():
            state[model.index[model.resolve(name)]] = bool(value)
        if first == stop:
            continue
        net = CompiledNetwork(phase_model.nodes, phase_model.functions)
        if semantics == "sync":
            _sync_phase(net, state, first, stop, recorder, report)
        else:
            _async_phase(net, changeable, node_rates, state, first, stop, per_step, rng, recorder, report)
    recorder.span(state, steps, steps + 1)
    recorder.hold_states(state, np.arange(state.shape[1]), steps, steps + 1)
    return recorder.timecourse(state, semantics, per_step, perturb_at if perturbation else None)


# --- settings -----------------------------------------------------------------


def changeable_nodes(model: Model) -> NDArray[np.int64]:
    """Indices of the nodes that can change: neither constant nor an input."""
    inputs = set(model.inputs)
    return np.array([i for i, n in enumerate(model.nodes)
                     if n not in inputs and model.function(n)[0] != CONST], dtype=np.int64)


def rate_vector(model: Model, rates: Mapping[str, float] | None = None) -> NDArray[np.float64]:
    """Each node's rate in model order (1 unless ``rates`` names it); rates must be positive."""
    vector = np.ones(len(model.nodes))
    for name, rate in (rates or {}).items():
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate < math.inf:
            raise MtorlogicError(f"the rate of '{name}' must be a positive number, not {rate!r}")
        vector[model.index[model.resolve(name)]] = rate
    return vector


# --- the two semantics ----------------------------------------------------------


def _async_phase(net: CompiledNetwork, changeable: NDArray[np.int64], rates: NDArray[np.float64],
                 state: NDArray[np.bool_], first: int, stop: int, per_step: int, rng: np.random.Generator,
                 recorder: "_Recorder", progress: Callable[[int], None] | None) -> None:
    """Advance every run (a column of ``state``, updated in place) from step ``first`` to ``stop``,
    recording the steps ``first`` .. ``stop - 1``.

    Each run's unstable nodes are kept as a bitset; after a flip only the
    flipped node and its readers are evaluated again, in that run only
    (:class:`_LocalUpdate`), so an event costs the same whatever the size of
    the network."""
    runs = state.shape[1]
    recorder.span(state, first, stop)
    if changeable.size == 0 or runs == 0:  # nothing can ever change
        recorder.hold_states(state, np.arange(runs), first, stop)
        return
    n = state.shape[0]
    classes = _RateClasses(changeable, rates)
    end = stop * per_step  # the last update of the phase
    active = np.arange(runs)  # the runs still moving
    current = np.ascontiguousarray(state.T, dtype=np.uint8)  # their states, a row each (flat views below)
    bitsets = classes.pack(_unstable(net, classes.nodes, state))  # (runs x words): their unstable nodes
    local = _LocalUpdate(net, classes.nodes, current)
    clock = np.full(runs, first * per_step, dtype=np.int64)  # the updates each has done
    reported = first
    while active.size:
        unstable_rate, chosen = classes.choose(bitsets, rng.random(active.size))
        moving = unstable_rate > 0
        wait = rng.geometric(np.where(moving, np.minimum(unstable_rate / classes.total, 1.0), 1.0))
        flip_at = np.where(moving, clock + wait, end + 1)
        columns = current.T  # a view: nodes x runs, as the recorder reads states
        if recorder.states is not None:  # the current state holds while clock <= t*per_step < flip_at
            recorder.hold_states(columns, active, -(-clock // per_step), np.minimum(-(-flip_at // per_step), stop))
        flipping = np.flatnonzero(flip_at <= end)
        bits = chosen[flipping]
        node = classes.nodes[bits]
        recorder.flip(columns, flipping, node, -(-flip_at[flipping] // per_step), stop)
        current[flipping, node] ^= 1
        local.update(current, bitsets, flipping, bits)
        clock = flip_at
        finished = flip_at > end
        if finished.any():
            state[:, active[finished]] = current[finished].T
            keep = ~finished
            current, bitsets, active, clock = current[keep], bitsets[keep], active[keep], clock[keep]
            local.keep(keep)
        if progress is not None:
            done = int(clock.min()) // per_step if active.size else stop
            if done > reported:
                reported = done
                progress(done)


def _unstable(net: CompiledNetwork, nodes: NDArray[np.int64], state: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """(len(nodes) x runs) bool: whether each node's function differs from its value.

    The rules are evaluated on the runs packed 64 to a uint64 word (bitwise, as
    :mod:`.compile` allows), about three times faster than on bool columns."""
    runs = state.shape[1]
    padded = np.zeros((state.shape[0], -(-runs // 64) * 64), dtype=bool)
    padded[:, :runs] = state
    words = np.packbits(padded, axis=1, bitorder="little").view(np.uint64)
    ones = np.full(words.shape[1], np.iinfo(np.uint64).max, dtype=np.uint64)
    changed = np.stack([net.evaluators[i](words, ones) for i in nodes]) ^ words[nodes]
    return np.unpackbits(changed.view(np.uint8), axis=1, count=runs, bitorder="little").view(bool)


TABLE_LIMIT = 16  # a node read by more regulators is evaluated from its rule, not a truth table


class _LocalUpdate:
    """After each run flips one node, whether that node and its readers are now unstable, for
    every run at once with a fixed number of array operations.

    Each changeable node (bit ``b`` of a run's bitset) has a truth table over its regulators, and
    each run keeps, per node, the index into it that its regulators' values spell. A flip of
    node ``j`` toggles one bit of that index in each reader of ``j``; the reader's value is then
    one lookup. A node read by more than ``TABLE_LIMIT`` regulators is evaluated from its rule."""

    def __init__(self, net: CompiledNetwork, nodes: NDArray[np.int64], current: NDArray[np.uint8]):
        from ..model import truth_tables

        self.net, self.nodes = net, nodes
        regulators = [sorted(net.index[v] for v in variables(net.functions[node])) for node in nodes]
        place = {(b, r): p for b, regs in enumerate(regulators) for p, r in enumerate(regs)}
        affected: list[dict[int, int]] = [{b: 0} for b in range(len(nodes))]  # bit j: bit -> index toggle
        bit_of = {int(node): b for b, node in enumerate(nodes)}
        for b, regs in enumerate(regulators):
            for r in regs:
                if r in bit_of:
                    affected[bit_of[r]][b] = 1 << place[(b, r)]
        self.affected = _Ragged([sorted(a) for a in affected])
        self.toggle = np.array([a[b] if a[b] < 1 << 62 else 0 for a in affected for b in sorted(a)], dtype=np.int64)
        self.big = np.array([len(regs) > TABLE_LIMIT for regs in regulators], dtype=bool)
        tables, offsets, offset = [], [], 0
        wide = max((len(regs) for regs in regulators), default=0) > 31
        self.index: NDArray[np.signedinteger[Any]] = np.zeros((current.shape[0], len(nodes)),  # runs x bits
                                                              dtype=np.int64 if wide else np.int32)
        for b, regs in enumerate(regulators):
            offsets.append(offset)
            for p, r in enumerate(regs[:63]):  # a bigger index is never looked up: such a node is big
                self.index[:, b] |= np.left_shift(current[:, r], p, dtype=self.index.dtype)
            if not self.big[b]:
                (table,) = truth_tables([net.functions[int(nodes[b])]], [net.nodes[r] for r in regs])
                tables.append(table.astype(np.uint8))
                offset += table.size
        self.tables = np.concatenate([*tables, np.zeros(1, np.uint8)])  # the last entry: for big nodes
        self.offsets = np.array(offsets, dtype=np.int64)

    def keep(self, rows: NDArray[np.bool_]) -> None:
        """Only the runs ``rows`` go on."""
        self.index = self.index[rows]

    def update(self, current: NDArray[np.uint8], bitsets: NDArray[np.uint64], runs: NDArray[np.int64],
               flipped: NDArray[np.int64]) -> None:
        """Runs ``runs`` (rows of ``current``, already flipped) flipped the nodes of bits ``flipped``."""
        if not runs.size:
            return
        items, which = self.affected.locate(flipped)
        pair_bit, pair_run = self.affected.flat[items], runs[which]
        at = pair_run * self.index.shape[1] + pair_bit  # flat positions: faster than 2-d fancy indexing
        index = self.index.reshape(-1)
        spelled = index[at] ^ self.toggle[items]
        index[at] = spelled
        big = self.big[pair_bit]
        value = self.tables[self.offsets[pair_bit] + np.where(big, 0, spelled)]
        if big.any():
            for b in np.unique(pair_bit[big]):
                these = np.flatnonzero(pair_bit == b)
                states = current[pair_run[these]].T.astype(bool)
                value[these] = self.net.evaluators[int(self.nodes[b])](states, np.ones(these.size, bool))
        unstable = value != current.reshape(-1)[pair_run * current.shape[1] + self.nodes[pair_bit]]
        word = pair_run * bitsets.shape[1] + (pair_bit >> 6)
        mask = np.left_shift(np.uint64(1), (pair_bit & 63).astype(np.uint64))
        words = bitsets.reshape(-1)
        change = unstable != ((words[word] & mask) != 0)
        np.bitwise_xor.at(words, word[change], mask[change])


class _Ragged:
    """Lists of integers of different lengths, stored flat."""

    def __init__(self, lists: list[list[int]]):
        self.lengths = np.array([len(items) for items in lists], dtype=np.int64)
        self.starts = np.cumsum(self.lengths) - self.lengths
        self.flat = np.array([x for items in lists for x in items], dtype=np.int64)

    def locate(self, keys: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Where the items of the lists of ``keys`` are in ``flat``, concatenated, and for each
        the index into ``keys`` of the list it belongs to."""
        lengths = self.lengths[keys]
        which = np.repeat(np.arange(keys.size), lengths)
        ends = np.cumsum(lengths)
        return np.arange(ends[-1] if ends.size else 0) + np.repeat(self.starts[keys] - (ends - lengths), lengths), which


class _RateClasses:
    """The changeable nodes ordered by rate, so that each rate class is a run of bit positions
    in a per-run bitset of unstable nodes; choosing a node is then a few popcounts."""

    def __init__(self, changeable: NDArray[np.int64], rates: NDArray[np.float64]):
        order = np.argsort(rates, kind="stable")
        self.nodes = changeable[order]  # bit j of a run's bitset is node self.nodes[j]
        self.total = float(rates.sum())
        self.rates, starts = np.unique(rates[order], return_index=True)
        self.words = -(-len(order) // 64)
        in_class = np.zeros((len(self.rates), self.words * 64), dtype=bool)
        for c, (lo, hi) in enumerate(zip(starts, [*starts[1:], len(order)])):
            in_class[c, lo:hi] = True
        self.masks = np.packbits(in_class, axis=1, bitorder="little").view(np.uint64)  # (classes x words)

    def pack(self, unstable: NDArray[np.bool_]) -> NDArray[np.uint64]:
        """(runs x words) uint64 bitsets from a (nodes in bit order x runs) bool matrix."""
        runs = unstable.shape[1]
        rows = np.zeros((runs, self.words * 64), dtype=bool)
        rows[:, : unstable.shape[0]] = unstable.T
        return np.packbits(rows, axis=1, bitorder="little").view(np.uint64)

    def choose(self, bitsets: NDArray[np.uint64],
               draw: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """Total rate of each run's unstable nodes, and the bit of one of them chosen with chance
        proportional to its rate (``draw`` uniform in [0, 1) per run)."""
        runs = bitsets.shape[0]
        counts = np.zeros((len(self.rates), runs), dtype=np.int64)
        for c, masks in enumerate(self.masks):
            for w, mask in enumerate(masks):
                counts[c] += _popcount(bitsets[:, w] & mask)
        if len(self.rates) == 1:
            total = counts[0] * self.rates[0]
            rank = (draw * counts[0]).astype(np.int64)
        else:
            weights = counts * self.rates[:, None]
            cumulative = np.cumsum(weights, axis=0)
            total = cumulative[-1]
            target = draw * total
            # The class whose interval of cumulative rate holds the target, then a uniform
            # member of it: the offset inside the interval is uniform, so it indexes one.
            cls = np.minimum(np.sum(cumulative <= target, axis=0), len(self.rates) - 1)
            column = np.arange(runs)
            offset = target - (cumulative[cls, column] - weights[cls, column])
            rank = (np.cumsum(counts, axis=0)[cls, column] - counts[cls, column]
                    + np.minimum((offset / self.rates[cls]).astype(np.int64), counts[cls, column] - 1))
        return total, np.minimum(_nth_set_bit(bitsets, np.maximum(rank, 0)), len(self.nodes) - 1)


def _nth_set_bit(bitsets: NDArray[np.uint64], rank: NDArray[np.int64]) -> NDArray[np.int64]:
    """Position of the set bit of index ``rank`` (from 0) in each row of (runs x words) uint64 bitsets."""
    bits, base = bitsets[:, 0], np.zeros(len(rank), dtype=np.int64)
    for w in range(1, bitsets.shape[1]):  # the word that holds it
        count = _popcount(bits).astype(np.int64)
        beyond = rank >= count
        rank = rank - np.where(beyond, count, 0)
        bits, base = np.where(beyond, bitsets[:, w], bits), np.where(beyond, 64 * w, base)
    shift = np.zeros(len(rank), dtype=np.uint64)
    for width in (32, 16, 8):  # the byte that holds it: is it in the lower half of the window?
        low = _popcount((bits >> shift) & np.uint64((1 << width) - 1)).astype(np.int64)
        upper = rank >= low
        rank = rank - np.where(upper, low, 0)
        shift += np.where(upper, np.uint64(width), np.uint64(0))
    byte = ((bits >> shift) & np.uint64(255)).astype(np.int64)
    return base + shift.astype(np.int64) + _NTH_BIT[byte, np.clip(rank, 0, 7)]


# _NTH_BIT[v, k]: position of the set bit of index k (from 0) in the byte v.
_NTH_BIT = np.zeros((256, 8), dtype=np.int64)
for _v in range(256):
    _set = [b for b in range(8) if _v >> b & 1]
    _NTH_BIT[_v, : len(_set)] = _set


def _sync_phase(net: CompiledNetwork, state: NDArray[np.bool_], first: int, stop: int, recorder: "_Recorder",
                progress: Callable[[int], None] | None) -> None:
    """Synchronous steps ``first`` .. ``stop - 1`` (recorded), leaving ``state`` at step ``stop``."""
    runs = np.arange(state.shape[1])
    ones = np.ones(state.shape[1], dtype=bool)
    for t in range(first, stop):
        recorder.span(state, t, t + 1)
        recorder.hold_states(state, runs, t, t + 1)
        state[:] = np.stack([ev(state, ones) for ev in net.evaluators])
        if progress is not None:
            progress(t + 1)


class _Recorder:
    """Per time step, the sum over runs of each node's value and of each score, kept as a
    difference array: a phase adds its starting states from its first step to its last,
    and each flip adds its change from the step that first sees it. Optionally also
    every run's state at every step."""

    def __init__(self, model: Model, steps: int, runs: int, scores: Sequence[Score], keep_states: bool):
        self.nodes = model.nodes
        self.steps, self.runs = steps, runs
        self.score_names = [s.name for s in scores]
        self.levels: list[list[tuple[int, float]]] = []
        for score in scores:
            levels = []
            for node, weight in score.levels:
                if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight):
                    raise MtorlogicError(f"the weight of '{node}' in score '{score.name}' must be a number, "
                                         f"not {weight!r}")
                levels.append((model.index[model.resolve(node)], float(weight)))
            self.levels.append(levels)
        self.width = len(self.nodes) + len(scores)
        self.diff = np.zeros((steps + 2) * self.width)
        self.states = np.zeros((steps + 1, runs, len(self.nodes)), dtype=np.uint8) if keep_states else None

    def scores(self, state: States) -> NDArray[np.float64]:
        """(scores x runs): the weight of the highest level that is on in each run, else 0."""
        out = np.zeros((len(self.levels), state.shape[1]))
        for j, levels in enumerate(self.levels):
            for i, weight in levels:
                out[j] = np.where(state[i], weight, out[j])
        return out

    def span(self, state: States, first: int, stop: int) -> None:
        """Every run is in its column of ``state`` from step ``first`` on, until step ``stop``."""
        total = np.concatenate([np.count_nonzero(state, axis=1), self.scores(state).sum(axis=1)])
        self.diff[first * self.width: (first + 1) * self.width] += total
        self.diff[stop * self.width: (stop + 1) * self.width] -= total

    def flip(self, state: States, runs: NDArray[np.int64], node: NDArray[np.int64], step: NDArray[np.int64],
             stop: int) -> None:
        """Runs ``runs`` (columns of ``state``) flip ``node`` at ``step``; the change counts until ``stop``."""
        if not runs.size:
            return
        keys = [step * self.width + node]
        changes = [np.where(state[node, runs], -1.0, 1.0)]
        if self.levels:
            before = state[:, runs]
            after = before.copy()
            after[node, np.arange(runs.size)] ^= True
            delta = self.scores(after) - self.scores(before)
            for j in range(len(self.levels)):
                keys.append(step * self.width + len(self.nodes) + j)
                changes.append(delta[j])
        at, change = np.concatenate(keys), np.concatenate(changes)
        self.diff += np.bincount(at, change, minlength=self.diff.size)
        self.diff -= np.bincount(at % self.width + stop * self.width, change, minlength=self.diff.size)

    def hold_states(self, state: States, runs: NDArray[np.int64], first: int | NDArray[np.int64],
                    stop: int | NDArray[np.int64]) -> None:
        """With ``keep_states``: runs ``runs`` (columns of ``state``) are in these states from step
        ``first`` to ``stop - 1`` (one step for all, or one for each run)."""
        if self.states is None:
            return
        starts = np.broadcast_to(first, runs.shape)
        lengths = np.broadcast_to(stop, runs.shape) - starts
        row = np.repeat(np.arange(runs.size), lengths)
        offset = np.arange(row.size) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        self.states[starts[row] + offset, runs[row]] = state.T[row]

    def timecourse(self, final: NDArray[np.bool_], semantics: str, per_step: int,
                   perturb_at: int | None) -> Timecourse:
        totals = np.cumsum(self.diff.reshape(self.steps + 2, self.width), axis=0)[: self.steps + 1] / self.runs
        n = len(self.nodes)
        scores = {name: totals[:, n + j] for j, name in enumerate(self.score_names)}
        return Timecourse(self.nodes, totals[:, :n], scores, final.T.astype(np.uint8), semantics, per_step,
                          perturb_at, self.states)
