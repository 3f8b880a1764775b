"""SBML-qual (SBML Level 3 Qualitative Models), the CoLoMoTo exchange format.

Read and written through python-libsbml; function terms are MathML, read from
libsbml's AST (never evaluated).

Reading
    - A node per qualitative species, named by the species id (the Biodivine
      collection's bnet files use the ids too); the species name, when it
      differs, becomes the node's full name.
    - A species that is constant, or that no transition sets, is an input. So
      is one whose transition has neither function terms nor a default term (how
      some tools, and the BBM collection, write inputs). Its initialLevel, if
      any, is its default value.
    - A transition's output gets the level of the first function term whose
      condition holds, else the default term's.
    - A multi-valued species (maxLevel above 1) is refused, naming it, unless
      ``booleanize=True``: then a species X with maxLevel m becomes Boolean
      variables X_b1 .. X_bm, X_bk meaning "X is at least k". The level moves
      one step at a time towards its target (Van Ham's mapping, as in GINsim
      and the BBM collection), which keeps X_b2 -> X_b1 true in every state
      reachable from a valid one, and repairs the invalid states (X_b2 without
      X_b1) in one step.

Writing
    Boolean species with one compartment, transitions with signed inputs (sign
    from the truth table: positive, negative or dual), an output, a default
    term 0 and a function term 1; inputs have no transition. A species'
    ``qual:name`` is the node id (short, as tools label nodes with it); its
    long description goes into the XHTML notes that other tools show, with
    the provenance (references, section, evidence). An input's default is its
    ``initialLevel``. Node kinds, aliases, descriptions, defaults and
    provenance also go into an annotation in our own namespace, which the
    reader takes back.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> m = read_rules_text("input A condition default 1\\nB = A & !C   [14] §2.1\\nC = B")
>>> again = read_sbml_text(format_sbml(m))
>>> again.rule("B").text, again.rule("B").provenance.refs, again.defaults()
('A & !C', (14,), {'A': 1})
>>> m = read_rules_text('input GF condition "growth factors present" default 1\\nAKT = GF')
>>> 'qual:name="GF"' in format_sbml(m), read_sbml_text(format_sbml(m)).info("GF").name
(True, 'growth factors present')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..errors import InputError, Problem
from ..expr import CONST, Expr, conjunction, const, disjunction, negation, too_deep, var, variables
from ..model import Model, NodeInfo, Provenance, Rule, function_signs
from ..references import References, RefKey, parse_source
from ._atomic import atomic_write
from ._mathml import MathError, expr_to_mathml, math_to_expr
from ._names import legal_names, model_name
from ._lines import read_text

if TYPE_CHECKING:
    import libsbml  # untyped: its classes are Any to mypy, named here for the reader

ANNOTATION_NS = "urn:mtorlogic:sbml-annotation:1"
_IDENTIFIERS = "https://identifiers.org/"
_PREFIX = "mtorlogic"
_XML_LAYER = 10000  # libsbml error ids below this are XML-level: the document could not be parsed


def read_sbml(path: str | Path, booleanize: bool = False) -> Model:
    """Read an SBML-qual file.

    Parameters
    ----------
    path : the ``.sbml`` / ``.xml`` file
    booleanize : expand multi-valued species into Boolean variables X_b1, X_b2, ...
        (otherwise a multi-valued model is refused)

    Returns
    -------
    Model named after the file (or its folder, for ``model.sbml``).

    Raises
    ------
    InputError
        ``file:line:column: message`` for a malformed document, a construct we
        cannot read, or a multi-valued species without ``booleanize``.
    """
    path = Path(path)
    return read_sbml_text(read_text(path), source=str(path), name=model_name(path), booleanize=booleanize)


def read_sbml_text(text: str, source: str = "<sbml>", name: str | None = None, booleanize: bool = False) -> Model:
    """Read SBML-qual from a string (see :func:`read_sbml`)."""
    import libsbml

    _check_xml_depth(text, source)  # libsbml recurses per element: thousands of levels crash it
    doc = libsbml.readSBMLFromString(text)
    # XML-level errors mean the document was not (wholly) parsed; SBML-level ones (a missing
    # compartment, an unknown attribute, as in the BBM files) do not stop us reading the logic.
    harmless = {libsbml.MissingXMLDecl, libsbml.MissingXMLEncoding}
    fatal = [e for e in map(doc.getError, range(doc.getNumErrors())) if e.isFatal()
             or (e.getErrorId() < _XML_LAYER and e.getErrorId() not in harmless
                 and e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR)]
    if fatal:
        raise InputError([Problem(source, e.getLine(), e.getColumn(), e.getMessage().strip()) for e in fatal])
    sbml_model = doc.getModel()
    qual = sbml_model.getPlugin("qual") if sbml_model is not None else None
    if qual is None or qual.getNumQualitativeSpecies() == 0:
        raise InputError.at(source, "no qualitative species: not an SBML-qual model (the 'qual' package is "
                            "needed; reaction-based SBML is not a logical model)", 1)
    reader = _Reader(source, qual)
    return reader.model(booleanize, name=name or sbml_model.getName() or sbml_model.getId() or None)


# XML elements nested deeper than this are refused before libsbml reads them. Published models reach
# 670 levels (BBM 146: long binary chains that flatten into shallow expressions); libsbml's
# recursive parser crashes the interpreter somewhere between 4,000 and 6,000.
MAX_XML_DEPTH = 2000
_TAGS = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!][^>]*>|<(/?)[A-Za-z_][^>]*?(/?)>", re.S)


def _check_xml_depth(text: str, source: str) -> None:
    level = 0
    for found in _TAGS.finditer(text):
        closing, empty = found.group(1), found.group(2)
        if closing:
            level -= 1
        elif closing is not None and not empty:  # an opening tag (not a comment, CDATA or declaration)
            level += 1
            if level > MAX_XML_DEPTH:
                line = text.count("\n", 0, found.start()) + 1
                column = found.start() - text.rfind("\n", 0, found.start())
                raise InputError.at(source, f"XML elements nested more than {MAX_XML_DEPTH} deep", line, column)


@dataclass
class _Species:
    id: str
    name: str | None
    max_level: int | None  # None: not declared
    constant: bool
    initial: int | None
    line: int
    column: int
    annotation: dict[str, str] = field(default_factory=dict)  # attributes of our <mtorlogic:node>
    described: tuple[str, ...] = ()  # PMID:/DOI: keys of its bqbiol:isDescribedBy annotation


@dataclass
class _Transition:
    id: str
    line: int
    terms: list[tuple[int, libsbml.ASTNode, int]]  # (result level, math, line)
    default: int | None
    thresholds: dict[str, int]  # input id -> threshold level
    annotation: dict[str, str] = field(default_factory=dict)  # attributes of our <mtorlogic:rule>
    described: tuple[str, ...] = ()  # PMID:/DOI: keys of its bqbiol:isDescribedBy annotation


class _Reader:
    """Collects species and transitions, then builds the Model; gathers every problem."""

    def __init__(self, source: str, qual: libsbml.QualModelPlugin):
        self.source = source
        self.problems: list[Problem] = []
        self.species: dict[str, _Species] = {}
        self.transitions: dict[str, _Transition] = {}  # by output species
        for qs in qual.getListOfQualitativeSpecies():
            self._add_species(qs)
        for tr in qual.getListOfTransitions():
            self._add_transition(tr)
        self._raise()

    def problem(self, element: libsbml.SBase, message: str) -> None:
        self.problems.append(Problem(self.source, element.getLine(), element.getColumn(), message))

    def _raise(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def _add_species(self, qs: libsbml.QualitativeSpecies) -> None:
        sid = qs.getId()
        if not sid:
            return self.problem(qs, "qualitative species without an id")
        if sid in self.species:
            return self.problem(qs, f"duplicate species id '{sid}' (first declared on line {self.species[sid].line}): "
                                "ids must be unique")
        initial = qs.getInitialLevel() if qs.isSetInitialLevel() else None
        max_level = qs.getMaxLevel() if qs.isSetMaxLevel() else None
        for attribute, level in (("maxLevel", max_level), ("initialLevel", initial)):
            if level is not None and level < 0:
                self.problem(qs, f"species '{sid}': {attribute} {level} is negative; levels are 0 or more")
        self.species[sid] = _Species(sid, qs.getName() or None, max_level, qs.getConstant(), initial,
                                     qs.getLine(), qs.getColumn(), _annotation(qs, "node"), _sources_of(qs))

    def _add_transition(self, tr: libsbml.Transition) -> None:
        import libsbml

        tid = tr.getId() or "(no id)"
        terms = [(ft.getResultLevel(), ft.getMath(), ft.getLine()) for ft in tr.getListOfFunctionTerms()]
        default = tr.getDefaultTerm().getResultLevel() if tr.isSetDefaultTerm() else None
        thresholds = {i.getId(): i.getThresholdLevel() for i in tr.getListOfInputs()
                      if i.isSetId() and i.isSetThresholdLevel()}
        transition = _Transition(tid, tr.getLine(), terms, default, thresholds, _annotation(tr, "rule"),
                                 _sources_of(tr))
        if tr.getNumOutputs() == 0:
            self.problem(tr, f"transition '{tid}' has no output")
        for out in tr.getListOfOutputs():
            target = out.getQualitativeSpecies()
            if target not in self.species:
                self.problem(out, f"transition '{tid}' sets '{target}', which is not a qualitative species")
            elif out.getTransitionEffect() != libsbml.OUTPUT_TRANSITION_EFFECT_ASSIGNMENT_LEVEL:
                self.problem(out, f"transition '{tid}': only the transitionEffect 'assignmentLevel' describes a "
                             "logical function; 'production' is not supported")
            elif target in self.transitions:
                self.problem(out, f"'{target}' is set by two transitions ('{self.transitions[target].id}' and "
                             f"'{tid}')")
            elif self.species[target].constant:
                self.problem(out, f"'{target}' is constant but transition '{tid}' sets it")
            elif terms or default is not None:
                self.transitions[target] = transition

    # --- levels ---------------------------------------------------------

    def levels(self) -> dict[str, int]:
        """maxLevel of each species; when unset, the highest level the model gives it (at least 1)."""
        levels = {}
        for sid, sp in self.species.items():
            if sp.max_level is not None:
                levels[sid] = max(1, sp.max_level)  # maxLevel 0 (always off) is still a Boolean node
                continue
            t = self.transitions.get(sid)
            given = [lvl for lvl, _, _ in t.terms] + [t.default or 0] if t else []
            levels[sid] = max([1, sp.initial or 0, *given])
        return levels

    def model(self, booleanize: bool, name: str | None) -> Model:
        levels = self.levels()
        multi = [sid for sid, m in levels.items() if m > 1]
        if multi and not booleanize:
            raise InputError([Problem(self.source, self.species[s].line, self.species[s].column,
                                      f"species '{s}' is multi-valued (maxLevel {levels[s]}); expand it into "
                                      f"Boolean variables {', '.join(_bits(s, levels[s]))} with 'mtorlogic "
                                      "convert FILE OUT.bnet --booleanize' (read_model(..., booleanize=True))")
                              for s in multi])
        node_of = {sid: sp.annotation.get("id") or sid for sid, sp in self.species.items()}
        bits = {sid: (_bits(node_of[sid], m) if m > 1 else [node_of[sid]]) for sid, m in levels.items()}
        named = Counter(b for bs in bits.values() for b in bs)
        clashes = sorted(b for b, count in named.items() if count > 1)
        if clashes:
            raise InputError.at(self.source, "two species would become the same node (after booleanizing, "
                                "or through our id annotation): " + ", ".join(clashes))

        def at_least(sid: str, k: int) -> Expr:
            return const(True) if k <= 0 else const(False) if k > levels[sid] else var(bits[sid][k - 1])

        rules: dict[str, Rule] = {}
        infos: dict[str, NodeInfo] = {}
        for sid, sp in self.species.items():
            t = self.transitions.get(sid)
            targets = self._targets(t, levels[sid], levels, at_least) if t is not None else None
            for k, node in enumerate(bits[sid], start=1):
                if t is not None and targets is not None:
                    expr = targets[k - 1] if levels[sid] == 1 else _stepwise(bits[sid], k, targets[k - 1])
                    deep = too_deep(expr)
                    if deep:
                        self.problems.append(Problem(self.source, t.line, 0, f"transition '{t.id}': {deep}"))
                        expr = const(False)
                    rules[node] = Rule(node, expr, _provenance(t.annotation, f"{self.source}:{t.line}", t.described))
                is_input = node not in rules or rules[node].expr == var(node)
                infos[node] = self._info(sp, node, k, is_input)
        self._raise()
        return Model(rules, infos, name=name)

    def _targets(self, t: _Transition, max_level: int, levels: Mapping[str, int],
                 at_least: Callable[[str, int], Expr]) -> list[Expr]:
        """For k = 1 .. max_level: when the transition's target level is at least k."""
        conditions = []
        unreadable = [const(False)] * max_level
        for level, ast, line in t.terms:
            try:
                conditions.append((level, math_to_expr(ast, at_least, levels, t.thresholds)))
            except MathError as e:
                self.problems.append(Problem(self.source, line, 0, f"transition '{t.id}': {e}"))
                return unreadable
        default = t.default or 0
        too_high = max([default, *(lvl for lvl, _ in conditions)])
        if too_high > max_level:
            self.problems.append(Problem(self.source, t.line, 0, f"transition '{t.id}' gives level {too_high} "
                                         f"to a species whose maxLevel is {max_level}"))
            return unreadable
        result_levels = {lvl for lvl, _ in conditions}
        any_term = disjunction(c for _, c in conditions)
        out = []
        for k in range(1, max_level + 1):
            if len(result_levels) <= 1:  # the usual case: no need for first-match priority
                reached = disjunction(c for lvl, c in conditions if lvl >= k)
            else:
                reached = disjunction(conjunction([c, *(negation(p) for _, p in conditions[:i])])
                                      for i, (lvl, c) in enumerate(conditions) if lvl >= k)
            out.append(disjunction([reached, conjunction([const(default >= k), negation(any_term)])]))
        return out

    def _info(self, sp: _Species, node: str, k: int, is_input: bool) -> NodeInfo:
        ours = sp.annotation
        written = ours.get("default")  # our annotation's default, as text
        default: int | None = None
        if written is None and is_input and sp.initial is not None:
            default = int(sp.initial >= k)
        elif written is not None:
            default = int(written)
        kind = ours.get("kind") or ("condition" if is_input else "protein")
        aliases = tuple(a for a in ours.get("aliases", "").split(",") if a)
        full_name = ours.get("name") or (sp.name if sp.name and sp.name != sp.id and sp.name != node else None)
        return NodeInfo(node, full_name, kind, aliases, default,
                        _provenance(ours, f"{self.source}:{sp.line}", sp.described))


