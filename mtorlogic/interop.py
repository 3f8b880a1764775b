"""Converters to and from the Python objects of other Boolean-network tools.

- biodivine-aeon: :func:`to_aeon` / :func:`from_aeon` for
  ``biodivine_aeon.BooleanNetwork``;
- mpbn: :func:`to_mpbn` / :func:`from_mpbn` for ``mpbn.MPBooleanNetwork``;
- the CoLoMoTo notebook: :func:`to_minibn` / :func:`from_minibn` for
  ``colomoto.minibn.BooleanNetwork`` (``pip install colomoto-jupyter``);
- :func:`trap_spaces`: minimal trap spaces as ``{node: 0, 1 or '*'}`` dicts,
  the shape mpbn and the CoLoMoTo tools yield.

aeon and mpbn are dependencies of the package (the engine's symbolic and ASP
backends).

Only the logic crosses over: update functions and node names. Inputs go as
``X = X`` (aeon, mpbn) and come back as inputs; kinds, descriptions,
defaults and provenance stay behind (apply defaults first with
``model.with_defaults()`` to send them as constants). Functions cross as
text in each tool's own syntax and are parsed back with our expression
reader, so nothing is evaluated.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition\\nB = A & !C\\nC = B | A")
>>> bn = to_aeon(m)
>>> sorted(bn.variable_names())
['A', 'B', 'C']
>>> again = from_aeon(bn)
>>> again.inputs, again.rule("B").text
(('A',), 'A & !C')
"""

from __future__ import annotations

from typing import Any

from .errors import MtorlogicError
from .expr import CONST, to_text
from .io.bnet import format_bnet, read_bnet_text
from .model import Model, NodeInfo, Rule
from .rules import parse_expression


def to_aeon(model: Model) -> Any:
    """The model as a ``biodivine_aeon.BooleanNetwork`` (inputs have ``X = X``)."""
    import biodivine_aeon as ba

    return ba.BooleanNetwork.from_bnet(format_bnet(model), repair_graph=True)


def from_aeon(network: Any, name: str | None = None) -> Model:
    """A Model from a ``biodivine_aeon.BooleanNetwork``.

    Raises
    ------
    MtorlogicError
        When a variable has no update function (an unknown function in aeon's
        sense): a Boolean model needs every function.
    """
    missing = [network.get_variable_name(v) for v in network.variables() if network.get_update_function(v) is None]
    if missing:
        raise MtorlogicError(f"aeon variable(s) without an update function: {', '.join(missing)}; give them "
                             "functions (or X = X for an input) first")
    return read_bnet_text(network.to_bnet(), source="<aeon>", name=name)


def to_mpbn(model: Model) -> Any:
    """The model as an ``mpbn.MPBooleanNetwork`` (most-permissive semantics, trap spaces by ASP)."""
    import mpbn

    return mpbn.MPBooleanNetwork({n: _mpbn_function(model, n) for n in model.nodes})


def _mpbn_function(model: Model, node: str) -> bool | str:
    f = model.function(node)
    return bool(f[1]) if f[0] == CONST else to_text(f, "bnet")


def from_mpbn(network: Any, name: str | None = None) -> Model:
    """A Model from an ``mpbn.MPBooleanNetwork`` (or any mapping node -> boolean.py expression or bool)."""
    rules = {}
    for node, f in network.items():
        text = str(f)
        if isinstance(f, bool) or text in ("True", "False"):
            text = "1" if text == "True" or f is True else "0"
        rules[node] = Rule(node, parse_expression(text, source=f"<mpbn {node}>"))
    inputs = [n for n, r in rules.items() if r.expr == ("var", n)]
    return Model(rules, {n: NodeInfo(n, kind="condition") for n in inputs}, name=name)


def to_minibn(model: Model) -> Any:
    """The model as a ``colomoto.minibn.BooleanNetwork`` (the CoLoMoTo notebook's; inputs have ``X = X``).

    >>> from mtorlogic.rules import read_rules_text
    >>> bn = to_minibn(read_rules_text("input A condition\\nB = A & !C\\nC = B | A"))   # doctest: +SKIP
    >>> print(bn)                                                                         # doctest: +SKIP
    A <- A
    B <- A&!C
    C <- B|A
    """
    from colomoto.minibn import BooleanNetwork

    return BooleanNetwork({n: _mpbn_function(model, n) for n in model.nodes})


def from_minibn(network: Any, name: str | None = None) -> Model:
    """A Model from a ``colomoto.minibn.BooleanNetwork`` (read from its bnet text: nothing is evaluated)."""
    source = network.source() if hasattr(network, "source") else None
    if not isinstance(source, str):
        raise TypeError(f"from_minibn() takes a colomoto.minibn.BooleanNetwork, not {type(network).__name__}")
    return read_bnet_text(source, source="<minibn>", name=name)


def trap_spaces(model: Model, method: str = "auto", *, timeout: float | None = None) -> list[dict[str, int | str]]:
    """The minimal trap spaces of ``model`` (most-permissive attractors) as mpbn yields them: one dict per
    trap space, each node 0, 1 or ``'*'`` (free), sorted.

    >>> from mtorlogic.rules import read_rules_text
    >>> trap_spaces(read_rules_text("A = !B\\nB = !A\\nC = !C"))
    [{'A': 0, 'B': 1, 'C': '*'}, {'A': 1, 'B': 0, 'C': '*'}]
    """
    from .engine.attractors import attractors

    found = attractors(model, "mp", method, timeout=timeout)
    return [{n: (v if v == "*" else int(v)) for n, v in a.values.items()} for a in found]
