"""Link-operator models of a signed graph, as DrugLogics builds them, and their stable states by ASP.

From a signed graph (:class:`~mtorlogic.io.druglogics.SignedGraph`) DrugLogics (Gitsbe,
pydruglogics) builds one Boolean rule per target: its activators joined by OR, its
inhibitors joined by OR, and, when a target has both, the two groups joined by a *link
operator*, AND-NOT (``acts & !inhs``) or OR-NOT (``acts | !inhs``). A target with
activators only is ``acts``, with inhibitors only ``!inhs``; a node without regulators is an
input (both values possible). The variants of a graph are therefore the choices of one link
operator for each target that has both kinds of regulators (Gitsbe's "balance mutations"):
2^k models for k such targets. A :class:`LinkOperators` is one of them.

:class:`StableStates` grounds one answer-set program for the whole family (the operators and
any node held at 0 or 1 are external atoms), then finds every stable state (fixed point) of
one member under one set of fixes by setting the externals and enumerating answer sets: no
re-grounding per member or treatment, which is what makes an ensemble of 100 members times
30 treatments take seconds.

Examples
--------
>>> from mtorlogic.io.druglogics import read_sif_text
>>> g = read_sif_text("A -> C\\nB -| C\\nC -> A\\n")
>>> family = Family(g)
>>> family.choices
('C',)
>>> member = family.member(or_not={"C"})
>>> str(member.model().rule("C"))
'C = A | !B'
>>> [sorted(s.items()) for s in StableStates(family).solve(member, {"B": 1})]
[[('A', 0), ('B', 1), ('C', 0)], [('A', 1), ('B', 1), ('C', 1)]]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from .expr import conjunction, disjunction, negation, var
from .model import Model, NodeInfo, Rule

if TYPE_CHECKING:
    from .io.druglogics import SignedGraph


def signed_graph(model: Model) -> "SignedGraph":
    """The signed interaction graph of a model (signs from its truth tables), from which its
    link-operator variants are built: a published model without declared alternatives.
    A regulator whose effect is non-monotone (sign 0) is listed as both activator and inhibitor.

    >>> from mtorlogic.io.bnet import read_bnet_text
    >>> g = signed_graph(read_bnet_text("A, A\\nB, B\\nC, A & !B\\n"))
    >>> g.activators["C"], g.inhibitors["C"]
    (('A',), ('B',))
    """
    from .io.druglogics import SignedGraph
    from .model import function_signs

    acts: dict[str, tuple[str, ...]] = {}
    inhs: dict[str, tuple[str, ...]] = {}
    for target in model.nodes:
        if model.rule(target) is None or target in model.inputs:
            continue
        signs = function_signs(model.function(target))
        acts[target] = tuple(n for n in model.nodes if signs.get(n, 2) in (1, 0))
        inhs[target] = tuple(n for n in model.nodes if signs.get(n, 2) in (-1, 0))
    return SignedGraph(model.nodes, {t: a for t, a in acts.items() if a}, {t: h for t, h in inhs.items() if h},
                       model.name or "<model>")


def asp_string(name: str) -> str:
    """A node name as an ASP string constant (any name is safe quoted)."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Family:
    """The link-operator variants of a signed graph."""

    def __init__(self, graph: "SignedGraph"):
        self.graph = graph
        self.choices: tuple[str, ...] = tuple(
            n for n in graph.nodes if graph.activators.get(n) and graph.inhibitors.get(n))

    @property
    def size(self) -> int:
        """How many members (2^choices)."""
        return 1 << len(self.choices)

    def member(self, or_not: Iterable[str] = (), name: str | None = None) -> "LinkOperators":
        """The member whose targets in ``or_not`` use OR-NOT (the others AND-NOT)."""
        chosen = frozenset(or_not)
        unknown = chosen - set(self.choices)
        if unknown:
            raise ValueError(f"not a target with both activators and inhibitors: {', '.join(sorted(unknown))}")
        return LinkOperators(self, chosen, name)

    def from_bits(self, bits: Sequence[int], name: str | None = None) -> "LinkOperators":
        """The member with bit i = 1 when ``choices[i]`` uses OR-NOT."""
        return LinkOperators(self, frozenset(c for c, b in zip(self.choices, bits) if b), name)

    def all_members(self) -> Iterable["LinkOperators"]:
        """Every member, in binary order (use only when :attr:`size` is small)."""
        for code in range(self.size):
            yield self.from_bits([(code >> i) & 1 for i in range(len(self.choices))], f"m{code}")