def _bits(node: str, max_level: int) -> list[str]:
    return [f"{node}_b{k}" for k in range(1, max_level + 1)]


def _stepwise(bits: list[str], k: int, target_at_least_k: Expr) -> Expr:
    """X_bk' for a level that moves one step towards its target: on when the level is
    above k, or when it is k-1 or k and the target is at least k."""
    above = var(bits[k]) if k < len(bits) else const(False)
    below = var(bits[k - 2]) if k >= 2 else const(True)
    return disjunction([above, conjunction([below, negation(above), target_at_least_k])])


# --- annotations ------------------------------------------------------------


def _annotation(element: libsbml.SBase, tag: str) -> dict[str, str]:
    """The attributes of our ``<mtorlogic:tag>`` annotation on an element, if any."""
    ann = element.getAnnotation()
    if ann is None:
        return {}
    for i in range(ann.getNumChildren()):
        child = ann.getChild(i)
        if child.getURI() == ANNOTATION_NS and child.getName() == tag:
            attrs = child.getAttributes()
            return {attrs.getName(j): attrs.getValue(j) for j in range(attrs.getLength())}
    return {}


def _provenance(ours: dict[str, str], where: str, described: tuple[str, ...] = ()) -> Provenance:
    """Our annotation's provenance; without one, the PMID:/DOI: keys of the element's MIRIAM annotation."""
    refs = tuple(int(r) for r in ours.get("refs", "").split(",") if r.strip().isdigit())
    external = tuple(s for s in map(parse_source, ours.get("external", "").split(",")) if s)
    if not ours:
        external = described
    return Provenance(refs, ours.get("section") or None, ours.get("evidence") or None, where, external)


