"""Tumour and cell-line profiles: a list of alterations, read the way biologists write them.

A profile file is one of

- plain text, one alteration a line (``PIK3CA H1047R``, ``PTEN deletion``,
  ``FGFR1 amplification``), ``#`` comments;
- TOML with ``name``, ``description``, ``refs`` and ``alterations = [...]``
  in the same words (the bundled cell lines);
- a MAF or cBioPortal mutation table (tab-separated, a ``Hugo_Symbol``
  column, the protein change in ``HGVSp_Short``/``Protein_Change``/``HGVSp``,
  optionally ``Variant_Classification`` and ``Tumor_Sample_Barcode``: one
  profile per sample);
- a cBioPortal discrete copy-number table (``Hugo_Symbol``, then one column
  per sample holding -2, -1, 0, 1 or 2).

:func:`map_profile` turns a profile into catalog alterations through the
model's variant table (:mod:`mtorlogic.variants`) and keeps every variant it
could not map, with the reason. :func:`profile_screen` ranks drugs per profile.

Examples
--------
>>> import mtorlogic
>>> model, catalog = mtorlogic.load()
>>> p = parse_profile_text("PIK3CA H1047R\\nTP53 R175H\\nBRAF V600E\\n", "line.txt")
>>> mapped = map_profile(p)
>>> mapped.alterations
('PIK3CA_activating', 'TP53_loss')
>>> [c.variant.gene for c in mapped.unmapped]
['BRAF']
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from .errors import InputError, Problem, did_you_mean
from .io._read import read_input
from .io._toml import Document
from .scenario import Scenario
from .variants import MAF_CLASSES, RECEPTOR_STATUS, Call, Variant, VariantTable, parse_variant, read_variant_table

if TYPE_CHECKING:
    from .catalog import Catalog
    from .model import Model
    from .screen import ScreenOptions, ScreenResult

PROFILE_SUFFIXES = (".txt", ".toml", ".maf", ".tsv", ".profile")
_CHANGE_COLUMNS = ("HGVSp_Short", "Protein_Change", "HGVSp", "Amino_Acid_Change", "AAChange", "Protein Change")
_TOML_KEYS = ("name", "description", "alterations", "refs", "tissue", "subtype", "receptors", "notes")


@dataclass(frozen=True)
class Profile:
    """A named list of variants, where it was read, and what it cites."""

    name: str
    variants: tuple[Variant, ...]
    description: str = ""
    refs: tuple[int | str, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict, compare=False)  # tissue, subtype, receptors
    source: str = "<profile>"


@dataclass(frozen=True)
class MappedProfile:
    """A profile read through a variant table: the catalog alterations, and what did not map."""

    profile: Profile
    calls: tuple[Call, ...]

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def alterations(self) -> tuple[str, ...]:
        """The catalog alterations, sorted, each once."""
        return tuple(sorted({c.alteration for c in self.calls if c.alteration}))

    @property
    def conditions(self) -> dict[str, int]:
        """Conditions the profile's receptor status sets (ER positive -> the model's ER-positive condition)."""
        return dict(c.condition for c in self.calls if c.condition is not None)

    @property
    def unmapped(self) -> tuple[Call, ...]:
        """Variants that count as no catalog alteration (wild-type and silent ones are not listed)."""
        return tuple(c for c in self.calls if not c.mapped and c.variant.kind not in ("wildtype", "silent",
                                                                                       "noncoding", *RECEPTOR_STATUS))

    def scenario(self, drugs: Iterable[str] = ()) -> Scenario:
        """A scenario with the profile's alterations as its background (and ``drugs``)."""
        return Scenario(name=self.name, description=self.profile.description, alterations=self.alterations,
                        conditions=self.conditions, drugs=tuple(drugs), source=self.profile.source)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "source": self.profile.source, "alterations": list(self.alterations),
                "conditions": self.conditions,
                "variants": [c.to_dict() for c in self.calls],
                "unmapped": [c.to_dict() for c in self.unmapped], "refs": list(self.profile.refs)}

    def describe(self) -> str:
        """Text: the alterations the profile counts as, then each variant left out and why."""
        set_ = [f"{k}={v}" for k, v in self.conditions.items()]
        lines = [f"profile {self.name} ({Path(self.profile.source).name}): "
                 + (", ".join([*self.alterations, *set_]) or "no catalog alteration")]
        lines += [f"  mapped: {c.reason}" for c in self.calls if c.mapped]
        lines += [f"  not mapped: {c.reason}" for c in self.unmapped]
        lines += [f"  not used: {c.reason}" for c in self.calls
                  if not c.mapped and c.variant.kind in RECEPTOR_STATUS]
        return "\n".join(lines)


