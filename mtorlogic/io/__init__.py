"""Model files in and out, one module per format; the format is chosen by extension.

>>> from mtorlogic.io import read_model
>>> model = read_model("rules/")            # doctest: +SKIP
>>> model = read_model("model.bnet")        # doctest: +SKIP
>>> write_model(model, "model.sbml")        # doctest: +SKIP

Extensions: .rules (or a directory), .bnet, .booleannet, .sbml/.xml (SBML-qual);
.bnd (MaBoSS, with its .cfg) and .graphml are written only.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping, Sequence

from ..errors import InputError
from ..model import Model

if TYPE_CHECKING:
    from ..references import References

# extension -> (module, reader, writer); modules are imported on first use so
# that the CLI does not pay for libsbml when reading a .rules file. A reader of
# None marks an export format, with the reason in _WRITE_ONLY.
FORMATS: dict[str, tuple[str, str | None, str | None]] = {
    ".rules": ("mtorlogic.rules", "read_rules", "write_rules"),
    ".bnet": ("mtorlogic.io.bnet", "read_bnet", "write_bnet"),
    ".booleannet": ("mtorlogic.io.booleannet", "read_booleannet", "write_booleannet"),
    ".sbml": ("mtorlogic.io.sbml", "read_sbml", "write_sbml"),
    ".xml": ("mtorlogic.io.sbml", "read_sbml", "write_sbml"),
    ".bnd": ("mtorlogic.io.maboss", None, "write_maboss"),
    ".graphml": ("mtorlogic.io.graphml", None, "write_graphml"),
}

_WRITE_ONLY = {
    ".bnd": "MaBoSS files are an export (rates and a .cfg on top of the logic); convert from the model's "
            "bnet, BooleanNet or SBML-qual file instead",
    ".graphml": "GraphML holds the interaction graph, not the Boolean functions",
}


# Formats that hold Boolean functions but no default values for inputs: written
# there, an input with a default becomes free unless it is fixed to its default.
# (BooleanNet keeps them as initial values, SBML-qual as initialLevel.)
WITHOUT_DEFAULTS = {".bnet"}


def loses_defaults(path: str | Path) -> bool:
    """Whether writing a model to ``path`` would drop its input defaults (and so change its behaviour)."""
    return any(Path(path).name.lower().endswith(ext) for ext in WITHOUT_DEFAULTS)


def check_writable_format(path: str | Path) -> None:
    """Raise InputError unless models can be written in the format of ``path`` (before any work)."""
    _writer_of(path)


def _writer_of(path: str | Path) -> tuple[str, str]:
    """The module and function that write the format of ``path``; InputError when none does."""
    module, _, writer = _format_of(Path(path))
    if writer is None:
        raise InputError.at(str(path), f"models cannot be written as '{Path(path).suffix}'")
    return module, writer


def output_files(path: str | Path) -> list[Path]:
    """Every file :func:`write_model` writes for ``path`` (a MaBoSS ``.bnd`` comes with its ``.cfg``)."""
    path = Path(path)
    return [path, path.with_suffix(".cfg")] if path.suffix.lower() == ".bnd" else [path]


def register_format(extension: str, module: str, reader: str | None, writer: str | None) -> None:
    """Make ``read_model``/``write_model`` handle another extension (None: not readable/writable)."""
    FORMATS[extension] = (module, reader, writer)


def _format_of(path: Path) -> tuple[str, str | None, str | None]:
    if path.is_dir():
        return FORMATS[".rules"]
    for ext in sorted(FORMATS, key=len, reverse=True):
        if path.name.lower().endswith(ext):
            return FORMATS[ext]
    known = ", ".join(sorted(FORMATS))
    raise InputError.at(str(path), f"unknown model format '{path.suffix}': known extensions are {known} "
                        "(or a directory of .rules files)")


def read_model(path: str | Path, booleanize: bool = False) -> Model:
    """Read a model in any supported format, chosen by the file extension.

    Parameters
    ----------
    path : a model file, or a directory of .rules files
    booleanize : expand multi-valued species (SBML-qual) into Boolean variables;
        Boolean formats ignore it

    Raises
    ------
    InputError
        For a missing file, an unknown or write-only extension, or a malformed model.
    """
    path = Path(path)
    if not path.exists():
        raise InputError.at(str(path), "no such file or directory")
    module, reader, _ = _format_of(path)
    if reader is None:
        ext = next(e for e, fmt in FORMATS.items() if fmt[0] == module and path.name.lower().endswith(e))
        raise InputError.at(str(path), f"{ext} files can be written but not read as a model: "
                            f"{_WRITE_ONLY.get(ext, 'export only')}")
    read: Callable[..., Model] = getattr(import_module(module), reader)
    if booleanize and _takes(read, "booleanize"):
        return read(path, booleanize=True)
    return read(path)


def write_model(model: Model, path: str | Path, references: References | None = None,
                identifiers: Mapping[str, Sequence[str]] | None = None) -> None:
    """Write a model in the format named by the extension of ``path``, atomically (all its files or none).

    ``references`` (:class:`~mtorlogic.references.References`) lets formats
    that can carry citations (SBML-qual) resolve the review's numbers;
    ``identifiers`` (node -> database entries, :mod:`mtorlogic.identifiers`)
    become the entity annotations of formats that hold them (SBML-qual).
    """
    from ._atomic import all_or_none

    module, writer = _writer_of(path)
    write: Callable[..., None] = getattr(import_module(module), writer)
    extra: dict[str, object] = {}
    for name, value in (("references", references), ("identifiers", identifiers)):
        if value is not None and _takes(write, name):
            extra[name] = value
    with all_or_none():
        write(model, path, **extra)


def _takes(function: Callable[..., object], parameter: str) -> bool:
    """Whether a reader or writer has a keyword parameter (inspect is imported only when asked:
    it costs the command line's start-up several milliseconds)."""
    import inspect

    return parameter in inspect.signature(function).parameters
