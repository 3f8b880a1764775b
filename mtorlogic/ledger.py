"""The statement ledger: every regulatory statement of the sources, and which rule terms carry it.

A model directory may hold ``statements.toml``, one table per statement::

    [statement.2-1-tsc-rheb-gap]
    section = "2.1"                  # the review's section; "intro", "table1", "abstract"
                                     # (the breast-cancer abstract) or "external"
    refs = [14]                      # the review's reference numbers printed with the sentence
    zh = "...其作为Rheb酶活化蛋白促进与Rheb结合的GTP水解,使得Rheb失活..."   # verbatim
    en = "TSC, the GAP of Rheb, promotes hydrolysis of Rheb-bound GTP and inactivates Rheb"
    kind = "inhibition"
    status = "encoded"
    terms = ["Rheb: !TSC"]           # (rule target, regulator literal) pairs that carry it

    [statement.5-5-s6k-rictor]
    ...
    status = "not_encoded"
    reason = "..."                   # a biological reason

    [statement.x-p110b-pten-null]
    section = "external"
    sources = ["DOI:10.1038/nature13948"]   # keys of references.toml
    en = "..."
    ...

    [statement.5-3-mutations-atp-resistance]
    status = "contradicted"          # the primary literature says otherwise; the model follows it
    contradicted_by = ["DOI:10.1158/2159-8290.CD-13-0929"]
    reason = "..."

    [statement.5-4-palbociclib-erk]
    status = "misattributed"         # true claim, wrong paper cited: the one that supports it
    supported_by = ["DOI:10.1158/1078-0432.CCR-17-0803"]
    reason = "..."

    [marker.mTORC1_high]             # a node that feeds nothing on purpose: a measured level
    means = "..."

A *term* is one literal of one rule: ``mTORC1 = mTOR & !Rapalog_FKBP12`` has
the terms ``mTORC1: mTOR`` and ``mTORC1: !Rapalog_FKBP12``. :func:`coverage`
checks that every term of every rule has an encoded statement behind it, that
every statement is encoded or says why not, and that each rule cites exactly
the references of the statements behind its terms.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition default 1\\nB = A & !C   [14]\\nC = B   [14]")
>>> sorted(map(str, rule_terms(m)))
['B: !C', 'B: A', 'C: B']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Protocol

from .errors import InputError, Problem, did_you_mean
from .expr import CONST, VAR, Expr
from .model import Model
from .references import References, parse_source

if TYPE_CHECKING:
    from .io._toml import Document

LEDGER_FILE = "statements.toml"
KINDS = ("activation", "inhibition", "binding", "substrate", "composition", "drug-target", "resistance",
         "counter-strategy", "context")
SECTIONS = ("intro", "1.1", "1.2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "4.3", "table1", "5",
            "5.1", "5.2", "5.3", "5.4", "5.5", "6", "abstract", "external")
_SECTION_LABELS = {"intro": "introduction", "table1": "Table 1", "abstract": "breast-cancer abstract", "external": ""}
_FIELDS = ("section", "refs", "sources", "zh", "en", "kind", "status", "terms", "reason", "note", "contradicted_by",
           "supported_by")
STATUSES = ("encoded", "not_encoded", "contradicted", "misattributed")
_TERM = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(!?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*\Z")


@dataclass(frozen=True, order=True)
class Term:
    """One literal of one rule: ``target: regulator`` or ``target: !regulator``."""

    target: str
    regulator: str
    negated: bool = False

    def __str__(self) -> str:
        return f"{self.target}: {'!' if self.negated else ''}{self.regulator}"

    @property
    def literal(self) -> str:
        return ("!" if self.negated else "") + self.regulator


@dataclass(frozen=True)
class Statement:
    """One statement of a source and how the model carries it."""

    id: str
    section: str
    en: str
    kind: str
    status: str
    refs: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    zh: str = ""
    terms: tuple[Term, ...] = ()
    reason: str = ""
    note: str = ""
    line: int = 0
    contradicted_by: tuple[str, ...] = ()  # primary sources that contradict the statement (status contradicted)
    supported_by: tuple[str, ...] = ()  # the paper that supports a misattributed claim (status misattributed)

    @property
    def external(self) -> bool:
        return self.section == "external"

    def cite(self) -> str:
        """Where it comes from: ``§2.1 [14]``, ``Table 1``, ``breast-cancer abstract``, ``[PMID:...]``."""
        keys = [*map(str, self.refs), *self.sources]
        label = _SECTION_LABELS.get(self.section, "§" + self.section)
        return " ".join(p for p in (label, f"[{', '.join(keys)}]" if keys else "") if p)


@dataclass(frozen=True)
class Ambiguity:
    """A place where the review is unclear or contradicts itself, and what the model does about it."""

    topic: str
    text: str
    refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Marker:
    """A node that feeds nothing on purpose: a level or readout the literature measures."""

    node: str
    means: str
    line: int = 0


@dataclass
class Ledger:
    statements: dict[str, Statement]
    ambiguities: list[Ambiguity] = field(default_factory=list)
    source: str = "<ledger>"
    markers: dict[str, Marker] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.statements)

    def behind(self, term: Term) -> list[Statement]:
        """The encoded statements that carry ``term``."""
        return [s for s in self.statements.values() if term in s.terms]


def rule_terms(model: Model) -> dict[Term, str]:
    """Every literal of every rule (inputs excluded), with the rule's target."""
    terms: dict[Term, str] = {}
    for target in model.nodes:
        rule = model.rule(target)
        if rule is None or target in model.inputs:
            continue
        for regulator, negated in _literals(rule.expr):
            terms[Term(target, regulator, negated)] = target
    return terms


