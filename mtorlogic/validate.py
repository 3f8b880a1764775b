"""Predictions against observations: ROC AUC, PR AUC (average precision), a confusion table.

A prediction is a key (a drug combination, or a scenario) and a score (higher = more
likely positive: a synergy, a probability of death); an observation is the same key and a
binary label (synergistic or not; the measured response is the one asked for or not).

- **ROC AUC** is the probability that a random positive scores above a random negative,
  counting a tie as one half (the Mann-Whitney statistic).
- **PR AUC** is the average precision: the precision at each distinct score, weighted by the
  recall it adds; tied scores enter together (no arbitrary order among them).
- **Missing predictions** (an observed key with no score, or NA) are never dropped: they are
  counted, reported, and ranked below every scored key (tied among themselves), i.e. read as
  "not predicted positive". Predictions with no observation are counted too.
- The confusion table calls a key positive when its score is strictly above ``threshold``
  (default 0: for synergy scores, > 0 is synergistic).

Examples
--------
>>> v = validate({"a": 0.9, "b": 0.5, "c": 0.5, "d": 0.1}, {"a": True, "b": True, "c": False, "d": False})
>>> v.roc_auc, v.pr_auc
(0.875, 0.8333333333333333)
>>> v.confusion
{'tp': 2, 'fp': 2, 'tn': 0, 'fn': 0}
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Hashable, Mapping, Sequence

from .errors import InputError, Problem

MISSING = float("-inf")  # where a missing prediction ranks


@dataclass
class Validation:
    roc_auc: float | None
    pr_auc: float | None
    confusion: dict[str, int]
    threshold: float
    positives: int
    negatives: int
    missing: list[str] = field(default_factory=list)  # observed keys without a prediction
    unobserved: list[str] = field(default_factory=list)  # predicted keys without an observation
    rows: list[tuple[str, float | None, bool]] = field(default_factory=list)  # key, score, observed; best first

    def to_dict(self) -> dict[str, Any]:
        return {"roc_auc": self.roc_auc, "pr_auc": self.pr_auc, "threshold": self.threshold,
                "confusion": self.confusion, "positives": self.positives, "negatives": self.negatives,
                "missing": self.missing, "unobserved": self.unobserved,
                "rows": [{"key": k, "score": s, "observed": o} for k, s, o in self.rows]}

    def text(self) -> str:
        c = self.confusion
        lines = [f"ROC AUC {_fmt(self.roc_auc)}   PR AUC (average precision) {_fmt(self.pr_auc)}",
                 f"{self.positives} positive, {self.negatives} negative observations; "
                 f"{len(self.missing)} without a prediction (ranked last), {len(self.unobserved)} predictions "
                 "without an observation",
                 f"at score > {self.threshold:g}:      observed +   observed -",
                 f"  predicted +      {c['tp']:>10}   {c['fp']:>10}",
                 f"  predicted -      {c['fn']:>10}   {c['tn']:>10}"]
        if self.missing:
            lines.append("missing: " + ", ".join(self.missing))
        return "\n".join(lines)

    def plot(self, path: str | Path | None = None, ax: Any = None) -> Any:
        from .plot_synergy import plot_validation

        return plot_validation(self, path, ax=ax)


def _fmt(x: float | None) -> str:
    return "NA" if x is None else f"{x:.3f}"


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Probability a positive outscores a negative, ties counting 1/2 (None without both classes).

    >>> roc_auc([1, 1, 0], [True, False, False])
    0.75
    """
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    positives = sum(labels)
    negatives = len(labels) - positives
    if not positives or not negatives:
        return None
    rank_sum, i = 0.0, 0
    while i < len(order):  # mid-ranks for tied scores
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        mid = (i + j) / 2 + 1
        rank_sum += mid * sum(labels[order[k]] for k in range(i, j + 1))
        i = j + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def average_precision(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Sum over distinct score thresholds (highest first) of precision x recall gained.

    >>> average_precision([0.9, 0.8, 0.1], [True, False, True])
    0.8333333333333333
    """
    positives = sum(labels)
    if not positives:
        return None
    distinct = sorted(set(scores), reverse=True)
    tp = fp = 0
    total = 0.0
    for threshold in distinct:
        group = [labels[i] for i in range(len(scores)) if scores[i] == threshold]
        gained = sum(group)
        tp += gained
        fp += len(group) - gained
        total += (gained / positives) * tp / (tp + fp)
    return total


def validate(predictions: Mapping[Hashable, float | None], observed: Mapping[Hashable, bool],
             threshold: float = 0.0) -> Validation:
    """Compare scores with binary observations (see the module docstring)."""
    keys = list(observed)
    missing = [k for k in keys if predictions.get(k) is None]
    scores = [MISSING if predictions.get(k) is None else float(predictions[k]) for k in keys]  # type: ignore[arg-type]
    labels = [bool(observed[k]) for k in keys]
    called = [s > threshold for s in scores]
    pairs = list(zip(called, labels))
    confusion = {"tp": sum(c and o for c, o in pairs), "fp": sum(c and not o for c, o in pairs),
                 "tn": sum(not c and not o for c, o in pairs), "fn": sum(not c and o for c, o in pairs)}
    rows = sorted(((_label(k), None if s == MISSING else s, o) for k, s, o in zip(keys, scores, labels)),
                  key=lambda r: (r[1] is None, -(r[1] or 0.0), r[0]))
    return Validation(roc_auc(scores, labels), average_precision(scores, labels), confusion, threshold,
                      sum(labels), len(labels) - sum(labels), [_label(k) for k in missing],
                      [_label(k) for k in predictions if k not in observed], rows)


def _label(key: Hashable) -> str:
    return "+".join(key) if isinstance(key, tuple) else str(key)


# --- reading the two tables -------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "synergy", "synergistic", "positive", "+"}
_FALSE = {"0", "false", "no", "none", "additive", "not", "antagonistic", "negative", "-"}


def key_of(text: str) -> Hashable:
    """A combination as an order-free key: ``A+B``, ``A,B``, ``A B`` or DrugLogics' ``A-B``; a
    single name (a scenario) stays itself.

    >>> key_of("PD-PI") == key_of("PI+PD")
    True
    """
    parts = [p for p in re.split(r"[+,;\s]+", text.strip()) if p]
    if len(parts) == 1 and "-" in parts[0] and not parts[0].startswith("-"):
        parts = parts[0].split("-")
    return tuple(sorted(parts)) if len(parts) > 1 else (parts[0] if parts else "")


def read_predictions(path: str | Path) -> dict[Hashable, float | None]:
    """Scores from ``mtorlogic synergy --json`` output (``pairs``) or a CSV/TSV table with a key
    column (``drugs``, ``pair``, ``combination``, ``scenario`` or the first) and a score column
    (``synergy``, ``score`` or the second); ``NA`` or empty is a missing score."""
    from .io._read import read_input

    text = read_input(path)
    source = str(path)
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
            return {key_of("+".join(p["drugs"])): p.get("synergy") for p in data["pairs"]}
        except (ValueError, KeyError, TypeError) as e:
            raise InputError.at(source, f"not the JSON 'mtorlogic synergy --json' writes: {e}", 1, 1) from None
    return {k: _score(v, source, line, col) for k, v, line, col in _table(text, source, ("synergy", "score"))}


def read_observed(path: str | Path, positive: str | None = None) -> dict[Hashable, bool]:
    """Labels from a CSV/TSV table: key column and an observation column (``observed``,
    ``synergy``, ``synergistic``, ``response`` or the second): 1/0, true/false, yes/no,
    synergistic/additive; with ``positive``, a label equal to it is positive and any other negative."""
    from .io._read import read_input

    source = str(path)
    out: dict[Hashable, bool] = {}
    problems: list[Problem] = []
    for key, value, line, col in _table(read_input(path), source, ("observed", "synergistic", "synergy", "response")):
        v = value.strip().lower()
        if positive is not None:
            out[key] = v == positive.strip().lower()
        elif v in _TRUE or v in _FALSE:
            out[key] = v in _TRUE
        else:
            problems.append(Problem(source, line, col, f"observation '{value}' is not 1/0, true/false or "
                                    "synergistic/additive (or give --positive LABEL)"))
    if problems:
        raise InputError(problems)
    return out


def _score(value: str, source: str, line: int, column: int) -> float | None:
    if value.strip().upper() in ("", "NA", "NAN", "NONE"):
        return None
    try:
        return float(value)
    except ValueError:
        raise InputError.at(source, f"score '{value}' is not a number (NA for a missing one)", line, column) from None


def _table(text: str, source: str, value_names: Sequence[str]) -> list[tuple[Hashable, str, int, int]]:
    """(key, value text, line, column of the value) per row of a CSV or TSV table with a header."""
    lines = [(i, line) for i, line in enumerate(text.splitlines(), start=1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise InputError.at(source, "empty table: expected a header and rows", 1, 1)
    delimiter = "\t" if "\t" in lines[0][1] else ","
    header = [h.strip().lower() for h in next(csv.reader(io.StringIO(lines[0][1]), delimiter=delimiter))]
    if len(header) < 2:
        raise InputError.at(source, "expected a header with a key column and a value column", lines[0][0], 1)
    keys = ("drugs", "pair", "combination", "perturbation", "scenario", "key", "name")
    k = next((header.index(n) for n in keys if n in header), 0)
    v = next((header.index(n) for n in value_names if n in header), 1 if k != 1 else 0)
    rows = []
    problems: list[Problem] = []
    seen: dict[Hashable, int] = {}
    for number, line in lines[1:]:
        cells = next(csv.reader(io.StringIO(line), delimiter=delimiter))
        if len(cells) <= max(k, v):
            problems.append(Problem(source, number, len(line) + 1,
                                    f"expected {len(header)} columns, found {len(cells)}"))
            continue
        key = key_of(cells[k])
        if key in seen:
            problems.append(Problem(source, number, 1, f"'{cells[k]}' is listed twice (first on line {seen[key]})"))
            continue
        seen[key] = number
        column = sum(len(c) + 1 for c in cells[:v]) + 1
        rows.append((key, cells[v], number, column))
    if problems:
        raise InputError(problems)
    return rows
