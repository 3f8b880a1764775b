"""mtorlogic: Boolean models of mTOR signalling and resistance to mTOR-pathway drugs.

>>> import mtorlogic
>>> model = mtorlogic.read_model("rules/")                       # doctest: +SKIP
>>> mtorlogic.attractors(model.with_defaults().fix({"everolimus": 1}))   # doctest: +SKIP
"""

from .engine.attractors import Attractor, attractors
from .engine.percolate import Reduction, percolate
from .engine.simulate import Trajectory, simulate
from .errors import InputError, MtorlogicError, TooLargeError
from .io import read_model, write_model
from .model import Model, NodeInfo, Provenance, Rule
from .rules import read_rules, read_rules_text

__all__ = [
    "Attractor", "InputError", "Model", "MtorlogicError", "NodeInfo", "Provenance", "Reduction",
    "Rule", "TooLargeError", "Trajectory", "attractors", "percolate", "read_model", "read_rules",
    "read_rules_text", "simulate", "write_model",
]
