"""Human-readable text: model summaries, attractor tables, time courses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

from .model import Model

if TYPE_CHECKING:
    from .blocking import Blocking
    from .catalog import Entry
    from .engine.attractors import Attractor, Reading
    from .evidence import Change
    from .ledger import Coverage, Ledger, Term
    from .phenotype import Outcome, Verdict
    from .references import References, RefKey

LOOP_LIMIT = 10_000


def feedback_loops(model: Model, limit: int = LOOP_LIMIT) -> dict[str, int | bool]:
    """Count elementary feedback loops by sign (+, -, non-monotone), up to ``limit``."""
    import networkx as nx

    g = model.interaction_graph()
    counts = {"positive": 0, "negative": 0, "non_monotone": 0, "truncated": False}
    for total, cycle in enumerate(nx.simple_cycles(g), start=1):
        sign = 1
        for a, b in zip(cycle, cycle[1:] + cycle[:1]):
            sign *= g.edges[a, b]["sign"]
        counts["positive" if sign > 0 else "negative" if sign < 0 else "non_monotone"] += 1
        if total >= limit:
            counts["truncated"] = True
            break
    return counts


def summarize(model: Model, coverage: Coverage | None = None) -> str:
    """What ``mtorlogic check`` prints; with a ledger's :class:`~mtorlogic.ledger.Coverage`, its lines too."""
    g = model.interaction_graph()
    signs = [d["sign"] for _, _, d in g.edges(data=True)]
    loops = feedback_loops(model)
    kinds: dict[str, int] = {}
    for n in model.nodes:
        kinds[model.info(n).kind] = kinds.get(model.info(n).kind, 0) + 1
    rules = [rule for n in model.nodes if (rule := model.rule(n)) is not None and n not in model.inputs]
    unreferenced = [r.target for r in rules if not (r.provenance.refs or r.provenance.external)]
    total = loops["positive"] + loops["negative"] + loops["non_monotone"]
    loop_text = (f"{total} (positive {loops['positive']}, negative {loops['negative']}, "
                 f"non-monotone {loops['non_monotone']})")
    if loops["truncated"]:
        loop_text = f"more than {LOOP_LIMIT} (counting stopped; of the first {total}: " + loop_text.split("(", 1)[1]
    lines = [
        f"model {model.name or ''}: OK",
        f"  nodes:  {len(model)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})",
        f"  inputs: {len(model.inputs)} ({len(model.defaults())} with a default value)",
        f"  rules:  {len(rules)} ({len(rules) - len(unreferenced)} with references)",
        f"  edges:  {len(signs)} (positive {signs.count(1)}, negative {signs.count(-1)}, "
        f"non-monotone {signs.count(0)})",
        f"  feedback loops: {loop_text}",
    ]
    if unreferenced:
        shown = ", ".join(unreferenced[:10]) + (" ..." if len(unreferenced) > 10 else "")
        lines.append(f"  rules without references: {shown}")
    if model.alternatives:
        lines.append(f"  alternatives: {len(model.alternatives)} on {len({a.target for a in model.alternatives})} "
                     f"rules, citing {len(model.sites)} ledger entries: an ensemble of {2 ** len(model.sites)} "
                     "members (docs/ensembles.md)")
    if coverage is not None:
        lines += coverage.summary()
    return "\n".join(lines)


def format_value(v: Reading) -> str:
    if v in (0, 1):
        return str(int(v))
    if v == "*":
        return "*"
    return f"{v:.2f}"


