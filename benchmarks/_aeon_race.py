"""The race behind crosscheck_bbm.py (inputs fixed) and inputs_free_aeon.py (inputs free):
our asynchronous attractors against biodivine-aeon, directly and after its own constant
inlining, and against biobalm's attractor sets (succession diagram), each in a forked child
with a time limit, with agreement checked. Besides totals, the per-model ratios (ours / the
peer) as median, 90th percentile and worst, since a total is decided by the slowest models."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _bbm import Refused, aeon_direct, aeon_inlined, attractor_signature, biobalm_attractors, run_limited, shown  # noqa: E402

import biobalm  # noqa: E402,F401  (every library either side uses is imported before forking)
import biodivine_aeon  # noqa: E402,F401
import clingo  # noqa: E402,F401
import scipy.sparse.csgraph  # noqa: E402,F401

from mtorlogic.engine.attractors import attractors  # noqa: E402
from mtorlogic.engine.percolate import percolate  # noqa: E402


def race(models, timeout: float) -> int:
    """Print one row per (name, model) and the totals; the exit status (1 on a disagreement)."""
    peers = ("aeon", "aeon+inline", "biobalm")
    solved = dict.fromkeys((*peers, "ours"), 0)
    totals = {key: [0.0, 0.0] for key in peers}  # [peer, ours] on models both solved
    per_model: dict[str, list[float]] = {key: [] for key in peers}  # ours / peer, model by model
    disagreements = refused = missed = 0
    print(f"{'model':<46} {'nodes':>5} {'free in':>7} {'core':>5} {'atts':>5} {'aeon s':>8} {'inline s':>8} "
          f"{'biobalm s':>9} {'ours s':>8} {'/aeon':>6} {'/inl':>6} {'/bbm':>6}", flush=True)
    for name, model in models:
        core = len(percolate(model).free)
        free_in = sum(1 for n in model.inputs if model.function(n)[0] != "const")
        reference, t_aeon = run_limited(lambda: attractor_signature(aeon_direct(model)), timeout)
        inlined, t_inline = run_limited(lambda: aeon_inlined(model), timeout)
        balm, t_balm = run_limited(lambda: biobalm_attractors(model), timeout)
        balm_shown = shown(balm, t_balm)
        if isinstance(balm, Refused):  # biobalm's own limit: not an answer
            balm, t_balm = None, None
        ours, t_ours = run_limited(lambda: attractor_signature(attractors(model)), timeout)
        refusal = ours
        if isinstance(ours, Refused):  # too many attractors to hold: a clean "no", not an answer
            refused += 1
            missed += t_aeon is not None or t_inline is not None
            ours = None
        for key, t in (("aeon", t_aeon), ("aeon+inline", t_inline), ("biobalm", t_balm), ("ours", t_ours)):
            solved[key] += t is not None
        ratios = []
        for key, t in (("aeon", t_aeon), ("aeon+inline", t_inline), ("biobalm", t_balm)):
            if t is not None and t_ours is not None:
                totals[key][0] += t
                totals[key][1] += t_ours
                per_model[key].append(t_ours / max(t, 1e-6))
                ratios.append(f"{t_ours / t:>6.2f}")
            else:
                ratios.append(f"{'-':>6}")
        count = len(ours) if ours is not None else len(reference) if reference is not None else "-"
        flag = ""
        if ours is not None and ((reference is not None and ours != reference)
                                 or (inlined is not None and len(ours) != inlined)
                                 or (balm is not None and len(ours) != balm)):
            disagreements += 1
            flag = "  DISAGREE"
        print(f"{name:<46} {len(model):>5} {free_in:>7} {core:>5} {count:>5} {shown(reference, t_aeon):>8} "
              f"{shown(inlined, t_inline):>8} {balm_shown:>9} {shown(refusal, t_ours):>8} {' '.join(ratios)}{flag}",
              flush=True)
    print(f"\nmodels: {len(models)}; answered within {timeout:g} s: aeon {solved['aeon']}, "
          f"aeon with inlining {solved['aeon+inline']}, biobalm {solved['biobalm']}, ours {solved['ours']}")
    for key, (peer, ours_total) in totals.items():
        if peer:
            ratios = sorted(per_model[key])
            print(f"on the {len(ratios)} models both answered: {key} {peer:.2f} s, ours {ours_total:.2f} s, "
                  f"ratio ours/{key} = {ours_total / peer:.3f}; per model: median {_quantile(ratios, 0.5):.2f}, "
                  f"90th percentile {_quantile(ratios, 0.9):.2f}, worst {ratios[-1]:.2f}")
    print(f"refused by ours as too large to hold: {refused} (of those, answered by a peer: {missed})")
    print(f"disagreements: {disagreements}")
    return 1 if disagreements else 0


def _quantile(ordered: list[float], q: float) -> float:
    """The ``q`` quantile of sorted ``ordered`` (nearest rank)."""
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]
