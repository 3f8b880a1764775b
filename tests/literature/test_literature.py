"""Independent experimental findings from primary papers, tried against the bundled model.

Each finding in ``findings.toml`` (beside this file; its header documents the
format) is one observation from a primary paper, written as a scenario in the
model's own terms: conditions, alterations, drugs, ``fix`` knockouts, and
expectations on the graded ``response``, the ``verdict`` or a node's value in
every attractor of the treated or background network. The test builds a
:class:`mtorlogic.scenario.Scenario` per finding, evaluates it on the model that
``mtorlogic.load()`` returns, and checks its expectations with
:func:`mtorlogic.phenotype.check_expectations`.

Three outcomes besides "holds":

- a finding marked ``miss = "..."`` in the data is a *known miss*: the test is
  ``xfail(strict=True)``, so a model change that makes it hold fails loudly and
  the mark must be removed;
- a finding that names a node, drug or alteration the model does not have is
  *not expressible* on that model: skipped with a message naming what is
  missing, and counted apart (never passed);
- anything else that does not hold fails.

The module imports only the standard library, pytest and ``mtorlogic``, so it
runs against any checkout: from a directory without an ``mtorlogic`` package,
``PYTHONPATH=/path/to/checkout python -m pytest tests/literature
--import-mode=importlib -p no:cacheprovider`` (importlib mode keeps pytest from
putting this checkout's root on ``sys.path``). ``python -m tests.literature``
(or running this file) prints the table of findings with their outcomes.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

import mtorlogic
from mtorlogic.phenotype import check_expectations, evaluate
from mtorlogic.scenario import Expectation, Scenario

DATA = Path(__file__).with_name("findings.toml")

AREAS = {
    "fate": "cell fate and apoptosis",
    "cell_cycle": "cell cycle",
    "rapalog": "rapalog pharmacology",
    "atp_mtor": "ATP-competitive mTOR inhibitors",
    "pi3k_isoforms": "PI3K isoforms",
    "akt_mtorc2": "AKT and mTORC2",
    "feedback": "feedback (S6K1-IRS1, ERK, FOXO-RTK)",
    "mapk_kras": "MAPK and KRAS",
    "stress": "stress inputs (hypoxia/REDD1, amino acids/GATOR, energy/AMPK/TSC)",
    "resistance": "drug resistance mechanisms (efflux, mTOR mutations, BCL-2 family, stem cells)",
    "breast": "breast cancer",
}
MINIMUM_FINDINGS = 70
HELDOUT_BATCHES = {"2026-12": 37, "2026-12b": 37}  # batch -> its size when written: a batch never loses a finding (misses stay)
_FINDING_KEYS = {"id", "area", "pmid", "doi", "author", "year", "journal", "system", "observation",
                 "conditions", "alterations", "drugs", "fix", "expect", "miss", "note", "heldout"}
_EXPECT_KEYS = {"response", "verdict", "node", "state", "value"}

HOLDS, MISS, NOT_EXPRESSIBLE, WRONG = "holds", "known miss", "not expressible", "does not hold"


@dataclass(frozen=True)
class Finding:
    """One experimental observation and the scenario that expresses it."""

    id: str
    area: str
    author: str
    year: int
    journal: str
    system: str
    observation: str
    expect: tuple[Expectation, ...]
    pmid: str = ""
    doi: str = ""
    conditions: dict[str, int] = field(default_factory=dict)
    alterations: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    fix: dict[str, int] = field(default_factory=dict)
    miss: str = ""  # why the model on this branch gets it wrong; empty when it should hold
    note: str = ""  # how the experiment maps onto the model's names (proxies, readouts)
    heldout: str = ""  # the held-out batch ("2026-12", "2026-12b"): chosen from the papers before the model was run on them

    @property
    def source(self) -> str:
        ident = f"PMID:{self.pmid}" if self.pmid else f"DOI:{self.doi}"
        return f"{self.author} {self.year}, {self.journal} ({ident})"

    def scenario(self) -> Scenario:
        return Scenario(name=self.id, description=self.observation, conditions=self.conditions,
                        alterations=self.alterations, drugs=self.drugs, fix=self.fix, expect=self.expect,
                        source=f"{DATA.name}:{self.id}")

    def evaluation_key(self) -> tuple[Any, ...]:
        """What decides the attractors: findings sharing it share one evaluation."""
        return (tuple(sorted(self.conditions.items())), tuple(sorted(self.alterations)), tuple(sorted(self.drugs)),
                tuple(sorted(self.fix.items())))


def _expectation(raw: dict[str, Any], where: str) -> Expectation:
    unknown = set(raw) - _EXPECT_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)} in [[finding.expect]]")
    if "response" in raw:
        return Expectation(response=raw["response"])
    if "verdict" in raw:
        return Expectation(verdict=raw["verdict"])
    if "node" not in raw or "value" not in raw:
        raise ValueError(f"{where}: an expectation needs 'response', 'verdict', or 'node' and 'value'")
    return Expectation(node=raw["node"], state=raw.get("state", "treated"), value=raw["value"])


def load_findings(path: Path = DATA) -> list[Finding]:
    """The findings of the data file, checked for shape (names are checked against a model later)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    findings = []
    for index, raw in enumerate(data.get("finding", [])):
        where = f"{path.name}: finding {index + 1} ({raw.get('id', '?')})"
        unknown = set(raw) - _FINDING_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}")
        expect = tuple(_expectation(e, where) for e in raw.get("expect", []))
        fields = {k: v for k, v in raw.items() if k != "expect"}
        for name in ("alterations", "drugs"):
            fields[name] = tuple(fields.get(name, ()))
        findings.append(Finding(expect=expect, **fields))
    return findings