def attractor_table(attractors: Sequence[Attractor], model: Model, nodes: Sequence[str] | None = None,
                    fates: Sequence[str] | None = None) -> str:
    """One block per attractor: kind, size, nodes on, nodes oscillating.

    With ``nodes`` given, a compact table of just those readouts instead (with a
    ``class`` column when ``fates`` gives each attractor's fate).
    """
    out = []
    if nodes:
        header = "  #  kind         " + ("class          " if fates else "") + \
            "  ".join(n.rjust(max(4, len(n))) for n in nodes)
        out.append(header)
        for i, a in enumerate(attractors, start=1):
            cells = "  ".join(format_value(a.values[n]).rjust(max(4, len(n))) for n in nodes)
            fate = f"{fates[i - 1]:<15}" if fates else ""
            out.append(f"{i:>3}  {a.kind:<12} {fate}{cells}")
        return "\n".join(out)
    for i, a in enumerate(attractors, start=1):
        on = [n for n in model.nodes if a.values[n] == 1]
        mixed = [f"{n}={format_value(a.values[n])}" for n in model.nodes if a.values[n] not in (0, 1)]
        out.append(f"#{i} {a.kind.replace('_', ' ')}, {a.size} state(s)")
        out.append("   on: " + (", ".join(on) if on else "(none)"))
        if mixed:
            out.append("   varying: " + ", ".join(mixed))
    return "\n".join(out)


