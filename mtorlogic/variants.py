"""Tumour alterations as biologists write them, and which catalog alteration each counts as.

A variant is a gene with a protein change (``PIK3CA H1047R``, ``PTEN p.R130*``,
``PTEN V275fs``), a copy-number call (``PTEN deletion``, ``FGFR1
amplification``) or a word for what happened to the gene (``TSC2 loss``,
``ABCG2 overexpression``). :func:`parse_variant` reads one into a
:class:`Variant` with its class (missense, nonsense, frameshift, ...);
:class:`VariantTable`, read from ``variants.toml`` beside a model, says which
catalog alteration each class of variant of each gene counts as (hotspot
residues for activating mutations, loss-of-function classes for tumour
suppressors), with the sources. A variant the table does not cover is
reported with the reason, never dropped.

Examples
--------
>>> v = parse_variant("PIK3CA", "p.His1047Arg")
>>> v.kind, v.residue, v.change
('missense', 'H1047', 'H1047R')
>>> parse_variant("PTEN", "R130*").kind
'nonsense'
>>> parse_variant("FGFR1", "amp").kind
'amplification'
>>> from mtorlogic.bundled import RULES
>>> table = read_variant_table(RULES)
>>> table.call(parse_variant("PIK3CA", "E545K")).alteration
'PIK3CA_activating'
>>> print(table.call(parse_variant("PIK3CA", "K111N")).reason)
PIK3CA K111N: missense at K111, not one of the activating residues the table lists for PIK3CA
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import InputError, Problem, did_you_mean
from .io._toml import Document

VARIANTS_FILE = "variants.toml"

# Classes of variant; "truncating" in a table stands for the first three.
TRUNCATING = ("nonsense", "frameshift", "splice")
KINDS = ("missense", *TRUNCATING, "inframe", "silent", "noncoding", "deletion", "loss", "amplification", "gain",
         "overexpression", "fusion", "mutation", "wildtype", "positive", "negative")
RECEPTOR_STATUS = ("positive", "negative")  # receptor status (ER positive), read through [receptors]
# Table classes: the kinds a biologist's word can mean, plus groups.
CLASS_GROUPS = {"truncating": TRUNCATING, "any": tuple(k for k in KINDS if k not in ("silent", "noncoding",
                                                                                       "wildtype", *RECEPTOR_STATUS))}

_AMINO = {"Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G",
          "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S",
          "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*", "Sec": "U"}
_THREE = re.compile("|".join(_AMINO))
# Words for what happened to a gene, by the class they mean.
_WORDS = {
    "deletion": ("deletion", "del", "deleted", "homdel", "homozygous deletion", "deep deletion", "biallelic deletion",
                 "-2"),
    "loss": ("loss", "null", "loss of function", "loss-of-function", "lof", "inactivated", "inactivation",
             "knockout", "absent", "not expressed"),
    "amplification": ("amplification", "amp", "amplified", "high-level amplification", "2"),
    "gain": ("gain", "copy gain", "low-level gain", "1"),
    "overexpression": ("overexpression", "overexpressed", "over-expression", "high expression", "high"),
    "fusion": ("fusion", "rearrangement", "translocation", "rearranged"),
    "mutation": ("mutation", "mutant", "mutated", "activating mutation", "activating"),
    "truncating": ("truncating", "truncation", "truncating mutation"),
    "wildtype": ("wildtype", "wild-type", "wt", "wild type", "0", "-1"),
    "silent": ("silent", "synonymous"),
    "positive": ("positive", "pos", "+", "expressed"),
    "negative": ("negative", "neg"),
}
_WORD_KIND = {w: kind for kind, words in _WORDS.items() for w in words}
# MAF Variant_Classification values, by class.
MAF_CLASSES = {
    "Missense_Mutation": "missense", "Nonsense_Mutation": "nonsense", "Nonstop_Mutation": "nonsense",
    "Frame_Shift_Del": "frameshift", "Frame_Shift_Ins": "frameshift", "Splice_Site": "splice",
    "Translation_Start_Site": "nonsense", "In_Frame_Del": "inframe", "In_Frame_Ins": "inframe",
    "Silent": "silent", "Splice_Region": "noncoding", "3'UTR": "noncoding", "5'UTR": "noncoding",
    "3'Flank": "noncoding", "5'Flank": "noncoding", "Intron": "noncoding", "IGR": "noncoding", "RNA": "noncoding",
}
_GENE = re.compile(r"[A-Za-z][A-Za-z0-9-]*(\.[0-9]+)?$")


@dataclass(frozen=True)
class Variant:
    """One alteration of one gene, as read from a profile.

    ``change`` is the protein change in one-letter code without ``p.`` (or the
    word used), ``kind`` its class (:data:`KINDS`), ``residue`` the changed
    residue of a missense or in-frame change (``H1047``).
    """

    gene: str
    change: str
    kind: str
    residue: str | None = None
    source: str = ""
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.gene} {self.change}"

    def problem(self, message: str) -> Problem:
        return Problem(self.source, self.line, self.column, message)


def parse_variant(gene: str, change: str, kind: str | None = None, source: str = "", line: int = 0,
                  column: int = 0, change_column: int | None = None) -> Variant:
    """Read ``gene`` and ``change`` (a protein change or a word) into a :class:`Variant`.

    ``kind`` (a MAF Variant_Classification already translated by :data:`MAF_CLASSES`)
    overrides what the change alone says. Raises InputError, located at ``source:line:column``
    (the change at ``change_column`` when given), for a gene or change that cannot be read.
    """
    where = Problem(source, line, column, "")
    at_change = Problem(source, line, change_column or column, "")
    gene = gene.strip()
    if not _GENE.match(gene):
        raise InputError([_with(where, f"'{gene}' is not a gene symbol (e.g. PIK3CA, TP53)")])
    gene = gene.upper()
    text = change.strip()
    word = _WORD_KIND.get(text.lower())
    if word and kind is None:
        return Variant(gene, text.lower(), word, None, source, line, column)
    protein = _protein(text)
    if protein is None:
        if kind in ("noncoding", "silent"):  # a MAF row without a protein change
            return Variant(gene, text or kind, kind, None, source, line, column)
        raise InputError([_with(at_change, f"cannot read '{text}' as a change of {gene}: write a protein change "
                                       "(H1047R, p.R130*, V275fs, E746_A750del), a copy-number call (deletion, "
                                       "amplification, gain) or loss, overexpression, fusion, mutation")])
    found, residue, written = protein
    return Variant(gene, written, kind or found, residue, source, line, column)


def _with(where: Problem, message: str) -> Problem:
    return Problem(where.source, where.line, where.column, message)


def _protein(text: str) -> tuple[str, str | None, str] | None:
    """(class, residue, change in one-letter code) of a protein (or splice) change in HGVS-like
    notation, None if it is not one."""
    if re.match(r"(c\.|r\.)?.*(splice|\d[+-]\d)", text, re.I) or text.lower().endswith("_splice"):
        return "splice", None, text
    p = text.removeprefix("p.").strip("()")
    p = _THREE.sub(lambda m: _AMINO[m.group(0)], p)
    found = _classify(p)
    return None if found is None else (*found, p)


def _classify(p: str) -> tuple[str, str | None] | None:
    if p.endswith("="):
        return "silent", None
    m = re.fullmatch(r"([A-Z*])(\d+)([A-Z*]|X)", p)
    if m:
        ref, pos, alt = m.groups()
        residue = f"{ref}{pos}"
        if alt in ("*", "X"):
            return "nonsense", residue
        return ("silent" if alt == ref else "missense"), residue
    m = re.fullmatch(r"([A-Z*])(\d+)[A-Z*]?fs(\*?\w*)?", p, re.I)
    if m:
        return "frameshift", f"{m.group(1)}{m.group(2)}"
    m = re.fullmatch(r"([A-Z])(\d+)(_[A-Z]\d+)?(del|ins|dup|delins)[A-Z*]*", p)
    if m:
        return ("nonsense" if p.endswith("*") else "inframe"), f"{m.group(1)}{m.group(2)}"
    return None


@dataclass(frozen=True)
class Rule:
    """One line of the variant table: these variants of ``gene`` count as ``alteration``."""

    gene: str
    alteration: str
    classes: tuple[str, ...]
    residues: frozenset[str] = frozenset()  # for missense/inframe: only these residues ...
    ranges: tuple[tuple[int, int], ...] = ()  # ... or residues in these stretches (both empty: any)
    refs: tuple[int | str, ...] = ()
    note: str = ""

    def matches(self, v: Variant) -> bool:
        if v.gene != self.gene or v.kind not in self.classes:
            return False
        if v.kind not in ("missense", "inframe") or not (self.residues or self.ranges):
            return True
        if v.residue in self.residues:
            return True
        position = int(v.residue[1:]) if v.residue else -1
        return any(start <= position <= end for start, end in self.ranges)


@dataclass(frozen=True)
class Call:
    """What one variant counts as: a catalog alteration, or None with the reason."""

    variant: Variant
    alteration: str | None
    reason: str
    refs: tuple[int | str, ...] = ()
    condition: tuple[str, int] | None = None  # a receptor status sets a condition of the model instead

    @property
    def mapped(self) -> bool:
        return self.alteration is not None or self.condition is not None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gene": self.variant.gene, "change": self.variant.change, "class": self.variant.kind,
                               "alteration": self.alteration, "reason": self.reason, "refs": list(self.refs)}
        if self.condition is not None:
            out["condition"] = {self.condition[0]: self.condition[1]}
        return out


@dataclass
class VariantTable:
    """Which variants count as which catalog alteration (``variants.toml``)."""

    rules: list[Rule] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # gene synonyms -> symbol (HER2 -> ERBB2)
    unmodelled: dict[str, str] = field(default_factory=dict)  # gene -> why the model has no alteration for it
    receptors: dict[str, str] = field(default_factory=dict)  # gene -> the condition its positive status sets
    source: str = "<variants>"

    def __bool__(self) -> bool:
        return bool(self.rules)

    def genes(self) -> set[str]:
        return {r.gene for r in self.rules}

    def canonical(self, gene: str) -> str:
        return self.aliases.get(gene.upper(), gene.upper())

    def call(self, variant: Variant) -> Call:
        """The catalog alteration ``variant`` counts as, or None and why not."""
        gene = self.canonical(variant.gene)
        v = Variant(gene, variant.change, variant.kind, variant.residue, variant.source, variant.line, variant.column)
        label = str(v)
        if v.kind == "wildtype":
            return Call(variant, None, f"{label}: wild type, no alteration")
        if v.kind in ("silent", "noncoding"):
            return Call(variant, None, f"{label}: {v.kind}, no change to the protein")
        if v.kind in RECEPTOR_STATUS:
            condition = self.receptors.get(gene)
            if condition is None:
                return Call(variant, None, f"{label}: the table maps no receptor status of {gene} to a condition")
            value = int(v.kind == "positive")
            return Call(variant, None, f"{label}: sets {condition}={value}", condition=(condition, value))
        for rule in self.rules:
            if rule.matches(v):
                what = f"{v.kind} at {v.residue}" if v.residue and v.kind in ("missense", "inframe") else v.kind
                return Call(variant, rule.alteration, f"{label}: {what} counts as {rule.alteration}"
                            + (f" ({rule.note})" if rule.note else ""), rule.refs)
        rules = [r for r in self.rules if r.gene == gene]
        if not rules:
            why = self.unmodelled.get(gene)
            return Call(variant, None, f"{label}: {why}" if why else
                        f"{label}: {gene} is not in the variant table (no catalog alteration for this gene)")
        if v.kind in ("missense", "inframe") and any(v.kind in r.classes for r in rules):
            return Call(variant, None, f"{label}: {v.kind} at {v.residue}, not one of the "
                        f"{'activating' if _activating(rules) else 'loss-of-function'} residues the table lists "
                        f"for {gene}")
        counted = sorted({c for r in rules for c in r.classes})
        return Call(variant, None, f"{label}: a {v.kind} of {gene} is not counted; the table counts "
                    f"{', '.join(counted)}")

    def validate(self, alterations: Iterable[str], doc: Document | None = None,
                 conditions: Iterable[str] | None = None) -> None:
        """Every rule names a catalog alteration, and every receptor a condition of the model when
        ``conditions`` is given (InputError located in the table otherwise)."""
        known = set(alterations)
        problems = []
        if conditions is not None:
            names = set(conditions)
            for gene, condition in self.receptors.items():
                if condition not in names:
                    message = (f"receptor {gene} sets '{condition}', which is not a condition of the model"
                               f"{did_you_mean(condition, names)}")
                    problems.append(doc.problem(message, ("receptors", gene)) if doc else
                                    Problem(self.source, 0, 0, message))
        for i, rule in enumerate(self.rules):
            if rule.alteration not in known:
                message = f"unknown alteration '{rule.alteration}' for {rule.gene}{did_you_mean(rule.alteration, known)}"
                problems.append(doc.problem(message, ("map",), rule.alteration) if doc else
                                Problem(self.source, 0, 0, message))
        if problems:
            raise InputError(problems)


def _activating(rules: list[Rule]) -> bool:
    return not any(c in ("deletion", "loss", *TRUNCATING) for r in rules for c in r.classes)


_RULE_KEYS = {"gene", "alteration", "classes", "residues", "ranges", "refs", "note"}


def read_variant_table(model_path: str | Path) -> VariantTable:
    """The variant table beside a model (``DIR/variants.toml``), or an empty one."""
    p = Path(model_path)
    path = p / VARIANTS_FILE if p.is_dir() else p.with_name(VARIANTS_FILE)
    if not path.exists():
        return VariantTable(source=str(path))
    data, doc = Document.read(path)
    return parse_variant_table(data, doc)


def parse_variant_table(data: Mapping[str, Any], doc: Document) -> VariantTable:
    """A :class:`VariantTable` from the parsed TOML of ``variants.toml``; located errors for bad entries."""
    for key in data:
        if key not in ("map", "aliases", "unmodelled", "receptors"):
            doc.complain((key,), f"unknown table '{key}': expected [[map]], [aliases], [unmodelled] and [receptors]")
    rules = []
    entries = data.get("map", [])
    if not isinstance(entries, list):
        doc.complain(("map",), "'map' must be an array of tables [[map]]")
        entries = []
    for entry in entries:
        rule = _rule(entry, doc)
        if rule:
            rules.append(rule)
    tables = {}
    for key in ("aliases", "unmodelled", "receptors"):
        table = data.get(key, {})
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            doc.complain((key,), f"[{key}] must map gene symbols to text")
            table = {}
        tables[key] = {k.upper(): (v.upper() if key == "aliases" else v) for k, v in table.items()}
    doc.check()
    return VariantTable(rules, tables["aliases"], tables["unmodelled"], tables["receptors"], doc.source)


def _rule(entry: object, doc: Document) -> Rule | None:
    if not isinstance(entry, dict):
        doc.complain(("map",), "each [[map]] must be a table")
        return None
    gene, alteration = entry.get("gene"), entry.get("alteration")
    for key in entry:
        if key not in _RULE_KEYS:
            doc.complain(("map", key), f"unknown key '{key}' in [[map]] (expected {', '.join(sorted(_RULE_KEYS))})")
    if not isinstance(gene, str) or not _GENE.match(gene):
        doc.complain(("map", "gene"), f"[[map]] needs gene = a gene symbol, not {gene!r}", gene)
        return None
    if not isinstance(alteration, str):
        doc.complain(("map", "gene"), f"[[map]] for {gene} needs alteration = a catalog alteration id", gene)
        return None
    classes: list[str] = []
    for c in entry.get("classes", []) if isinstance(entry.get("classes", []), list) else [None]:
        if c in CLASS_GROUPS:
            classes.extend(CLASS_GROUPS[c])
        elif c in KINDS:
            classes.append(c)
        else:
            doc.complain(("map", "classes"), f"unknown variant class {c!r} for {gene} (expected "
                         f"{', '.join([*KINDS, *CLASS_GROUPS])})", c)
    residues = entry.get("residues", [])
    if not isinstance(residues, list) or not all(isinstance(r, str) and re.fullmatch(r"[A-Z]\d+", r)
                                                 for r in residues):
        doc.complain(("map", "residues"), f"residues of {gene} must be a list like [\"H1047\", \"E545\"]")
        residues = []
    ranges = entry.get("ranges", [])
    if not isinstance(ranges, list) or not all(isinstance(r, list) and len(r) == 2 and all(isinstance(x, int)
                                                                                        for x in r) and r[0] <= r[1]
                                               for r in ranges):
        doc.complain(("map", "ranges"), f"ranges of {gene} must be a list like [[94, 292]] (first and last residue)")
        ranges = []
    refs = entry.get("refs", [])
    if not isinstance(refs, list):
        doc.complain(("map", "refs"), f"refs of {gene} must be a list")
        refs = []
    if not classes:
        doc.complain(("map", "gene"), f"[[map]] for {gene} needs classes = [...] (which variants count)", gene)
        return None
    return Rule(gene.upper(), alteration, tuple(dict.fromkeys(classes)), frozenset(residues),
                tuple((int(a), int(b)) for a, b in ranges), tuple(refs), str(entry.get("note", "")))
