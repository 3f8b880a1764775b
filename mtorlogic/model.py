"""The Model: nodes, their Boolean functions, inputs and provenance.

A Model is immutable. Perturbing it (:meth:`Model.fix`) returns a new Model
whose perturbed nodes have constant functions; the original is untouched, so
the same Model can be shared by many scenarios and worker processes.

Examples
--------
>>> from mtorlogic.expr import var, negation
>>> m = Model({"B": Rule("B", negation(var("A")))}, {"A": NodeInfo("A", kind="condition")})
>>> m.inputs
('A',)
>>> m.fix({"A": 1}).function("A")
('const', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from .errors import InputError, UnknownName, did_you_mean, given_at
from .memo import remember
from .expr import (AND, CONST, NOT, OR, VAR, Expr, conjunction, const, disjunction, evaluate, negation, rename,
                   to_text, var, variables)

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from numpy.typing import NDArray
    import pandas as pd

KINDS = (
    "protein", "complex", "rna", "gene", "metabolite", "process",
    "phenotype", "condition", "drug", "mutation", "other",
)


@dataclass(frozen=True)
class Provenance:
    """Where a rule comes from: review references, external sources, section, evidence, file position.

    ``refs`` are the review's reference numbers; ``external`` are sources
    beyond the review, as ``PMID:<digits>`` or ``DOI:<doi>``.
    """

    refs: tuple[int, ...] = ()
    section: str | None = None
    evidence: str | None = None
    source: str | None = None  # "file:line"
    external: tuple[str, ...] = ()

    def cite(self) -> str:
        parts: list[str] = []
        if self.refs or self.external:
            parts.append("[" + ", ".join([*map(str, self.refs), *self.external]) + "]")
        if self.section:
            parts.append("§" + self.section)
        return " ".join(parts)


@dataclass(frozen=True)
class Rule:
    """``target = expr`` with its provenance."""

    target: str
    expr: Expr
    provenance: Provenance = field(default_factory=Provenance)

    @property
    def text(self) -> str:
        return to_text(self.expr)

    def __str__(self) -> str:
        cite = self.provenance.cite()
        return f"{self.target} = {self.text}" + (f"    {cite}" if cite else "")

    def __repr__(self) -> str:
        """The rule as written (``<Rule mTORC1 = Rheb & !everolimus>``), not its expression tree."""
        return f"<Rule {self.target} = {self.text}>"


class Rules(Mapping[str, Rule]):
    """A model's rules by target: a read-only mapping that prints briefly (a model has hundreds)."""

    def __init__(self, rules: Mapping[str, Rule]):
        self._rules = rules

    def __getitem__(self, target: str) -> Rule:
        return self._rules[target]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __repr__(self) -> str:
        shown = ", ".join(list(self._rules)[:6])
        return f"<Rules: {len(self)} rules ({shown}{', ...' if len(self) > 6 else ''})>"


@dataclass(frozen=True)
class NodeInfo:
    """What a node is: full name, kind, aliases, and (for inputs) a default value."""

    id: str
    name: str | None = None
    kind: str = "protein"
    aliases: tuple[str, ...] = ()
    default: int | None = None
    provenance: Provenance = field(default_factory=Provenance)


ALTERNATIVE_FORMS = ("rule", "without", "and", "or")


@dataclass(frozen=True)
class Alternative:
    """Another reading of one rule, tied to the ledger entry that makes it uncertain.

    ``form`` says how it reads the primary rule: ``rule`` replaces it by
    ``expr``; ``without`` drops the literal ``expr`` (each occurrence gives way
    to the neutral value of the AND/OR it stands in, so the term no longer
    acts); ``and``/``or`` add ``expr`` as a further requirement or a further
    route. Every alternative that cites the same ledger entry switches
    together: a member of the ensemble reads that statement one way or the
    other (docs/ensembles.md).

    Examples
    --------
    >>> from mtorlogic.expr import var, negation
    >>> f = ("or", (var("AKT"), var("TG2")))
    >>> to_text(Alternative("Survival", "x-tg2", "without", var("TG2"), "hedged").apply(f))
    'AKT'
    >>> to_text(Alternative("Survival", "x-tg2", "and", negation(var("D")), "hedged").apply(f))
    '(AKT | TG2) & !D'
    """

    target: str
    ledger: str
    form: str
    expr: Expr
    reason: str
    source: str | None = None  # "file:line"

    def apply(self, f: Expr) -> Expr:
        """The rule this alternative makes of ``f`` (the rule it reads otherwise)."""
        if self.form == "rule":
            return self.expr
        if self.form == "and":
            return conjunction([f, self.expr])
        if self.form == "or":
            return disjunction([f, self.expr])
        return drop_literal(f, self.expr)

    @property
    def text(self) -> str:
        """What follows ``alt Target`` in the rule language: ``= A & B``, ``without !C``, ``and D``."""
        return f"{'=' if self.form == 'rule' else self.form} {to_text(self.expr)}"


