"""The mTOR model and scenarios that ship inside the package.

The model of the review (rules, catalog, statement ledger) and its scenarios
live in ``mtorlogic/data/``; in a source checkout ``rules/`` and
``scenarios/`` at the top are links to them. A user's own ``./rules`` takes
precedence over the bundled model wherever no model is named.

Examples
--------
>>> "pten-loss-everolimus" in scenario_names()
True
>>> scenario_path("pten-loss-everolimus").name
'pten-loss-everolimus.toml'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .errors import InputError, did_you_mean

DATA = Path(str(files("mtorlogic") / "data"))
RULES = DATA / "rules"
SCENARIOS = DATA / "scenarios"


def scenario_names() -> list[str]:
    """Names of the bundled scenarios (file stems), sorted."""
    return sorted(p.stem for p in SCENARIOS.glob("*.toml"))


def scenario_path(name: str) -> Path:
    """The bundled scenario file called ``name`` (with or without ``.toml``).

    Raises
    ------
    InputError
        When no bundled scenario has that name (with a "did you mean").
    """
    stem = name[:-5] if name.endswith(".toml") else name
    path = SCENARIOS / f"{stem}.toml"
    if path.is_file():
        return path
    raise InputError.at(name, "no such file, and no bundled scenario of that name"
                        f"{did_you_mean(stem, scenario_names())}; 'mtorlogic scenarios' lists them")


def resolve_scenario(argument: str) -> Path:
    """A scenario argument as a path: an existing file, else a bundled scenario by name."""
    path = Path(argument)
    if path.exists() or path.parent != Path("."):
        return path
    return scenario_path(argument)