def _literals(expr: Expr) -> set[tuple[str, bool]]:
    found: set[tuple[str, bool]] = set()
    stack = [(expr, False)]
    while stack:
        e, negated = stack.pop()
        if e[0] == VAR:
            found.add((e[1], negated))
        elif e[0] == "not":
            stack.append((e[1], not negated))
        elif e[0] != CONST:
            stack.extend((sub, negated) for sub in e[1])
    return found


# --- reading ----------------------------------------------------------------


def ledger_path(model_path: str | Path) -> Path:
    p = Path(model_path)
    return p / LEDGER_FILE if p.is_dir() else p.with_name(LEDGER_FILE)


def read_ledger(model_path: str | Path, model: Model, references: References | None = None) -> Ledger | None:
    """The ledger beside a model, checked against it; None when the model has none.

    Raises
    ------
    InputError
        ``file:line:column: message`` for malformed entries, unknown terms,
        references or sources.
    """
    path = ledger_path(model_path)
    if not path.exists():
        return None
    from .io._read import read_input  # size cap, special files refused, located encoding errors

    text = read_input(path)
    return parse_ledger(text, model, references, str(path))


def parse_ledger(text: str, model: Model, references: References | None = None,
                 source: str = "<ledger>") -> Ledger:
    """Read ledger text (see :func:`read_ledger`)."""
    from .io._toml import Document

    data, doc = Document.parse(text, source)
    problems: list[Problem] = []
    for table in data:
        if table not in ("statement", "ambiguity", "marker"):
            problems.append(doc.problem(f"unknown table [{table}]: expected [statement.ID], [marker.NODE] "
                                        "and [[ambiguity]]", (table,)))
    known = rule_terms(model)
    statements = {}
    for sid, fields in data.get("statement", {}).items():
        statement = _statement(sid, fields, doc, known, model, references, problems)
        if statement is not None:
            statements[sid] = statement
    ambiguities = []
    raw = data.get("ambiguity", [])
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(item.get("topic"), str) and isinstance(item.get("text"), str):
            ambiguities.append(Ambiguity(item["topic"], item["text"], tuple(item.get("refs", ()))))
        else:
            problems.append(Problem(source, 0, 0, "each [[ambiguity]] needs a 'topic' and a 'text'"))
    markers = _markers(data.get("marker", {}), doc, model, problems)
    if problems:
        raise InputError(problems)
    return Ledger(statements, ambiguities, source, markers)


