"""A cold command-line start as a pip-installed package makes it: a new process, with the
package's bytecode already cached (pip compiles it at install time).

This machine sets PYTHONDONTWRITEBYTECODE, so a source checkout would otherwise compile
every module again on each run, which no installed copy does. Commands run here without
that variable; the first run of a tree writes its ``__pycache__`` (ignored by git), and
:func:`cold_wall` runs a command once, unmeasured, before its first measured run.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Mapping

ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
_warmed: set[tuple[str, ...]] = set()


def cold_wall(command: list[str], cwd: Path, env: Mapping[str, str] | None = None) -> float:
    """Wall time of ``command`` in a new process, with the bytecode of what it imports cached."""
    environment = {**ENVIRONMENT, **(env or {})}
    key = (str(cwd), *command[:4], *sorted(f"{k}={v}" for k, v in (env or {}).items()))
    if key not in _warmed:
        subprocess.run(command, cwd=cwd, env=environment, capture_output=True, check=False)
        _warmed.add(key)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=environment, capture_output=True, check=False)
    return time.perf_counter() - start
