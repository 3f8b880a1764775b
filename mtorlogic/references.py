"""References in full: the review's numbered references and the external sources a model cites.

A model directory may hold ``references.toml``::

    [review.65]                       # the review's reference 65
    authors = ["HASSAN B", "AKCAKANAT A", "SANGAI T"]
    et_al = true
    title = "Catalytic mTOR inhibitors can overcome intrinsic and acquired resistance ..."
    journal = "Oncotarget"
    year = 2014
    volume = "5"
    issue = "18"
    pages = "8544-57"
    doi = "10.18632/oncotarget.2337"   # only where the review prints one
    pmid = "25261369"                  # checked against PubMed; never guessed

    [external."PMID:18755892"]        # a source beyond the review
    authors = ["Wee S", "Wiederschain D", "Maira SM"]
    et_al = true
    title = "PTEN-deficient cancers depend on PIK3CB"
    ...

A reference key is an ``int`` (the review's number) or a string
``PMID:<digits>`` / ``DOI:<doi>`` (an external source). Rules cite both in
their brackets, ``[65, PMID:18755892]``; :func:`citation` formats either for
people (the run report, ``explain``, hypotheses, exports, the HTML report).

Examples
--------
>>> parse_source("pmid:18755892")
'PMID:18755892'
>>> parse_source("doi:10.1186/s41236-017-0007-6")
'DOI:10.1186/s41236-017-0007-6'
>>> r = Reference(65, ("HASSAN B", "AKCAKANAT A"), True, "Catalytic mTOR inhibitors", "Oncotarget", 2014,
...               "5", "18", "8544-57", pmid="25261369")
>>> citation(r)
'[65] HASSAN B, AKCAKANAT A, et al. Catalytic mTOR inhibitors. Oncotarget, 2014, 5(18): 8544-57. PMID:25261369'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Union

from .errors import InputError, Problem

if TYPE_CHECKING:
    from .io._toml import Document

REFERENCES_FILE = "references.toml"

RefKey = Union[int, str]

_PMID = re.compile(r"(?i)pmid:\s*(\d{1,9})\Z")
_DOI = re.compile(r"(?i)doi:\s*(10\.\d{4,9}/\S+)\Z")
_FIELDS = ("authors", "et_al", "title", "journal", "year", "volume", "issue", "pages", "doi", "pmid",
           "review_ref", "note")


def parse_source(text: str) -> str | None:
    """``PMID:<digits>`` or ``DOI:<doi>`` in canonical spelling, or None if ``text`` is neither."""
    text = text.strip()
    m = _PMID.match(text)
    if m:
        return f"PMID:{m.group(1)}"
    m = _DOI.match(text)
    if m:
        return f"DOI:{m.group(1)}"
    return None


def parse_key(value: object) -> RefKey:
    """A reference key from data (a scenario's ``refs``): the review's number or ``PMID:``/``DOI:``.

    Raises
    ------
    ValueError
        For anything else.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str):
        if value.strip().isdigit():
            return int(value)
        source = parse_source(value)
        if source:
            return source
    raise ValueError(f"reference {value!r} is neither a reference number of the review "
                     "nor PMID:<digits> / DOI:10.<...>")


@dataclass(frozen=True)
class Reference:
    """One cited work: a numbered reference of the review or an external source."""

    key: RefKey
    authors: tuple[str, ...] = ()
    et_al: bool = False
    title: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    review_ref: int | None = None  # an external entry that is also one of the review's references
    note: str = ""

    @property
    def external(self) -> bool:
        return isinstance(self.key, str)

    @property
    def identifiers(self) -> tuple[str, ...]:
        """MIRIAM-style identifiers (``pubmed:...``, ``doi:...``) this work can be resolved by."""
        out = []
        if self.pmid:
            out.append(f"pubmed:{self.pmid}")
        if self.doi:
            out.append(f"doi:{self.doi}")
        return tuple(out)


def citation(ref: Reference) -> str:
    """A reference as one line of text: ``[n]`` or ``[external]``, authors, title, source, identifiers."""
    label = f"[{ref.key}]" if not ref.external else "[external]"
    authors = ", ".join(ref.authors) + (", et al" if ref.et_al else "")
    source = ref.journal
    if ref.year:
        source += f", {ref.year}"
    if ref.volume:
        source += f", {ref.volume}" + (f"({ref.issue})" if ref.issue else "")
    if ref.pages:
        source += f": {ref.pages}"
    ids = []
    if ref.doi:
        ids.append(f"doi:{ref.doi}")
    if ref.pmid:
        ids.append(f"PMID:{ref.pmid}")
    parts = [label, f"{authors}." if authors else "", f"{ref.title}." if ref.title else "",
             f"{source}." if source else "", " ".join(ids)]
    text = " ".join(p for p in parts if p)
    if ref.external and ref.review_ref:
        text += f" (the review's reference {ref.review_ref})"
    return text


