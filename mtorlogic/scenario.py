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
    disagrees = "..."                   # optional: why the model disagrees with this observation
                                        # (reported as a known disagreement, not a failure)

    [simulation]                        # optional: settings of `mtorlogic simulate` (docs/simulation.md)
    runs = 10000
    perturb_at = 20                     # the drugs apply from this time step (docs/simulation.md)

Applying a scenario to a model gives two perturbed models: the background
(inputs at their defaults, then conditions, alterations and fixes) and the
treated one (the background plus the drugs). A node fixed to both 0 and 1 by
two sources is an error naming both; so is a drug or mutation given as a
condition, and a ``fix`` that holds a node against what an alteration forces
on it (``fix = { PTEN = 1 }`` with ``PTEN_loss``). An ``[[expect]]`` states
one thing: a verdict or a node's value, not both. Every problem is reported as
``file:line:column: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from .catalog import Catalog, Entry
from .errors import InputError, Problem, UnknownName, did_you_mean
from .io._toml import Table, parse_toml
from .io._read import read_input
from .expr import CONST, substitute, to_text, variables
from .model import Model
from .references import RefKey, parse_key

VERDICTS = ("sensitive", "resistant", "partial", "not_applicable", "untreated")
RESPONSES = ("cytotoxic", "cytostatic", "resistant", "partial", "not_applicable", "untreated")
_KEYS = ("name", "description", "model", "conditions", "alterations", "drugs", "fix", "expect", "simulation")
_EXPECT_KEYS = ("verdict", "response", "node", "state", "value", "refs", "note", "disagrees")


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
    # why the model disagrees with this observation (a known disagreement, reported, never hidden;
    # an expectation that starts to hold must lose it)
    disagrees: str = ""

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
    source: str = ""  # the file it was read from; empty for one made in Python
    text: str = field(default="", repr=False, compare=False)
    simulation: dict[str, Any] | None = field(default=None, compare=False)  # [simulation]: see mtorlogic.stochastic

    def __post_init__(self) -> None:
        # A single name is one item, not a sequence of characters: Scenario(drugs="everolimus").
        for name in ("alterations", "drugs"):
            object.__setattr__(self, name, _names_tuple(getattr(self, name), name))
        expect = (self.expect,) if isinstance(self.expect, Expectation) else tuple(self.expect)
        object.__setattr__(self, "expect", expect)
        for name in ("conditions", "fix"):
            value = getattr(self, name)
            if not isinstance(value, Mapping):
                raise InputError.at(self.source, f"'{name}' must be a mapping of node to 0 or 1, not {value!r}")
            object.__setattr__(self, name, dict(value))

    def extend(self, drugs: str | Iterable[str] = (), alterations: str | Iterable[str] = (),
               conditions: Mapping[str, int] | None = None, fix: Mapping[str, int] | None = None) -> "Scenario":
        """A copy with more drugs, alterations, conditions or fixes (command-line options)."""
        return Scenario(
            name=self.name, description=self.description,
            conditions={**self.conditions, **(conditions or {})},
            alterations=tuple(dict.fromkeys([*self.alterations, *_names_tuple(alterations, "alterations")])),
            drugs=tuple(dict.fromkeys([*self.drugs, *_names_tuple(drugs, "drugs")])),
            fix={**self.fix, **(fix or {})},
            expect=self.expect, model=self.model, source=self.source, text=self.text, simulation=self.simulation,
        )

    def where(self, needle: str, within: str | None = None, start: int = 0) -> tuple[int, int]:
        """Line and column of the first mention of ``needle`` in the file (for error messages),
        at or after the line that sets the top-level key ``within`` when given, and after
        line ``start``."""
        lines = self.text.splitlines()
        if within:
            start = next((i for i, line in enumerate(lines[start:], start=start)
                          if re.match(rf"\s*(\[\s*)?{re.escape(within)}\s*[=\]]", line)), start)
        for number, line in enumerate(lines[start:], start=start + 1):
            m = re.search(r'(?<![\w-])"?(' + re.escape(needle) + r')"?(?![\w-])', line)
            if m:
                return number, m.start(1) + 1
        return 0, 0

    def problem(self, needle: str, message: str, within: str | None = None, start: int = 0) -> Problem:
        line, col = self.where(needle, within, start)
        return Problem(self.source, line, col, message)

    def expectation_start(self, index: int) -> int:
        """The line (0-based) where the ``index``-th ``[[expect]]`` table starts, 0 when not found."""
        headers = [i for i, line in enumerate(self.text.splitlines()) if re.match(r"\s*\[\[\s*expect\s*\]\]", line)]
        return headers[index] if index < len(headers) else 0

    # --- application ------------------------------------------------------

    def fixes(self, model: Model, catalog: Catalog) -> tuple[dict[str, int], dict[str, int]]:
        """Node values of the background and of the treatment, with contradiction checks.

        Returns
        -------
        background : node -> value (defaults, conditions, alterations, fixes)
        treated : node -> value (background plus drugs)
        """
        problems: list[Problem] = []
        unknown: list[Problem] = []  # problems that are unknown names (the error is then a KeyError too)
        values: dict[str, tuple[int, str]] = {}

        def put(name: str, value: int, origin: str, inputs_only: bool = False) -> None:
            if len(problems) >= MAX_PROBLEMS:  # a table of 100,000 mistakes: say the first ones, fast
                raise _TooManyProblems()
            key = {"drug": "drugs", "alteration": "alterations"}.get(origin.split()[0], origin.split()[0])
            try:
                node = model.resolve(name, self.source)
            except InputError as e:
                problems.append(self.problem(name, e.problems[0].message, key))
                unknown.append(problems[-1])
                return
            if inputs_only and node not in model.inputs:
                problems.append(self.problem(name, f"'{name}' is not an input; hold it with 'fix' instead", key))
                return
            kind = model.info(node).kind
            wanted = {"drug": "drug", "alteration": "mutation"}.get(origin.split()[0])
            if wanted and kind != wanted:
                problems.append(self.problem(name, _misplaced(name, kind, key), key))
                return
            if origin == "conditions" and kind in _PERTURBATION_KEYS:
                problems.append(self.problem(name, f"'{name}' is a {kind}, not a condition: list it under "
                                             f"'{_PERTURBATION_KEYS[kind]}'", key))
                return
            if node in values and values[node][0] != value and values[node][1] != "default":
                problems.append(self.problem(name, f"'{node}' is fixed to {values[node][0]} by {values[node][1]} "
                                             f"and to {value} by {origin}", key))
                return
            values[node] = (int(value), origin)

        def put_catalogued(names: Iterable[str], lookup: Callable[[str, str], Entry], category: str,
                           key: str) -> None:
            uncatalogued = not (catalog.drugs if category == "drug" else catalog.alterations)
            for name in names:
                if uncatalogued:  # a model without a catalog: drugs and alterations are its input nodes
                    put(name, 1, f"{category} {name}", inputs_only=True)
                    continue
                if len(problems) >= MAX_PROBLEMS:
                    raise _TooManyProblems()
                try:
                    entry = lookup(name, self.source)
                except InputError as e:
                    node = name if name in model else None  # a node of another kind: say which list it is for
                    message = (_misplaced(name, model.info(node).kind, key) if node is not None
                               else e.problems[0].message)
                    problems.append(self.problem(name, message, key))
                    if node is None:
                        unknown.append(problems[-1])
                    continue
                put(entry.id, 1, f"{category} {entry.id}")

        try:
            for node, value in model.defaults().items():
                values[node] = (value, "default")
            for name, value in self.conditions.items():
                put(name, value, "conditions", inputs_only=True)
            put_catalogued(self.alterations, catalog.alteration, "alteration", "alterations")
            for name, value in self.fix.items():
                put(name, value, "fix")
            background = {n: v for n, (v, _) in values.items()}
            put_catalogued(self.drugs, catalog.drug, "drug", "drugs")
        except _TooManyProblems:
            raise InputError([*problems, Problem(self.source, 0, 0, f"stopped after {MAX_PROBLEMS} problems; "
                                                 "fix these and run again")]) from None
        problems += self._undone_alterations(model, values)
        problems += self._unknown_expectation_nodes(model)
        if problems:
            raise (UnknownName if len(unknown) == len(problems) else InputError)(problems)
        treated = {n: v for n, (v, _) in values.items()}
        return background, treated

    def _undone_alterations(self, model: Model, values: dict[str, tuple[int, str]]) -> list[Problem]:
        """An alteration whose direct effect 'fix' holds at the opposite value does nothing: an error.

        The direct effect of an alteration node is every node whose rule it
        alone makes constant (``PTEN = !PTEN_loss``: PTEN_loss forces PTEN to 0);
        fixing such a node the other way (``fix = { PTEN = 1 }``) undoes the alteration.
        """
        problems = []
        altered = [n for n, (v, origin) in values.items() if origin.startswith("alteration") and v == 1]
        for alteration in altered:
            for node in model.nodes:
                function = model.function(node)
                if node == alteration or alteration not in variables(function) or values.get(node, (0, ""))[1] != "fix":
                    continue
                forced = substitute(function, {alteration: 1})
                if forced[0] == CONST and int(forced[1]) != values[node][0]:
                    problems.append(self.problem(node, f"'fix' holds '{node}' at {values[node][0]}, but alteration "
                                                 f"'{alteration}' forces it to {int(forced[1])} ({node} = "
                                                 f"{to_text(function)}): the alteration would do nothing", "fix"))
        return problems

    def _unknown_expectation_nodes(self, model: Model) -> list[Problem]:
        problems = []
        for index, exp in enumerate(self.expect):
            if exp.node is None:
                continue
            try:
                model.resolve(exp.node, self.source)
            except InputError as e:
                problems.append(self.problem(exp.node, e.problems[0].message, "node", self.expectation_start(index)))
        return problems

    def apply(self, model: Model, catalog: Catalog) -> tuple[Model, Model]:
        """The background and treated models."""
        background, treated = self.fixes(model, catalog)
        return model.fix(background, self.source), model.fix(treated, self.source)


