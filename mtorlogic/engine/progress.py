"""Progress reports that work on a terminal and in Jupyter.

Long API calls (screens, hypotheses, simulations) take ``progress``: ``True``
for a bar, a callable to receive the counts yourself, or ``False``/``None``
for silence. The bar is ``tqdm.auto`` when tqdm is installed (a widget in
Jupyter with ipywidgets, text otherwise: ``pip install 'mtorlogic[notebook]'``),
else a one-line text bar on stderr, which Jupyter also renders in place.

Examples
--------
>>> seen = []
>>> update = as_progress(seen.append, total=3, label="demo")
>>> update(1); update(2)
>>> seen
[1, 2]
>>> as_progress(None, total=3, label="demo")(1)      # silence: a no-op
"""

from __future__ import annotations

import sys
import time
import warnings
from typing import Callable, Protocol, TextIO, Union

Progress = Union[bool, None, Callable[[int], None]]


def as_progress(progress: Progress, total: int | None, label: str, cumulative: bool = False) -> Callable[[int], None]:
    """A callable to report progress with.

    Parameters
    ----------
    progress : True (a bar), False or None (nothing), or a callable (returned unchanged)
    total : the count at which the work is done (None when unknown)
    label : shown before the bar
    cumulative : the caller reports the count done so far rather than increments

    The bar closes itself when the count reaches ``total``, and otherwise when
    it is garbage-collected (a search that stops early).
    """
    if callable(progress):
        return progress
    if not progress:
        return _silent
    return _Bar(total, label, cumulative)


def _silent(count: int) -> None:
    return None


class _BarLike(Protocol):
    def update(self, n: int) -> object: ...

    def close(self) -> object: ...


class _Bar:
    """tqdm.auto when installed, else :class:`_TextBar`; fed increments or running totals."""

    def __init__(self, total: int | None, label: str, cumulative: bool):
        self.cumulative = cumulative
        self.done = 0
        self.total = total
        self.bar: _BarLike | None
        try:
            with warnings.catch_warnings():  # without ipywidgets, tqdm.auto falls back to text: fine here
                warnings.simplefilter("ignore")
                from tqdm.auto import tqdm
        except ImportError:
            self.bar = _TextBar(total, label)
        else:
            # tqdm's stall monitor is a thread that outlives the bar; with it running, every later
            # bounded computation must start a fresh interpreter instead of forking (engine.budget).
            tqdm.monitor_interval = 0
            self.bar = tqdm(total=total, desc=label, leave=True)

    def __call__(self, count: int) -> None:
        step = count - self.done if self.cumulative else count
        self.done += step
        if self.bar is not None:
            self.bar.update(step)
        if self.total is not None and self.done >= self.total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __del__(self) -> None:
        self.close()


class _TextBar:
    """``label  42% |########        | 42/100`` redrawn in place at most ten times a second."""

    WIDTH = 30

    def __init__(self, total: int | None, label: str, stream: TextIO | None = None):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.n = 0
        self.last = 0.0

    def update(self, step: int) -> None:
        self.n += step
        now = time.monotonic()
        if now - self.last >= 0.1 or (self.total is not None and self.n >= self.total):
            self.last = now
            self.stream.write("\r" + self.line())
            self.stream.flush()

    def line(self) -> str:
        if not self.total:
            return f"{self.label}: {self.n}"
        share = min(1.0, self.n / self.total)
        filled = round(share * self.WIDTH)
        return f"{self.label} {share:4.0%} |{'#' * filled}{' ' * (self.WIDTH - filled)}| {self.n}/{self.total}"

    def close(self) -> None:
        self.stream.write("\r" + self.line() + "\n")
        self.stream.flush()
