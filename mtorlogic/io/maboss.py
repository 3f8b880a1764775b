"""MaBoSS export: a ``.bnd`` network and a ``.cfg`` configuration.

MaBoSS simulates a continuous-time Markov process on the asynchronous
dynamics: each node has a rate up (when its logic says it should be on and
it is off) and a rate down. We write every node as::

    Node X {
      logic = (A & !B);
      rate_up = @logic ? $u_X : 0;
      rate_down = @logic ? 0 : $d_X;
    }

with all rates 1 in the ``.cfg``, so a run is the stochastic asynchronous
semantics of DESIGN.md with uniform rates. Inputs keep their value
(``logic = X``); inputs with a default (and nodes the model holds fixed) start
at that value, every other node starts at 0 or 1 with probability 1/2.

Names MaBoSS cannot read (``.``, ``-``, a leading digit, its keywords) are
renamed; the renaming is listed in a comment at the top of the ``.bnd``.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input GF condition default 1\\nAKT = GF & !PTEN\\ninput PTEN protein")
>>> print(next(block for block in format_bnd(m).split("\\n\\n") if block.startswith("Node AKT")))
Node AKT {
  logic = GF & !PTEN;
  rate_up = @logic ? $u_AKT : 0;
  rate_down = @logic ? 0 : $d_AKT;
}
>>> [line for line in format_cfg(m).splitlines() if "istate" in line]
['GF.istate = 1;', '[PTEN].istate = 0.5 [0], 0.5 [1];', '[AKT].istate = 0.5 [0], 0.5 [1];']
"""

from __future__ import annotations

from pathlib import Path

from ..expr import to_text
from ..model import Model
from ._atomic import atomic_write
from ._names import legal_names

# MaBoSS's lexer takes these as keywords whatever their case (BooleanGrammar.l).
RESERVED = ("NOT", "AND", "OR", "XOR", "NODE", "SINGLE_EXPRESSION",
            "DIVISION", "DEATH", "RATE", "DAUGHTER1", "DAUGHTER2", "CELL")

SIMULATION_DEFAULTS = {
    "time_tick": 0.5,
    "max_time": 100,
    "sample_count": 1000,
    "discrete_time": 0,
    "use_physrandgen": 0,
    "seed_pseudorandom": 0,
    "thread_count": 1,
    "statdist_traj_count": 0,
    "statdist_cluster_threshold": 1,
}


def write_maboss(model: Model, bnd_path: str | Path, cfg_path: str | Path | None = None,
                 **settings: float) -> None:
    """Write a model as a MaBoSS ``.bnd`` and ``.cfg`` pair, each atomically.

    Parameters
    ----------
    model : Model
    bnd_path : the network file
    cfg_path : the configuration file; default: ``bnd_path`` with the suffix ``.cfg``
    **settings : simulation settings overriding :data:`SIMULATION_DEFAULTS`
        (``max_time``, ``sample_count``, ``time_tick``, ``seed_pseudorandom``, ...)

    Examples
    --------
    >>> write_maboss(model, "mtor.bnd", max_time=50)   # doctest: +SKIP
    """
    bnd_path = Path(bnd_path)
    cfg_path = Path(cfg_path) if cfg_path is not None else bnd_path.with_suffix(".cfg")
    bnd, cfg = format_bnd(model), format_cfg(model, **settings)  # both rendered before either is written
    atomic_write(bnd_path, bnd)
    atomic_write(cfg_path, cfg)


def maboss_names(model: Model) -> dict[str, str]:
    """Node id -> the name it has in the MaBoSS files."""
    return legal_names(model.nodes, RESERVED, case_sensitive=False)


def format_bnd(model: Model) -> str:
    """The ``.bnd`` text of a model (see the module documentation)."""
    names = maboss_names(model)
    header = [f"// {model.name or 'model'}: {len(model)} nodes, written by mtorlogic"]
    header += [f"// renamed: {old} -> {new}" for old, new in names.items() if old != new]
    blocks = ["\n".join(header)]
    for n in model.nodes:
        m = names[n]
        logic = to_text(model.function(n), "maboss", name=names.__getitem__)
        blocks.append(f"Node {m} {{\n"
                      f"  logic = {logic};\n"
                      f"  rate_up = @logic ? $u_{m} : 0;\n"
                      f"  rate_down = @logic ? 0 : $d_{m};\n"
                      "}")
    return "\n\n".join(blocks) + "\n"


def format_cfg(model: Model, **settings: float) -> str:
    """The ``.cfg`` text: rates 1, initial states, simulation settings."""
    unknown = set(settings) - set(SIMULATION_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown MaBoSS setting(s): {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(SIMULATION_DEFAULTS)}")
    names = maboss_names(model)
    start = {**model.defaults(), **model.fixed}
    lines = [f"// {model.name or 'model'}: rates and initial state, written by mtorlogic", ""]
    for n in model.nodes:
        lines.append(f"$u_{names[n]} = 1;")
        lines.append(f"$d_{names[n]} = 1;")
    lines.append("")
    for n in model.nodes:
        if n in start:
            lines.append(f"{names[n]}.istate = {int(start[n])};")
        else:
            lines.append(f"[{names[n]}].istate = 0.5 [0], 0.5 [1];")
    lines.append("")
    lines += [f"{key} = {value};" for key, value in {**SIMULATION_DEFAULTS, **settings}.items()]
    return "\n".join(lines) + "\n"
