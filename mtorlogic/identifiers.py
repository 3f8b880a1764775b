"""What a node *is* in the databases: UniProt for proteins, DrugBank or ChEBI for drugs.

The table sits beside the model as ``identifiers.toml`` (the bundled one is
``rules/identifiers.toml``), keyed by node id, each with an ``is`` list of
compact identifiers (``prefix:accession``, as identifiers.org resolves them).
SBML-qual exports carry them as MIRIAM ``bqbiol:is`` annotations
(:func:`mtorlogic.io.sbml.format_sbml`).

>>> table = parse_identifiers('[mTOR]\\nis = ["uniprot:P42345"]\\n', "ids.toml")
>>> table["mTOR"], uri("uniprot:P42345")
(('uniprot:P42345',), 'https://identifiers.org/uniprot:P42345')
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from .errors import InputError, Problem

IDENTIFIERS_FILE = "identifiers.toml"
# prefix:accession, the prefix as identifiers.org registers it (CHEBI keeps its capitals)
_COMPACT = re.compile(r"^(uniprot|drugbank|CHEBI|hgnc|pubchem\.compound|ncbigene|chembl\.compound):[A-Za-z0-9_.]+$")


def uri(identifier: str) -> str:
    """The identifiers.org URI of a compact identifier."""
    return f"https://identifiers.org/{identifier}"


def read_identifiers(model_path: str | Path) -> dict[str, tuple[str, ...]]:
    """The identifiers beside a model (``DIR/identifiers.toml``), or none."""
    from .io._read import read_input

    p = Path(model_path)
    path = p / IDENTIFIERS_FILE if p.is_dir() else p.with_name(IDENTIFIERS_FILE)
    if not path.is_file():
        return {}
    return parse_identifiers(read_input(path), str(path))


def unknown_nodes(table: dict[str, tuple[str, ...]], nodes: Iterable[str]) -> list[str]:
    """Entries of an identifier table that name no node of the model (stale after a rule change).

    >>> unknown_nodes({"mTOR": ("uniprot:P42345",), "TRAF6": ("uniprot:Q9Y4K3",)}, ["mTOR"])
    ['TRAF6']
    """
    known = set(nodes)
    return sorted(n for n in table if n not in known)


def parse_identifiers(text: str, source: str = "<identifiers>") -> dict[str, tuple[str, ...]]:
    """Read ``identifiers.toml`` text: ``[node] is = ["prefix:accession", ...]`` per node."""
    from .io._toml import Document

    data, doc = Document.parse(text, source)
    out: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for node, entry in data.items():
        values = entry.get("is") if isinstance(entry, dict) else None
        if not isinstance(values, list) or not all(isinstance(v, str) and _COMPACT.match(v) for v in values):
            line, column = doc.locate((node,))
            problems.append(Problem(source, line, column, f"'{node}': 'is' must be a list of compact identifiers "
                                    "such as \"uniprot:P42345\" or \"drugbank:DB00877\""))
            continue
        out[node] = tuple(values)
    if problems:
        raise InputError(problems)
    return out
