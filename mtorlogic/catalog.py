"""Drugs and alterations: names, aliases, classes, targets and references.

A model directory may hold ``catalog.toml`` with ``[drugs.ID]`` and
``[alterations.ID]`` tables. Each id is an input node of the model (kind
``drug`` or ``mutation``); giving a drug or an alteration sets that input to 1,
and the model's own rules say what it does, where it binds and what defeats it.

Examples
--------
>>> from mtorlogic.bundled import RULES
>>> cat = read_catalog(RULES)
>>> cat.drug("rapamycin").id
'sirolimus'
>>> Catalog.from_dict(cat.to_dict()) == cat      # the catalog as data (JSON, TOML) and back
True
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import InputError, Problem, UnknownName, did_you_mean, given_at, spell
from .io._toml import Document
from .model import Model
from .references import References, parse_key

CATALOG_FILE = "catalog.toml"
_CATEGORIES = {"drugs": "drugs", "drug": "drugs", "alterations": "alterations", "alteration": "alterations",
               "mutations": "alterations", "mutation": "alterations"}


@dataclass(frozen=True)
class Entry:
    """A drug or an alteration."""

    id: str
    category: str  # "drug" or "alteration"
    name: str
    aliases: tuple[str, ...] = ()
    refs: tuple[int | str, ...] = ()  # the review's numbers and external PMID:/DOI: keys
    section: str | None = None
    notes: str = ""
    attributes: dict[str, Any] = field(default_factory=dict, compare=False)  # class, targets, binding_site, gene, effect...

    def get(self, key: str, default: Any = None) -> Any:
        return self.attributes.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        """The entry as its ``catalog.toml`` table: name, aliases, refs, section, notes, then its attributes."""
        out: dict[str, Any] = {"name": self.name, "aliases": list(self.aliases), "refs": list(self.refs)}
        if self.section is not None:
            out["section"] = self.section
        if self.notes:
            out["notes"] = self.notes
        return {**out, **self.attributes}


class Catalog:
    """The drugs and alterations a model knows, with alias resolution."""

    def __init__(self, drugs: dict[str, Entry] | None = None, alterations: dict[str, Entry] | None = None,
                 source: str = "<catalog>", document: Document | None = None):
        self.drugs = dict(drugs or {})
        self.alterations = dict(alterations or {})
        self.source = source
        self.document = document  # the text it was read from, to locate problems found later
        self._names = {"drug": _names(self.drugs), "alteration": _names(self.alterations)}

    def __bool__(self) -> bool:
        return bool(self.drugs or self.alterations)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Catalog) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"<Catalog: {len(self.drugs)} drugs, {len(self.alterations)} alterations>"

    def to_dict(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{"drugs": {id: table}, "alterations": {id: table}}``, the shape of ``catalog.toml``."""
        return {"drugs": {k: e.to_dict() for k, e in self.drugs.items()},
                "alterations": {k: e.to_dict() for k, e in self.alterations.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<catalog>") -> "Catalog":
        """The inverse of :meth:`to_dict` (and what :func:`read_catalog` builds from the TOML)."""
        unknown = set(data) - {"drugs", "alterations"}
        if unknown:
            raise InputError.at(source, f"unknown table(s) {', '.join(sorted(unknown))}: expected [drugs.ID] "
                                "and [alterations.ID]")
        tables = {}
        for category, key in (("drug", "drugs"), ("alteration", "alterations")):
            entries = {}
            for eid, fields in data.get(key, {}).items():
                if not isinstance(fields, dict):
                    raise InputError.at(source, f"[{key}.{eid}] must be a table")
                fields = dict(fields)
                entries[eid] = Entry(
                    id=eid,
                    category=category,
                    name=str(fields.pop("name", eid)),
                    aliases=tuple(fields.pop("aliases", ())),
                    refs=_refs(fields.pop("refs", ()), source, key, eid),
                    section=fields.pop("section", None),
                    notes=str(fields.pop("notes", "")),
                    attributes=fields,
                )
            tables[category] = entries
        return cls(tables["drug"], tables["alteration"], source=source)

    def table(self, category: str) -> dict[str, Entry]:
        """The entries of ``category``: "drugs" (or "drug") or "alterations" (or "alteration");
        anything else is a ValueError."""
        key = _CATEGORIES.get(category.lower().strip()) if isinstance(category, str) else None
        if key is None:
            raise InputError.at("", f"unknown category {category!r}: choose 'drugs' or 'alterations'")
        return self.drugs if key == "drugs" else self.alterations

    def rows(self, category: str) -> tuple[list[str], list[dict[str, Any]]]:
        """(columns, one dict per entry) of ``category``: id, name, aliases, refs, section, notes, then
        every attribute the entries have."""
        rows = [{"id": eid, **entry.to_dict()} for eid, entry in self.table(category).items()]
        columns = ["id", "name", "aliases", "refs", "section", "notes"]
        columns += sorted({k for row in rows for k in row} - set(columns))
        return columns, rows

    def to_frame(self, category: str = "drugs") -> Any:
        """A DataFrame of ``category`` ("drugs" or "alterations"), indexed by id; list cells stay lists
        (needs pandas)."""
        from .frames import catalog_frame

        return catalog_frame(self, category)

    def _repr_html_(self) -> str:
        from .display import catalog_html

        return catalog_html(self)

    def to_csv(self, category: str) -> str:
        """One row per entry of ``category`` ("drugs" or "alterations"): id, name, aliases, refs,
        section, notes, then every attribute the entries have (lists joined with ``;``).

        >>> from mtorlogic.bundled import RULES
        >>> read_catalog(RULES).to_csv("drug").splitlines()[1].split(",")[0]
        'sirolimus'
        >>> read_catalog(RULES).to_csv("drog")
        Traceback (most recent call last):
        ...
        mtorlogic.errors.InputError: unknown category 'drog': choose 'drugs' or 'alterations'
        """
        columns, rows = self.rows(category)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([";".join(map(str, v)) if isinstance(v, (list, tuple)) else "" if v is None else v
                             for v in (row.get(c) for c in columns)])
        return buffer.getvalue()

    def drug(self, name: str, source: str | None = None) -> Entry:
        return self._resolve("drug", name, source)

    def alteration(self, name: str, source: str | None = None) -> Entry:
        return self._resolve("alteration", name, source)

    def _resolve(self, category: str, name: str, source: str | None) -> Entry:
        source = given_at() if source is None else source
        table = self.drugs if category == "drug" else self.alterations
        names = self._names[category]
        key = names.get(name) or names.get(name.lower())
        if key is None:
            if not table:
                raise UnknownName.at(source, f"unknown {category} '{name}': this model has no {category} catalog "
                                    f"({CATALOG_FILE}); fix nodes directly instead")
            hint = did_you_mean(name, [*table, *(a for e in table.values() for a in e.aliases)])
            lister = spell(f"'mtorlogic {'drugs' if category == 'drug' else 'mutations'}'", f"catalog.{category}s")
            raise UnknownName.at(source, f"unknown {category} '{name}'{hint}; {lister} lists them")
        return table[key]

    def validate(self, model: Model, references: References | None = None) -> None:
        """Check the catalog against ``model`` (and the works cited beside it, when given and not empty).

        Every entry must be an input of the matching kind; every target a node; no name (id or
        alias) may stand for two entries; every reference must be in ``references``. Problems are
        located in ``catalog.toml`` when the catalog was read from it.
        """
        doc = self.document or Document("", self.source)
        claimed: dict[str, str] = {}  # a name, lowercased -> the entry that has it
        for key, table, kind in (("drugs", self.drugs, "drug"), ("alterations", self.alterations, "mutation")):
            category = key[:-1]
            for eid, entry in table.items():
                if doc.full:  # each check would cost a search for a did-you-mean: stop here
                    doc.more = -1
                    break
                if eid not in model:
                    doc.complain((key, eid), f"{category} '{eid}' is not a node of the model"
                                 f"{did_you_mean(eid, model.nodes)}")
                elif eid not in model.inputs or model.info(eid).kind != kind:
                    doc.complain((key, eid), f"{category} '{eid}' must be an input of kind '{kind}'")
                for target in entry.get("targets", ()) or ():
                    if isinstance(target, str) and target not in model:
                        doc.complain((key, eid, "targets"), f"the targets of '{eid}': unknown node '{target}'"
                                     f"{did_you_mean(target, model.nodes)}", needle=target)
                for name in dict.fromkeys((eid, *entry.aliases)):
                    owner = claimed.setdefault(name.lower(), eid)
                    if owner != eid:
                        doc.complain((key, eid, "aliases") if name != eid else (key, eid),
                                     f"'{name}' of '{eid}' already names '{owner}': a name must mean one entry",
                                     needle=name)
                if references:
                    for ref in entry.refs:
                        if ref not in references:
                            doc.complain((key, eid, "refs"), f"the refs of '{eid}': reference {ref} is not in "
                                         f"{references.source}", needle=ref)
        doc.check()


def _names(table: Mapping[str, Entry]) -> dict[str, str]:
    names: dict[str, str] = {}
    for eid, entry in table.items():
        for n in (eid, *entry.aliases):
            names.setdefault(n, eid)
            names.setdefault(n.lower(), eid)
    return names


def _refs(values: Any, source: str, key: str, eid: str) -> tuple[int | str, ...]:
    try:
        return tuple(parse_key(r) for r in values)
    except (TypeError, ValueError) as e:
        raise InputError.at(source, f"[{key}.{eid}] refs: {e}") from None


def read_catalog(model_path: str | Path) -> Catalog:
    """The catalog beside a model (``DIR/catalog.toml``), or an empty one."""
    p = Path(model_path)
    path = p / CATALOG_FILE if p.is_dir() else p.with_name(CATALOG_FILE)
    if not path.exists():
        return Catalog()
    data, doc = Document.read(path)
    _locate_mistakes(data, doc)
    doc.check()
    catalog = Catalog.from_dict(data, source=str(path))
    catalog.document = doc
    return catalog


# The keys an entry may have (a typo such as 'taregts' would otherwise pass unnoticed), and what
# each holds. Identifier keys (databases of genes, proteins and compounds) are free text.
_TEXT_KEYS = ("name", "section", "notes", "class", "binding_site", "status", "gene", "effect",
              "uniprot", "hgnc", "chebi", "drugbank", "pubchem", "ncbigene", "ensembl")
_LIST_KEYS = ("aliases", "targets", "indications", "identifiers")
KNOWN_KEYS = frozenset((*_TEXT_KEYS, *_LIST_KEYS, "refs"))


def _locate_mistakes(data: Mapping[str, Any], doc: Document) -> None:
    """Complain, at their place in the file, about tables and fields that are not what they must be."""
    for key in data:
        if key not in ("drugs", "alterations"):
            doc.complain((key,), f"unknown table '{key}': expected [drugs.ID] and [alterations.ID]")
    for key in ("drugs", "alterations"):
        table = data.get(key, {})
        if not isinstance(table, dict):
            doc.complain((key,), f"'{key}' must be tables [{key}.ID]")
            continue
        for eid, fields in table.items():
            if doc.full:
                doc.more = -1
                break
            if not isinstance(fields, dict):
                doc.complain((key, eid), f"[{key}.{eid}] must be a table")
                continue
            refs = fields.get("refs", [])
            for field_name, value in fields.items():
                if field_name not in KNOWN_KEYS:
                    doc.complain((key, eid, field_name), f"unknown key '{field_name}' in [{key}.{eid}]"
                                 f"{did_you_mean(field_name, KNOWN_KEYS)}")
                elif field_name in _TEXT_KEYS and not isinstance(value, str):
                    doc.complain((key, eid, field_name), f"'{field_name}' of '{eid}' must be text (in quotes), "
                                 f"not {value!r}")
                elif field_name in _LIST_KEYS and (not isinstance(value, list)
                                                   or not all(isinstance(v, str) for v in value)):
                    doc.complain((key, eid, field_name), f"'{field_name}' of '{eid}' must be a list of names "
                                 f"([\"A\", \"B\"]), not {value!r}")
            if not isinstance(refs, list) or not all(_is_ref(r) for r in refs):
                doc.complain((key, eid, "refs"), f"the refs of '{eid}' must be a list of reference numbers or "
                             f"PMID:/DOI: keys, not {refs!r}")


def _is_ref(value: object) -> bool:
    try:
        parse_key(value)
    except (TypeError, ValueError):
        return False
    return True