def _annotate(element: libsbml.SBase, tag: str, values: dict[str, object]) -> None:
    attrs = " ".join(f"{k}={quoteattr(str(v))}" for k, v in values.items()
                     if k != "cite" and v not in (None, "", ()))
    if attrs:
        element.appendAnnotation(f"<{_PREFIX}:{tag} xmlns:{_PREFIX}={quoteattr(ANNOTATION_NS)} {attrs}/>")
    # Notes, for people: the node's description, then where the rule comes from.
    paragraphs = [str(values["name"])] if values.get("name") else []
    provenance = " ".join(str(values[k]) for k in ("cite", "evidence") if values.get(k))
    paragraphs += [provenance] if provenance else []
    if paragraphs:
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        element.setNotes(f'<body xmlns="http://www.w3.org/1999/xhtml">{body}</body>')


def _provenance_values(prov: Provenance) -> dict[str, object]:
    return {"refs": ",".join(map(str, prov.refs)), "external": ",".join(prov.external), "section": prov.section,
            "evidence": prov.evidence, "cite": prov.cite()}


def described_by(element: libsbml.SBase) -> list[str]:
    """The ``bqbiol:isDescribedBy`` resources of an element (identifiers.org URIs or MIRIAM URNs)."""
    import libsbml

    out = []
    for i in range(element.getNumCVTerms()):
        cv = element.getCVTerm(i)
        if (cv.getQualifierType() == libsbml.BIOLOGICAL_QUALIFIER
                and cv.getBiologicalQualifierType() == libsbml.BQB_IS_DESCRIBED_BY):
            out += [cv.getResourceURI(j) for j in range(cv.getNumResources())]
    return out