def verdict_text(result: Verdict, model: Model, expectations: Sequence[Outcome] = (),
                 references: References | None = None) -> str:
    """What ``mtorlogic run`` prints: the verdict and graded response first, then the evidence,
    and (given the model's ``references``) the works cited, in full."""
    from .phenotype import DESCRIPTION

    sc = result.scenario
    verdict = result.verdict.replace("_", " ").upper()
    response = result.response.replace("_", " ")
    lead = f"{response}: " if result.response and result.response != result.verdict else ""
    recorded = sc is not None and any(e.verdict or e.response for e in sc.expect)
    predicted = "" if recorded or result.verdict == "untreated" else " (model prediction; no observed outcome recorded)"
    lines = [f"verdict: {verdict} — {lead}{DESCRIPTION.get(result.response, '')}{predicted}"]
    if sc is not None:
        lines.append(f"scenario: {sc.name}")
        parts = []
        if sc.alterations:
            parts.append("alterations " + ", ".join(sc.alterations))
        if sc.conditions:
            parts.append("conditions " + ", ".join(f"{k}={v}" for k, v in sc.conditions.items()))
        if sc.fix:
            parts.append("fixed " + ", ".join(f"{k}={v}" for k, v in sc.fix.items()))
        parts.append("drugs " + (", ".join(sc.drugs) if sc.drugs else "(none)"))
        lines.append("  " + "; ".join(parts))
    if result.verdict not in ("untreated", "not_applicable") and len(result.treated) > 1:
        counts = result.fate_counts()
        lines.append("  treated attractors: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if result.shares and result.shares.get("method") == "exact":
        s = result.shares
        lines.append(f"  initial states: {s['only_class']:.1%} reach only proliferating attractors, "
                     f"{s['only_other']:.1%} only non-proliferating, {s['both']:.1%} either")
    if result.scores is not None:
        lines.append(f"  scores: {result.scores.describe()}")
    lines.append("")
    nodes = list(result.phenotypes)
    states = [("background", result.background)]
    if result.verdict != "untreated":
        states.append(("treated", result.treated))
    for label, atts in states:
        lines.append(f"{label}: {len(atts)} attractor(s)")
        lines.append(attractor_table(atts, model, nodes, fates=[result.readouts.fate(a) for a in atts]))
    if result.blocking is not None:
        lines.append("")
        lines += blocking_lines(result.blocking)
    if result.changed:
        lines.append("")
        lines.append("changed by the treatment (in pathway order from the drug):")
        lines.extend(change_lines(result.changed))
    elif result.verdict not in ("untreated", "not_applicable"):
        lines.append("")
        lines.append("changed by the treatment: no node (the drug's effect is blocked"
                     + (": see why above)" if result.blocking is not None else ")"))
    if expectations:
        held = sum(o.holds for o in expectations)
        known = sum(not o.holds and bool(o.expectation.disagrees) for o in expectations)
        lines.append("")
        lines.append(f"expectations: {held} of {len(expectations)} hold"
                     + (f"; {known} known disagreement(s) of the model with the observation" if known else ""))
        for o in expectations:
            refs = f" [{', '.join(map(str, o.expectation.refs))}]" if o.expectation.refs else ""
            mark = "ok  " if o.holds else ("KNOWN" if o.expectation.disagrees else "FAIL")
            found = "" if o.holds else f" (found {o.found})"
            why = f": the model disagrees: {o.expectation.disagrees}" if o.expectation.disagrees and not o.holds else ""
            lines.append(f"  {mark} {o.expectation.describe()}{refs}{found}{why}")
    keys = cited_keys(result, model, expectations)
    if references is not None and keys:
        lines.append("")
        lines.append("references (the expectations and the rules along the causal chains):")
        lines += [f"  {references.cite(k)}" for k in keys]
    return "\n".join(lines)


def cited_keys(result: Verdict, model: Model, expectations: Sequence[Outcome] = ()) -> list[RefKey]:
    """The works a verdict rests on: those its expectations cite, then those of the rules of the
    nodes the treatment changed (the rules its causal chains pass through), in citation order."""
    keys: list[RefKey] = [k for o in expectations for k in o.expectation.refs]
    chained = [n for c in result.blocking.chains for n, _ in c] if result.blocking is not None else []
    for node in [*chained, *(change.node for change in result.changed)]:
        rule = model.rule(node)
        if rule is not None and node not in model.inputs:
            keys += [*rule.provenance.refs, *rule.provenance.external]
    return _ordered(keys)


def blocking_lines(blocking: Blocking, indent: str = "  ") -> list[str]:
    """Why the treatment fails: the reference it is compared with, the blocking chains, the nodes it did
    not change."""
    from .blocking import format_chain

    reverted = ", ".join(f"{n}={v}" for n, v in blocking.reverted)
    lines = [f"why it resists (against the same treatment without {reverted}: {blocking.reference_response}):"]
    if blocking.chains:
        lines += [f"{indent}blocked by {format_chain(c)}" for c in blocking.chains]
    else:
        lines.append(f"{indent}no chain of rules reaches the blocked nodes from {reverted}: the dynamics decide it")
    shown = [f"{b.node} {'/'.join(map(format_value, b.untreated))}->{'/'.join(map(format_value, b.reference))} "
             f"(here {'/'.join(map(format_value, b.resistant))})" for b in blocking.blocked]
    more = f" (+{len(shown) - 12} more)" if len(shown) > 12 else ""
    lines.append(f"{indent}the drug would have changed, and did not: " + ", ".join(shown[:12]) + more)
    return lines


def change_lines(changed: Iterable[Change], indent: str = "  ") -> list[str]:
    """One line per changed node: its values, its main chain, and the other causes it needed."""
    lines = []
    for ch in changed:
        before = "/".join(map(format_value, ch.background))
        after = "/".join(map(format_value, ch.treated))
        line = f"{indent}{ch.node}: {before} -> {after}"
        if ch.forced_by:
            line += "   via " + _chain(ch.forced_by)
            previous = ch.forced_by[-2][0] if len(ch.forced_by) > 1 else None
            if len(ch.causes) > 1 or (ch.causes and ch.causes[0][0] != previous):
                line += "   (needs " + ", ".join(f"{n}={_value(v)}" for n, v in ch.causes) + ")"
            if ch.note():
                line += "   [background varies: forced by the treatment]"
        elif ch.note():
            line += f"   [{ch.note()}]"
        lines.append(line)
        for number, cause in ch.attractors:
            lines.append(f"{indent}    in treated attractor #{number}: {ch.node}={cause.after} via {_chain(cause.chain)}")
    return lines


def _chain(pairs: Iterable[tuple[str, int | None]]) -> str:
    return " -> ".join(f"{n}={_value(v)}" for n, v in pairs)


def _value(v: int | None) -> str:
    return "?" if v is None else str(v)


def explain_text(model: Model, node: str, ledger: Ledger | None = None,
                 references: References | None = None) -> str:
    """What ``mtorlogic explain NODE`` prints: the rule, each term with the statements behind it,
    the works cited in full (external sources marked), regulators and targets."""
    from .ledger import rule_terms
    from .references import References

    references = references if references is not None else References()
    info = model.info(node)
    g = model.interaction_graph()
    sign = {1: "+", -1: "-", 0: "±"}
    lines = [f"{node}" + (f" — {info.name}" if info.name else "") + f" ({info.kind})"]
    if info.aliases:
        lines.append("  also: " + ", ".join(info.aliases))
    rule = model.rule(node)
    if node in model.inputs or rule is None:
        default = f", default {info.default}" if info.default is not None else ""
        lines.append(f"  input{default}")
        prov = info.provenance
    else:
        lines.append(f"  rule: {node} = {rule.text}")
        prov = rule.provenance
        for alt in (a for a in model.alternatives if a.target == node):
            statement = ledger.statements.get(alt.ledger) if ledger is not None else None
            lines.append(f"  alternative [{alt.ledger}]: {alt.text} ({alt.reason})"
                         + (f"\n    {statement.cite()}: {statement.en}" if statement is not None else ""))
    if prov.section:
        lines.append(f"  section: §{prov.section}")
    if prov.evidence:
        lines.append(f"  evidence: \"{prov.evidence}\"")
    if prov.source:
        lines.append(f"  defined at: {prov.source}")
    keys: list[RefKey] = [*prov.refs, *prov.external]
    if ledger is not None:
        own = sorted(t for t in rule_terms(model) if t.target == node)
        acts = sorted(t for t in rule_terms(model) if t.regulator == node)
        for title, terms in (("terms and the statements behind them", own), ("acts in", acts)):
            if terms:
                lines.append(f"  {title}:")
                for term in terms:
                    lines += _term_lines(term, ledger)
                    if term in own:
                        for statement in ledger.behind(term):
                            keys += [*statement.refs, *statement.sources]
    if keys:
        lines.append("  references:")
        lines += [f"    {references.cite(k)}" for k in _ordered(keys)]
    regs = sorted(g.predecessors(node))
    targets = sorted(g.successors(node))
    if regs:
        lines.append("  regulators: " + ", ".join(f"{sign[g.edges[r, node]['sign']]}{r}" for r in regs))
    if targets:
        lines.append("  targets: " + ", ".join(f"{sign[g.edges[node, t]['sign']]}{t}" for t in targets))
    return "\n".join(lines)


def _term_lines(term: Term, ledger: Ledger) -> list[str]:
    statements = ledger.behind(term)
    if not statements:
        return [f"    {term}: no statement (mtorlogic check lists it)"]
    out = [f"    {term}"]
    for s in statements:
        mark = "external " if s.external else ""
        out.append(f"      {mark}{s.id} {s.cite()}: {s.en}")
    return out


def _ordered(keys: Iterable[RefKey]) -> list[RefKey]:
    """The review's numbers in order, then external keys in order of first mention."""
    unique = list(dict.fromkeys(keys))
    return sorted(k for k in unique if isinstance(k, int)) + [k for k in unique if not isinstance(k, int)]


def catalog_text(entries: Iterable[Entry], kind: str) -> str:
    """What ``mtorlogic drugs`` / ``mutations`` print."""
    lines = []
    for e in entries:
        refs = f"[{', '.join(map(str, e.refs))}]" if e.refs else ""
        extra = e.get("class") or e.get("effect") or ""
        target = ", ".join(e.get("targets", ())) or e.get("gene") or ""
        lines.append(f"{e.id:<22} {e.name:<34} {extra:<22} {target:<20} §{e.section or '-'} {refs}")
        if e.aliases:
            lines.append(f"{'':<22} aka {', '.join(e.aliases)}")
    return "\n".join(lines) if lines else f"(no {kind} in this model's catalog)"
