"""Screens: grids of scenarios over one background, run locally or on Dask.

A grid row adds drugs, alterations, node knockouts and over-expressions to a
background scenario (whose own drugs are given in every row); each row gets a
verdict, a graded response, phenotype readouts and, on request, the response
scores of :mod:`mtorlogic.scores` (``scores=True``), by which the rows can be
ranked (``rank_by="apoptosis"``: the most likely to die first;
``"proliferation"``: the least likely to keep proliferating first). Like
cobrapy's single/double deletions, the public functions are thin wrappers over
one private :func:`_multi_perturbation`, and the model is shipped once to each
worker process.

Speed comes from the engine: each scenario is percolated without copying the
model, and scenarios whose reduced networks coincide share one attractor
computation (the engine caches core attractors by canonical form); background
attractors are cached per worker.

Examples
--------
>>> from mtorlogic.io import read_model                  # doctest: +SKIP
>>> from mtorlogic.catalog import read_catalog           # doctest: +SKIP
>>> result = drug_screen(read_model("rules"), read_catalog("rules"), drugs="all", alterations="all")  # doctest: +SKIP
>>> result.to_csv()                                      # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Iterator, TypedDict, Union, Unpack

from .catalog import Catalog
from .engine.attractors import Attractor, Reading, search
from .engine.budget import check_timeout, die_with_parent, report_partial, run_bounded
from .engine.meter import Meter, timeout_error
from .engine.percolate import Reduction, percolate
from .errors import InputError, MtorlogicError, TimeoutExceeded
from .model import Model
from .phenotype import VERDICT_OF, Readouts, follow, living, phenotype_nodes, respond
from .engine.progress import Progress, as_progress
from .scenario import Scenario

if TYPE_CHECKING:  # scores imports this module
    import pandas

    from .scores import ResponseScores, ScoreOptions

MAX_DEPTH = 2

# Which ids a grid axis takes: "all", "none" or None (no ids), a comma-separated string, or ids.
Ids = Union[str, Iterable[str], None]


@dataclass(frozen=True, order=True)
class Perturbation:
    """What one grid row adds to the background."""

    drugs: tuple[str, ...] = ()
    alterations: tuple[str, ...] = ()
    knockouts: tuple[str, ...] = ()
    overexpressions: tuple[str, ...] = ()

    def interventions(self) -> list[str]:
        return ([f"drug:{d}" for d in self.drugs] + [f"mutation:{a}" for a in self.alterations]
                + [f"knockout:{n}" for n in self.knockouts] + [f"overexpress:{n}" for n in self.overexpressions])

    def background_fixes(self) -> dict[str, int]:
        return {**{a: 1 for a in self.alterations}, **{n: 0 for n in self.knockouts},
                **{n: 1 for n in self.overexpressions}}

    def __add__(self, other: "Perturbation") -> "Perturbation":
        def merged(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
            return tuple(sorted(set(a) | set(b)))
        return Perturbation(merged(self.drugs, other.drugs), merged(self.alterations, other.alterations),
                            merged(self.knockouts, other.knockouts),
                            merged(self.overexpressions, other.overexpressions))

    def size(self) -> int:
        return len(self.drugs) + len(self.alterations) + len(self.knockouts) + len(self.overexpressions)


@dataclass(frozen=True)
class ScreenRow:
    perturbation: Perturbation
    verdict: str
    readouts: dict[str, float]
    background_attractors: int
    treated_attractors: int
    proliferative_share: float
    response: str = ""
    scores: ResponseScores | None = None  # when asked for
    drug_effect: bool = True  # the drugs change a phenotype readout (False: "no effect" on this background)

    @property
    def graded(self) -> str:
        """The response, with "no_effect" where the drugs change nothing (a rescue drug given alone)."""
        return "no_effect" if self.response == "resistant" and not self.drug_effect else self.response

    def to_dict(self) -> dict[str, Any]:
        p = self.perturbation
        out: dict[str, Any] = {
            "drugs": list(p.drugs), "alterations": list(p.alterations),
            "knockouts": list(p.knockouts), "overexpressions": list(p.overexpressions),
            "verdict": self.verdict, "response": self.response, "readouts": self.readouts,
            "background_attractors": self.background_attractors, "treated_attractors": self.treated_attractors,
            "proliferative_share": self.proliferative_share, "drug_effect": self.drug_effect,
        }
        if self.scores is not None:
            out["scores"] = self.scores.to_dict()
        return out


SCORE_COLUMNS = ("score_apoptotic", "score_proliferating", "score_arrested", "score_method")
RANK_BY = ("apoptosis", "proliferation")


@dataclass
class ScreenResult:
    """Rows in grid order (or ranked by a score); identical input gives byte-identical CSV and JSON."""

    rows: list[ScreenRow]
    phenotypes: tuple[str, ...]
    background: Scenario = field(default_factory=Scenario)
    scored: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["drugs", "alterations", "knockouts", "overexpressions", "verdict", "response",
                         "background_attractors", "treated_attractors", "proliferative_share",
                         *(SCORE_COLUMNS if self.scored else ()), *self.phenotypes])
        for r in self.rows:
            p = r.perturbation
            writer.writerow(["+".join(p.drugs), "+".join(p.alterations), "+".join(p.knockouts),
                             "+".join(p.overexpressions), r.verdict, r.response, r.background_attractors,
                             r.treated_attractors, _num(r.proliferative_share), *(_score_cells(r) if self.scored else ()),
                             *(_num(r.readouts[n]) for n in self.phenotypes)])
        return buf.getvalue()

    def to_json(self) -> str:
        return json.dumps({"background": self.background.name, "phenotypes": list(self.phenotypes),
                           "rows": [r.to_dict() for r in self.rows]}, indent=1) + "\n"

    def ranked(self, by: str) -> "ScreenResult":
        """The rows by a response score: "apoptosis" (highest first) or "proliferation" (lowest first);
        rows without scores (untreated) last, grid order among equals."""
        if by not in RANK_BY:
            raise MtorlogicError(f"rank by {' or '.join(RANK_BY)}, not '{by}'")
        if not self.scored:
            raise MtorlogicError("ranking needs the response scores (scores=True, --scores)")

        def key(indexed: tuple[int, ScreenRow]) -> tuple[int, float, int]:
            i, r = indexed
            if r.scores is None:
                return (1, 0.0, i)
            return (0, -r.scores.apoptotic if by == "apoptosis" else r.scores.proliferating, i)

        return replace(self, rows=[r for _, r in sorted(enumerate(self.rows), key=key)])

    def to_frame(self) -> pandas.DataFrame:
        """One row per scenario, typed columns (see :mod:`mtorlogic.frames`; needs pandas)."""
        from .frames import screen_frame

        return screen_frame(self)

    def __repr__(self) -> str:
        from .display import screen_text  # presentation on use

        return screen_text(self)

    def _repr_html_(self) -> str:
        from .display import screen_html

        return screen_html(self)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.rows:
            out[r.verdict] = out.get(r.verdict, 0) + 1
        return out


def _num(x: float) -> str:
    return f"{x:.6g}"


def _score_cells(row: ScreenRow) -> list[str]:
    s = row.scores
    if s is None:
        return ["", "", "", ""]
    return [_num(s.apoptotic), _num(s.proliferating), _num(s.arrested), s.method]


# --- grids ----------------------------------------------------------------


def _ids(spec: Ids, universe: Iterable[str], resolve: Callable[[str], str]) -> list[str]:
    if spec is None or spec == "none" or spec == []:
        return []
    if spec == "all":
        return list(universe)
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    return [resolve(item.strip()) for item in items if item.strip()]


def build_grid(model: Model, catalog: Catalog, drugs: Ids = None, alterations: Ids = None, knockouts: Ids = None,
               overexpress: Ids = None, combos: int = 1, depth: int = 1, force: bool = False) -> list[Perturbation]:
    """The grid: drug sets x alterations x node perturbations.

    Parameters
    ----------
    drugs : "all", a comma-separated string or list of ids, or None
    alterations : "all" (each alone, plus none), "none", ids, or None
    knockouts, overexpress : "all" (every non-input, non-phenotype node), ids, or None
    combos : 1 for single drugs, 2 to add every drug pair
    depth : 1 for single node perturbations, 2 to add every pair
    force : allow depth or combos beyond 2
    """
    if depth < 1 or combos < 1:
        raise InputError.at("<command line>", "--depth and --combos must be at least 1")
    if (depth > MAX_DEPTH or combos > MAX_DEPTH) and not force:
        raise InputError.at("<command line>", f"depth {max(depth, combos)} makes a combinatorial grid; "
                            f"at most {MAX_DEPTH} without --force")
    drug_ids = _ids(drugs, sorted(catalog.drugs), lambda d: catalog.drug(d).id)
    alteration_ids = _ids(alterations, sorted(catalog.alterations), lambda a: catalog.alteration(a).id)
    candidates = perturbable_nodes(model)
    ko = _ids(knockouts, candidates, model.resolve)
    ox = _ids(overexpress, candidates, model.resolve)

    drug_sets = [()] if not drug_ids else [
        tuple(c) for k in range(1, combos + 1) for c in combinations(sorted(set(drug_ids)), k)]
    alteration_sets = [()] + [(a,) for a in sorted(set(alteration_ids))] if alteration_ids else [()]
    singles = [("ko", n) for n in sorted(set(ko))] + [("ox", n) for n in sorted(set(ox))]
    node_sets: list[tuple[tuple[str, str], ...]] = [()]
    for k in range(1, depth + 1) if singles else ():
        node_sets += [c for c in combinations(singles, k) if len({n for _, n in c}) == k]
    grid = []
    for nodes in node_sets:
        for alts in alteration_sets:
            for ds in drug_sets:
                grid.append(Perturbation(ds, alts, tuple(n for t, n in nodes if t == "ko"),
                                         tuple(n for t, n in nodes if t == "ox")))
    if len(grid) == 1 and grid[0] == Perturbation():
        raise InputError.at("<command line>", "empty grid: give --drugs, --mutations, --knockouts or --overexpress")
    return grid


def perturbable_nodes(model: Model) -> list[str]:
    """Nodes a knockout or over-expression may target: those with a rule, not phenotypes."""
    return [n for n in model.nodes if n not in model.inputs and model.info(n).kind != "phenotype"]


# --- evaluation -----------------------------------------------------------


class _RowEvaluator:
    """Evaluates grid rows for one model and background; lives once per worker."""

    def __init__(self, model: Model, background: dict[str, int], semantics: str, readouts: Readouts,
                 scores: ScoreOptions | None = None, method: str = "auto"):
        self.model = model
        self.background = background
        self.semantics = semantics
        self.method = method
        self.readouts = readouts
        self.scores = scores  # fate_scores options, or None for no scores
        self.phenotypes = phenotype_nodes(model, readouts)
        # A row's background (its key) -> its reduction and attractors, shared by rows that differ only in drugs.
        self._background_cache: dict[Hashable, tuple[Reduction, tuple[Attractor, ...]]] = {}
        self._background_reduction: Reduction | None = None
        # The background under each treatment: rows add their own fixes to it (see ``_treat``).
        self._treated_backgrounds: dict[frozenset[tuple[str, int]], Reduction] = {}

    def _attractors(self, red: Reduction) -> tuple[Attractor, ...]:
        return tuple(search(self.model, self.semantics, self.method, reduction=red))

    def compare(self, background_extra: dict[str, int], treatment: dict[str, int],
                cache_key: Hashable | None = None) -> tuple[tuple[Attractor, ...], tuple[Attractor, ...]]:
        """The living attractors before ``treatment`` on the background plus ``background_extra``, and the
        attractors the treatment leads them to (:func:`mtorlogic.phenotype.follow`, as in ``evaluate``)."""
        key = cache_key if cache_key is not None else tuple(sorted(background_extra.items()))
        cached = self._background_cache.get(key)
        if cached is None:
            # Each row percolates only its own fixes, on top of the background's reduction.
            if self._background_reduction is None:
                self._background_reduction = percolate(self.model, self.background)
            red = percolate(self.model, background_extra, base=self._background_reduction)
            cached = self._background_cache[key] = (red, self._attractors(red))
        red, before = cached
        if not treatment:
            alive = living(before, self.readouts)
            return alive, alive
        treated = self._treat(red, background_extra, treatment)
        start, after, _ = follow(treated, before, self._attractors(treated), self.readouts, self.semantics)
        return start, after

    def _treat(self, red: Reduction, background_extra: dict[str, int], treatment: dict[str, int]) -> Reduction:
        """The reduction of the background plus ``background_extra`` under ``treatment``.

        Percolated the cheap way round: a treatment's cascade is long (a drug switches off much of the
        network) and the same for every row, while a row's own fixes reach little; so the treated
        background is percolated once per treatment, and each row adds its fixes to it."""
        if any(n in treatment for n in background_extra):  # the treatment overrides the row here
            return percolate(self.model, treatment, base=red)
        key = frozenset(treatment.items())
        treated = self._treated_backgrounds.get(key)
        if treated is None:
            base = self._background_reduction
            assert base is not None, "compare percolates the background first"
            treated = self._treated_backgrounds[key] = percolate(self.model, treatment, base=base)
        return percolate(self.model, background_extra, base=treated)

    def row(self, p: Perturbation) -> ScreenRow:
        drugs = {d: 1 for d in p.drugs}
        before, after = self.compare(p.background_fixes(), drugs,
                                     cache_key=(p.alterations, p.knockouts, p.overexpressions))
        response = respond(before, after, self.readouts, treatment=bool(p.drugs))
        readouts = {n: _mean(a.values[n] for a in after) for n in self.phenotypes}
        share = sum(map(self.readouts.proliferative, after)) / len(after)
        scores = None
        if self.scores is not None and p.drugs:
            from .scores import fate_scores

            fixes = {**self.background, **p.background_fixes(), **drugs}
            scores = fate_scores(self.model, before, fixes, self.readouts, **self.scores)
        effect = _phenotypes_of(before, self.phenotypes) != _phenotypes_of(after, self.phenotypes)
        return ScreenRow(p, VERDICT_OF[response], readouts, len(before), len(after), share, response, scores, effect)


def _mean(values: Iterable[Reading]) -> float:
    vals = [0.5 if v == "*" else float(v) for v in values]
    return sum(vals) / len(vals)


_WORKER: _RowEvaluator | None = None


def _init_worker(evaluator: _RowEvaluator) -> None:
    global _WORKER
    _WORKER = evaluator


def _run_chunk(chunk: list[Perturbation]) -> list[ScreenRow]:
    assert _WORKER is not None, "_init_worker runs first in every worker"
    return [_WORKER.row(p) for p in chunk]


def _run_chunk_with(evaluator: _RowEvaluator, chunk: list[Perturbation]) -> list[ScreenRow]:
    return [evaluator.row(p) for p in chunk]


def _chunks(items: list[Perturbation], count: int) -> list[list[Perturbation]]:
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _multi_perturbation(model: Model, catalog: Catalog, background: Scenario, grid: list[Perturbation],
                        workers: int = 1, scheduler: str | None = None, semantics: str = "async",
                        method: str = "auto",
                        readouts: Readouts = Readouts(), progress: Progress = None,
                        scores: bool = False, score_options: ScoreOptions | None = None, rank_by: str | None = None,
                        timeout: float | None = None) -> ScreenResult:
    """Evaluate every grid row; rows come back in grid order whatever the parallelism (or ranked by a score).

    The background's drugs are added to every row, so a screen over a treated
    background screens the treated scenario. With a ``timeout`` (seconds;
    ``math.inf`` for none but still interruptible), a screen in this process
    runs in a child process (:mod:`.engine.budget`), and local workers or a
    Dask cluster stop at the deadline: either way
    :class:`~mtorlogic.errors.TimeoutExceeded` says how many rows were done.
    """
    readouts.check(model)
    if not grid:
        raise InputError.at("<command line>", "empty grid: nothing to screen")
    if rank_by is not None and rank_by not in RANK_BY:
        raise InputError.at("<command line>", f"--rank-by takes {' or '.join(RANK_BY)}, not '{rank_by}'")
    if (scores or rank_by) and semantics != "async":
        raise InputError.at("<command line>", "response scores follow the stochastic asynchronous process: "
                            "use --semantics async")
    check_timeout(timeout)
    if not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= max_workers():
        raise InputError.at("", f"workers must be a whole number from 1 to {max_workers()} on this machine "
                            f"({os.cpu_count()} CPUs), not {workers!r}")
    progress = as_progress(progress, len(grid), "screen")
    if timeout is not None and not scheduler and workers <= 1:
        return run_bounded(_multi_perturbation, model, catalog, background, grid, semantics=semantics, method=method,
                           readouts=readouts, scores=scores, score_options=score_options, rank_by=rank_by,
                           progress=progress, timeout=timeout, meter=Meter("rows", total=len(grid), increments=True))
    if background.drugs:
        given = Perturbation(drugs=tuple(sorted({_drug_id(model, catalog, d) for d in background.drugs})))
        grid = [given + p for p in grid]
        background = replace(background, drugs=())
    bg_fixes, _ = background.fixes(model, catalog)
    score_settings: ScoreOptions | None = {**(score_options or {})} if scores or rank_by else None
    evaluator = _RowEvaluator(model, bg_fixes, semantics, readouts, score_settings, method)
    meter = Meter("rows", total=len(grid), increments=True)
    deadline = _Deadline(timeout, meter)
    results: list[list[ScreenRow]]
    if scheduler:
        chunks = _chunks(grid, max(1, len(grid) // 200))
        results = _run_on_dask(scheduler, evaluator, chunks, _counted(progress, meter), deadline)
    elif workers > 1:
        chunks = _chunks(grid, workers * 8)
        results = _run_on_processes(workers, evaluator, chunks, _counted(progress, meter), deadline)
    else:
        results = []
        for p in grid:  # row by row: a bounded screen that runs out of time keeps every row it finished
            results.append([evaluator.row(p)])
            report_partial(results[-1])
            progress(1)
    rows = [row for chunk in results for row in chunk]
    result = ScreenResult(rows, evaluator.phenotypes, background, scored=score_settings is not None)
    return result.ranked(rank_by) if rank_by else result


def _drug_id(model: Model, catalog: Catalog, name: str) -> str:
    """The node a drug name stands for (a catalog id, or an input node of a model without a catalog)."""
    return catalog.drug(name).id if catalog.drugs else model.resolve(name)


class _Deadline:
    """The time left of a screen's budget, and the error when it has run out."""

    def __init__(self, timeout: float | None, meter: Meter):
        self.timeout, self.meter = timeout, meter
        self.start = time.monotonic()
        self.end: float | None = None if timeout is None or math.isinf(timeout) else self.start + timeout

    def left(self) -> float | None:
        return None if self.end is None else max(0.0, self.end - time.monotonic())

    def exceeded(self, results: list[list[ScreenRow]]) -> TimeoutExceeded:
        """The error, with the rows finished so far (in grid order) as its partial result."""
        rows = [row for chunk in results for row in chunk]
        return timeout_error(self.timeout, self.meter, time.monotonic() - self.start, partial=rows)


