"""The bundled mTOR model, loaded once for the tests."""

from functools import lru_cache
from pathlib import Path

from mtorlogic.catalog import read_catalog
from mtorlogic.io import read_model

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
SCENARIOS = ROOT / "scenarios"


@lru_cache(maxsize=1)
def mtor_model():
    return read_model(RULES)


@lru_cache(maxsize=1)
def mtor_catalog():
    return read_catalog(RULES)
