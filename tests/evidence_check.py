"""An independent checker of causal evidence (mtorlogic.evidence), used by the property and scenario tests.

It reads the evidence as JSON-shaped dicts (``Change.to_dict()`` or ``run --json``) and the
attractors as lists of value dicts, and checks, by evaluating each rule on every completion of
the values the attractors do not settle:

- every chain starts at a treatment node with its treated value;
- every later node of a chain changed (its values across attractors differ) and is no treatment node;
- each node of a chain is in the cause set of the next;
- each step's rule, evaluated with the treated values, gives the stated value, and gives the
  background value when its cause set is put back to the background values (counterfactual soundness);
- a cause set is either every changed regulator that is needed on its own, or, when none is,
  a set no proper subset of which restores the background value (minimality);
- for a node that varied before the treatment, its cause set of changed regulators forces the
  treated value (unchanged regulators at their common value, all others free), and no proper
  subset does.
"""

from __future__ import annotations

from itertools import combinations, product

from mtorlogic.expr import evaluate, variables


def settled(attractors: list[dict], node: str):
    values = {a[node] for a in attractors}
    only = values.pop() if len(values) == 1 else None
    return int(only) if only is not None and only in (0, 1) else None


def profile(attractors: list[dict], node: str) -> set:
    return {a[node] for a in attractors}


def rule_gives(f, values: dict) -> set[int]:
    """Every value ``f`` takes over the completions of the unsettled (None) variables."""
    names = sorted(variables(f))
    free = [n for n in names if values.get(n) is None]
    seen = set()
    for bits in product((False, True), repeat=len(free)):
        env = {n: bool(values[n]) for n in names if values.get(n) is not None}
        env.update(zip(free, bits))
        seen.add(int(bool(evaluate(f, env))))
    return seen


def violations(functions: dict, before: list[dict], after: list[dict], treatment: dict, changes: list[dict]) -> list[str]:
    """What is wrong with ``changes`` as evidence for the change from ``before`` to ``after``."""
    nodes = list(functions)
    b = {n: settled(before, n) for n in nodes}
    a = {n: settled(after, n) for n in nodes}
    causes_of = {c["node"]: c["causes"] for c in changes}
    problems = []
    for c in changes:
        if profile(before, c["node"]) == profile(after, c["node"]) or c["node"] in treatment:
            problems.append(f"{c['node']}: reported as changed but it did not change")
        if c["decided_by"] == "rules" and not c["forced_by"]:
            problems.append(f"{c['node']}: decided by the rules but no chain")
        changed = [n for n in nodes if n not in treatment and profile(before, n) != profile(after, n)]
        problems += _chain_problems(c["node"], c["forced_by"], causes_of, functions, set(changed), b, a, treatment)
        for each in c.get("attractors", ()):  # explained in one treated attractor: its values are the treated ones
            single = {n: settled([after[each["attractor"] - 1]], n) for n in nodes}
            moved = {n for n in nodes if n not in treatment and single[n] is not None and single[n] != b[n]}
            problems += _chain_problems(c["node"], each["forced_by"], {c["node"]: each["causes"]}, functions, moved,
                                        b, single, treatment)
    return problems


def _chain_problems(node, chain, causes_of, functions, changed, b, a, treatment):
    """The chain of ``node``: each step changed, settled at its stated value, caused by the previous one."""
    if not chain:
        return []
    problems = []
    first = chain[0]
    if first["node"] not in treatment or first["value"] != treatment[first["node"]]:
        problems.append(f"{node}: chain starts at {first['node']}={first['value']}, not at a treatment node")
    if chain[-1]["node"] != node:
        problems.append(f"{node}: chain ends at {chain[-1]['node']}")
    for prev, step in zip(chain, chain[1:]):
        n = step["node"]
        if n not in changed:
            problems.append(f"{node}: chain passes through {n}, which did not change")
            continue
        if step["value"] != a[n] or rule_gives(functions[n], a) != {a[n]}:
            problems.append(f"{node}: {n}={step['value']} is not what its rule gives on the treated values")
        if n in causes_of:  # every node's own evidence, or the chain's last node in an attractor
            names = [x["node"] for x in causes_of[n]]
            if prev["node"] not in names:
                problems.append(f"{node}: {prev['node']} is not in the cause set {names} of {n}")
            problems += _cause_problems(n, causes_of[n], functions, b, a, treatment)
        elif len(causes_of) > 1:
            problems.append(f"{node}: {n} is in a chain but has no evidence of its own")
    return problems


def _cause_problems(n, causes, functions, b, a, treatment):
    f = functions[n]
    problems = []
    if rule_gives(f, a) != {a[n]}:
        problems.append(f"{n}: its rule on the treated values does not give {a[n]}")
    names = [x["node"] for x in causes]
    if b[n] is None:  # it varied before: its causes must force the treated value, and be a smallest such set
        return problems + _forcing_problems(n, f, names, b, a, treatment)

    def restores(subset):
        return rule_gives(f, {**a, **{r: b.get(r) for r in subset}}) == {b[n]}

    if not restores(names):
        problems.append(f"{n}: reverting its causes {names} does not give back {b[n]}")
    moved = [r for r in sorted(variables(f)) if r in treatment or (b.get(r) is not None and a.get(r) != b[r])]
    singles = [r for r in moved if restores([r])]
    if singles and sorted(singles) != sorted(names):
        problems.append(f"{n}: needed regulators are {singles}, the cause set says {names}")
    if not singles:
        for size in range(1, len(names)):
            if any(restores(sub) for sub in combinations(names, size)):
                problems.append(f"{n}: cause set {names} is not minimal")
                break
    return problems


def _forcing_problems(n, f, names, b, a, treatment):
    regs = sorted(variables(f))
    changed = [r for r in regs if a.get(r) is not None and (r in treatment or b.get(r) != a[r])]
    if any(r not in changed for r in names):
        return [f"{n}: its forcing set {names} holds a regulator that did not change"]
    common = {r: a[r] for r in regs if r not in changed and a.get(r) is not None and b.get(r) == a[r]}

    def forces(subset):
        return rule_gives(f, {**common, **{r: a[r] for r in subset}}) == {a[n]}

    if not forces(names):
        return [f"{n}: {names} do not force {a[n]}"]
    if any(forces(sub) for size in range(len(names)) for sub in combinations(names, size)):
        return [f"{n}: forcing set {names} is not minimal"]
    return []
