"""Drugs and alterations: names, aliases, classes, targets and references.

A model directory may hold ``catalog.toml`` with ``[drugs.ID]`` and
``[alterations.ID]`` tables. Each id is an input node of the model (kind
``drug`` or ``mutation``); giving a drug or an alteration sets that input to 1,
and the model's own rules say what it does, where it binds and what defeats it.

Examples
--------
>>> cat = read_catalog("rules/")                 # doctest: +SKIP
>>> cat.drug("rapamycin").id                     # doctest: +SKIP
'sirolimus'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem, did_you_mean
from .io._toml import Document
from .model import Model

CATALOG_FILE = "catalog.toml"


@dataclass(frozen=True)
class Entry:
    """A drug or an alteration."""

    id: str
    category: str  # "drug" or "alteration"
    name: str
    aliases: tuple[str, ...] = ()
    refs: tuple[int, ...] = ()
    section: str | None = None
    notes: str = ""
    attributes: dict = field(default_factory=dict, compare=False)  # class, targets, binding_site, gene, effect...

    def get(self, key, default=None):
        return self.attributes.get(key, default)


class Catalog:
    """The drugs and alterations a model knows, with alias resolution."""

    def __init__(self, drugs: dict[str, Entry] | None = None, alterations: dict[str, Entry] | None = None,
                 source: str = "<catalog>"):
        self.drugs = dict(drugs or {})
        self.alterations = dict(alterations or {})
        self.source = source
        self._names = {"drug": _names(self.drugs), "alteration": _names(self.alterations)}

    def __bool__(self) -> bool:
        return bool(self.drugs or self.alterations)

    def drug(self, name: str, source: str = "<command line>") -> Entry:
        return self._resolve("drug", name, source)

    def alteration(self, name: str, source: str = "<command line>") -> Entry:
        return self._resolve("alteration", name, source)

    def _resolve(self, category: str, name: str, source: str) -> Entry:
        table = self.drugs if category == "drug" else self.alterations
        names = self._names[category]
        key = names.get(name) or names.get(name.lower())
        if key is None:
            if not table:
                raise InputError.at(source, f"unknown {category} '{name}': this model has no {category} catalog "
                                    f"({CATALOG_FILE}); fix nodes directly instead")
            hint = did_you_mean(name, [*table, *(a for e in table.values() for a in e.aliases)])
            raise InputError.at(source, f"unknown {category} '{name}'{hint}; "
                                f"'mtorlogic {'drugs' if category == 'drug' else 'mutations'}' lists them")
        return table[key]

    def validate(self, model: Model) -> None:
        """Every entry must be an input of ``model`` of the matching kind."""
        problems = []
        for category, table, kind in (("drug", self.drugs, "drug"), ("alteration", self.alterations, "mutation")):
            for eid in table:
                if eid not in model:
                    problems.append(Problem(self.source, 0, 0, f"{category} '{eid}' is not a node of the model"
                                            f"{did_you_mean(eid, model.nodes)}"))
                elif eid not in model.inputs or model.info(eid).kind != kind:
                    problems.append(Problem(self.source, 0, 0, f"{category} '{eid}' must be an input of kind '{kind}'"))
        if problems:
            raise InputError(problems)


def _names(table: dict[str, Entry]) -> dict[str, str]:
    names: dict[str, str] = {}
    for eid, entry in table.items():
        for n in (eid, *entry.aliases):
            names.setdefault(n, eid)
            names.setdefault(n.lower(), eid)
    return names


def read_catalog(model_path: str | Path) -> Catalog:
    """The catalog beside a model (``DIR/catalog.toml``), or an empty one."""
    p = Path(model_path)
    path = p / CATALOG_FILE if p.is_dir() else p.with_name(CATALOG_FILE)
    if not path.exists():
        return Catalog()
    data, doc = Document.read(path)
    for key in data:
        if key not in ("drugs", "alterations"):
            doc.complain((key,), f"unknown table '{key}': expected [drugs.ID] and [alterations.ID]")
    tables = {}
    for category, key in (("drug", "drugs"), ("alteration", "alterations")):
        entries = {}
        table = data.get(key, {})
        if not isinstance(table, dict):
            doc.complain((key,), f"'{key}' must be tables [{key}.ID]")
            table = {}
        for eid, fields in table.items():
            if not isinstance(fields, dict):
                doc.complain((key, eid), f"[{key}.{eid}] must be a table")
                continue
            fields = dict(fields)
            aliases, refs = fields.pop("aliases", []), fields.pop("refs", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                doc.complain((key, eid, "aliases"), f"the aliases of '{eid}' must be a list of names, not {aliases!r}")
                aliases = []
            if not isinstance(refs, list) or not all(isinstance(r, int) and not isinstance(r, bool) for r in refs):
                doc.complain((key, eid, "refs"), f"the refs of '{eid}' must be a list of reference numbers, "
                             f"not {refs!r}")
                refs = []
            entries[eid] = Entry(
                id=eid,
                category=category,
                name=str(fields.pop("name", eid)),
                aliases=tuple(aliases),
                refs=tuple(refs),
                section=fields.pop("section", None),
                notes=str(fields.pop("notes", "")),
                attributes=fields,
            )
        tables[category] = entries
    doc.check()
    return Catalog(tables["drug"], tables["alteration"], source=str(path))