def read_profiles(path: str | Path) -> list[Profile]:
    """Every profile in a file (a MAF or copy-number table may hold several samples) or a directory
    (its ``.txt``, ``.toml``, ``.maf``, ``.tsv`` and ``.profile`` files, by name), or in a bundled
    set named like ``breast-lines``."""
    p = Path(path)
    if not p.exists() and p.parent == Path("."):
        p = bundled_profile_set(str(path))
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.suffix.lower() in PROFILE_SUFFIXES and not f.name.startswith("."))
        if not files:
            raise InputError.at(str(p), f"no profile files here (expected {', '.join(PROFILE_SUFFIXES)})")
        profiles = [q for f in files for q in _read_file(f)]
    else:
        profiles = _read_file(p)
    seen: dict[str, str] = {}
    for q in profiles:
        if q.name in seen:
            raise InputError.at(q.source, f"a second profile named '{q.name}' (the first is in {seen[q.name]})")
        seen[q.name] = q.source
    return profiles


def read_profile(path: str | Path) -> Profile:
    """The one profile in a file; InputError naming the samples when it holds several."""
    profiles = read_profiles(path)
    if len(profiles) != 1:
        names = ", ".join(q.name for q in profiles[:10])
        raise InputError.at(str(path), f"holds {len(profiles)} profiles ({names}): give one sample's file, or use "
                            "'mtorlogic screen --profiles' to run them all")
    return profiles[0]


def bundled_profile_set(name: str) -> Path:
    """The bundled profile directory called ``name`` (InputError listing them when there is none)."""
    from .bundled import DATA

    root = DATA / "profiles"
    path = root / name
    if path.is_dir():
        return path
    sets = sorted(d.name for d in root.iterdir() if d.is_dir()) if root.is_dir() else []
    raise InputError.at(name, f"no such file or directory, and no bundled profile set of that name"
                        f"{did_you_mean(name, sets)} (bundled: {', '.join(sets) or 'none'})")


def _read_file(path: Path) -> list[Profile]:
    text = read_input(path)
    source = str(path)
    if path.suffix.lower() == ".toml":
        return [parse_profile_toml(text, source)]
    first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
    if first.split("\t")[0].strip() == "Hugo_Symbol":
        return parse_table(text, source)
    return [parse_profile_text(text, source)]


def parse_profile_text(text: str, source: str = "<profile>", name: str | None = None) -> Profile:
    """A profile from lines ``GENE CHANGE`` (``#`` starts a comment)."""
    variants, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        column = len(line) - len(line.lstrip()) + 1
        gene, _, change = line.strip().replace("\t", " ").partition(" ")
        change_column = column + len(gene) + len(change) - len(change.lstrip()) + 1
        if not change.strip():
            problems.append(Problem(source, number, column, f"'{line.strip()}' needs a gene and a change, e.g. "
                                    "'PIK3CA H1047R' or 'PTEN deletion'"))
            continue
        try:
            variants.append(parse_variant(gene, change, source=source, line=number, column=column,
                                          change_column=change_column))
        except InputError as e:
            problems += e.problems
    if problems:
        raise InputError(problems)
    return Profile(name or Path(source).stem, tuple(variants), source=source)


def parse_profile_toml(text: str, source: str = "<profile>") -> Profile:
    """A profile from TOML: ``name``, ``description``, ``refs``, ``alterations = ["GENE CHANGE", ...]``."""
    data, doc = Document.parse(text, source)
    for key in data:
        if key not in _TOML_KEYS:
            doc.complain((key,), f"unknown key '{key}' (expected {', '.join(_TOML_KEYS)})")
    items = data.get("alterations")
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        doc.complain(("alterations",), "'alterations' must be a list of strings like \"PIK3CA H1047R\"")
        items = []
    variants = []
    for item in items:
        gene, _, change = item.strip().partition(" ")
        line, column = doc.locate(("alterations",), item)
        try:
            variants.append(parse_variant(gene, change, source=source, line=line, column=column))
        except InputError as e:
            doc.problems += e.problems
    receptors = data.get("receptors", {})
    if not isinstance(receptors, dict) or not all(isinstance(v, str) for v in receptors.values()):
        doc.complain(("receptors",), "'receptors' must map receptor names to a status, e.g. { ER = \"positive\" }")
        receptors = {}
    for receptor, status in receptors.items():
        if status.lower() in ("positive", "negative"):  # other statuses (amplified) are descriptions only
            line, column = doc.locate(("receptors",), receptor)
            variants.append(parse_variant(receptor, status.lower(), source=source, line=line, column=column))
    name = data.get("name", Path(source).stem)
    if not isinstance(name, str) or not name.strip():
        doc.complain(("name",), "'name' must be a non-empty string")
        name = Path(source).stem
    refs = data.get("refs", [])
    if not isinstance(refs, list):
        doc.complain(("refs",), "'refs' must be a list of PMID:/DOI: keys or reference numbers")
        refs = []
    doc.check()
    attributes: dict[str, Any] = {k: data[k] for k in ("tissue", "subtype", "receptors", "notes") if k in data}
    return Profile(name, tuple(variants), str(data.get("description", "")), tuple(refs), attributes, source)


