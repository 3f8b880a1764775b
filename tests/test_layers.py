"""The layers run one way (docs/design.md, "Layers").

The import graph of ``mtorlogic/`` is read statically (``ast`` over every
module). Imports at module level must form a DAG in which no module imports
a higher layer. Imports inside functions are counted separately: they may go
down or stay within a layer, and results (the engine, the analyses) may reach
their presentation on use, as pandas' ``DataFrame.plot`` does. Imports under
``if TYPE_CHECKING:`` are annotations only and not counted.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mtorlogic"

# Bottom to top. A module belongs to the first layer whose prefixes match it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("errors", "expr", "memo", "_optional")),
    ("model", ("model", "rules", "references", "catalog", "scenario", "ledger", "bundled", "io", "identifiers",
               "variants")),
    ("engine", ("engine",)),
    ("analysis", ("phenotype", "evidence", "scores", "stochastic", "screen", "hypotheses", "interop",
                  "attractor_set", "progress", "blocking", "linkops", "calibrate", "synergy", "validate", "pipeline",
                  "profiles", "ensemble", "sharing")),
    ("presentation", ("display", "frames", "plot", "report", "html_report", "network_layout", "plot_synergy",
                      "plot_profiles")),
    ("interface", ("cli", "__main__", "")),  # "" is the package itself: lazy public names
]
RANK = {name: rank for rank, (name, _) in enumerate(LAYERS)}
ENGINE_MAY_IMPORT = {"base", "model", "engine"}  # and no more: errors, expr, model, engine/ (``_optional``: a helper)


def layer(module: str) -> str:
    """The layer of ``mtorlogic.X.Y`` (by ``X``)."""
    head = module.split(".")[1] if "." in module else ""
    for name, prefixes in LAYERS:
        if head in prefixes:
            return name
    raise AssertionError(f"{module} is in no layer: add it to LAYERS and to docs/design.md")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> tuple[nx.DiGraph, nx.DiGraph]:
    """(module-level imports, imports inside functions) between the package's modules."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    top, lazy = nx.DiGraph(), nx.DiGraph()
    top.add_nodes_from(modules)
    lazy.add_nodes_from(modules)
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]

        def targets(node: ast.Import | ast.ImportFrom) -> list[str]:
            if isinstance(node, ast.Import):
                return [a.name for a in node.names]
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            stem = (f"{base}.{node.module}" if base else node.module) if node.level else node.module
            stem = stem or base
            return [f"{stem}.{a.name}" if f"{stem}.{a.name}" in modules else stem for a in node.names]

        def visit(node: ast.AST, in_function: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                    for sub in child.orelse:
                        visit(sub, in_function)
                    continue
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    for target in targets(child):
                        if target in modules and target != module:
                            (lazy if in_function else top).add_edge(module, target)
                visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

        visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return top, lazy


TOP, LAZY = import_graph()


def test_the_graph_is_read():
    # a check of the checker: known edges are found, and there are many of them
    assert TOP.has_edge("mtorlogic.engine.attractors", "mtorlogic.engine.percolate")
    assert LAZY.has_edge("mtorlogic.cli.run", "mtorlogic.phenotype")
    assert TOP.number_of_edges() > 100 and LAZY.number_of_edges() > 50


def test_module_level_imports_have_no_cycle():
    cycles = list(nx.simple_cycles(TOP))
    assert not cycles, "import cycles at module level: " + "; ".join(" -> ".join(c + c[:1]) for c in cycles[:5])


def test_module_level_imports_go_down_or_stay_in_their_layer():
    upward = [(a, b) for a, b in TOP.edges if RANK[layer(a)] < RANK[layer(b)]]
    assert not upward, f"module-level imports of a higher layer: {upward}"


def test_imports_in_functions_go_down_or_reach_presentation_on_use():
    def allowed(a: str, b: str) -> bool:
        return RANK[layer(a)] >= RANK[layer(b)] or layer(b) == "presentation"

    upward = [(a, b) for a, b in LAZY.edges if not allowed(a, b)]
    assert not upward, f"function-level imports of a higher layer (other than presentation on use): {upward}"


def test_the_engine_imports_only_the_model_expressions_errors_and_itself():
    engine = [m for m in TOP if layer(m) == "engine"]
    outside = sorted({(a, b) for a in engine for b in TOP.successors(a) if layer(b) not in ENGINE_MAY_IMPORT})
    assert not outside, outside
    lazy_outside = sorted({(a, b) for a in engine for b in LAZY.successors(a)
                           if layer(b) not in ENGINE_MAY_IMPORT | {"presentation"}})
    assert not lazy_outside, lazy_outside


def test_the_layer_checker_would_catch_a_cycle_and_an_upward_import():
    graph = nx.DiGraph([("mtorlogic.engine.attractors", "mtorlogic.display"),
                        ("mtorlogic.display", "mtorlogic.engine.attractors")])
    assert list(nx.simple_cycles(graph))
    assert RANK[layer("mtorlogic.engine.attractors")] < RANK[layer("mtorlogic.display")]


@pytest.mark.parametrize("modules", [
    ["mtorlogic.engine"],
    ["mtorlogic.engine.attractors", "mtorlogic.engine.simulate", "mtorlogic.engine.basins", "mtorlogic.engine.plan"],
    ["mtorlogic.phenotype", "mtorlogic.screen", "mtorlogic.hypotheses", "mtorlogic.scores"],
])
def test_importing_the_engine_and_analyses_loads_no_presentation(modules):
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules) +
            "print(sorted(m for m in sys.modules if m.startswith('mtorlogic.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent).stdout
    for name in ("display", "frames", "plot", "report", "html_report"):
        assert f"'mtorlogic.{name}'" not in loaded, (name, loaded)
