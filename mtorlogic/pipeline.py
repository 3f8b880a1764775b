"""The DrugLogics pipeline in one call: calibrate an ensemble to a folder's baseline, then score its pairs.

On a DrugLogics folder (:mod:`mtorlogic.io.druglogics`): the members are the link-operator
variants of ``network.sif`` (:mod:`mtorlogic.linkops`); the ``size`` best fitting the
``steadystate`` training data are kept (:func:`mtorlogic.calibrate.calibrate`, exact by ASP,
ties drawn by ``seed``); every treatment in ``perturbations`` (and the singles it needs) is
applied to each member, and the pairs are scored by Bliss and HSA over the ensemble
(:func:`mtorlogic.synergy.synergy`). The synergy method defaults to the folder's
``config`` (``synergy_method``), else Bliss. Attractors are stable states, as the published
configuration (``attractor_tool: biolqm_stable_states``) asks.

Examples
--------
>>> import pathlib, tempfile
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "network.sif").write_text("R1 -> Growth\\nR2 -> Growth\\nS -> R1\\nS -> R2\\n")
>>> _ = (d / "drugpanel").write_text("D1 inhibits R1\\nD2 inhibits R2\\n")
>>> _ = (d / "modeloutputs").write_text("Growth 1\\n")
>>> result = run_folder(d, size=10)
>>> [(c.drugs, c.synergy, c.agreement) for c in result.synergy.combinations]  # two parallel routes
[(('D1', 'D2'), 0.25, 1.0)]
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from .calibrate import Calibration, calibrate
from .errors import InputError, did_you_mean
from .io.druglogics import DrugLogicsData, read_folder
from .linkops import Family
from .synergy import METHODS, SynergyResult, synergy


@dataclass
class FolderResult:
    data: DrugLogicsData
    calibration: Calibration
    synergy: SynergyResult
    timings: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        out = self.synergy.to_dict()
        out["calibration"] = {k: v for k, v in self.calibration.to_dict().items() if k != "members"}
        out["calibration"]["fitness"] = {"min": min(self.calibration.fitness, default=None),
                                         "max": max(self.calibration.fitness, default=None)}
        out["timings"] = self.timings
        return out


def config_method(config: dict[str, str] | Any, default: str = "bliss") -> str:
    """The synergy method a DrugLogics config names (``synergy_method``), else ``default``."""
    method = str(config.get("synergy_method", default)).strip().lower()
    return method if method in METHODS else default


def run_folder(path: str | Path, size: int = 100, seed: int = 0, method: str | None = None,
               max_candidates: int = 100_000, drugs: Sequence[str] | None = None, triples: bool = False,
               progress: Callable[[int, int], None] | None = None) -> FolderResult:
    """Calibrate the folder's network to its baseline and score its perturbations (see the module docstring).

    With ``drugs`` (names in the panel), every pair of them (and triple with ``triples``) is
    scored instead of the folder's ``perturbations``."""
    started, cpu = time.perf_counter(), time.process_time()
    data = read_folder(path)
    family = Family(data.graph)
    read = time.perf_counter()
    cal = calibrate(family, data.training, size=size, seed=seed, max_candidates=max_candidates, outputs=data.outputs)
    calibrated = time.perf_counter()
    drug_fixes = {name: {t: d.value for t in d.targets} for name, d in data.drugs.items()}
    if drugs:
        unknown = [d for d in drugs if d not in drug_fixes]
        if unknown:
            raise InputError.at("<command line>", f"not in the drug panel: {', '.join(unknown)}"
                                + did_you_mean(unknown[0], drug_fixes))
        used, combos = list(drugs), None
    else:
        used = list(dict.fromkeys(d for p in data.perturbations for d in p))
        combos = [p for p in data.perturbations if len(p) > 1]
    result = synergy(cal.members, {d: drug_fixes[d] for d in used}, data.outputs,
                     method or config_method(data.config), combos=combos, triples=triples, progress=progress)
    scored = time.perf_counter()
    result.notes.append(f"ensemble: {len(cal.members)} of {family.size} link-operator variants, calibration "
                        f"{cal.method}, fitness {min(cal.fitness, default=0):.3f}..{max(cal.fitness, default=0):.3f}")
    result.notes += cal.notes
    timings = {"read": round(read - started, 4), "calibrate": round(calibrated - read, 4),
               "synergy": round(scored - calibrated, 4), "total": round(scored - started, 4),
               "cpu": round(time.process_time() - cpu, 4)}  # wall seconds per stage; CPU seconds in all
    return FolderResult(data, cal, result, timings)
