"""AttractorSet, kept here for ``from mtorlogic.attractor_set import AttractorSet``; the class lives in
:mod:`mtorlogic.engine.attractor_set` (the engine returns it and imports nothing above itself)."""

from .engine.attractor_set import AttractorSet

__all__ = ["AttractorSet"]
