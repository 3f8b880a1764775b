"""mtorlogic: Boolean models of mTOR signalling and resistance to mTOR-pathway drugs.

>>> import mtorlogic
>>> model, catalog = mtorlogic.load()                 # the bundled mTOR model and its catalog
>>> "mTORC1" in model, "everolimus" in catalog.drugs
(True, True)
>>> scenario = mtorlogic.load_scenario("pten-loss-everolimus")
>>> mtorlogic.evaluate(model, scenario, catalog).verdict
'sensitive'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .attractor_set import AttractorSet
from .catalog import Catalog, read_catalog
from .engine.attractors import Attractor, attractors
from .engine.percolate import Reduction, percolate
from .engine.simulate import Trajectory, simulate
from .errors import InputError, MtorlogicError, TooLargeError
from .io import read_model, write_model
from .model import Model, NodeInfo, Provenance, Rule
from .phenotype import Verdict, evaluate
from .rules import read_rules, read_rules_text
from .scenario import Scenario, read_scenario

try:
    __version__ = version("mtorlogic")
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"


def load(path: str | Path | None = None) -> tuple[Model, Catalog]:
    """The model and its drug/alteration catalog in one call.

    Parameters
    ----------
    path : a model file or directory (its ``catalog.toml`` beside it, if any);
        default: the mTOR model bundled with the package

    Returns
    -------
    (Model, Catalog); the catalog is empty for a model without one.

    Raises
    ------
    InputError
        For an unreadable model, or a catalog entry that is not an input of the model.
    """
    from .bundled import RULES

    source = RULES if path is None else Path(path)
    model = read_model(source)
    catalog = read_catalog(source)
    catalog.validate(model)
    return model, catalog


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A scenario from a ``.toml`` file, or a bundled scenario by name (``mtorlogic scenarios`` lists them)."""
    from .bundled import resolve_scenario

    return read_scenario(resolve_scenario(str(name_or_path)))


__all__ = [
    "Attractor", "AttractorSet", "Catalog", "InputError", "Model", "MtorlogicError", "NodeInfo", "Provenance",
    "Reduction", "Rule", "Scenario", "TooLargeError", "Trajectory", "Verdict", "__version__", "attractors",
    "evaluate", "load", "load_scenario", "percolate", "read_catalog", "read_model", "read_rules",
    "read_rules_text", "read_scenario", "simulate", "write_model",
]