def _counted(progress: Callable[[int], None], meter: Meter) -> Callable[[int], None]:
    def report(n: int) -> None:
        meter.update(n)
        progress(n)
    return report


def _quiet_worker(evaluator: _RowEvaluator, parent: int) -> None:
    """A worker leaves Ctrl-C to the parent (which stops the pool) instead of printing a traceback,
    dies at once when the pool terminates it (whatever SIGTERM handler the parent had), and dies
    with its parent: a parent killed outright (SIGKILL) cannot stop its pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    _init_worker(evaluator)


def max_workers() -> int:
    """The most local worker processes a screen starts: four per CPU (at least 8); more only wait."""
    return max(8, 4 * (os.cpu_count() or 1))


def _run_on_processes(workers: int, evaluator: _RowEvaluator, chunks: list[list[Perturbation]],
                      progress: Callable[[int], None], deadline: _Deadline) -> list[list[ScreenRow]]:
    import multiprocessing as mp

    # fork keeps start-up cheap; the evaluator (model included) reaches each worker once.
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    results: list[list[ScreenRow]] = []
    workers = min(workers, len(chunks))  # a worker without a chunk would only cost a fork
    with _default_sigterm():  # a worker terminated before its initializer runs must still die
        pool = ctx.Pool(workers, initializer=_quiet_worker, initargs=(evaluator, os.getpid()))
    try:
        pending = pool.imap(_run_chunk, chunks)
        for _ in chunks:
            try:
                chunk_rows = pending.next(timeout=deadline.left())
            except mp.TimeoutError:
                raise deadline.exceeded(results) from None
            results.append(chunk_rows)
            progress(len(chunk_rows))
    except BaseException:
        pool.terminate()  # on an error, Ctrl-C or the deadline: stop the workers now
        pool.join()
        raise
    # Done: the workers leave on their own, even one still starting (terminating it then could leave
    # it holding the task queue's lock, and the pool waiting for it forever).
    pool.close()
    pool.join()
    return results


@contextmanager
def _default_sigterm() -> Iterator[None]:
    """SIGTERM at its default while the pool forks its workers (the main thread only can set it): a
    worker inherits the parent's handler until its initializer replaces it, and the CLI's handler
    raises instead of ending the process."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_on_dask(address: str, evaluator: _RowEvaluator, chunks: list[list[Perturbation]],
                 progress: Callable[[int], None], deadline: _Deadline) -> list[list[ScreenRow]]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise MtorlogicError("--scheduler needs dask.distributed: pip install 'mtorlogic[distributed]'") from None
    try:
        client = Client(address, timeout="5s")
    except (OSError, TimeoutError, ValueError, TypeError) as e:  # unreachable, or not an address at all
        raise MtorlogicError(f"cannot reach the Dask scheduler at '{address}': {e} (an address looks like "
                             "tcp://host:8786)") from None
    futures = []
    try:
        shared = client.scatter(evaluator, broadcast=True)
        futures = client.map(_run_chunk_with, [shared] * len(chunks), chunks, pure=False)
        results: list[list[ScreenRow]] = []
        for future in futures:  # in submission order, so rows keep grid order
            try:
                rows = future.result(timeout=deadline.left())
            except TimeoutError:
                raise deadline.exceeded(results) from None
            results.append(rows)
            progress(len(rows))
        return results
    finally:
        if futures:
            client.cancel(futures)  # the cluster stops our work too, not only this client
        client.close()


