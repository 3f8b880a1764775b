"""A small model with memory, for the partial response and for acquired against intrinsic resistance.

The bundled mTOR model has no positive feedback loop since issue 10 (the PRAS40/DEPTOR switch became a
second level of mTORC1, `mTORC1_high`), and a network without a positive loop has a single asynchronous
attractor once its inputs are fixed (Richard 2010, Adv Appl Math 44:378; the mTOR model's invariant
`test_one_attractor_in_every_context`). So the mTOR model has no partial response and its resistance
mechanisms cannot depend on when they arise. This model keeps, in miniature, the switch the
uncorrected model had: a kinase and its inhibitor that repress each other (the old PRAS40/DEPTOR loop,
PRAS40 released by the loss of AKT), a dual drug that blocks the upstream kinase and the kinase itself,
a kinase mutation that defeats the second action (the old kinase-domain mutants), and an efflux pump
that keeps the drug out.

- background: AKT on, Kinase on, proliferating;
- drug: cytotoxic (AKT and Kinase off, no survival signal);
- drug with Mut: partial, one proliferating and one apoptotic attractor; a cell that was proliferating
  keeps the kinase on (score: proliferating with probability 1);
- Mut is intrinsic resistance only: acquired by a cell the drug already killed the kinase in, it
  cannot switch the kinase back on against its inhibitor (acquired probability 0);
- Pump is intrinsic and acquired (it restores AKT, which releases the kinase).
"""

from functools import lru_cache

from mtorlogic.catalog import Catalog
from mtorlogic.rules import read_rules_text

SWITCH_RULES = """\
input GF condition default 1
input drug drug default 0
input Mut mutation default 0
input Pump mutation default 0
Drug_in = drug & !Pump
PI3K = GF & !Drug_in
AKT = PI3K
Inhibitor = !AKT & !Kinase
Kinase = !Inhibitor & (!Drug_in | Mut)
Survival = AKT | Kinase
Apoptosis = !Survival
Proliferation = Kinase & !Apoptosis
"""


@lru_cache(maxsize=1)
def switch_model():
    return read_rules_text(SWITCH_RULES)


def switch_catalog() -> Catalog:
    return Catalog.from_dict({"drugs": {"drug": {"name": "dual inhibitor"}},
                              "alterations": {"Mut": {"name": "kinase mutation"}, "Pump": {"name": "efflux pump"}}})