def _markers(raw: object, doc: Document, model: Model, problems: list[Problem]) -> dict[str, Marker]:
    """``[marker.NODE] means = "..."``: nodes declared to feed nothing on purpose."""
    out: dict[str, Marker] = {}
    for node, fields in (raw.items() if isinstance(raw, dict) else ()):
        where = ("marker", node)
        if node not in model:
            problems.append(doc.problem(f"marker {node}: no such node{did_you_mean(node, model.nodes)}", where))
        elif not isinstance(fields, dict) or not isinstance(fields.get("means"), str) or not fields["means"].strip():
            problems.append(doc.problem(f"marker {node}: needs 'means', what the level or readout measures", where))
        elif set(fields) - {"means"}:
            problems.append(doc.problem(f"marker {node}: unknown field(s) {', '.join(sorted(set(fields) - {'means'}))}",
                                        where))
        else:
            out[node] = Marker(node, fields["means"].strip(), doc.locate(where)[0])
    return out


class _Complaint(Protocol):
    """Records a problem with one statement, at one of its fields (and a value in it) when given."""

    def __call__(self, message: str, field_name: str | None = None, value: str | None = None) -> None: ...


def _statement(sid: str, fields: object, doc: Document, known: dict[Term, str], model: Model,
               references: References | None, problems: list[Problem]) -> Statement | None:
    table = ("statement", sid)

    def bad(message: str, field_name: str | None = None, value: str | None = None) -> None:
        problems.append(doc.problem(f"statement {sid}: {message}", table + ((field_name,) if field_name else ()),
                                    value))

    if not isinstance(fields, dict):
        bad("must be a table")
        return None
    for name in fields:
        if name not in _FIELDS:
            bad(f"unknown field '{name}'{did_you_mean(name, _FIELDS)}", name)
    text = {}
    for name in ("section", "zh", "en", "kind", "status", "reason", "note"):
        value = fields.get(name, "")
        if not isinstance(value, str):
            bad(f"'{name}' must be text", name)
            value = ""
        text[name] = value.strip()
    if text["section"] not in SECTIONS:
        bad(f"section '{text['section']}' is not one of {', '.join(SECTIONS)}", "section")
    if not text["en"]:
        bad("needs an English rendering 'en'", None)
    if text["kind"] not in KINDS:
        bad(f"kind '{text['kind']}' is not one of {', '.join(KINDS)}", "kind")
    if text["status"] not in STATUSES:
        bad(f"status must be one of {', '.join(STATUSES)}", "status")
    external = text["section"] == "external"
    if external and text["zh"]:
        bad("an external statement has no Chinese sentence (zh): it is not from the review", "zh")
    if not external and text["section"] != "abstract" and not text["zh"]:
        bad("needs the review's Chinese sentence (zh), verbatim", None)
    refs = _numbers(fields.get("refs", []), references, bad)
    sources = _sources(fields.get("sources", []), references, bad)
    if external and not sources:
        bad("an external statement needs 'sources' (PMID:/DOI: keys of references.toml)", None)
    if not external and sources:
        bad("only an external statement has 'sources'; cite the review's numbers in 'refs'", "sources")
    terms = _terms(fields.get("terms", []), known, model, bad)
    if text["status"] in ("not_encoded", "contradicted") and terms:
        bad(f"a {text['status']} statement lists no terms", "terms")
    against = _sources(fields.get("contradicted_by", []), references, bad, "contradicted_by")
    support = _sources(fields.get("supported_by", []), references, bad, "supported_by")
    for status, name, keys in (("contradicted", "contradicted_by", against), ("misattributed", "supported_by", support)):
        if text["status"] == status and not (keys and text["reason"]):
            bad(f"a {status} statement needs '{name}' (PMID:/DOI: keys of references.toml) and a 'reason'", None)
        elif text["status"] != status and keys:
            bad(f"only a {status} statement has '{name}'", name)
    return Statement(sid, text["section"], text["en"], text["kind"], text["status"], refs, sources, text["zh"],
                     terms, text["reason"], text["note"], doc.locate(("statement", sid))[0], against, support)


