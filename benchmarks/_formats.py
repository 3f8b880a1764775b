"""Shared by the format benchmark and tests: read one BBM model from every file
it comes in, check the readings define the same functions, and compare
attractors across readings whose node orders differ.

Functions are compared exactly: by truth table up to TRUTH_TABLE_LIMIT
variables, by BDDs (biodivine-aeon) above.
"""

from __future__ import annotations

import time
from pathlib import Path

from mtorlogic.errors import MtorlogicError
from mtorlogic.expr import to_text, variables
from mtorlogic.io import read_model
from mtorlogic.model import truth_table_equal

FORMAT_FILES = {"bnet": "model.bnet", "sbml": "model.sbml", "booleannet": "model.booleannet"}
TRUTH_TABLE_LIMIT = 20


def read_readings(folder: Path) -> tuple[dict, dict, dict]:
    """For the files a folder has: ({format: Model}, {format: why it could not be read},
    {format: seconds to read})."""
    models, failures, seconds = {}, {}, {}
    for fmt, filename in FORMAT_FILES.items():
        path = folder / filename
        if not path.exists():
            continue
        start = time.perf_counter()
        try:
            models[fmt] = read_model(path)
        except MtorlogicError as e:
            failures[fmt] = str(e).splitlines()[0]
        except RecursionError:  # a defect of ours, reported as such rather than hidden
            failures[fmt] = "RecursionError (expression nested too deeply for the parser)"
        seconds[fmt] = time.perf_counter() - start
    return models, failures, seconds


def same_function(f, g) -> bool:
    """Whether two expressions define the same Boolean function (exact)."""
    if f == g:
        return True
    names = sorted(variables(f) | variables(g))
    if len(names) <= TRUTH_TABLE_LIMIT:
        return truth_table_equal(f, g, names)
    import biodivine_aeon as ba

    index = {n: f"v{i}" for i, n in enumerate(names)}
    ctx = ba.BddVariableSet(list(index.values()))
    as_bdd = [ctx.eval_expression(to_text(e, "bnet", name=index.__getitem__)) for e in (f, g)]
    return as_bdd[0].semantic_eq(as_bdd[1])


def unused_inputs(model, nodes) -> list[str]:
    """Those of ``nodes`` that are inputs no function reads."""
    read = set().union(*(variables(model.function(n)) for n in model.nodes if n not in model.inputs))
    return [n for n in nodes if n in model.inputs and n not in read]


def differences(a, b) -> list[str]:
    """How two readings of one model differ; empty when they define the same network.

    Nodes present in only one reading are allowed when they are inputs that no
    function reads (some bnet exports drop such isolated inputs).
    """
    problems = []
    only_a, only_b = [n for n in a.nodes if n not in b], [n for n in b.nodes if n not in a]
    for model, only in ((a, only_a), (b, only_b)):
        loose = set(unused_inputs(model, only))
        problems += [f"node {n} in one reading only" for n in only if n not in loose]
    for n in a.nodes:
        if n in b and not same_function(a.function(n), b.function(n)):
            problems.append(f"function of {n} differs")
    return problems


def fixed_like(model, reference, values: dict[str, int]):
    """``model`` with the inputs ``reference`` fixes to ``values`` fixed the same way,
    and its own extra (isolated) inputs fixed to 0."""
    extra = {n: 0 for n in model.inputs if n not in reference}
    return model.fix({**{n: v for n, v in values.items() if n in model}, **extra})


def projected_signature(attractors, nodes) -> list:
    """Order-free description of attractors over ``nodes`` (in that order)."""
    nodes = list(nodes)
    sig = []
    for a in attractors:
        states = None
        if a.states is not None:
            columns = [a.nodes.index(n) for n in nodes]
            states = tuple(sorted(map(tuple, a.states[:, columns].tolist())))
        sig.append((a.size, tuple((n, a.values[n]) for n in sorted(nodes)), states))
    return sorted(sig, key=repr)
