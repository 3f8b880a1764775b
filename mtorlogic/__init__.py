"""mtorlogic: Boolean models of mTOR signalling and resistance to mTOR-pathway drugs.

>>> import mtorlogic
>>> model, catalog = mtorlogic.load()                 # the bundled mTOR model and its catalog
>>> "mTORC1" in model, "everolimus" in catalog.drugs
(True, True)
>>> scenario = mtorlogic.load_scenario("pten-loss-everolimus")
>>> mtorlogic.evaluate(model, scenario, catalog).verdict
'sensitive'

What a notebook calls is here: ``load``, ``load_scenario``, ``scenario_names``; ``attractors``
(an :class:`AttractorSet`), ``evaluate`` (a :class:`Verdict`), ``simulate`` (a :class:`Timecourse`),
``hypotheses``, ``drug_screen``; the plots ``plot_network``, ``plot_attractors``, ``plot_screen``,
``plot_timecourse``; ``mtorlogic.interop`` for CoLoMoTo, aeon and mpbn objects.
"""

from __future__ import annotations

import signal as _signal
import sys as _sys

if _sys.argv[:1] == ["-m"] and _signal.getsignal(_signal.SIGINT) is _signal.default_int_handler:
    # ``python -m mtorlogic`` is starting: runpy imports this package before ``__main__`` can catch
    # Ctrl-C, so until the command line takes over (cli.main), Ctrl-C exits 130 without a traceback.
    def _interrupted(signum: int, frame: object) -> None:
        _sys.stderr.write("interrupted\n")
        raise SystemExit(130)

    _signal.signal(_signal.SIGINT, _interrupted)

from importlib import import_module as _import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import Catalog
    from .model import Model
    from .scenario import Scenario

# Names are imported on first use (PEP 562), so that ``import mtorlogic`` and the
# command line's start-up do not pay for numpy, scipy and the readers.
_LAZY = {
    "scenario_names": "bundled",
    "HypothesisReport": "hypotheses",
    "drug_screen": "screen", "ScreenResult": "screen",
    "plot_network": "plot", "plot_attractors": "plot", "plot_screen": "plot", "plot_timecourse": "plot",
    "Readouts": "phenotype",
    "UnknownName": "errors", "TimeoutExceeded": "errors",
    "AttractorSet": "engine.attractor_set",
    "Catalog": "catalog", "read_catalog": "catalog",
    "Attractor": "engine.attractors", "attractors": "engine.attractors",
    "Reduction": "engine.percolate", "percolate": "engine.percolate",
    "Timecourse": "engine.simulate", "Trajectory": "engine.simulate", "simulate": "engine.simulate",
    "InputError": "errors", "MtorlogicError": "errors", "TooLargeError": "errors",
    "read_model": "io", "write_model": "io",
    "Model": "model", "NodeInfo": "model", "Provenance": "model", "Rule": "model",
    "Verdict": "phenotype", "evaluate": "phenotype",
    "read_rules": "rules", "read_rules_text": "rules",
    "Scenario": "scenario", "read_scenario": "scenario",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("mtorlogic")
        except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
            value = "0+unknown"
    elif name == "hypotheses":  # the module, which is callable: mtorlogic.hypotheses(model, catalog, scenario)
        value = _import_module(".hypotheses", __name__)
    elif name in _LAZY:
        value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'mtorlogic' has no attribute '{name}'")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY, "__version__", "hypotheses"])


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
    from .catalog import read_catalog
    from .errors import InputError
    from .io import read_model

    if path is not None and not isinstance(path, (str, Path)):
        raise TypeError(f"load() takes a path (str or Path) or nothing for the bundled model, not {path!r}")
    if path is not None and not str(path).strip():  # Path("") is the current directory: never meant
        raise InputError.at("", "load(''): the path is empty; give a model file or directory, or call load() "
                            "for the bundled model")
    source = RULES if path is None else Path(path)
    model = read_model(source)
    catalog = read_catalog(source)
    catalog.validate(model)
    return model, catalog


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A scenario from a ``.toml`` file, or a bundled scenario by name (``mtorlogic scenarios`` lists them)."""
    from .bundled import resolve_scenario
    from .scenario import read_scenario

    return read_scenario(resolve_scenario(str(name_or_path)))


__all__ = [
    "Attractor", "AttractorSet", "Catalog", "HypothesisReport", "InputError", "Model", "MtorlogicError",
    "NodeInfo", "Provenance", "Readouts", "Reduction", "Rule", "Scenario", "ScreenResult", "Timecourse",
    "TimeoutExceeded", "TooLargeError", "Trajectory", "UnknownName", "Verdict", "__version__", "attractors",
    "drug_screen", "evaluate", "hypotheses", "load", "load_scenario", "percolate", "plot_attractors",
    "plot_network", "plot_screen", "plot_timecourse", "read_catalog", "read_model", "read_rules",
    "read_rules_text", "read_scenario", "scenario_names", "simulate", "write_model",
]