def _numbers(value: object, references: References | None, bad: _Complaint) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        bad("'refs' must be a list of the review's reference numbers", "refs")
        return ()
    for n in value:
        known = (n in references) if references else 1 <= n <= 73
        if not known:
            bad(f"reference {n} is not one of the review's references", "refs")
    return tuple(value)


def _sources(value: object, references: References | None, bad: _Complaint,
             name: str = "sources") -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(f"'{name}' must be a list of PMID:/DOI: keys", name)
        return ()
    out = []
    for raw in value:
        key = parse_source(raw)
        if key is None:
            bad(f"'{raw}' is not PMID:<digits> or DOI:10.<...>", name, raw)
        elif references is not None and key not in references:
            bad(f"source {key} is not in references.toml", name, raw)
        else:
            out.append(key)
    return tuple(out)


def _terms(value: object, known: dict[Term, str], model: Model, bad: _Complaint) -> tuple[Term, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad("'terms' must be a list like [\"Rheb: !TSC\"]", "terms")
        return ()
    out = []
    for raw in value:
        m = _TERM.match(raw)
        if not m:
            bad(f"term '{raw}' is not 'Target: Regulator' or 'Target: !Regulator'", "terms", raw)
            continue
        term = Term(m.group(1), m.group(3), bool(m.group(2)))
        if term in known:
            out.append(term)
            continue
        rule = model.rule(term.target) if term.target in model else None
        if rule is None or term.target in model.inputs:
            targets = [t for t in model.nodes if model.rule(t) is not None and t not in model.inputs]
            bad(f"term '{raw}': '{term.target}' has no rule{did_you_mean(term.target, targets)}", "terms", raw)
        else:
            literals = [t.literal for t in known if t.target == term.target]
            bad(f"term '{raw}': the rule of {term.target} has no literal '{term.literal}'"
                f"{did_you_mean(term.literal, literals)}; its literals are {', '.join(sorted(literals))}",
                "terms", raw)
    return tuple(out)


# --- coverage ---------------------------------------------------------------


@dataclass
class Coverage:
    """How the ledger covers a model: what ``mtorlogic check`` reports, and what makes it fail."""

    statements: int
    encoded: int
    not_encoded: int
    external_statements: int
    terms: int
    external_terms: int  # terms with an external statement behind them
    external_only_terms: int  # terms with only external statements behind them
    uncovered: list[str] = field(default_factory=list)  # "file:line: Target: literal"
    unexplained: list[str] = field(default_factory=list)  # statements with neither terms nor a reason
    citations: list[str] = field(default_factory=list)  # rules citing other references than their statements
    faithful: int = 0  # the review's statements carried (or left out with a reason) as they are written
    contradicted: int = 0  # the review's statements the primary literature contradicts
    misattributed: int = 0  # true claims printed with a reference that does not support them
    markers: int = 0  # nodes declared to feed nothing on purpose
    dead_ends: list[str] = field(default_factory=list)  # nodes that feed nothing, neither markers nor readouts (listed)

    @property
    def ok(self) -> bool:
        return not (self.uncovered or self.unexplained or self.citations)

    def summary(self) -> list[str]:
        return [
            f"  ledger: {self.statements} statements: {self.encoded} encoded, {self.not_encoded} not encoded "
            f"with a reason; {self.external_statements} from external sources",
            f"  review: {self.faithful} faithful, {self.contradicted} contradicted by the primary literature, "
            f"{self.misattributed} misattributed; {self.external_statements} external; {self.markers} markers",
            f"  terms:  {self.terms - len(self.uncovered)} of {self.terms} rule terms backed by a statement; "
            f"{self.external_terms} by an external source ({self.external_only_terms} by external sources only)",
            f"  dead ends: {len(self.dead_ends)}" + (f" (feed nothing; wire them or declare [marker.NODE]): "
                                                    f"{', '.join(self.dead_ends)}" if self.dead_ends else ""),
        ]

    def failures(self) -> list[str]:
        out = [f"term without a statement: {t}" for t in self.uncovered]
        out += [f"statement with neither terms nor a reason: {s}" for s in self.unexplained]
        out += self.citations
        return out


def coverage(ledger: Ledger, model: Model) -> Coverage:
    """Check that every rule term has an encoded statement and every statement is encoded or explained."""
    terms = rule_terms(model)
    behind: dict[Term, list[Statement]] = {t: [] for t in terms}
    for s in ledger.statements.values():
        if s.status in ("encoded", "misattributed"):
            for t in s.terms:
                behind[t].append(s)
    uncovered = [f"{_rule_source(model, t.target)}: {t}" for t in sorted(terms) if not behind[t]]
    unexplained = [f"{ledger.source}:{s.line}: {s.id}" for s in ledger.statements.values()
                   if (s.status == "encoded" and not s.terms) or (s.status != "encoded" and not s.reason)]
    external = [t for t in terms if any(s.external for s in behind[t])]
    external_only = [t for t in external if all(s.external for s in behind[t])]
    statements = list(ledger.statements.values())
    encoded = sum(1 for s in statements if s.status == "encoded")
    review = [s for s in statements if not s.external]
    return Coverage(len(ledger), encoded, sum(s.status == "not_encoded" for s in statements),
                    sum(s.external for s in statements),
                    len(terms), len(external), len(external_only), uncovered, unexplained,
                    _citation_mismatches(model, terms, behind),
                    faithful=sum(s.status in ("encoded", "not_encoded") for s in review),
                    contradicted=sum(s.status == "contradicted" for s in statements),
                    misattributed=sum(s.status == "misattributed" for s in statements),
                    markers=len(ledger.markers), dead_ends=dead_ends(model, ledger.markers))


def dead_ends(model: Model, markers: Iterable[str] = ()) -> list[str]:
    """Nodes no rule reads that are neither phenotype readouts nor declared markers.

    Such a node changes and changes nothing: either it should feed what it
    means, or the ledger declares it a marker (a level the literature measures).

    >>> from mtorlogic.rules import read_rules_text
    >>> m = read_rules_text("input A condition default 1\\nB = A   [14]\\nC = A   [14]\\nD = C   [14]")
    >>> dead_ends(m), dead_ends(m, ["B", "D"])
    (['B', 'D'], [])
    """
    read = {r for n in model.nodes for r in model.regulators(n) if r != n}
    declared = set(markers)
    return [n for n in model.nodes if n not in read and n not in declared and model.info(n).kind != "phenotype"]


def _rule_source(model: Model, target: str) -> str:
    rule = model.rule(target)
    return (rule.provenance.source if rule else None) or target


def _citation_mismatches(model: Model, terms: dict[Term, str], behind: dict[Term, list[Statement]]) -> list[str]:
    """Rules whose [refs] differ from the references of the statements behind their terms."""
    out = []
    for target in dict.fromkeys(terms.values()):
        statements = {s.id: s for t in terms if t.target == target for s in behind[t]}.values()
        rule = model.rule(target)
        if not statements or rule is None:
            continue
        prov = rule.provenance
        expected = {*(r for s in statements for r in s.refs), *(k for s in statements for k in s.sources)}
        cited = {*prov.refs, *prov.external}
        missing, extra = sorted(expected - cited, key=str), sorted(cited - expected, key=str)
        if missing:
            out.append(f"{prov.source}: rule {target} does not cite {', '.join(map(str, missing))}, "
                       "which its statements cite")
        if extra:
            out.append(f"{prov.source}: rule {target} cites {', '.join(map(str, extra))}, which no statement "
                       "behind its terms cites")
    return out


# --- the Markdown view --------------------------------------------------------


def not_encoded_markdown(ledger: Ledger, references: References | None = None) -> str:
    """``NOT_ENCODED.md``: what the rules leave out and why, the modelling choices, the ambiguities
    and the external sources, generated from the ledger (``mtorlogic check rules --not-encoded ...``)."""
    statements = list(ledger.statements.values())
    cov_external = [s for s in statements if s.external]
    out = [
        "# What the rules do not encode",
        "",
        "<!-- Generated from statements.toml by `mtorlogic check rules --not-encoded rules/NOT_ENCODED.md`;",
        "     edit the ledger, not this file (a test checks that the two agree). -->",
        "",
        f"The statement ledger (`statements.toml`) holds {len(statements)} statements: every regulatory "
        "statement of the review (§1-§6, its unnumbered introduction and Table 1) and of the breast-cancer "
        f"abstract, and {len(cov_external)} statements from external sources the model needs. Each is either "
        "encoded by rule terms (`mtorlogic explain NODE` shows them) or listed here with the biological reason "
        "it is not. Section numbers are the review's; the reference numbers are those printed with the "
        "sentence.",
        "",
        "## 1. Statements not encoded",
        "",
        "| § | Refs | Statement | Why not a rule |",
        "|---|------|-----------|----------------|",
    ]
    for s in statements:
        if s.status == "not_encoded":
            out.append(f"| {s.section} | {_keys(s)} | {_cell(s.en)} | {_cell(s.reason)} |")
    partly = [s for s in statements if s.status == "encoded" and s.reason]
    if partly:
        out += ["", "## 2. Statements encoded in part", "",
                "| § | Refs | Statement | Terms | What is left out, and why |",
                "|---|------|-----------|-------|---------------------------|"]
        for s in partly:
            out.append(f"| {s.section} | {_keys(s)} | {_cell(s.en)} | {_cell(', '.join(map(str, s.terms)))} "
                       f"| {_cell(s.reason)} |")
    out += ["", "## 3. Modelling choices", "",
            "Where a rule says more, or less, than the statement behind it.", ""]
    for s in statements:
        if s.note:
            out.append(f"* **{s.id}** ({s.cite()}; {', '.join(map(str, s.terms)) or 'no terms'}): {s.note}")
    out += ["", "## 4. Ambiguities in the review", ""]
    out += [f"* **{a.topic}**: {a.text}" for a in ledger.ambiguities]
    out += ["", "## 5. External sources", "",
            "Biology the model needs that the review does not state, with the terms that rest on it.", ""]
    for s in cov_external:
        cited = "; ".join(references.cite(k) if references else k for k in s.sources)
        out.append(f"* **{s.id}** ({', '.join(map(str, s.terms)) or 'no terms'}): {s.en} — {cited}")
    for status, title, intro in (
            ("contradicted", "6. Statements the primary literature contradicts",
             "The model follows the primary literature; the review's sentence is kept here with the sources "
             "that contradict it."),
            ("misattributed", "7. Misattributed citations",
             "True claims printed with a reference that does not support them, and the paper that does.")):
        chosen = [s for s in statements if s.status == status]
        if chosen:
            out += ["", f"## {title}", "", intro, ""]
            for s in chosen:
                keys = s.contradicted_by if status == "contradicted" else s.supported_by
                cited = "; ".join(references.cite(k) if references else k for k in keys)
                out.append(f"* **{s.id}** ({s.cite()}): {s.en} — {s.reason} — {cited}")
    if ledger.markers:
        out += ["", "## 8. Markers", "", "Nodes that feed nothing on purpose: levels and readouts the literature "
                "measures (`mtorlogic check` lists any other node that feeds nothing as a dead end).", ""]
        out += [f"* **{m.node}**: {m.means}" for m in ledger.markers.values()]
    return "\n".join(out) + "\n"


def _keys(s: Statement) -> str:
    return ", ".join([*map(str, s.refs), *s.sources]) or "—"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
