"""Our attractors equal biodivine-aeon's on published models (Biodivine BBM).

Inputs are fixed to a seeded random assignment. By default a fixed sample of
24 models keeps this under a minute; MTORLOGIC_BBM=all runs every model
(benchmarks/crosscheck_bbm.py times the 30 largest).
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _bbm import BBM_MISSING, aeon_direct, attractor_signature, model_dirs, seeded_inputs  # noqa: E402

from mtorlogic.engine.attractors import attractors  # noqa: E402
from mtorlogic.engine.percolate import percolate  # noqa: E402
from mtorlogic.io import read_model  # noqa: E402

SAMPLE = [
    "006-hgf-signaling-in-keratinocytes", "008-death-receptor-signaling", "009-yeast-apoptosis",
    "011-guard-cell-abscisic-acid-signaling", "012-t-cell-receptor-signaling", "014-t-lgl-survival-network-2008",
    "017-differentiation-of-t-lymphocytes", "018-egfr-erbb-signaling", "022-b-cell-differentiation",
    "026-budding-yeast-cell-cycle-2009", "033-bt474-breast-cell-line-long-term",
    "034-hcc1954-breast-cell-line-long-term", "038-skbr3-breast-cell-line-long-term",
    "039-hiv-1-interactions-with-t-cell-signaling", "043-bordetella-bronchiseptica",
    "046-b-bronchiseptica-and-t-retortaeformis", "049-oxidative-stress-pathway", "059-bortezomib-responses-in-myeloma-cells",
    "074-t-lgl-survival-network-2011-reduced", "076-senescence-associated-secretory-phenotype",
    "103-pancreatic-cancer-microenvironment", "113-er-stress", "116-hmox1-pathway", "132-virus-replication-cycle",
]

ALL = model_dirs()
CHOSEN = ALL if os.environ.get("MTORLOGIC_BBM") == "all" else [d for d in ALL if d.name in SAMPLE]

pytestmark = pytest.mark.skipif(not ALL, reason=BBM_MISSING)


@pytest.mark.slow
@pytest.mark.parametrize("folder", CHOSEN, ids=lambda d: d.name[:3])
def test_attractors_agree_with_aeon(folder):
    model = read_model(folder / "model.bnet")
    fixed = model.fix(seeded_inputs(model))
    expected = attractor_signature(aeon_direct(fixed))
    assert attractor_signature(attractors(fixed)) == expected
    if len(percolate(fixed).free) <= 20:
        assert attractor_signature(attractors(fixed, method="exhaustive")) == expected


def test_sample_is_large_enough():
    assert len(CHOSEN) >= 20 or not ALL
