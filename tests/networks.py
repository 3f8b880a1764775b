"""Random Boolean networks for property tests, and brute-force oracles.

The oracles follow the definitions directly, in plain Python over tuples,
sharing no code with the engine beyond evaluating an expression.
"""

from __future__ import annotations

from itertools import product

import networkx as nx
from hypothesis import strategies as st

from mtorlogic.expr import conjunction, const, disjunction, evaluate, negation, var
from mtorlogic.model import Model, NodeInfo, Rule


def expressions(names, depth=3):
    leaf = st.one_of(st.sampled_from(names).map(var), st.sampled_from([const(0), const(1)]))
    if depth == 0:
        return leaf
    sub = expressions(names, depth - 1)
    return st.one_of(
        leaf,
        leaf,
        sub.map(negation),
        st.lists(sub, min_size=2, max_size=3).map(conjunction),
        st.lists(sub, min_size=2, max_size=3).map(disjunction),
    )


@st.composite
def networks(draw, min_nodes=1, max_nodes=10, allow_inputs=True):
    n = draw(st.integers(min_nodes, max_nodes))
    names = [f"x{i}" for i in range(n)]
    rules, infos = {}, {}
    for name in names:
        if allow_inputs and draw(st.integers(0, 9)) == 0:
            infos[name] = NodeInfo(name, kind="condition")
            continue
        rules[name] = Rule(name, draw(expressions(names)))
    return Model(rules, infos)


def _step(model, state):
    return {n: bool(evaluate(model.function(n), state)) for n in model.nodes}


def states_of(model):
    for bits in product((False, True), repeat=len(model.nodes)):
        yield dict(zip(model.nodes, bits))


def key(state, nodes):
    return tuple(int(state[n]) for n in nodes)


def brute_async(model):
    """Terminal SCCs of the asynchronous state graph, as frozensets of state tuples."""
    g = nx.DiGraph()
    for s in states_of(model):
        k = key(s, model.nodes)
        g.add_node(k)
        image = _step(model, s)
        for n in model.nodes:
            if image[n] != s[n]:
                g.add_edge(k, key({**s, n: image[n]}, model.nodes))
    cond = nx.condensation(g)
    return {frozenset(cond.nodes[c]["members"]) for c in cond if cond.out_degree(c) == 0}


def brute_sync(model):
    """Cycles of the synchronous map."""
    succ = {key(s, model.nodes): key(_step(model, s), model.nodes) for s in states_of(model)}
    cycles = set()
    for start in succ:
        seen = []
        cur = start
        while cur not in seen:
            seen.append(cur)
            cur = succ[cur]
        cycles.add(frozenset(seen[seen.index(cur):]))
    return cycles


def brute_min_trap_spaces(model):
    """Minimal trap spaces by enumerating all 3^n subspaces."""
    nodes = model.nodes
    traps = []
    for pattern in product((0, 1, None), repeat=len(nodes)):
        fixed = {n: v for n, v in zip(nodes, pattern) if v is not None}
        free = [n for n in nodes if n not in fixed]
        ok = True
        for bits in product((False, True), repeat=len(free)):
            s = {**{n: bool(v) for n, v in fixed.items()}, **dict(zip(free, bits))}
            if any(bool(evaluate(model.function(n), s)) != bool(v) for n, v in fixed.items()):
                ok = False
                break
        if ok:
            traps.append(fixed)
    minimal = [t for t in traps if not any(o is not t and o.items() > t.items() for o in traps)]
    return {tuple(sorted(t.items())) for t in minimal}


def state_sets(attractors):
    return {a.state_set() for a in attractors}


def space_set(attractors):
    return {tuple(sorted((n, v) for n, v in a.values.items() if v != "*")) for a in attractors}


def drug_networks(seed, count, size=6):
    """``count`` seeded random networks of ``size`` nodes (two-input rules, some self-sustaining) with a
    drug input ``d`` read by some of them, as rule text: the treated network has memory often enough
    that which attractors a treated cell reaches is a real question."""
    import numpy as np

    from mtorlogic.rules import read_rules_text

    rng = np.random.default_rng(seed)
    names = [f"x{i}" for i in range(size)]
    for _ in range(count):
        lines = ["input d drug default 0"]
        for n in names:
            a, b = rng.choice(names + ["d"], 2, replace=False)
            op = rng.choice(["&", "|"])
            neg = "!" if rng.random() < 0.4 else ""
            lines.append(f"{n} = {neg}{a} {op} {b}" if rng.random() < 0.8 else f"{n} = {a} | {n}")
        yield read_rules_text("\n".join(lines))