@dataclass(frozen=True)
class LinkOperators:
    """One member of a :class:`Family`: which targets use OR-NOT (the rest of the choices use AND-NOT)."""

    family: Family
    or_not: frozenset[str]
    name: str | None = None

    def bits(self) -> tuple[int, ...]:
        return tuple(int(c in self.or_not) for c in self.family.choices)

    def label(self) -> str:
        """Compact text of the choices: one character per choice node, ``&`` AND-NOT, ``|`` OR-NOT."""
        return "".join("|" if b else "&" for b in self.bits())

    def model(self) -> Model:
        """The Boolean model of this member (inputs: nodes without regulators)."""
        g = self.family.graph
        rules = {}
        for target in g.regulated():
            acts = disjunction(var(a) for a in g.activators.get(target, ()))
            inhs = g.inhibitors.get(target, ())
            if not inhs:
                f = acts
            elif not g.activators.get(target):
                f = negation(disjunction(var(h) for h in inhs))
            else:
                join = disjunction if target in self.or_not else conjunction
                f = join([acts, negation(disjunction(var(h) for h in inhs))])
            rules[target] = Rule(target, f)
        return Model(rules, {n: NodeInfo(n) for n in g.nodes}, name=self.name)


def family_program(graph: "SignedGraph", copies: Sequence[str] = ("s",), choose_operators: bool = False,
                   show: str = "x/2", skippable: bool = False) -> str:
    """The answer-set program whose answer sets are stable states of members of the family.

    ``x(C,N)``: node N is on in copy C (one copy per condition, sharing the operators);
    ``or_not(T)``: target T uses OR-NOT, an external atom (or a free choice when
    ``choose_operators``); ``off(C,N)``/``on(C,N)``: external atoms holding N at 0/1 in copy C.
    With ``skippable``, a copy may be given up (``skip(C)``: its state need not be stable), which
    stands for a member with no stable state under that copy's condition.
    """
    lines = [f"{{skip({c})}}." for c in copies] if skippable else []

    def unless(c: str) -> str:
        return f", not skip({c})" if skippable else ""

    for c in copies:
        for n in graph.nodes:
            q = asp_string(n)
            lines.append(f"{{x({c},{q})}}. #external off({c},{q}). #external on({c},{q}).")
    for t in graph.regulated():
        qt = asp_string(t)
        acts, inhs = graph.activators.get(t, ()), graph.inhibitors.get(t, ())
        if acts and inhs:
            lines.append(("{or_not(%s)}." if choose_operators else "#external or_not(%s).") % qt)
        for c in copies:
            lines += [f"act({c},{qt}) :- x({c},{asp_string(a)})." for a in acts]
            lines += [f"inh({c},{qt}) :- x({c},{asp_string(h)})." for h in inhs]
            if acts and inhs:
                lines += [f"f({c},{qt}) :- act({c},{qt}), not inh({c},{qt}).",
                          f"f({c},{qt}) :- or_not({qt}), act({c},{qt}).",
                          f"f({c},{qt}) :- or_not({qt}), not inh({c},{qt})."]
            elif acts:
                lines.append(f"f({c},{qt}) :- act({c},{qt}).")
            else:
                lines.append(f"f({c},{qt}) :- not inh({c},{qt}).")
            lines += [f":- x({c},{qt}), not f({c},{qt}), not off({c},{qt}), not on({c},{qt}){unless(c)}.",
                      f":- not x({c},{qt}), f({c},{qt}), not off({c},{qt}), not on({c},{qt}){unless(c)}."]
    for c in copies:  # held nodes (inputs included) take the held value
        for n in graph.nodes:
            q = asp_string(n)
            lines.append(f":- x({c},{q}), off({c},{q}). :- not x({c},{q}), on({c},{q}).")
    return "\n".join(lines) + f"\n#show {show}.\n"


def trap_space_program(graph: "SignedGraph") -> str:
    """Answer sets: trap spaces of a member (``can(V,N)``: N takes value V somewhere in the space).

    Every rule of the family is read-once (each regulator appears once), so its three-valued
    evaluation over a subspace is exact: the target can be 1 (0) in the space when its
    function can. Held nodes (``off``/``on``) take only the held value."""
    lines = []
    for n in graph.nodes:
        q = asp_string(n)
        lines.append(f"can(1,{q}) :- not can(0,{q}), not off(s,{q}). {{can(0,{q}); can(1,{q})}}. "
                     f"#external off(s,{q}). #external on(s,{q}). :- can(1,{q}), off(s,{q}). "
                     f":- can(0,{q}), on(s,{q}). :- not can(0,{q}), not can(1,{q}).")
    for t in graph.regulated():
        qt = asp_string(t)
        acts, inhs = graph.activators.get(t, ()), graph.inhibitors.get(t, ())
        if acts and inhs:
            lines.append(f"#external or_not({qt}).")
        lines += [f"a1({qt}) :- can(1,{asp_string(a)})." for a in acts]
        lines += [f"h1({qt}) :- can(1,{asp_string(h)})." for h in inhs]
        lines.append(f"a0({qt}) :- " + ", ".join(f"can(0,{asp_string(a)})" for a in acts) + "." if acts else "")
        lines.append(f"h0({qt}) :- " + ", ".join(f"can(0,{asp_string(h)})" for h in inhs) + "." if inhs else "")
        if acts and inhs:
            lines += [f"f1({qt}) :- a1({qt}), h0({qt}).",
                      f"f1({qt}) :- or_not({qt}), a1({qt}).", f"f1({qt}) :- or_not({qt}), h0({qt}).",
                      f"f0({qt}) :- or_not({qt}), a0({qt}), h1({qt}).",
                      f"f0({qt}) :- not or_not({qt}), a0({qt}).", f"f0({qt}) :- not or_not({qt}), h1({qt})."]
        elif acts:
            lines += [f"f1({qt}) :- a1({qt}).", f"f0({qt}) :- a0({qt})."]
        else:
            lines += [f"f1({qt}) :- h0({qt}).", f"f0({qt}) :- h1({qt})."]
        lines += [f":- f1({qt}), not can(1,{qt}), not off(s,{qt}), not on(s,{qt}).",
                  f":- f0({qt}), not can(0,{qt}), not off(s,{qt}), not on(s,{qt})."]
    return "\n".join(line for line in lines if line) + "\n#show can/2.\n"


