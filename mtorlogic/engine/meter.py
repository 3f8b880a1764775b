"""What a computation has done: its progress calls counted, for progress bars and timeout messages.

A bounded computation (:mod:`.budget`) reports progress in the units its
engine really has: input classes of an attractor search, rows of a screen,
time steps of a simulation. A :class:`Meter` reads those calls, knows the
share of the work done, and words what was computed when time runs out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import TimeoutExceeded, spell


@dataclass
class Meter:
    """What a computation has done, from its progress calls, for progress bars and timeout messages.

    Parameters
    ----------
    unit : what the work is counted in ("input classes", "rows", "steps")
    total : how many there are, when known up front
    increments : progress calls give the amount just done (screens) rather than the
        amount done so far, optionally with the total (``progress(done, total)``)
    phases : names of successive searches reported one after the other, each
        counting ``(done, total)`` up to its own total (e.g. ``("background", "treated")``)
    phase_totals : the total of each phase when known up front
    frequent : progress calls may come far faster than they are worth sending from a
        child process (time steps): send at most one per ``budget.PROGRESS_INTERVAL``. Other
        calls are all sent, as each may be followed by a long silence.

    Examples
    --------
    >>> meter = Meter("input classes", phases=("background", "treated"))
    >>> for call in [(1, 1), (3, 8)]:
    ...     meter.update(*call)
    >>> meter.summary(), meter.fraction()
    ('background: 1 of 1 input classes; treated: 3 of 8 input classes', 0.6875)
    """

    unit: str
    total: int | None = None
    increments: bool = False
    phases: tuple[str, ...] = ()
    frequent: bool = False
    phase_totals: tuple[int, ...] = ()
    done: int = 0
    phase_total: int | None = None  # the total the current search reported
    finished: list[tuple[int, int]] = field(default_factory=list)  # (done, total) of completed phases

    def update(self, done: int | None = None, total: int | None = None) -> None:
        """Read one progress call: ``(done)``, ``(done, total)`` or, with increments, ``(amount)``."""
        if done is None:
            return
        if self.increments:
            self.done += int(done)
            return
        self.done = int(done)
        if total is not None:
            self.phase_total = int(total)
        if self.phases and self.phase_total is not None and self.done >= self.phase_total:
            self.finished.append((self.done, self.phase_total))
            self.done, self.phase_total = 0, None

    def summary(self) -> str:
        """``41 of 64 input classes`` (per phase when there are phases)."""
        if not self.phases:
            return _count(self.done, self._total(), self.unit)
        parts = [f"{name}: {_count(done, total, self.unit)}" for name, (done, total) in zip(self.phases, self.finished)]
        current = len(self.finished)
        for index in range(current, len(self.phases)):
            total = self.phase_total if index == current and self.phase_total is not None else \
                self.phase_totals[index] if index < len(self.phase_totals) else None
            parts.append(f"{self.phases[index]}: {_count(self.done if index == current else 0, total, self.unit)}")
        return "; ".join(parts)

    def fraction(self) -> float | None:
        """The share of the work done, when it can be told."""
        if self.phases:
            current = self.done / self.phase_total if self.phase_total else 0.0
            return min(1.0, (len(self.finished) + current) / len(self.phases))
        total = self._total()
        return min(1.0, self.done / total) if total else None

    def _total(self) -> int | None:
        return self.total if self.total is not None else self.phase_total


def _count(done: int, total: int | None, unit: str) -> str:
    return f"{done:,} of {total:,} {unit}" if total is not None else f"{done:,} {unit}"


def timeout_error(timeout: float | None, meter: Meter, elapsed: float, advice: str = "",
                  partial: list[Any] | None = None) -> TimeoutExceeded:
    """The error for work stopped at its time limit: what was done, what was not, and at the
    rate seen how much time the whole would need (else ``advice``); ``partial`` is what was
    computed, for the caller to keep."""
    done = meter.summary()
    fraction = meter.fraction()
    message = f"stopped at the time limit of {timeout:g} s: computed {done}"
    if fraction is not None and 0 < fraction < 1:
        message += f" ({1 - fraction:.0%} of the work not done)"
    if fraction:  # at the rate seen, the whole would take elapsed / fraction
        needed = elapsed / fraction
        message += (f"; at this rate all of it needs about {_duration(needed)}: allow "
                    f"{_round_up(needed * 1.5)} s ({spell('--timeout ', 'timeout=')}{_round_up(needed * 1.5)})")
    elif advice:
        message += f"; {advice}"
    else:
        message += "; nothing finished, so there is no rate to extrapolate: allow more time (" + spell("--timeout", "timeout=") + ")"
    total = None if meter.phases else meter._total()
    return TimeoutExceeded(message, seconds=timeout or 0.0, done=meter.done, total=total, unit=meter.unit,
                           partial=partial)


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:,.0f} days"


def _round_up(seconds: float) -> int:
    """A round number of seconds at least ``seconds``: 1, 2, 3, 5, 7 times a power of ten."""
    step = 1
    while True:
        for k in (1, 2, 3, 5, 7):
            if k * step >= seconds:
                return k * step
        step *= 10
