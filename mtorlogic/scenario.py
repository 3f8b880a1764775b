"""Scenarios: a background (conditions, alterations, node fixes) and a treatment (drugs).

A scenario file is TOML::

    name = "PTEN loss, everolimus"
    description = "..."
    model = "../rules"                  # optional; default: ../rules beside scenarios/, or ./rules
    conditions = { AminoAcids = 0 }     # condition inputs overriding their defaults
    alterations = ["PTEN_loss"]
    drugs = ["everolimus"]              # the treatment
    fix = { S6K1 = 0 }                  # extra node fixes in the background

    [[expect]]                          # what the review says should happen
    verdict = "sensitive"
    refs = [40]
    [[expect]]
    response = "cytostatic"             # the graded response (mtorlogic.phenotype)
    refs = [4]
    [[expect]]
    node = "mTORC2"
    state = "treated"                   # or "background"
    value = 0                           # in every attractor: 0, 1 or "oscillating"
    refs = [4]

    [simulation]                        # optional: settings of `mtorlogic simulate` (docs/simulation.md)
    runs = 10000
    perturb_at = 20                     # alterations, fixes and drugs apply from this time step

Applying a scenario to a model gives two perturbed models: the background
(inputs at their defaults, then conditions, alterations and fixes) and the
treated one (the background plus the drugs). A node fixed to both 0 and 1 by
two sources is an error naming both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .catalog import Catalog
from .errors import InputError, Problem, did_you_mean
from .model import Model
from .references import parse_key

VERDICTS = ("sensitive", "resistant", "partial", "not_applicable", "untreated")
RESPONSES = ("cytotoxic", "cytostatic", "resistant", "partial", "not_applicable", "untreated")
_KEYS = ("name", "description", "model", "conditions", "alterations", "drugs", "fix", "expect", "simulation")
_EXPECT_KEYS = ("verdict", "response", "node", "state", "value", "refs", "note")


@dataclass(frozen=True)
class Expectation:
    """A verdict, a graded response, or a node's value in every attractor of one state."""

    verdict: str | None = None
    response: str | None = None
    node: str | None = None
    state: str = "treated"
    value: int | str | None = None
    refs: tuple[int | str, ...] = ()  # the review's numbers and external PMID:/DOI: keys
    note: str = ""

    def describe(self) -> str:
        if self.verdict:
            return f"verdict {self.verdict}"
        if self.response:
            return f"response {self.response}"
        return f"{self.node} = {self.value} in every {self.state} attractor"