_PERTURBATION_KEYS = {"drug": "drugs", "mutation": "alterations"}
MAX_PROBLEMS = 20  # located problems reported from one scenario before giving up


class _TooManyProblems(Exception):
    pass


def _misplaced(name: str, kind: str, key: str) -> str:
    """Why node ``name`` of ``kind`` cannot be listed under ``key`` (drugs or alterations)."""
    where = {"drug": "'drugs'", "mutation": "'alterations'", "condition": "'conditions'"}.get(kind, "'fix'")
    role = {"drug": "a drug", "mutation": "an alteration", "condition": "a condition"}.get(kind, f"a {kind} node")
    listed = "a drug" if key == "drugs" else "an alteration"
    return f"'{name}' is {role}, not {listed}: list it under {where}"


def _names_tuple(value: str | Iterable[str], what: str) -> tuple[str, ...]:
    """A tuple of ids from one id or a sequence of them."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Mapping):  # {"everolimus": 0} reads as "given" when iterated: say what is meant
        raise InputError.at("", f"'{what}' is a list of the ids given, not a mapping ({value!r}): "
                            f"list those given, leave out the others")
    try:
        items = tuple(value)
    except TypeError:
        raise InputError.at("", f"'{what}' must be an id or a list of ids, not {value!r}") from None
    if not all(isinstance(item, str) for item in items):
        raise InputError.at("", f"'{what}' must be an id or a list of ids, not {value!r}")
    return items


def read_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file (structure only; names are checked on application)."""
    return parse_scenario(read_input(path), str(path))


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    data = parse_toml(text, source)
    draft = Scenario(source=source, text=text)
    problems: list[Problem] = []
    for key in data:
        if key not in _KEYS:
            problems.append(draft.problem(key, f"unknown key '{key}'{did_you_mean(key, _KEYS)}"))

    def mapping(key: str) -> dict[str, int]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            problems.append(draft.problem(key, f"'{key}' must be a table like {{ NODE = 0 }}"))
            return {}
        good: dict[str, int] = {}
        for k, v in value.items():
            if isinstance(v, (int, bool)) and v in (0, 1):
                good[k] = int(v)
            else:
                problems.append(draft.problem(k, f"'{key}.{k}' must be 0 or 1, not {v!r}", key))
        return good

    def names(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(draft.problem(key, f"'{key}' must be a list of ids"))
            return ()
        return tuple(value)

    expectations: list[Expectation] = []
    raw_expect = data.get("expect", [])
    if not isinstance(raw_expect, list):
        raw_expect = []
        problems.append(draft.problem("expect", "'expect' must be written as [[expect]] tables"))
    for index, item in enumerate(raw_expect):
        try:
            expectations.append(_expectation(item))
        except _BadExpectation as e:
            problems.append(draft.problem(e.key, e.message, start=draft.expectation_start(index)))
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        problems.append(draft.problem("model", f"'model' must be a path (a string), not {model!r}"))
        model = None
    elif model is not None and not model.strip():
        problems.append(draft.problem("model", "'model' is empty: give the model's path, or leave 'model' out "
                                      "for the default model"))
        model = None
    scenario = Scenario(
        name=str(data.get("name", Path(source).stem)),
        description=str(data.get("description", "")),
        conditions=mapping("conditions"),
        alterations=names("alterations"),
        drugs=names("drugs"),
        fix=mapping("fix"),
        expect=tuple(expectations),
        model=model,
        simulation=_simulation_table(data, draft, problems),
        source=source,
        text=text,
    )
    if problems:
        raise InputError(problems)
    return scenario


def _simulation_table(data: Table, draft: Scenario, problems: list[Problem]) -> dict[str, Any] | None:
    """The optional [simulation] table, kept as parsed; mtorlogic.stochastic checks its contents."""
    table = data.get("simulation")
    if table is not None and not isinstance(table, dict):
        problems.append(draft.problem("simulation", "'simulation' must be a table: [simulation]"))
        return None
    return table


class _BadExpectation(Exception):
    def __init__(self, key: str, message: str):
        self.key, self.message = key, message


# Keys that state what the expectation is about: a verdict or a response is about the
# whole scenario, a node about one node; an expectation has exactly one subject.
_SUBJECTS = ("verdict", "response")


def _expectation(item: object) -> Expectation:
    if not isinstance(item, dict):
        raise _BadExpectation("expect", "each [[expect]] must be a table")
    for key in item:
        if key not in _EXPECT_KEYS:
            raise _BadExpectation(key, f"unknown key '{key}' in [[expect]]{did_you_mean(key, _EXPECT_KEYS)}")
    refs = _refs(item.get("refs", []))
    disagrees = item.get("disagrees", "")
    if not isinstance(disagrees, str) or ("disagrees" in item and not disagrees.strip()):
        raise _BadExpectation("disagrees", "'disagrees' says, in words, why the model disagrees with the observation")
    expectation = _subject(item, refs)
    return replace(expectation, disagrees=disagrees) if disagrees else expectation


def _subject(item: dict[str, object], refs: tuple[RefKey, ...]) -> Expectation:
    """The one thing an [[expect]] states: a response, a verdict, or a node's value."""
    subjects = [key for key in (*_SUBJECTS, "node") if key in item]
    if len(subjects) > 1:
        raise _BadExpectation(subjects[-1], f"an [[expect]] states one thing: {' and '.join(map(repr, subjects))} "
                              "cannot both be given; write two [[expect]] tables")
    if "response" in item:
        if item["response"] not in RESPONSES:
            raise _BadExpectation("response", f"response {item['response']!r} is not one of {', '.join(RESPONSES)}")
        return Expectation(response=item["response"], refs=refs, note=str(item.get("note", "")))
    if "verdict" in item:
        if item["verdict"] not in VERDICTS:
            raise _BadExpectation("verdict", f"verdict {item['verdict']!r} is not one of {', '.join(VERDICTS)}")
        for key in ("state", "value"):
            if key in item:
                raise _BadExpectation(key, f"'{key}' belongs to a node expectation, not to a verdict")
        return Expectation(verdict=item["verdict"], refs=refs, note=str(item.get("note", "")))
    if "node" not in item or "value" not in item:
        raise _BadExpectation("expect", "an [[expect]] needs 'verdict', 'response', or 'node' and 'value'")
    if not isinstance(item["node"], str):
        raise _BadExpectation("node", f"'node' must be a node name (a string), not {item['node']!r}")
    state = item.get("state", "treated")
    if state not in ("treated", "background"):
        raise _BadExpectation("state", f"state {state!r} must be 'treated' or 'background'")
    value = item["value"]
    if value not in (0, 1, "oscillating") or isinstance(value, (bool, float)):
        raise _BadExpectation("value", f"value {value!r} must be 0, 1 or \"oscillating\"")
    return Expectation(node=item["node"], state=state, value=value, refs=refs, note=str(item.get("note", "")))


def _refs(value: object) -> tuple[RefKey, ...]:
    """The review's reference numbers and external PMID:/DOI: keys (one number alone is accepted)."""
    items = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    try:
        if not isinstance(items, list):
            raise ValueError(value)
        return tuple(parse_key(r) for r in items)
    except (TypeError, ValueError):
        raise _BadExpectation("refs", "'refs' must be a list of reference numbers or PMID:/DOI: keys such as "
                              f"[40, \"PMID:25261369\"], not {value!r}") from None


def default_model_path(scenario: Scenario | None = None) -> Path:
    """Where a scenario's model is.

    In order: the scenario's ``model`` key (relative to the file), ``../rules``
    beside the scenario file, ``./rules`` in the working directory, and last
    the model bundled with the package (:mod:`mtorlogic.bundled`).
    """
    from .bundled import RULES, SCENARIOS

    if scenario is not None and scenario.source not in ("", "<command line>", "<scenario>"):
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
