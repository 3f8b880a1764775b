"""AttractorSet: the list :func:`mtorlogic.attractors` returns, with a table view.

It is a plain ``list`` of :class:`~mtorlogic.engine.attractors.Attractor`
(indexing, iteration, equality and ``len`` as usual) that also prints
briefly, shows a table in a notebook, and converts to a DataFrame.

Examples
--------
>>> from mtorlogic import attractors, read_rules_text
>>> found = attractors(read_rules_text("A = !B\\nB = !A"))
>>> found
<AttractorSet: 2 attractors (2 fixed points) over 2 nodes>
>>> found.to_frame().dtypes.to_dict()                  # doctest: +SKIP
{'kind': CategoricalDtype(...), 'size': dtype('int64'), 'A': dtype('float64'), 'B': dtype('float64')}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .attractors import Attractor


class AttractorSet(list["Attractor"]):
    """Attractors sorted by their values; a list with a short repr, ``_repr_html_`` and ``to_frame``."""

    def __repr__(self) -> str:
        from ..display import attractor_set_text  # presentation on use

        return attractor_set_text(self)

    def _repr_html_(self) -> str:
        from ..display import attractor_set_html

        return attractor_set_html(self)

    def to_frame(self) -> Any:
        """One row per attractor: ``kind`` (category), ``size`` (int64), then one float64 column per node
        (0, 1, the fraction of the attractor's states with the node on; NaN for a node free in a trap space)."""
        from ..frames import attractor_frame

        return attractor_frame(self)