# --- public entry points --------------------------------------------------


class ScreenOptions(TypedDict, total=False):
    """How a screen runs (the keyword arguments of :func:`_multi_perturbation` after the grid)."""

    workers: int
    scheduler: str | None
    semantics: str
    method: str
    readouts: Readouts
    progress: Progress
    scores: bool
    score_options: ScoreOptions | None
    rank_by: str | None
    timeout: float | None


def drug_screen(model: Model, catalog: Catalog, drugs: Ids = "all", alterations: Ids = "none",
                background: Scenario | None = None, combos: int = 1,
                **options: Unpack[ScreenOptions]) -> ScreenResult:
    """Every drug (or drug pair) against every alteration, over one background.

    Options: ``workers``, ``scheduler``, ``semantics``, ``method``, ``readouts``, ``progress``, ``scores``,
    ``score_options``, ``rank_by``, ``timeout``.
    """
    grid = build_grid(model, catalog, drugs=drugs, alterations=alterations, combos=combos)
    return _multi_perturbation(model, catalog, background or Scenario(), grid, **options)


def single_perturbation(model: Model, catalog: Catalog, nodes: Ids = "all", kind: str = "knockout",
                        background: Scenario | None = None, **options: Unpack[ScreenOptions]) -> ScreenResult:
    """Every single node knockout or over-expression (``kind``: knockout, overexpress, both)
    applied to ``background`` (its drugs included), like cobrapy's single_gene_deletion."""
    return _node_screen(model, catalog, nodes, kind, 1, background, **options)