class _Grounded:
    """One grounded program for a family; members and fixes are set through external atoms."""

    def __init__(self, family: Family, program: str, options: Sequence[str] = ()):
        import clingo

        self.family = family
        self._ctl = clingo.Control(["0", "--warn=none", *options])
        self._ctl.add("base", [], program)
        self._ctl.ground([("base", [])])
        s = clingo.Function("s")
        self._or = {t: clingo.Function("or_not", [clingo.String(t)]) for t in family.choices}
        self._off = {n: clingo.Function("off", [s, clingo.String(n)]) for n in family.graph.nodes}
        self._on = {n: clingo.Function("on", [s, clingo.String(n)]) for n in family.graph.nodes}
        self._held: list[Any] = []
        self.solves = 0

    def _answers(self, member: LinkOperators, fixes: Mapping[str, int] | None) -> list[Any]:
        ctl = self._ctl
        for t, atom in self._or.items():
            ctl.assign_external(atom, t in member.or_not)
        for atom in self._held:
            ctl.assign_external(atom, False)
        self._held = [(self._on if v else self._off)[n] for n, v in (fixes or {}).items()]
        for atom in self._held:
            ctl.assign_external(atom, True)
        self.solves += 1
        with ctl.solve(yield_=True) as handle:
            return [answer.symbols(shown=True) for answer in handle]


class StableStates(_Grounded):
    """Every stable state of any member of a family under any fixes, from one grounding.

    Stable states are the fixed points of the rules (the attractors Gitsbe and Drabme use with
    ``attractor_tool: biolqm_stable_states``); a member may have none under some treatment.
    """

    def __init__(self, family: Family):
        super().__init__(family, family_program(family.graph))

    def solve(self, member: LinkOperators, fixes: Mapping[str, int] | None = None) -> list[dict[str, int]]:
        """The stable states (node -> 0/1) of ``member`` with ``fixes`` (node -> 0/1) held."""
        nodes = self.family.graph.nodes
        states = []
        for symbols in self._answers(member, fixes):
            on = {sym.arguments[1].string for sym in symbols}
            states.append({n: int(n in on) for n in nodes})
        return states


class TrapSpaces(_Grounded):
    """Every minimal trap space of any member under any fixes (subset-minimal answer sets, as mpbn
    finds them): the most-permissive attractors; a free node reads ``"*"``.

    The one grounding is exact when every rule is read-once (no regulator both activates and
    inhibits one target); otherwise each member is solved on its own by the engine's ASP route."""

    def __init__(self, family: Family):
        g = family.graph
        self.read_once = not any(set(g.activators.get(t, ())) & set(g.inhibitors.get(t, ())) for t in g.nodes)
        super().__init__(family, trap_space_program(g) if self.read_once else "",
                         ["--heuristic=Domain", "--enum-mode=domRec", "--dom-mod=5,16"])

    def solve(self, member: LinkOperators, fixes: Mapping[str, int] | None = None) -> list[dict[str, int | str]]:
        nodes = self.family.graph.nodes
        if not self.read_once:
            from .engine.asp import trap_spaces

            model = member.model().fix(fixes or {})
            self.solves += 1
            found = trap_spaces(model.nodes, model.functions)
            return [{n: a.values[n] for n in nodes} for a in found]  # type: ignore[misc]
        spaces: list[dict[str, int | str]] = []
        for symbols in self._answers(member, fixes):
            values: dict[str, set[int]] = {}
            for sym in symbols:
                values.setdefault(sym.arguments[1].string, set()).add(sym.arguments[0].number)
            spaces.append({n: "*" if len(values[n]) == 2 else next(iter(values[n])) for n in nodes})
        return spaces


class Attractors:
    """A member's attractors as the DrugLogics pipeline reads them: its stable states, or, when it
    has none under these fixes, its minimal trap spaces (so every member has a response)."""

    def __init__(self, family: Family, fallback: bool = True):
        self.stable = StableStates(family)
        self.fallback = fallback  # False: stable states only (Drabme's reading; a member may have none)
        self._spaces: TrapSpaces | None = None
        self.fallbacks = 0

    def solve(self, member: LinkOperators, fixes: Mapping[str, int] | None = None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = list(self.stable.solve(member, fixes))
        if found or not self.fallback:
            return found
        if self._spaces is None:
            self._spaces = TrapSpaces(self.stable.family)
        self.fallbacks += 1
        return list(self._spaces.solve(member, fixes))