def drop_literal(f: Expr, literal: Expr) -> Expr:
    """``f`` with each occurrence of ``literal`` (``X`` or ``!X``, polarity read through NOTs) removed.

    Removing a term means replacing it by the neutral value of the AND (true)
    or OR (false) it is an operand of; a literal that is the whole rule cannot
    be removed (ValueError), nor one that does not occur.

    Examples
    --------
    >>> from mtorlogic.expr import var, negation
    >>> to_text(drop_literal(("and", (var("A"), ("not", ("or", (var("B"), var("C")))))), negation(var("B"))))
    'A & !C'
    """
    negated = literal[0] == NOT
    name = literal[1][1] if negated else literal[1]
    found = False

    def walk(e: Expr, flipped: bool) -> Expr:
        nonlocal found
        op = e[0]
        if op == NOT:
            return negation(walk(e[1], not flipped))
        if op in (AND, OR):
            parts = []
            for sub in e[1]:
                unit, unit_flipped = (sub[1], not flipped) if sub[0] == NOT else (sub, flipped)
                if unit == var(name) and unit_flipped == negated:
                    found = True
                    continue  # the neutral value of this AND/OR: the operand is left out
                parts.append(walk(sub, flipped))
            return conjunction(parts) if op == AND else disjunction(parts)
        return e

    out = walk(f, False)
    if not found:
        raise ValueError(f"'{to_text(literal)}' is not a term of '{to_text(f)}'")
    return out


_HELD_RULES: dict[tuple[str, int, int], tuple[Rule | None, Rule]] = {}


def _held_rule(node: str, old: Rule | None, value: int) -> Rule:
    """The rule holding ``node`` at ``value``, keeping where its rule came from (memoised by that rule:
    every scenario holds the same inputs at their defaults)."""
    key = (node, id(old), value)
    found = _HELD_RULES.get(key)
    if found is not None and found[0] is old:
        return found[1]
    prov = replace(old.provenance if old else Provenance(), evidence=f"fixed to {value}")
    rule = Rule(node, const(value), prov)
    remember(_HELD_RULES, key, (old, rule), 50_000)  # the old rule is kept alive with it: its id is not reused
    return rule


