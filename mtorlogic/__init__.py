"""mtorlogic: Boolean models of mTOR signalling and resistance to mTOR-pathway drugs.

>>> import mtorlogic
>>> model = mtorlogic.read_model("rules/")                       # doctest: +SKIP
>>> mtorlogic.attractors(model.with_defaults().fix({"everolimus": 1}))   # doctest: +SKIP
"""

from importlib import import_module as _import_module

# Names are imported on first use (PEP 562), so that ``import mtorlogic`` and the
# command line's start-up do not pay for numpy, scipy and the readers.
_LAZY = {
    "Attractor": "engine.attractors", "attractors": "engine.attractors",
    "Reduction": "engine.percolate", "percolate": "engine.percolate",
    "Trajectory": "engine.simulate", "simulate": "engine.simulate",
    "InputError": "errors", "MtorlogicError": "errors", "TooLargeError": "errors",
    "read_model": "io", "write_model": "io",
    "Model": "model", "NodeInfo": "model", "Provenance": "model", "Rule": "model",
    "read_rules": "rules", "read_rules_text": "rules",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(_import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mtorlogic' has no attribute '{name}'")


def __dir__():
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Attractor", "InputError", "Model", "MtorlogicError", "NodeInfo", "Provenance", "Reduction",
    "Rule", "TooLargeError", "Trajectory", "attractors", "percolate", "read_model", "read_rules",
    "read_rules_text", "simulate", "write_model",
]