def parse_table(text: str, source: str = "<profile>") -> list[Profile]:
    """Profiles from a MAF/cBioPortal mutation table or a discrete copy-number table, one per sample."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")]
    header_line, header = lines[0][0], [h.strip() for h in lines[0][1].split("\t")]
    change_column = next((header.index(c) for c in _CHANGE_COLUMNS if c in header), None)
    rows = list(csv.reader(io.StringIO("\n".join(line for _, line in lines[1:])), delimiter="\t"))
    numbers = [n for n, _ in lines[1:]]
    if change_column is None and "Variant_Classification" not in header:
        return _copy_number(header, header_line, rows, numbers, source)
    if change_column is None:
        raise InputError.at(source, f"a mutation table needs a protein-change column ({', '.join(_CHANGE_COLUMNS)})",
                            header_line, 1)
    sample_column = header.index("Tumor_Sample_Barcode") if "Tumor_Sample_Barcode" in header else None
    class_column = header.index("Variant_Classification") if "Variant_Classification" in header else None
    samples: dict[str, list[Variant]] = {}
    problems = []
    for number, row in zip(numbers, rows):
        if len(row) != len(header):
            problems.append(Problem(source, number, 1, f"{len(row)} columns, the header has {len(header)}"))
            continue
        kind = None
        if class_column is not None:
            kind = MAF_CLASSES.get(row[class_column].strip())
            if kind is None:
                problems.append(Problem(source, number, _column(row, class_column),
                                        f"unknown Variant_Classification '{row[class_column]}'"))
                continue
        sample = row[sample_column].strip() if sample_column is not None else Path(source).stem
        try:
            v = parse_variant(row[0], row[change_column], kind, source, number, _column(row, change_column))
        except InputError as e:
            problems += e.problems
            continue
        samples.setdefault(sample, []).append(v)
    if problems:
        raise InputError(problems)
    return [Profile(name, tuple(vs), source=source) for name, vs in samples.items()]


def _copy_number(header: list[str], header_line: int, rows: list[list[str]], numbers: list[int],
                 source: str) -> list[Profile]:
    first = 2 if len(header) > 1 and header[1] in ("Entrez_Gene_Id", "Cytoband") else 1
    samples = header[first:]
    if not samples:
        raise InputError.at(source, "a copy-number table needs one column per sample after Hugo_Symbol",
                            header_line, 1)
    found: dict[str, list[Variant]] = {s: [] for s in samples}
    problems = []
    for number, row in zip(numbers, rows):
        if len(row) != len(header):
            problems.append(Problem(source, number, 1, f"{len(row)} columns, the header has {len(header)}"))
            continue
        for i, sample in enumerate(samples, start=first):
            value = row[i].strip()
            if value not in ("-2", "-1", "0", "1", "2", "-1.5", "NA", ""):
                problems.append(Problem(source, number, _column(row, i),
                                        f"copy-number call '{value}' for {sample}: expected -2, -1, 0, 1 or 2"))
                continue
            if value in ("-2", "2"):  # deep deletion or amplification: the only calls that change a gene's activity
                try:
                    found[sample].append(parse_variant(row[0], value, None, source, number, _column(row, i)))
                except InputError as e:
                    problems += e.problems
    if problems:
        raise InputError(problems)
    return [Profile(s, tuple(vs), source=source) for s, vs in found.items()]


def _column(row: list[str], index: int) -> int:
    return sum(len(cell) + 1 for cell in row[:index]) + 1


def map_profile(profile: Profile, table: VariantTable | None = None) -> MappedProfile:
    """Read a profile through a variant table (the bundled model's by default)."""
    if table is None:
        from .bundled import RULES

        table = read_variant_table(RULES)
    return MappedProfile(profile, tuple(table.call(v) for v in profile.variants))


def map_profiles(profiles: Sequence[Profile], model_path: str | Path) -> list[MappedProfile]:
    """Profiles read through the variant table beside ``model_path`` (checked against its catalog)."""
    from .catalog import read_catalog

    table = read_variant_table(model_path)
    if not table:
        raise InputError.at(str(model_path), "this model has no variants.toml: profiles cannot be mapped to its "
                            "alterations (give --mutation ids instead)")
    from .io import read_model

    model = read_model(model_path)
    table.validate(read_catalog(model_path).alterations,
                   conditions=[n for n in model.inputs if model.info(n).kind == "condition"])
    return [map_profile(p, table) for p in profiles]


# --- screens -----------------------------------------------------------------

# How deep a response goes, best first: a drug ranks above another on a line when its response is deeper.
RESPONSE_ORDER = ("cytotoxic", "cytostatic", "partial", "resistant", "not_applicable", "untreated")


@dataclass
class ProfileScreen:
    """Every drug on every profile: one screen row per (profile, drug), and each profile's ranking."""

    profiles: list[MappedProfile]
    drugs: list[str]
    rows: dict[tuple[str, str], Any]  # (profile name, drug) -> ScreenRow

    def ranking(self, profile: str) -> list[str]:
        """Drugs ranked for one profile: deepest response first, then lower proliferative share, then name."""
        def key(drug: str) -> tuple[int, float, float, str]:
            row = self.rows[(profile, drug)]
            apoptotic = row.scores.apoptotic if row.scores is not None and row.scores.apoptotic == row.scores.apoptotic \
                else 0.0  # NaN: not computed
            return (RESPONSE_ORDER.index(row.response) if row.response in RESPONSE_ORDER else len(RESPONSE_ORDER),
                    row.proliferative_share, -apoptotic, drug)
        return sorted(self.drugs, key=key)

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["profile", "alterations", "unmapped", "drug", "rank", "response", "verdict",
                         "proliferative_share"])
        for mp in self.profiles:
            for rank, drug in enumerate(self.ranking(mp.name), start=1):
                row = self.rows[(mp.name, drug)]
                writer.writerow([mp.name, "+".join(mp.alterations), "; ".join(str(c.variant) for c in mp.unmapped),
                                 drug, rank, row.response, row.verdict, f"{row.proliferative_share:.4g}"])
        return buf.getvalue()

    def to_dict(self) -> dict[str, Any]:
        return {"profiles": [{**mp.to_dict(), "ranking": [
            {"drug": d, "response": self.rows[(mp.name, d)].response, "verdict": self.rows[(mp.name, d)].verdict}
            for d in self.ranking(mp.name)]} for mp in self.profiles]}

    def to_json(self) -> str:
        import json

        return json.dumps(self.to_dict(), indent=2) + "\n"

    def table(self) -> str:
        """A drug x profile table of responses, as text (rows: drugs; columns: profiles)."""
        names = [mp.name for mp in self.profiles]
        short = {"cytotoxic": "death", "cytostatic": "arrest", "partial": "partial", "resistant": "-",
                 "not_applicable": "n/a", "untreated": ""}
        width = max(len(d) for d in self.drugs) + 2
        cells = [[short.get(self.rows[(n, d)].response, "?") for n in names] for d in self.drugs]
        col = [max(len(n), 7) + 1 for n in names]
        out = ["".ljust(width) + "".join(n.ljust(w) for n, w in zip(names, col))]
        out += [d.ljust(width) + "".join(c.ljust(w) for c, w in zip(row, col)) for d, row in zip(self.drugs, cells)]
        return "\n".join(line.rstrip() for line in out) + "\n"


