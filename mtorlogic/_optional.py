"""Optional dependencies: import one, or say which extra installs it."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import MtorlogicError


def require(module: str, extra: str, purpose: str) -> Any:
    """``import module``, or an MtorlogicError naming ``pip install 'mtorlogic[extra]'``.

    >>> require("json", "none", "a test").__name__
    'json'
    >>> require("no_such_module_here", "pandas", "to_frame()")
    Traceback (most recent call last):
    ...
    mtorlogic.errors.MtorlogicError: to_frame() needs no_such_module_here: pip install 'mtorlogic[pandas]'
    """
    try:
        return import_module(module)
    except ImportError:
        raise MtorlogicError(f"{purpose} needs {module}: pip install 'mtorlogic[{extra}]'") from None