FINDINGS = load_findings()


@lru_cache(maxsize=1)
def bundled() -> tuple[Any, Any]:
    """The model and catalog under test (whatever ``mtorlogic`` is importable)."""
    return mtorlogic.load()


def missing_names(finding: Finding, model: Any, catalog: Any) -> list[str]:
    """Names the finding uses that the model lacks. Node names must be node ids, not aliases:
    an alias could stand for a different quantity than the one the finding measures."""
    missing = [f"no drug '{d}'" for d in finding.drugs if d not in catalog.drugs]
    missing += [f"no alteration '{a}'" for a in finding.alterations if a not in catalog.alterations]
    nodes = [*finding.conditions, *finding.fix, *(e.node for e in finding.expect if e.node)]
    missing += [f"no node '{n}'" for n in dict.fromkeys(nodes) if n not in model.nodes]
    return missing


_evaluations: dict[tuple[Any, ...], Any] = {}


def _verdict(finding: Finding, model: Any, catalog: Any) -> Any:
    """The evaluation of the finding's scenario, shared by findings with the same perturbations."""
    key = finding.evaluation_key()
    if key not in _evaluations:
        _evaluations[key] = evaluate(model, finding.scenario(), catalog, shares=False)
    return dataclasses.replace(_evaluations[key], scenario=finding.scenario())


@dataclass(frozen=True)
class Judgement:
    status: str  # HOLDS, MISS, NOT_EXPRESSIBLE or WRONG
    detail: str


def judge(finding: Finding) -> Judgement:
    """Whether the finding holds on the model, with what was found for each expectation."""
    model, catalog = bundled()
    missing = missing_names(finding, model, catalog)
    if missing:
        return Judgement(NOT_EXPRESSIBLE, f"{finding.id}: the model has {', '.join(missing)}")
    outcomes = check_expectations(_verdict(finding, model, catalog), model)
    wrong = [f"expected {o.expectation.describe()}, found {o.found}" for o in outcomes if not o.holds]
    if not wrong:
        return Judgement(HOLDS, "")
    return Judgement(MISS if finding.miss else WRONG, "; ".join(wrong))


def _param(finding: Finding) -> Any:
    marks = [pytest.mark.xfail(strict=True, reason=f"known miss: {finding.miss}")] if finding.miss else []
    return pytest.param(finding, id=finding.id, marks=marks)