class Model:
    """A Boolean network with provenance.

    Parameters
    ----------
    rules : mapping target -> Rule
        Nodes without a rule, and nodes whose rule is ``X = X``, are inputs.
    nodes : mapping id -> NodeInfo, optional
        Declarations; every node read by a rule must have a rule or be declared.
    name : str, optional
    fixed : mapping id -> 0/1, optional
        Perturbations already applied (kept so reports can name them).
    alternatives : Alternative, optional
        Other readings of rules, each tied to a ledger entry: the model is then
        an ensemble (:mod:`mtorlogic.ensemble`); every engine and export reads
        the primary rules.
    """

    def __init__(
        self,
        rules: Mapping[str, Rule],
        nodes: Mapping[str, NodeInfo] | None = None,
        name: str | None = None,
        fixed: Mapping[str, int] | None = None,
        alternatives: Iterable[Alternative] = (),
    ):
        infos = dict(nodes or {})
        order: dict[str, None] = {}
        for nid in infos:
            order[nid] = None
        for target, rule in rules.items():
            order[target] = None
            for v in sorted(variables(rule.expr)):
                order.setdefault(v, None)
        undeclared = [v for v in order if v not in rules and v not in infos]
        if undeclared:
            raise InputError(
                "node(s) used but neither given a rule nor declared an input: "
                + ", ".join(undeclared)
            )
        for nid in order:
            infos.setdefault(nid, NodeInfo(nid))
        self.name = name
        self._rules = dict(rules)
        self._info = infos
        self.nodes: tuple[str, ...] = tuple(order)
        self.fixed: dict[str, int] = dict(fixed or {})
        self._aliases = self._alias_table()
        self.alternatives: tuple[Alternative, ...] = tuple(alternatives)
        for alt in self.alternatives:
            if alt.target not in rules or rules[alt.target].expr == var(alt.target):
                raise InputError(f"alternative [{alt.ledger}] of '{alt.target}': only a node with a rule has "
                                 "alternatives")
            unknown = sorted(variables(alt.expr) - set(order))
            if unknown:
                raise InputError(f"alternative [{alt.ledger}] of '{alt.target}' reads unknown node(s): "
                                 + ", ".join(unknown))

    # --- basic queries ----------------------------------------------------

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __contains__(self, node: object) -> bool:
        return node in self._info

    def __repr__(self) -> str:
        return f"<Model {self.name or ''} with {len(self.nodes)} nodes, {len(self.inputs)} inputs>"

    def _repr_html_(self) -> str:
        from .display import model_html

        return model_html(self)

    def to_frame(self) -> "pd.DataFrame":
        """One row per node: name, kind, input, default, rule, references, section (needs pandas)."""
        from .frames import model_frame

        return model_frame(self)

    @property
    def rules(self) -> Rules:
        """Rule by target (inputs have none)."""
        return Rules(self._rules)

    def rule(self, node: str) -> Rule | None:
        """The rule of ``node`` (None for an input); an unknown node raises :class:`~mtorlogic.errors.UnknownName`."""
        if node not in self._info:
            self.resolve(node)  # the error, with a did-you-mean; an alias is looked up below
            node = self.resolve(node)
        return self._rules.get(node)

    def __getitem__(self, node: str) -> Rule:
        """``model["mTORC1"]``: the rule of a node (aliases allowed). An input has none: KeyError, saying so.

        >>> from mtorlogic.rules import read_rules_text
        >>> read_rules_text("input GF condition default 1\\nA = GF")["A"]
        <Rule A = GF>
        """
        rule = self.rule(node)
        if rule is None:
            raise UnknownName.at("", f"'{node}' is an input: it has no rule (model.info({node!r}) describes it)")
        return rule

    def info(self, node: str) -> NodeInfo:
        """What ``node`` is (aliases allowed); an unknown node raises :class:`~mtorlogic.errors.UnknownName`."""
        found = self._info.get(node)
        return found if found is not None else self._info[self.resolve(node)]

    def function(self, node: str) -> Expr:
        """The update function; an input's is the identity ``X = X``."""
        rule = self._rules.get(node)
        return rule.expr if rule is not None else var(node)

    @cached_property
    def functions(self) -> dict[str, Expr]:
        return {n: self.function(n) for n in self.nodes}

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        """Nodes whose value never changes by itself (no rule, or ``X = X``)."""
        return tuple(n for n in self.nodes if self.function(n) == var(n))

    @cached_property
    def index(self) -> dict[str, int]:
        return {n: i for i, n in enumerate(self.nodes)}

    def defaults(self) -> dict[str, int]:
        """Declared default values of inputs (the model's default background)."""
        return {n: d for n in self.inputs if (d := self._info[n].default) is not None}

    def nodes_of_kind(self, *kinds: str) -> tuple[str, ...]:
        return tuple(n for n in self.nodes if self._info[n].kind in kinds)

    # --- names ------------------------------------------------------------

    def _alias_table(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for nid, info in self._info.items():
            for alias in info.aliases:
                table.setdefault(alias, nid)
        return table

    def resolve(self, name: str, source: str | None = None) -> str:
        """The node id for a name or alias; a clear error with "did you mean" otherwise."""
        if name in self._info:
            return name
        if name in self._aliases:
            return self._aliases[name]
        lowered = {k.lower(): v for k, v in [*self._aliases.items(), *((n, n) for n in self.nodes)]}
        if name.lower() in lowered:
            return lowered[name.lower()]
        hint = did_you_mean(name, [*self.nodes, *self._aliases])
        raise UnknownName.at(given_at() if source is None else source, f"unknown node '{name}'{hint}")

    # --- alternatives (an ensemble of readings) ----------------------------

    @property
    def sites(self) -> tuple[str, ...]:
        """The ledger entries with alternatives, in the order they first appear: one binary choice each."""
        return tuple(dict.fromkeys(alt.ledger for alt in self.alternatives))

    def reading(self, taken: Iterable[str] = ()) -> "Model":
        """The model with the alternatives of the ledger entries ``taken`` applied, the others primary.

        The result has no alternatives left; its rewritten rules keep their
        references and say which reading they are. Several alternatives of one
        rule apply in file order.

        Examples
        --------
        >>> from mtorlogic.rules import read_rules_text
        >>> m = read_rules_text('input A condition\\ninput B condition\\nC = A | B\\nalt C without B [s1] "may"')
        >>> m.sites, m.reading(["s1"]).rule("C").text, m.reading().rule("C").text
        (('s1',), 'A', 'A | B')
        """
        chosen = set(taken)
        unknown = chosen - set(self.sites)
        if unknown:
            raise InputError.at("<command line>", f"no alternatives cite {', '.join(sorted(unknown))}; "
                                f"the model's are: {', '.join(self.sites) or 'none'}")
        rules = dict(self._rules)
        # Whole-rule alternatives first, then term alternatives in order, on whichever rule the member reads.
        for alt in sorted(self.alternatives, key=lambda a: a.form != "rule"):
            if alt.ledger in chosen:
                old = rules[alt.target]
                prov = replace(old.provenance, source=alt.source or old.provenance.source,
                               evidence=f"alternative [{alt.ledger}]: {alt.reason}")
                try:
                    expr = alt.apply(old.expr)
                except ValueError as e:  # a term another alternative of this member added, not taken here
                    raise InputError.at(alt.source or "<alternatives>", f"this reading cannot apply: {e}") from None
                rules[alt.target] = Rule(alt.target, expr, prov)
        return Model(rules, self._info, self.name, self.fixed)

    # --- perturbation -----------------------------------------------------

    def fix(self, values: Mapping[str, object], source: str | None = None) -> "Model":
        """A new Model with the given nodes held at constant values.

        Names may be aliases; values 0/1 or booleans.

        Examples
        --------
        >>> m2 = model.fix({"PTEN": 0, "everolimus": 1})   # doctest: +SKIP
        """
        resolved: dict[str, int] = {}
        for name, value in values.items():
            nid = self.resolve(name, source)
            if value not in (0, 1, True, False):
                raise InputError.at(given_at() if source is None else source,
                                    f"value for '{name}' must be 0 or 1, not {value!r}")
            resolved[nid] = int(value)
        rules = dict(self._rules)
        for nid, value in resolved.items():
            rules[nid] = _held_rule(nid, self._rules.get(nid), value)
        kept = [a for a in self.alternatives if a.target not in resolved]
        return self._derived(rules, {**self.fixed, **resolved}, kept)

    def _derived(self, rules: dict[str, Rule], fixed: dict[str, int], alternatives: Sequence[Alternative]) -> "Model":
        """This model with some rules replaced by constants: the same nodes, declarations and aliases,
        so nothing is checked again (a scenario fixes a model several times; a screen thousands)."""
        derived = object.__new__(Model)
        derived.name = self.name
        derived._rules = rules
        derived._info = self._info
        derived.nodes = self.nodes
        derived.fixed = fixed
        derived._aliases = self._aliases
        derived.alternatives = tuple(alternatives)
        derived.__dict__["index"] = self.index
        return derived

    def with_rule(self, target: str, rule: str, refs: Sequence[int] = (), evidence: str | None = None) -> "Model":
        """A new Model in which ``target`` is updated by ``rule``, written in the rule language.

        Parameters
        ----------
        target : a node (or alias); a new name adds a node
        rule : the right-hand side, e.g. ``"A & !B"`` (``target`` itself makes it an input)
        refs, evidence : provenance of the new rule (review reference numbers, a sentence)

        Raises
        ------
        InputError
            ``<with_rule X>:1:column: message`` for a syntax error or a name that is not a node.

        Examples
        --------
        >>> from mtorlogic.rules import read_rules_text
        >>> m = read_rules_text("input A condition default 1\\nB = A\\nC = B")
        >>> m.with_rule("C", "B & !A").rule("C").text
        'B & !A'
        >>> m.with_rule("C", "B & !D")
        Traceback (most recent call last):
        ...
        mtorlogic.errors.InputError: <with_rule C>:1:6: unknown node 'D'
        """
        from .rules import IDENT, parse_expression, tokenize

        source = f"<with_rule {target}>"
        node = self.resolve(target, source) if target in self or target in self._aliases else target
        if node not in self and not IDENT.match(node):
            raise InputError.at(source, f"'{target}' is not a valid node name", 1, 1)
        expr = parse_expression(rule, source=source, line=1)
        known = {node, *self.nodes}
        mapping = {}
        for name in sorted(variables(expr)):
            if name in known:
                continue
            try:
                mapping[name] = self.resolve(name, source)
            except InputError:
                column = next((t.column for t in tokenize(rule) if t.text == name), 0)
                hint = did_you_mean(name, [*self.nodes, *self._aliases])
                raise InputError.at(source, f"unknown node '{name}'{hint}", 1, column) from None
        rules = dict(self._rules)
        rules[node] = Rule(node, rename(expr, mapping), Provenance(tuple(refs), None, evidence, source))
        fixed = {k: v for k, v in self.fixed.items() if k != node}
        # Alternatives of the replaced rule read the old one; they do not carry over.
        kept = [a for a in self.alternatives if a.target != node]
        return Model(rules, self._info, self.name, fixed, kept)

    def with_defaults(self, overrides: Mapping[str, object] | None = None) -> "Model":
        """Inputs fixed to their declared defaults (then to ``overrides``)."""
        values: dict[str, object] = dict(self.defaults())
        for name, value in (overrides or {}).items():
            values[self.resolve(name)] = value
        return self.fix(values) if values else self

    # --- structure --------------------------------------------------------

    def regulators(self, node: str) -> frozenset[str]:
        return variables(self.function(node)) - ({node} if node in self.inputs else set())

    def interaction_graph(self) -> "nx.DiGraph[str]":
        """Signed interaction graph (networkx DiGraph).

        An edge ``u -> v`` exists when ``f_v`` depends on ``u``; its ``sign``
        is +1 when raising ``u`` never lowers ``f_v``, -1 when it never raises
        it, 0 when it does both (non-monotone). Signs come from the truth
        table, not from the syntax: ``A & !A | B`` has no edge from ``A``.
        Each edge carries the rule's ``refs`` and ``section``.
        """
        import networkx as nx

        g: nx.DiGraph[str] = nx.DiGraph(name=self.name or "")
        for n in self.nodes:
            info = self._info[n]
            g.add_node(n, kind=info.kind, name=info.name or n, input=n in self.inputs)
        for target in self.nodes:
            if target in self.inputs:
                continue
            f = self.function(target)
            prov = self._rules[target].provenance
            for source, sign in function_signs(f).items():
                g.add_edge(source, target, sign=sign, refs=list(prov.refs), section=prov.section or "")
        return g


_SIGN_LIMIT = 22


def function_signs(f: Expr) -> dict[str, int]:
    """For each variable ``f`` really depends on: +1, -1 or 0 (non-monotone).

    Exact over the truth table of ``f`` (up to 22 variables); beyond that the
    sign is read from the syntax (literal polarity), which over-approximates
    dependence.
    """
    names = sorted(variables(f))
    if not names:
        return {}
    if len(names) > _SIGN_LIMIT:
        return _syntactic_signs(f)
    import numpy as np  # here, not at the top: a CLI run that never asks for signs starts faster

    idx = np.arange(1 << len(names), dtype=np.int64)
    (table,) = truth_tables([f], names)
    signs = {}
    for i, n in enumerate(names):
        low = idx[(idx >> i) & 1 == 0]
        f0, f1 = table[low], table[low | (1 << i)]
        up, down = bool(np.any(f1 & ~f0)), bool(np.any(f0 & ~f1))
        if up or down:
            signs[n] = 1 if up and not down else -1 if down and not up else 0
    return signs


def _syntactic_signs(f: Expr) -> dict[str, int]:
    seen: dict[str, set[int]] = {}

    def walk(e: Expr, polarity: int) -> None:
        op = e[0]
        if op == VAR:
            seen.setdefault(e[1], set()).add(polarity)
        elif op == "not":
            walk(e[1], -polarity)
        elif op != CONST:
            for sub in e[1]:
                walk(sub, polarity)

    walk(f, 1)
    return {n: (s.pop() if len(s) == 1 else 0) for n, s in seen.items()}


def truth_tables(functions: Sequence[Expr], names: Sequence[str]) -> list[NDArray[np.bool_]]:
    """Each function over all 2**len(names) assignments (bit i of the row index = names[i])."""
    import numpy as np

    k = len(names)
    idx = np.arange(1 << k, dtype=np.int64)
    columns = {n: ((idx >> i) & 1).astype(bool) for i, n in enumerate(names)}
    ones, zeros = np.ones(1 << k, bool), np.zeros(1 << k, bool)
    # "| zeros" broadcasts a constant function to a full column.
    return [np.asarray(evaluate(f, columns, ops=(ones, zeros))) | zeros for f in functions]


def truth_table_equal(f: Expr, g: Expr, names: Iterable[str] | None = None) -> bool:
    """Whether two functions agree on every assignment of their variables."""
    allv = sorted(set(names or ()) | variables(f) | variables(g))
    if len(allv) > 24:
        raise ValueError("too many variables for a truth-table comparison")
    import numpy as np

    tf, tg = truth_tables([f, g], allv)
    return bool(np.array_equal(tf, tg))