def _sources_of(element: libsbml.SBase) -> tuple[str, ...]:
    """PMID:/DOI: keys of an element's isDescribedBy annotations (how other tools cite literature)."""
    keys = []
    for uri in described_by(element):
        m = re.search(r"(?:identifiers\.org/|urn:miriam:)(pubmed|doi)[:/](.+)$", uri, re.IGNORECASE)
        if m:
            keys.append(parse_source(f"{'PMID' if m.group(1).lower() == 'pubmed' else 'DOI'}:{m.group(2)}"))
    return tuple(k for k in dict.fromkeys(keys) if k)


def _describe(element: libsbml.SBase, prov: Provenance, references: References | None, sid: str) -> None:
    """Add the MIRIAM ``bqbiol:isDescribedBy`` annotation for the works ``prov`` cites."""
    import libsbml

    lookup = references or References()
    cited: tuple[RefKey, ...] = (*prov.refs, *prov.external)
    resources = [f"{_IDENTIFIERS}{ident}" for key in cited for ident in lookup.identifiers(key)]
    if not resources:
        return
    if not element.isSetMetaId():
        element.setMetaId(f"meta_{sid}")
    cv = libsbml.CVTerm(libsbml.BIOLOGICAL_QUALIFIER)
    cv.setBiologicalQualifierType(libsbml.BQB_IS_DESCRIBED_BY)
    for uri in dict.fromkeys(resources):
        cv.addResource(uri)
    element.addCVTerm(cv)


