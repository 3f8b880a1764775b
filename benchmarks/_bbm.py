"""Shared helpers for the BBM cross-check benchmark and test: the same seeded
input assignment, aeon run directly, and a comparison of attractor sets."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

BBM = Path(__file__).resolve().parents[2] / "shared" / "models" / "bbm"


def model_dirs(root: Path = BBM) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "model.bnet").exists()) if root.exists() else []


def seeded_inputs(model, seed: int = 2026) -> dict[str, int]:
    rnd = random.Random(f"{seed}:{model.name}")
    return {n: rnd.randint(0, 1) for n in model.inputs}