class References:
    """The references a model can cite, by key."""

    def __init__(self, entries: Iterable[Reference] = (), source: str = "<references>"):
        self._entries: dict[RefKey, Reference] = {r.key: r for r in entries}
        self.source = source

    def __bool__(self) -> bool:
        return bool(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Reference]:
        return iter(self._entries.values())

    def get(self, key: RefKey) -> Reference | None:
        return self._entries.get(key)

    @property
    def review(self) -> list[Reference]:
        return [r for r in self if not r.external]

    @property
    def external(self) -> list[Reference]:
        return [r for r in self if r.external]

    def cite(self, key: RefKey) -> str:
        """The full citation of ``key``; the bare key when this collection does not hold it."""
        ref = self._entries.get(key)
        if ref is not None:
            return citation(ref)
        return f"[{key}]" if isinstance(key, int) else f"[external] {key}"

    def identifiers(self, key: RefKey) -> tuple[str, ...]:
        """``pubmed:``/``doi:`` identifiers of ``key`` (an external key resolves by itself)."""
        ref = self._entries.get(key)
        if ref is not None and ref.identifiers:
            return ref.identifiers
        if isinstance(key, str):
            kind, _, value = key.partition(":")
            return (f"{'pubmed' if kind == 'PMID' else 'doi'}:{value}",)
        return ()


def read_references(model_path: str | Path) -> References:
    """The references beside a model (``DIR/references.toml``), or an empty collection.

    Raises
    ------
    InputError
        ``file:line:column: message`` for a malformed file or entry.
    """
    p = Path(model_path)
    path = p / REFERENCES_FILE if p.is_dir() else p.with_name(REFERENCES_FILE)
    if not path.exists():
        return References(source=str(path))
    from .io._read import read_input  # size cap, special files refused, located encoding errors

    text = read_input(path)
    return parse_references(text, str(path))


def parse_references(text: str, source: str = "<references>") -> References:
    """Read ``references.toml`` text (see :func:`read_references`)."""
    from .io._toml import Document

    data, doc = Document.parse(text, source)
    problems: list[Problem] = []
    entries: list[Reference] = []
    for table in data:
        if table not in ("review", "external"):
            problems.append(doc.problem(f"unknown table [{table}]: expected [review.N] and [external.\"PMID:...\"]",
                                        (table,)))
    for number, fields in data.get("review", {}).items():
        if not number.isdigit():
            problems.append(doc.problem(f"[review.{number}]: a review reference is numbered, e.g. [review.14]",
                                        ("review", number)))
            continue
        entries.append(_entry(int(number), fields, doc, ("review", number), problems))
    for key, fields in data.get("external", {}).items():
        canonical = parse_source(key)
        if canonical is None or canonical != key:
            hint = f" (write it as \"{canonical}\")" if canonical else ""
            problems.append(doc.problem(f"[external.\"{key}\"]: an external source is keyed \"PMID:<digits>\" or "
                                        f"\"DOI:<doi>\"{hint}", ("external", key)))
            continue
        entries.append(_entry(key, fields, doc, ("external", key), problems))
    if problems:
        raise InputError(problems)
    return References(entries, source)


def _entry(key: RefKey, fields: object, doc: Document, table: tuple[str, str], problems: list[Problem]) -> Reference:
    header = f"{table[0]}.{table[1]}" if table[0] == "review" else f'{table[0]}."{table[1]}"'

    def bad(message: str, field: str | None = None) -> None:
        problems.append(doc.problem(message, table + ((field,) if field else ())))

    if not isinstance(fields, dict):
        bad(f"[{header}] must be a table")
        return Reference(key)
    for name in fields:
        if name not in _FIELDS:
            bad(f"unknown field '{name}' in [{header}]; fields are: {', '.join(_FIELDS)}", name)
    authors = fields.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        bad("'authors' must be a list of names", "authors")
        authors = []
    strings = {}
    for name in ("title", "journal", "volume", "issue", "pages", "doi", "pmid", "note"):
        value = fields.get(name, "")
        if isinstance(value, int) and name in ("volume", "issue", "pmid"):
            value = str(value)
        if not isinstance(value, str):
            bad(f"'{name}' must be text", name)
            value = ""
        strings[name] = value.strip()
    for required in ("title", "journal"):
        if not strings[required]:
            bad(f"[{header}] needs a '{required}'", None)
    year = fields.get("year")
    if year is not None and (not isinstance(year, int) or not 1800 < year < 2100):
        bad("'year' must be a year, e.g. 2016", "year")
        year = None
    if strings["pmid"] and not strings["pmid"].isdigit():
        bad("'pmid' is digits only", "pmid")
    if strings["doi"] and not strings["doi"].startswith("10."):
        bad("'doi' starts with '10.'", "doi")
    if isinstance(key, str):  # the key is an identifier: the matching field may be left out
        kind, _, value = key.partition(":")
        name = "pmid" if kind == "PMID" else "doi"
        if strings[name] and strings[name].lower() != value.lower():
            bad(f"'{name}' {strings[name]} differs from the key {key}", name)
        strings[name] = strings[name] or value
    review_ref = fields.get("review_ref")
    if review_ref is not None and (not isinstance(review_ref, int) or isinstance(key, int)):
        bad("'review_ref' is the review's reference number of an external entry", "review_ref")
        review_ref = None
    return Reference(key, tuple(authors), bool(fields.get("et_al", False)), strings["title"], strings["journal"],
                     year, strings["volume"], strings["issue"], strings["pages"], strings["doi"], strings["pmid"],
                     review_ref, strings["note"])