def _is(element: libsbml.SBase, identifiers: Sequence[str], sid: str) -> None:
    """Add the MIRIAM ``bqbiol:is`` annotation: the database entries the species stands for."""
    import libsbml

    from ..identifiers import uri

    if not element.isSetMetaId():
        element.setMetaId(f"meta_{sid}")
    cv = libsbml.CVTerm(libsbml.BIOLOGICAL_QUALIFIER)
    cv.setBiologicalQualifierType(libsbml.BQB_IS)
    for identifier in dict.fromkeys(identifiers):
        cv.addResource(uri(identifier))
    element.addCVTerm(cv)


# --- writing ----------------------------------------------------------------


def write_sbml(model: Model, path: str | Path, references: References | None = None,
               identifiers: Mapping[str, Sequence[str]] | None = None) -> None:
    """Write a model as SBML-qual, atomically (see :func:`format_sbml`)."""
    atomic_write(path, format_sbml(model, references, identifiers))


def format_sbml(model: Model, references: References | None = None,
                identifiers: Mapping[str, Sequence[str]] | None = None) -> str:
    """The SBML-qual document of a Boolean model, as a string.

    Node ids that are not SBML identifiers (``a.b``, ``1x``) get a legal id;
    the original is kept in the annotation, so reading it back restores it.
    Each transition and input species is ``bqbiol:isDescribedBy`` the works
    it cites that have a PubMed id or DOI (MIRIAM annotations, identifiers.org
    URIs): external ``PMID:``/``DOI:`` keys always, the review's numbered
    references through ``references`` (:mod:`mtorlogic.references`). A species
    ``bqbiol:is`` the database entries ``identifiers`` gives its node
    (:mod:`mtorlogic.identifiers`: UniProt, DrugBank, ChEBI, ...).
    """
    import libsbml

    ids = legal_names(model.nodes)
    taken = set(ids.values())

    def unique(candidate: str) -> str:
        base, k = candidate, 2
        while candidate in taken:
            candidate, k = f"{base}_{k}", k + 1
        taken.add(candidate)
        return candidate

    doc = libsbml.SBMLDocument(libsbml.SBMLNamespaces(3, 1, "qual", 1))
    doc.setPackageRequired("qual", True)
    sbml_model = doc.createModel()
    sbml_model.setId(unique(legal_names([model.name or "model"])[model.name or "model"]))
    if model.name:
        sbml_model.setName(model.name)
    # SBML-qual species need a compartment. Its size and units mean nothing to a
    # logical model; declaring them keeps libsbml's unit checks free of warnings.
    compartment = sbml_model.createCompartment()
    compartment.setId(unique("cell"))
    compartment.setConstant(True)
    compartment.setSpatialDimensions(3)
    compartment.setSize(1)
    compartment.setUnits("litre")
    qual = sbml_model.getPlugin("qual")
    inputs = set(model.inputs)
    for n in model.nodes:
        info = model.info(n)
        qs = qual.createQualitativeSpecies()
        _check(qs.setId(ids[n]), n)
        qs.setCompartment(compartment.getId())
        qs.setConstant(False)
        qs.setMaxLevel(1)
        qs.setName(n)  # short: the node id; the description goes into the notes
        if n in inputs and info.default is not None:
            qs.setInitialLevel(int(info.default))
        if n in (identifiers or {}):
            _is(qs, (identifiers or {})[n], ids[n])
        if n in inputs:
            _describe(qs, info.provenance, references, ids[n])
        _annotate(qs, "node", {"id": n if ids[n] != n else None, "name": info.name, "kind": info.kind,
                               "aliases": ",".join(info.aliases),
                               "default": info.default if n in inputs else None,
                               **_provenance_values(info.provenance)})
    for n in model.nodes:
        if n not in inputs:
            _write_transition(qual, n, model, ids, unique, references)
    text: str = libsbml.writeSBMLToString(doc)
    return text


