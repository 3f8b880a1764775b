"""Counts of the literature findings at the end of the session: hold, known miss, not expressible.

Read from the test reports alone (no import of the test module), so the summary
works in any import mode and against any checkout.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

_PREFIX = "test_literature.py::test_finding["


def pytest_terminal_summary(terminalreporter: Any) -> None:
    counts: Counter[str] = Counter()
    for category in ("passed", "failed", "skipped", "xfailed", "xpassed"):
        for report in terminalreporter.stats.get(category, []):
            if _PREFIX in getattr(report, "nodeid", "") and (report.when == "call" or category == "skipped"):
                counts[category] += 1
    total = sum(counts.values())
    if not total:
        return
    terminalreporter.write_sep("-", "literature findings")
    terminalreporter.write_line(
        f"{total} findings: {counts['passed']} hold, {counts['xfailed']} known misses, "
        f"{counts['skipped']} not expressible on this model"
        + (f", {counts['failed']} FAIL" if counts["failed"] else "")
        + (f", {counts['xpassed']} now hold but are marked as misses" if counts["xpassed"] else ""))

