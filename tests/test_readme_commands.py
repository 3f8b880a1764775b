"""Every command line of README.md runs, from a directory outside the checkout, and exits 0.

The README's command lines are its indented code lines that start with
``mtorlogic`` (an ``&&`` chain is split, and its ``pip install`` steps are
skipped: the checkout is put on PYTHONPATH instead, as an installed package
would be found). Comments after ``#`` are dropped. Each command runs as
``python -m mtorlogic ...`` in a fresh temporary directory, so relative
outputs (``out/...``) land there and nothing in the checkout can be read by
accident through a relative path.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def readme_commands(text: str) -> list[str]:
    """The ``mtorlogic`` command lines of the README's indented code blocks, in order."""
    commands = []
    for line in text.splitlines():
        if not line.startswith("    ") or line.startswith("     "):
            continue
        for part in line.strip().split(" && "):
            part = re.sub(r"\s+#.*$", "", part).strip()
            if part.startswith("mtorlogic "):
                commands.append(part)
    return commands


COMMANDS = list(dict.fromkeys(readme_commands(README.read_text(encoding="utf-8"))))  # each once


def test_the_readme_has_commands():
    assert len(COMMANDS) >= 15
    assert any(c.startswith("mtorlogic plot network") for c in COMMANDS)
    assert any(c.startswith("mtorlogic convert") for c in COMMANDS)


def test_extraction_drops_comments_and_splits_chains():
    text = "Intro\n\n    pip install . && mtorlogic run x && mtorlogic check   # why\n    python b.py\n"
    assert readme_commands(text) == ["mtorlogic run x", "mtorlogic check"]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs_outside_the_checkout(command, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    args = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "mtorlogic", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{command}\nstdout:\n{done.stdout[-2000:]}\nstderr:\n{done.stderr[-2000:]}"


def test_skip_reasons_name_no_path_outside_the_repository():
    """A skipped test says what is missing, not where it is on the developer's machine."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for reason in re.findall(r"reason\s*=\s*(['\"])(.*?)\1", path.read_text(encoding="utf-8")):
            assert "../" not in reason[1] and not re.search(r"(^|\s)/(work|home|tmp)/", reason[1]), (path, reason)