@pytest.mark.parametrize("finding", [_param(f) for f in FINDINGS])
def test_finding(finding: Finding) -> None:
    judgement = judge(finding)
    if judgement.status == NOT_EXPRESSIBLE:
        pytest.skip(f"not expressible: {judgement.detail}")
    assert judgement.status == HOLDS, (f"{finding.id} ({finding.source}; {finding.system}): "
                                       f"{finding.observation}\n{judgement.detail}")


def test_findings_are_well_formed() -> None:
    """Unique ids, a known area, a PMID or DOI, a cell system, an observation and an expectation each;
    at least the agreed number of findings, and every area covered."""
    ids = Counter(f.id for f in FINDINGS)
    assert not [i for i, n in ids.items() if n > 1], "duplicate finding ids"
    assert len(FINDINGS) >= MINIMUM_FINDINGS
    for f in FINDINGS:
        assert f.area in AREAS, f"{f.id}: unknown area {f.area!r}"
        assert bool(f.pmid) != bool(f.doi), f"{f.id}: give exactly one of pmid and doi"
        assert not f.pmid or re.fullmatch(r"[1-9][0-9]{6,8}", f.pmid), f"{f.id}: malformed PMID {f.pmid!r}"
        assert not f.doi or re.fullmatch(r"10\.[0-9]{4,5}/\S+", f.doi), f"{f.id}: malformed DOI {f.doi!r}"
        assert f.author and f.journal and 1950 < f.year < 2030, f"{f.id}: incomplete citation"
        assert f.system.strip() and f.observation.strip(), f"{f.id}: cell system and observation are required"
        assert f.expect, f"{f.id}: no expectation"
        assert not f.heldout or re.fullmatch(r"[0-9]{4}-[0-9]{2}[a-z]?", f.heldout), f"{f.id}: heldout is a batch 'YYYY-MM', a letter after a second batch of a month"
    batches = Counter(f.heldout for f in FINDINGS if f.heldout)
    assert all(batches[b] >= n for b, n in HELDOUT_BATCHES.items()), f"held-out batches shrank: {dict(batches)}"
    assert set(AREAS) <= {f.area for f in FINDINGS}, f"areas without findings: {set(AREAS) - {f.area for f in FINDINGS}}"


def test_unknown_names_are_reported_not_passed() -> None:
    """A finding naming something the model lacks is 'not expressible', with the name in the message."""
    probe = Finding(id="probe", area="fate", author="-", year=2000, journal="-", system="-", observation="-",
                    pmid="1000000", drugs=("no_such_drug",), fix={"NoSuchNode": 0},
                    expect=(Expectation(node="AlsoMissing", value=1),))
    judgement = judge(probe)
    assert judgement.status == NOT_EXPRESSIBLE
    for name in ("no_such_drug", "NoSuchNode", "AlsoMissing"):
        assert name in judgement.detail


def test_a_wrong_expectation_is_caught() -> None:
    """An expectation the model cannot meet is a failure, or a known miss when marked as one."""
    probe = Finding(id="probe", area="rapalog", author="-", year=2000, journal="-", system="-", observation="-",
                    pmid="1000000", drugs=("sirolimus",), expect=(Expectation(response="untreated"),))
    assert judge(probe).status == WRONG
    assert "expected response untreated" in judge(probe).detail
    assert judge(dataclasses.replace(probe, miss="a drug is given, so the response is never 'untreated'")).status == MISS


def cited_by_model(findings: list[Finding] = FINDINGS) -> set[str]:
    """Ids of the findings whose paper the bundled model's references.toml cites (same PMID or DOI, or
    same first author and year): those are not held out from the model, the others are."""
    from mtorlogic.bundled import RULES

    path = RULES / "references.toml"
    refs = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    keys, authored = set(), set()
    for entry in (e for table in refs.values() for e in table.values()):
        keys |= {str(entry.get("pmid", "")), str(entry.get("doi", "")).lower()} - {""}
        if entry.get("authors"):
            authored.add((str(entry["authors"][0]).split()[0].lower(), entry.get("year")))
    for section in ("review", "external"):  # external entries are keyed by "PMID:..."/"DOI:..."
        keys |= {k.split(":", 1)[1].lower() for k in refs.get(section, {}) if ":" in k}
    return {f.id for f in findings
            if (f.pmid or f.doi.lower()) in keys or (f.author.split()[-1].lower(), f.year) in authored}


