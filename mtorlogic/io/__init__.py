"""Model files in and out, one module per format; the format is chosen by extension.

>>> from mtorlogic.io import read_model
>>> model = read_model("rules/")            # doctest: +SKIP
>>> model = read_model("model.bnet")        # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ..errors import InputError
from ..model import Model

# extension -> (module, reader, writer); modules are imported on first use so
# that the CLI does not pay for libsbml when reading a .rules file.
FORMATS: dict[str, tuple[str, str, str]] = {
    ".rules": ("mtorlogic.rules", "read_rules", "write_rules"),
    ".bnet": ("mtorlogic.io.bnet", "read_bnet", "write_bnet"),
}


def register_format(extension: str, module: str, reader: str, writer: str) -> None:
    """Make ``read_model``/``write_model`` handle another extension."""
    FORMATS[extension] = (module, reader, writer)


def _format_of(path: Path) -> tuple[str, str, str]:
    if path.is_dir():
        return FORMATS[".rules"]
    for ext in sorted(FORMATS, key=len, reverse=True):
        if path.name.lower().endswith(ext):
            return FORMATS[ext]
    known = ", ".join(sorted(FORMATS))
    raise InputError.at(str(path), f"unknown model format '{path.suffix}': known extensions are {known} "
                        "(or a directory of .rules files)")


def read_model(path: str | Path) -> Model:
    """Read a model in any supported format, chosen by the file extension."""
    path = Path(path)
    if not path.exists():
        raise InputError.at(str(path), "no such file or directory")
    module, reader, _ = _format_of(path)
    return getattr(import_module(module), reader)(path)


def write_model(model: Model, path: str | Path) -> None:
    """Write a model in the format named by the extension of ``path``, atomically."""
    module, _, writer = _format_of(Path(path))
    getattr(import_module(module), writer)(model, path)
