"""How many published cell-line sensitivity orderings the profile screen reproduces.

Runs every catalog drug on the bundled breast cancer cell lines and, for each
ordering in ``benchmarks/data/breast_line_orderings.toml`` (drug, the line
measured more sensitive, the line measured less sensitive, the source), asks
whether the model ranks the first line's response deeper (cytotoxic >
cytostatic > partial, by proliferative share > resistant). Prints the drug x
line table, then each ordering as agrees / tie / disagrees / not expressible
(a drug the catalog lacks), and the counts.

    python benchmarks/profile_orderings.py
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import mtorlogic  # noqa: E402
from mtorlogic.bundled import RULES  # noqa: E402
from mtorlogic.profiles import RESPONSE_ORDER, map_profiles, profile_screen, read_profiles  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "breast_line_orderings.toml"


def depth(row) -> tuple[int, float]:
    """Smaller is deeper: the response's place in RESPONSE_ORDER, then the share still proliferating."""
    return RESPONSE_ORDER.index(row.response), row.proliferative_share


def main() -> None:
    data = tomllib.loads(DATA.read_text())
    model, catalog = mtorlogic.load()
    mapped = map_profiles(read_profiles("breast-lines"), RULES)
    result = profile_screen(model, catalog, mapped, "all")
    print(result.table())
    counts = {"agrees": 0, "tie": 0, "disagrees": 0, "not expressible": 0}
    for order in data["order"]:
        drug, more, less = order["drug"], order["more"], order["less"]
        if drug not in result.drugs:
            verdict = "not expressible"
        else:
            a, b = depth(result.rows[(more, drug)]), depth(result.rows[(less, drug)])
            verdict = "agrees" if a < b else "tie" if a == b else "disagrees"
        counts[verdict] += 1
        found = "" if verdict == "not expressible" else \
            f"({result.rows[(more, drug)].response} vs {result.rows[(less, drug)].response})"
        print(f"{verdict:16s} {drug:13s} {more} > {less} {found} [{order['source']}, {order['level']}]")
    print(", ".join(f"{v} {k}" for k, v in counts.items()), f"of {len(data['order'])} orderings")


if __name__ == "__main__":
    main()
