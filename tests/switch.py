"""A small model with memory, for the partial response and for acquired against intrinsic resistance.

The bundled mTOR model has no positive feedback loop since issue 10 (the PRAS40/DEPTOR switch became a
second level of mTORC1, `mTORC1_high`), and a network without a positive loop has a single asynchronous
attractor once its inputs are fixed (Thomas's first rule for asynchronous Boolean networks; survey:
Paulevé and Richard, ENTCS 2012, 284:93; the mTOR model's invariant `test_one_attractor_in_every_context`). So the mTOR model has no partial response and its resistance
mechanisms cannot depend on when they arise. ``docs/examples/switch`` keeps, in miniature, the switch the
uncorrected model had: a kinase and its inhibitor that repress each other (the old PRAS40/DEPTOR loop,
the inhibitor released by the loss of AKT), a dual drug that blocks the upstream kinase and the kinase
itself, a kinase mutation that defeats the second action (the old kinase-domain mutants), and an efflux
pump that keeps the drug out.

- background: AKT on, Kinase on, proliferating;
- drug: cytotoxic (AKT and Kinase off, no survival signal);
- drug with Mut: partial, one proliferating and one apoptotic attractor; a cell that was proliferating
  keeps the kinase on (score: proliferating with probability 1);
- Mut is intrinsic resistance only: acquired by a cell in which the drug already switched the kinase
  off, it cannot switch it back on against its inhibitor (acquired probability 0);
- Pump is intrinsic and acquired (it restores AKT, which releases the kinase).
"""

from functools import lru_cache
from pathlib import Path

from mtorlogic.catalog import read_catalog
from mtorlogic.io import read_model

SWITCH = Path(__file__).resolve().parents[1] / "docs" / "examples" / "switch"


@lru_cache(maxsize=1)
def switch_model():
    return read_model(SWITCH)


@lru_cache(maxsize=1)
def switch_catalog():
    return read_catalog(SWITCH)
