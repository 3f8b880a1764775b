"""BooleanNet: reading, writing, errors, and agreement with bnet on BBM models."""

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.errors import InputError
from mtorlogic.expr import var
from mtorlogic.io import read_model, write_model
from mtorlogic.io.booleannet import format_booleannet, read_booleannet_text
from mtorlogic.model import Model, NodeInfo, Rule, truth_table_equal
from mtorlogic.rules import parse_expression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _bbm import BBM_MISSING, model_dirs  # noqa: E402
from _formats import differences  # noqa: E402

TEXT = """\
# a comment line
v_ErbB1_2 *= v_EGF and not (v_p21 or False)   # trailing comment
v_p21* = v_ErbB1_2 or 0
v_EGF *= v_EGF
1: v_CDK2 *= True and v_p21
v_p21 = True
v_EGF = v_CDK2 = Random
"""


def same(expr_text, expr):
    return truth_table_equal(parse_expression(expr_text), expr)


def test_rules_comments_constants_inputs_and_names():
    m = read_booleannet_text(TEXT)
    assert set(m.nodes) == {"v_ErbB1_2", "v_p21", "v_EGF", "v_CDK2"}
    assert m.inputs == ("v_EGF",)
    assert same("v_EGF & !v_p21", m.function("v_ErbB1_2"))
    assert same("v_ErbB1_2", m.function("v_p21"))
    assert same("v_p21", m.function("v_CDK2"))


def test_initial_values_do_not_change_the_functions():
    with_initial = read_booleannet_text("A *= B\nB *= A\nA = False\nB = Random\n")
    without = read_booleannet_text("A *= B\nB *= A\n")
    assert with_initial.functions == without.functions
    assert with_initial.defaults() == {}


def test_names_read_but_never_defined_are_inputs():
    m = read_booleannet_text("A *= B and C\n")
    assert set(m.inputs) == {"B", "C"}


@pytest.mark.parametrize("text, where, words", [
    ("A *= B\nB *= (A and C\n", "m.booleannet:2:6", "never closed"),
    ("A *= B\nB *= A and C)\n", "m.booleannet:2:13", "')'"),
    ("A *= B ^ C\n", "m.booleannet:1:8", "'^'"),
    ("A *= B xor C\n", "m.booleannet:1:", "xor"),
    ("A *= B\nA *= C\n", "m.booleannet:2:1", "already has a rule"),
    ("A = B and C\n", "m.booleannet:1:1", "'*='"),
    ("A *=\n", "m.booleannet:1:", "missing expression"),
    ("and *= B\n", "m.booleannet:1:1", "reserved word"),
])
def test_malformed_lines_are_located(text, where, words):
    with pytest.raises(InputError) as err:
        read_booleannet_text(text, source="m.booleannet")
    message = str(err.value.problems[0])
    assert message.startswith(where) and words in message, message


def test_malformed_file_through_the_cli(tmp_path):
    path = tmp_path / "bad.booleannet"
    path.write_text("A *= B\nB *= (A and not C\nC *= A\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:2:6: '(' is never closed" in result.output
    assert "Traceback" not in result.output


def test_empty_file_says_what_a_rule_looks_like():
    with pytest.raises(InputError, match="A \\*= B and not C"):
        read_booleannet_text("# nothing here\n")


def test_writer_renames_what_booleannet_cannot_read():
    m = Model({"a.b": Rule("a.b", var("1x")), "Not": Rule("Not", var("a.b"))}, {"1x": NodeInfo("1x")})
    text = format_booleannet(m)
    assert "# renamed: a.b -> a_b" in text and "# renamed: 1x -> _1x" in text and "# renamed: Not -> Not_" in text
    again = read_booleannet_text(text)
    assert truth_table_equal(again.function("Not_"), var("a_b"))
    assert again.inputs == ("_1x",)


def test_write_then_read_by_extension(tmp_path):
    m = read_booleannet_text(TEXT)
    write_model(m, tmp_path / "x.booleannet")
    again = read_model(tmp_path / "x.booleannet")
    assert differences(m, again) == []
    assert not list(tmp_path.glob("*.part"))


# Published models: the BooleanNet reading defines the functions of the bnet reading.
SAMPLE = ["003", "014", "026", "039", "046", "074", "113", "146"]
FOLDERS = [d for d in model_dirs() if d.name[:3] in SAMPLE]


@pytest.mark.skipif(not FOLDERS, reason=BBM_MISSING)
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda d: d.name[:3])
def test_bbm_booleannet_reads_as_bnet(folder):
    bnet = read_model(folder / "model.bnet")
    booleannet = read_model(folder / "model.booleannet")
    assert booleannet.name == bnet.name
    assert differences(bnet, booleannet) == []
