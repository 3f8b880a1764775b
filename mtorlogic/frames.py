"""DataFrames of results, with typed columns (pandas is optional: ``pip install 'mtorlogic[pandas]'``).

Every ``to_frame()`` of the package lands here, so the column conventions are
the same everywhere:

- a node's value in an attractor is a float64: 0.0, 1.0, the fraction of the
  attractor's states in which it is on, or NaN when it is free in a
  most-permissive trap space (``"*"``);
- kinds, verdicts and states are categoricals with every possible level, so
  frames from different runs concatenate and sort the same way;
- counts are int64, shares float64, flags bool, lists of names strings joined
  with ``+``.

Examples
--------
>>> from mtorlogic import attractors, read_rules_text
>>> frame = attractor_frame(attractors(read_rules_text("A = !A\\nB = !C\\nC = !B"), semantics="mp"))
>>> frame.to_dict("list")
{'kind': ['trap_space', 'trap_space'], 'size': [2, 2], 'A': [nan, nan], 'B': [0.0, 1.0], 'C': [1.0, 0.0]}
>>> [str(t) for t in frame.dtypes]
['category', 'int64', 'float64', 'float64', 'float64']
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ._optional import require
from .model import KINDS

if TYPE_CHECKING:
    import pandas

    from .catalog import Catalog
    from .engine.attractors import Attractor
    from .engine.simulate import Timecourse
    from .hypotheses import HypothesisReport
    from .model import Model
    from .phenotype import Verdict
    from .screen import ScreenResult

ATTRACTOR_KINDS = ("fixed_point", "cycle", "trap_space")
VERDICTS = ("sensitive", "partial", "resistant", "not_applicable", "untreated")
STATES = ("background", "treated")


def require_pandas() -> Any:
    """The pandas module, or an error that says how to get it."""
    return require("pandas", "pandas", "to_frame()")


def node_value(value: object) -> float:
    """An attractor value as a float: NaN for a node free in a trap space."""
    return math.nan if value == "*" else float(value)  # type: ignore[arg-type]


def _category(pd: Any, values: Iterable[str], levels: Sequence[str]) -> Any:
    """A categorical with every level of ``levels`` (pandas' stubs type the result loosely)."""
    values = list(values)
    extra = sorted(set(values) - set(levels))  # a kind or verdict added later still shows
    return pd.Categorical(values, categories=[*levels, *extra])


def attractor_frame(atts: Sequence["Attractor"], nodes: Sequence[str] | None = None) -> "pandas.DataFrame":
    """One row per attractor: kind, size, then a float64 column per node (see the module doc)."""
    pd = require_pandas()
    nodes = list(nodes if nodes is not None else (atts[0].nodes if atts else ()))
    columns: dict[str, Any] = {
        "kind": _category(pd, (a.kind for a in atts), ATTRACTOR_KINDS),
        "size": pd.array([a.size for a in atts], dtype="int64"),
    }
    for n in nodes:
        columns[n] = pd.array([node_value(a.values[n]) for a in atts], dtype="float64")
    frame: pandas.DataFrame = pd.DataFrame(columns, index=pd.RangeIndex(1, len(atts) + 1, name="attractor"))
    return frame


def verdict_frame(verdict: "Verdict") -> "pandas.DataFrame":
    """Both attractor sets of a verdict, one row each: state, attractor number, kind, size,
    proliferative, then the phenotype readouts and every other node (float64)."""
    pd = require_pandas()
    atts = [*verdict.background, *verdict.treated]
    nodes = list(verdict.phenotypes)
    if atts:
        nodes += [n for n in atts[0].nodes if n not in set(nodes)]
    frame = attractor_frame(atts, nodes).reset_index(drop=True)
    states = ["background"] * len(verdict.background) + ["treated"] * len(verdict.treated)
    numbers = [*range(1, len(verdict.background) + 1), *range(1, len(verdict.treated) + 1)]
    frame.insert(0, "state", _category(pd, states, STATES))
    frame.insert(1, "attractor", pd.array(numbers, dtype="int64"))
    frame.insert(4, "proliferative", pd.array([verdict.readouts.proliferative(a) for a in atts], dtype="bool"))
    return frame


def screen_frame(result: "ScreenResult") -> "pandas.DataFrame":
    """One row per grid scenario: the perturbation (names joined with ``+``), verdict, attractor
    counts, the share of treated attractors that proliferate, then the mean phenotype readouts."""
    pd = require_pandas()
    rows = result.rows
    columns: dict[str, Any] = {}
    for field in ("drugs", "alterations", "knockouts", "overexpressions"):
        columns[field] = pd.array(["+".join(getattr(r.perturbation, field)) for r in rows], dtype="string")
    columns["verdict"] = _category(pd, (r.verdict for r in rows), VERDICTS)
    columns["background_attractors"] = pd.array([r.background_attractors for r in rows], dtype="int64")
    columns["treated_attractors"] = pd.array([r.treated_attractors for r in rows], dtype="int64")
    columns["proliferative_share"] = pd.array([r.proliferative_share for r in rows], dtype="float64")
    for n in result.phenotypes:
        columns[n] = pd.array([float(r.readouts[n]) for r in rows], dtype="float64")
    frame: pandas.DataFrame = pd.DataFrame(columns)
    return frame


def hypotheses_frame(report: "HypothesisReport") -> "pandas.DataFrame":
    """One row per ranked hypothesis: rank, interventions, verdict, share, druggable, druggable_by,
    changed_count, mechanism (a letter shared by interventions that act alike) and restores (undoes the
    resistance mechanism); the mechanisms stay on the report: ``report.hypotheses[i].mechanism``."""
    pd = require_pandas()
    hs = report.hypotheses
    letter = report.letters()
    frame: pandas.DataFrame = pd.DataFrame({
        "rank": pd.array([h.rank for h in hs], dtype="int64"),
        "interventions": pd.array([" + ".join(map(str, h.interventions)) for h in hs], dtype="string"),
        "size": pd.array([len(h.interventions) for h in hs], dtype="int64"),
        "verdict": _category(pd, (h.verdict for h in hs), VERDICTS),
        "share": pd.array([h.share for h in hs], dtype="float64"),
        "druggable": pd.array([h.druggable for h in hs], dtype="bool"),
        "druggable_by": pd.array([", ".join(h.druggable_by) for h in hs], dtype="string"),
        "changed_count": pd.array([h.changed_count for h in hs], dtype="int64"),
        "mechanism": pd.array([letter[h.rank] for h in hs], dtype="string"),
        "restores": pd.array([h.restores for h in hs], dtype="bool"),
    })
    return frame


def timecourse_frame(tc: "Timecourse") -> "pandas.DataFrame":
    """Indexed by step (int64): the fraction of runs with each node on, then ``score:NAME`` columns."""
    pd = require_pandas()
    columns: dict[str, Any] = {n: tc.mean[:, i].astype("float64") for i, n in enumerate(tc.nodes)}
    for name, values in tc.scores.items():
        columns[f"score:{name}"] = values.astype("float64")
    frame: pandas.DataFrame = pd.DataFrame(columns, index=pd.RangeIndex(0, tc.steps + 1, name="step"))
    return frame


def model_frame(model: "Model") -> "pandas.DataFrame":
    """One row per node: name, kind, input, default (nullable Int64), rule text, references, section."""
    pd = require_pandas()
    rows = []
    for n in model.nodes:
        info, rule = model.info(n), model.rule(n)
        prov = info.provenance if n in model.inputs or rule is None else rule.provenance
        rows.append((n, info.name or "", info.kind, n in model.inputs, info.default,
                     "" if n in model.inputs or rule is None else rule.text,
                     ", ".join(map(str, prov.refs)), prov.section or ""))
    names = ["node", "name", "kind", "input", "default", "rule", "refs", "section"]
    data = dict(zip(names, map(list, zip(*rows)))) if rows else {k: [] for k in names}
    frame: pandas.DataFrame = pd.DataFrame({
        "name": pd.array(data["name"], dtype="string"),
        "kind": _category(pd, data["kind"], KINDS),
        "input": pd.array(data["input"], dtype="bool"),
        "default": pd.array(data["default"], dtype="Int64"),
        "rule": pd.array(data["rule"], dtype="string"),
        "refs": pd.array(data["refs"], dtype="string"),
        "section": pd.array(data["section"], dtype="string"),
    }, index=pd.Index(data["node"], name="node", dtype="object"))
    return frame


def catalog_frame(catalog: "Catalog", category: str) -> "pandas.DataFrame":
    """One row per entry of ``category``, indexed by id: name, aliases, refs, section, notes, attributes."""
    pd = require_pandas()
    columns, rows = catalog.rows(category)
    frame: pandas.DataFrame = pd.DataFrame(rows, columns=columns).set_index("id")
    return frame