@dataclass(frozen=True)
class Scenario:
    name: str = "scenario"
    description: str = ""
    conditions: dict[str, int] = field(default_factory=dict)
    alterations: tuple[str, ...] = ()
    drugs: tuple[str, ...] = ()
    fix: dict[str, int] = field(default_factory=dict)
    expect: tuple[Expectation, ...] = ()
    model: str | None = None
    source: str = "<command line>"
    text: str = field(default="", repr=False, compare=False)
    simulation: dict | None = field(default=None, compare=False)  # [simulation]: see mtorlogic.stochastic

    def extend(self, drugs=(), alterations=(), conditions: Mapping[str, int] | None = None,
               fix: Mapping[str, int] | None = None) -> "Scenario":
        """A copy with more drugs, alterations, conditions or fixes (command-line options)."""
        return Scenario(
            name=self.name, description=self.description,
            conditions={**self.conditions, **(conditions or {})},
            alterations=tuple(dict.fromkeys([*self.alterations, *alterations])),
            drugs=tuple(dict.fromkeys([*self.drugs, *drugs])),
            fix={**self.fix, **(fix or {})},
            expect=self.expect, model=self.model, source=self.source, text=self.text, simulation=self.simulation,
        )

    def where(self, needle: str, within: str | None = None) -> tuple[int, int]:
        """Line and column of the first mention of ``needle`` in the file (for error messages),
        at or after the line that sets the top-level key ``within`` when given."""
        lines = self.text.splitlines()
        start = 0
        if within:
            start = next((i for i, line in enumerate(lines) if re.match(rf"\s*{re.escape(within)}\s*=", line)), 0)
        for number, line in enumerate(lines[start:], start=start + 1):
            m = re.search(r'(?<![\w-])"?' + re.escape(needle) + r'"?(?![\w-])', line)
            if m:
                return number, m.start() + 1
        return 0, 0

    def problem(self, needle: str, message: str, within: str | None = None) -> Problem:
        line, col = self.where(needle, within)
        return Problem(self.source, line, col, message)

    # --- application ------------------------------------------------------

    def fixes(self, model: Model, catalog: Catalog) -> tuple[dict[str, int], dict[str, int]]:
        """Node values of the background and of the treatment, with contradiction checks.

        Returns
        -------
        background : node -> value (defaults, conditions, alterations, fixes)
        treated : node -> value (background plus drugs)
        """
        problems: list[Problem] = []
        values: dict[str, tuple[int, str]] = {}

        def put(name: str, value, origin: str, inputs_only: bool = False):
            key = {"drug": "drugs", "alteration": "alterations"}.get(origin.split()[0], origin.split()[0])
            try:
                node = model.resolve(name, self.source)
            except InputError as e:
                problems.append(self.problem(name, e.problems[0].message, key))
                return
            if inputs_only and node not in model.inputs:
                problems.append(self.problem(name, f"'{name}' is not an input; hold it with 'fix' instead", key))
                return
            if node in values and values[node][0] != value and values[node][1] != "default":
                problems.append(self.problem(name, f"'{node}' is fixed to {values[node][0]} by {values[node][1]} "
                                             f"and to {value} by {origin}", key))
                return
            values[node] = (int(value), origin)

        def put_catalogued(names, lookup, category: str, key: str):
            uncatalogued = not (catalog.drugs if category == "drug" else catalog.alterations)
            for name in names:
                if uncatalogued:  # a model without a catalog: drugs and alterations are its input nodes
                    put(name, 1, f"{category} {name}", inputs_only=True)
                    continue
                try:
                    entry = lookup(name, self.source)
                except InputError as e:
                    problems.append(self.problem(name, e.problems[0].message, key))
                    continue
                put(entry.id, 1, f"{category} {entry.id}")

        for node, value in model.defaults().items():
            values[node] = (value, "default")
        for name, value in self.conditions.items():
            put(name, value, "conditions", inputs_only=True)
        put_catalogued(self.alterations, catalog.alteration, "alteration", "alterations")
        for name, value in self.fix.items():
            put(name, value, "fix")
        background = {n: v for n, (v, _) in values.items()}
        put_catalogued(self.drugs, catalog.drug, "drug", "drugs")
        if problems:
            raise InputError(problems)
        treated = {n: v for n, (v, _) in values.items()}
        return background, treated

    def apply(self, model: Model, catalog: Catalog) -> tuple[Model, Model]:
        """The background and treated models."""
        background, treated = self.fixes(model, catalog)
        return model.fix(background, self.source), model.fix(treated, self.source)


