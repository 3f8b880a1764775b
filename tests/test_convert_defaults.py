"""Formats keep behaviour: inputs with defaults survive conversion to bnet as constants, and to
BooleanNet and SBML-qual as their initial values."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mtorlogic.bundled import RULES
from mtorlogic.cli import main

from .mtor import mtor_model

DEFAULTS = len(mtor_model().defaults())


def attractor_json(*args) -> list:
    result = CliRunner().invoke(main, ["attractors", *map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return sorted(json.dumps(a, sort_keys=True) for a in json.loads(result.stdout)["attractors"])


@pytest.mark.parametrize("ext", [".bnet", ".booleannet", ".sbml"])
def test_the_converted_mtor_model_has_the_attractors_of_the_rules(tmp_path, ext):
    out = tmp_path / f"m{ext}"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out)])
    assert result.exit_code == 0, result.output
    note = f"note: {ext} files cannot hold input defaults, so the {DEFAULTS} inputs with one are written as constants"
    assert (note in result.stderr) == (ext == ".bnet")
    assert attractor_json(out) == attractor_json(RULES)


def test_without_fixed_defaults_the_bnet_has_free_inputs_and_says_so(tmp_path):
    out = tmp_path / "m.bnet"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out), "--no-fix-defaults"])
    assert result.exit_code == 0 and "warning: .bnet files cannot hold input defaults" in result.stderr
    refused = CliRunner().invoke(main, ["attractors", str(out)])  # every input free: at least 2^inputs attractors
    assert refused.exit_code == 2 and f"at least 2^{DEFAULTS} attractors" in refused.stderr


def test_formats_that_hold_defaults_are_written_unchanged(tmp_path):
    out = tmp_path / "m.sbml"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out)])
    # The one note says the rule alternatives stay in the rule files (SBML holds the primary reading).
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert result.exit_code == 0 and f"{DEFAULTS} inputs" in result.stdout
    assert len(notes) == 1 and "cannot hold rule alternatives: wrote the primary reading" in notes[0]
    assert attractor_json(out) == attractor_json(RULES)