def double_perturbation(model: Model, catalog: Catalog, nodes: Ids = "all", kind: str = "knockout",
                        background: Scenario | None = None, **options: Unpack[ScreenOptions]) -> ScreenResult:
    """Every single and double node knockout or over-expression applied to ``background``."""
    return _node_screen(model, catalog, nodes, kind, 2, background, **options)


def _node_screen(model: Model, catalog: Catalog, nodes: Ids, kind: str, depth: int, background: Scenario | None,
                 **options: Unpack[ScreenOptions]) -> ScreenResult:
    if kind not in ("knockout", "overexpress", "both"):
        raise MtorlogicError(f"kind must be knockout, overexpress or both, not '{kind}'")
    grid = build_grid(model, catalog, knockouts=nodes if kind in ("knockout", "both") else None,
                      overexpress=nodes if kind in ("overexpress", "both") else None, depth=depth)
    return _multi_perturbation(model, catalog, background or Scenario(), grid, **options)


def screen(model: Model, catalog: Catalog, background: Scenario | None = None, drugs: Ids = None,
           alterations: Ids = None, knockouts: Ids = None, overexpress: Ids = None, combos: int = 1, depth: int = 1,
           force: bool = False, **options: Unpack[ScreenOptions]) -> ScreenResult:
    """The general grid behind ``mtorlogic screen`` (see :func:`build_grid` for the arguments)."""
    grid = build_grid(model, catalog, drugs, alterations, knockouts, overexpress, combos, depth, force)
    return _multi_perturbation(model, catalog, background or Scenario(), grid, **options)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _phenotypes_of(atts: Iterable[Attractor], nodes: Iterable[str]) -> set[tuple[Reading, ...]]:
    """The distinct phenotype readouts of a set of attractors (what a drug must change to have an effect)."""
    nodes = tuple(nodes)
    return {tuple(a.values[n] for n in nodes) for a in atts}