def table() -> list[tuple[str, str, str, str, bool]]:
    """(id, area, outcome, detail, cited by the model) for every finding, in data order."""
    cited = cited_by_model()
    rows = []
    for finding in FINDINGS:
        judgement = judge(finding)
        status = judgement.status
        if finding.miss and status == HOLDS:
            status = "holds (marked miss: unmark it)"
        detail = finding.miss if status == MISS else judgement.detail
        rows.append((finding.id, finding.area, status, detail, finding.id in cited))
    return rows


def batch_summary(rows: list[tuple[str, str, str, str, bool]], findings: list[Finding] = FINDINGS) -> list[str]:
    """One line per held-out batch (findings chosen from the papers before the model was run on
    them): how many hold out of how many, then the same per area, then the ids of the misses.

    >>> f = Finding(id="a", area="fate", author="-", year=2000, journal="-", system="-", observation="-",
    ...             expect=(), pmid="1000000", heldout="2026-12")
    >>> batch_summary([("a", "fate", HOLDS, "", False)], [f])
    ['held-out batch 2026-12: 1/1 hold (100%); fate 1/1; misses: -']
    """
    batch_of = {f.id: f.heldout for f in findings if f.heldout}
    lines = []
    for batch in sorted(set(batch_of.values())):
        mine = [r for r in rows if batch_of.get(r[0]) == batch]
        holds = [r for r in mine if r[2] == HOLDS]
        areas = Counter(r[1] for r in mine)
        held = Counter(r[1] for r in holds)
        per_area = ", ".join(f"{area} {held[area]}/{n}" for area, n in sorted(areas.items()))
        misses = ", ".join(r[0] for r in mine if r[2] != HOLDS) or "-"
        lines.append(f"held-out batch {batch}: {len(holds)}/{len(mine)} hold ({100 * len(holds) // len(mine)}%); "
                     f"{per_area}; misses: {misses}")
    return lines


def test_batch_summary_counts_each_batch() -> None:
    """The held-out summary counts holds and misses per batch and per area, and leaves out other findings."""
    def make(ident: str, area: str, batch: str) -> Finding:
        return Finding(id=ident, area=area, author="-", year=2000, journal="-", system="-", observation="-",
                       expect=(), pmid="1000000", heldout=batch)

    findings = [make("a", "fate", "2026-12"), make("b", "fate", "2026-12"), make("c", "stress", "2026-12"),
                make("d", "stress", "")]
    rows = [("a", "fate", HOLDS, "", False), ("b", "fate", MISS, "", False), ("c", "stress", HOLDS, "", False),
            ("d", "stress", MISS, "", False)]
    assert batch_summary(rows, findings) == ["held-out batch 2026-12: 2/3 hold (66%); fate 1/2, stress 1/1; misses: b"]


def main(argv: list[str] | None = None) -> int:
    """Print the table of findings and the counts; ``--details`` adds what was found or why.

    The column after the area says whether the model's own references cite the paper
    ("cited") or not ("held out")."""
    details = "--details" in (argv if argv is not None else sys.argv[1:])
    rows = table()
    width = max(len(r[0]) for r in rows)
    for ident, area, status, detail, cited in rows:
        line = f"{ident:<{width}}  {area:<13}  {'cited' if cited else 'held out':<8}  {status}"
        print(f"{line}  {detail}" if details and detail else line)
    counts = Counter(r[2] for r in rows)
    held_out = [r for r in rows if not r[4]]
    print(f"\n{len(rows)} findings: " + ", ".join(f"{n} {s}" for s, n in counts.most_common()))
    print(f"{len(held_out)} from papers the model does not cite: "
          + ", ".join(f"{n} {s}" for s, n in Counter(r[2] for r in held_out).most_common()))
    for line in batch_summary(rows):
        print(line)
    print("model: " + str(Path(mtorlogic.__file__).parent))
    return 1 if counts[WRONG] or any(s.startswith("holds (") for s in counts) else 0


if __name__ == "__main__":
    sys.exit(main())
