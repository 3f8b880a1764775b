"""Progress reports: kept here for ``from mtorlogic.progress import as_progress``; the code lives in
:mod:`mtorlogic.engine.progress` (the engine reports progress and imports nothing above itself)."""

from .engine.progress import Progress, as_progress

__all__ = ["Progress", "as_progress"]