def profile_screen(model: Model, catalog: Catalog, profiles: Sequence[MappedProfile], drugs: str | Sequence[str] = "all",
                   **options: Any) -> ProfileScreen:
    """Every drug on every profile, as one screen (rows shared between profiles with the same alterations).

    ``options`` are those of :func:`mtorlogic.screen.drug_screen` (workers, scheduler, semantics, method,
    readouts, progress, scores, score_options, timeout).
    """
    from .screen import Perturbation, _ids, _multi_perturbation

    drug_ids = _ids(drugs, sorted(catalog.drugs), lambda d: catalog.drug(d).id)
    if not drug_ids:
        raise InputError.at("<arguments>", "no drugs to screen: give drugs='all' or drug ids")
    rows: dict[tuple[str, str], Any] = {}
    # One screen per set of conditions (receptor status), rows shared between profiles with equal alterations.
    for conditions in sorted({tuple(sorted(mp.conditions.items())) for mp in profiles}):
        group = [mp for mp in profiles if tuple(sorted(mp.conditions.items())) == conditions]
        backgrounds = sorted({mp.alterations for mp in group})
        grid = [Perturbation((d,), alts) for alts in backgrounds for d in drug_ids]
        result: ScreenResult = _multi_perturbation(model, catalog, Scenario(name="profiles", conditions=dict(conditions)),
                                                   grid, **options)
        by_cell = {(r.perturbation.alterations, r.perturbation.drugs[0]): r for r in result.rows}
        rows.update({(mp.name, d): by_cell[(mp.alterations, d)] for mp in group for d in drug_ids})
    return ProfileScreen(list(profiles), list(drug_ids), rows)