def read_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file (structure only; names are checked on application)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.at(str(path), "no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError.at(str(path), f"cannot read: {e}") from None
    return parse_scenario(text, str(path))


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    from .tomltext import TomlText

    data = TomlText.parse(text, source).data
    draft = Scenario(source=source, text=text)
    problems = []
    for key in data:
        if key not in _KEYS:
            problems.append(draft.problem(key, f"unknown key '{key}'{did_you_mean(key, _KEYS)}"))

    def mapping(key):
        value = data.get(key, {})
        if not isinstance(value, dict):
            problems.append(draft.problem(key, f"'{key}' must be a table like {{ NODE = 0 }}"))
            return {}
        for k, v in value.items():
            if v not in (0, 1) or isinstance(v, float):
                problems.append(draft.problem(k, f"'{key}.{k}' must be 0 or 1, not {v!r}"))
        return {k: int(v) for k, v in value.items() if v in (0, 1)}

    def names(key):
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(draft.problem(key, f"'{key}' must be a list of ids"))
            return ()
        return tuple(value)

    expectations = []
    raw_expect = data.get("expect", [])
    if not isinstance(raw_expect, list):
        raw_expect = []
        problems.append(draft.problem("expect", "'expect' must be written as [[expect]] tables"))
    for item in raw_expect:
        try:
            expectations.append(_expectation(item))
        except ValueError as e:
            problems.append(draft.problem(str(e).split("'")[1] if "'" in str(e) else "expect", str(e)))
    scenario = Scenario(
        name=str(data.get("name", Path(source).stem)),
        description=str(data.get("description", "")),
        conditions=mapping("conditions"),
        alterations=names("alterations"),
        drugs=names("drugs"),
        fix=mapping("fix"),
        expect=tuple(expectations),
        model=data.get("model"),
        simulation=_simulation_table(data, draft, problems),
        source=source,
        text=text,
    )
    if problems:
        raise InputError(problems)
    return scenario


def _simulation_table(data: dict, draft: Scenario, problems: list) -> dict | None:
    """The optional [simulation] table, kept as parsed; mtorlogic.stochastic checks its contents."""
    table = data.get("simulation")
    if table is not None and not isinstance(table, dict):
        problems.append(draft.problem("simulation", "'simulation' must be a table: [simulation]"))
        return None
    return table


def _expectation(item) -> Expectation:
    if not isinstance(item, dict):
        raise ValueError("each [[expect]] must be a table")
    for key in item:
        if key not in _EXPECT_KEYS:
            raise ValueError(f"unknown key '{key}' in [[expect]]{did_you_mean(key, _EXPECT_KEYS)}")
    raw_refs = item.get("refs", [])  # optional in the format; bundled scenarios must cite (test_scenarios)
    if not isinstance(raw_refs, list):
        raise ValueError("'refs' must be a list, e.g. refs = [14, \"PMID:25261369\"]")
    refs = tuple(parse_key(r) for r in raw_refs)
    if "response" in item:
        if "verdict" in item or item["response"] not in RESPONSES:
            raise ValueError(f"response '{item['response']}' must be alone in its [[expect]] and one of "
                             f"{', '.join(RESPONSES)}")
        return Expectation(response=item["response"], refs=refs, note=str(item.get("note", "")))
    if "verdict" in item:
        if item["verdict"] not in VERDICTS:
            raise ValueError(f"verdict '{item['verdict']}' is not one of {', '.join(VERDICTS)}")
        return Expectation(verdict=item["verdict"], refs=refs, note=str(item.get("note", "")))
    if "node" not in item or "value" not in item:
        raise ValueError("an [[expect]] needs 'verdict', 'response', or 'node' and 'value'")
    state = item.get("state", "treated")
    if state not in ("treated", "background"):
        raise ValueError(f"state '{state}' must be 'treated' or 'background'")
    value = item["value"]
    if value not in (0, 1, "oscillating") or isinstance(value, bool):
        raise ValueError(f"value '{value}' must be 0, 1 or \"oscillating\"")
    return Expectation(node=item["node"], state=state, value=value, refs=refs, note=str(item.get("note", "")))


def default_model_path(scenario: Scenario | None = None) -> Path:
    """Where a scenario's model is.

    In order: the scenario's ``model`` key (relative to the file), ``../rules``
    beside the scenario file, ``./rules`` in the working directory, and last
    the model bundled with the package (:mod:`mtorlogic.bundled`).
    """
    from .bundled import RULES, SCENARIOS

    if scenario is not None and scenario.source not in ("<command line>", "<scenario>"):
        base = Path(scenario.source).resolve().parent
        if scenario.model:
            return (base / scenario.model).resolve()
        if base != SCENARIOS.resolve() and (base.parent / "rules").is_dir():
            return base.parent / "rules"
    if scenario is not None and scenario.model:
        return Path(scenario.model)
    if Path("rules").is_dir():
        return Path("rules")
    return RULES