def _write_transition(qual: libsbml.QualModelPlugin, node: str, model: Model, ids: dict[str, str],
                      unique: Callable[[str], str], references: References | None = None) -> None:
    import libsbml

    f = model.function(node)
    signs = function_signs(f)
    sign_codes = {1: libsbml.INPUT_SIGN_POSITIVE, -1: libsbml.INPUT_SIGN_NEGATIVE, 0: libsbml.INPUT_SIGN_DUAL}
    tr = qual.createTransition()
    tr.setId(unique(f"tr_{ids[node]}"))
    for regulator in sorted(variables(f)):
        inp = tr.createInput()
        inp.setId(unique(f"tr_{ids[node]}_in_{ids[regulator]}"))
        inp.setQualitativeSpecies(ids[regulator])
        inp.setTransitionEffect(libsbml.INPUT_TRANSITION_EFFECT_NONE)
        sign = signs.get(regulator)  # None: f does not depend on the regulator
        inp.setSign(sign_codes[sign] if sign is not None else libsbml.INPUT_SIGN_UNKNOWN)
    out = tr.createOutput()
    out.setId(unique(f"tr_{ids[node]}_out"))
    out.setQualitativeSpecies(ids[node])
    out.setTransitionEffect(libsbml.OUTPUT_TRANSITION_EFFECT_ASSIGNMENT_LEVEL)
    tr.createDefaultTerm().setResultLevel(1 if f == const(True) else 0)
    if f[0] != CONST:
        term = tr.createFunctionTerm()
        term.setResultLevel(1)
        _check(term.setMath(libsbml.readMathMLFromString(expr_to_mathml(f, ids.__getitem__))), node)
    rule = model.rule(node)
    if rule:
        _describe(tr, rule.provenance, references, tr.getId())
    _annotate(tr, "rule", _provenance_values(rule.provenance) if rule else {})


def _check(status: int, node: str) -> None:
    import libsbml

    if status != libsbml.LIBSBML_OPERATION_SUCCESS:  # a bug of ours, not bad user input
        raise RuntimeError(f"libsbml refused a value for node '{node}': "
                           f"{libsbml.OperationReturnValue_toString(status)}")
