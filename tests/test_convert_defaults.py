"""Formats keep behaviour: inputs with defaults survive conversion to bnet and BooleanNet as constants."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mtorlogic.bundled import RULES
from mtorlogic.cli import main


def attractor_json(*args) -> list:
    result = CliRunner().invoke(main, ["attractors", *map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return sorted(json.dumps(a, sort_keys=True) for a in json.loads(result.stdout)["attractors"])


@pytest.mark.parametrize("ext", [".bnet", ".booleannet"])
def test_the_converted_mtor_model_has_the_attractors_of_the_rules(tmp_path, ext):
    out = tmp_path / f"m{ext}"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out)])
    assert result.exit_code == 0, result.output
    assert f"note: {ext} files cannot hold input defaults, so the 60 inputs with one are written as constants" \
        in result.stderr
    assert attractor_json(out) == attractor_json(RULES)


def test_without_fixed_defaults_the_bnet_has_free_inputs_and_says_so(tmp_path):
    out = tmp_path / "m.bnet"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out), "--no-fix-defaults"])
    assert result.exit_code == 0 and "warning: .bnet files cannot hold input defaults" in result.stderr
    refused = CliRunner().invoke(main, ["attractors", str(out)])  # 60 free inputs: at least 2^60 attractors
    assert refused.exit_code == 2 and "at least 2^60 attractors" in refused.stderr


def test_formats_that_hold_defaults_are_written_unchanged(tmp_path):
    out = tmp_path / "m.sbml"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out)])
    assert result.exit_code == 0 and "note:" not in result.stderr and "60 inputs" in result.stdout
    assert attractor_json(out) == attractor_json(RULES)
