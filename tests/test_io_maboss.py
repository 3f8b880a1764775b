"""MaBoSS export: the .bnd logic is the model's, the .cfg is complete, names are
legal, and (where cmaboss is installed) MaBoSS runs it and ends in our attractors."""

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors
from mtorlogic.expr import var
from mtorlogic.io import read_model, write_model
from mtorlogic.io.maboss import format_bnd, format_cfg, maboss_names, write_maboss
from mtorlogic.model import Model, NodeInfo, Rule, truth_table_equal
from mtorlogic.rules import parse_expression

from .mtor import mtor_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from _bbm import BBM, BBM_MISSING, seeded_inputs  # noqa: E402

NODE = re.compile(r"Node (\w+) \{\n  logic = (.*);\n  rate_up = @logic \? \$u_\1 : 0;\n"
                  r"  rate_down = @logic \? 0 : \$d_\1;\n\}")


def parsed_bnd(text):
    """name -> logic expression, read back from the .bnd text."""
    return {name: parse_expression(logic) for name, logic in NODE.findall(text)}


def test_bnd_holds_the_logic_of_every_node_of_the_mtor_model():
    model = mtor_model()
    logic = parsed_bnd(format_bnd(model))
    assert set(logic) == set(model.nodes)  # the mTOR ids are already legal
    for n in model.nodes:
        assert truth_table_equal(logic[n], model.function(n)), n


def test_cfg_sets_rates_initial_states_and_settings():
    model = mtor_model().fix({"everolimus": 1})
    cfg = format_cfg(model, max_time=20, sample_count=50)
    for n in model.nodes:
        assert f"$u_{n} = 1;" in cfg and f"$d_{n} = 1;" in cfg
    assert "everolimus.istate = 1;" in cfg  # a fixed node starts at its value
    assert "GrowthFactors.istate = 1;" in cfg and "Hypoxia.istate = 0;" in cfg  # input defaults
    assert "[mTORC1].istate = 0.5 [0], 0.5 [1];" in cfg  # everything else random
    assert "max_time = 20;" in cfg and "sample_count = 50;" in cfg and "time_tick = 0.5;" in cfg
    with pytest.raises(ValueError, match="unknown MaBoSS setting"):
        format_cfg(model, max_tme=20)


def test_names_maboss_cannot_read_are_renamed_consistently():
    m = Model({"a.b": Rule("a.b", var("NOT")), "node": Rule("node", var("a.b"))}, {"NOT": NodeInfo("NOT")})
    names = maboss_names(m)
    assert names == {"NOT": "NOT_", "a.b": "a_b", "node": "node_"}
    text = format_bnd(m)
    assert "// renamed: a.b -> a_b" in text
    logic = parsed_bnd(text)
    assert logic["a_b"] == var("NOT_") and logic["node_"] == var("a_b") and logic["NOT_"] == var("NOT_")
    assert "NOT_.istate" in format_cfg(m) or "[NOT_].istate" in format_cfg(m)


def test_write_maboss_writes_both_files(tmp_path):
    write_model(mtor_model(), tmp_path / "mtor.bnd")
    assert (tmp_path / "mtor.bnd").read_text().startswith("// ")
    assert "sample_count" in (tmp_path / "mtor.cfg").read_text()
    write_maboss(mtor_model(), tmp_path / "a.bnd", tmp_path / "other.cfg")
    assert (tmp_path / "other.cfg").exists() and not (tmp_path / "a.cfg").exists()
    assert not list(tmp_path.glob("*.part"))


def test_bnd_cannot_be_read_back(tmp_path):
    path = tmp_path / "m.bnd"
    write_model(mtor_model(), path)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert ".bnd files can be written but not read" in result.output and "Traceback" not in result.output


def maboss_final_states(model, tmp_path):
    """{frozenset of nodes on: probability} at the end of a MaBoSS run of ``model``."""
    cmaboss = pytest.importorskip("cmaboss")
    bnd, cfg = tmp_path / "m.bnd", tmp_path / "m.cfg"
    write_maboss(model, bnd, cfg, max_time=60, sample_count=300, seed_pseudorandom=7)
    net = cmaboss.MaBoSSNet(network=str(bnd))
    result = cmaboss.MaBoSSSim(net=net, cfg=cmaboss.MaBoSSCfg(net, str(cfg))).run()
    probabilities, _, states, _ = result.get_last_probtraj()
    return {frozenset() if s == "<nil>" else frozenset(s.split(" -- ")): p
            for s, p in zip(states, probabilities[0])}


@pytest.mark.skipif(not BBM.exists(), reason=BBM_MISSING)
@pytest.mark.parametrize("name", ["003-mammalian-cell-cycle", "023-mammalian-cell-cycle-2006"])
def test_maboss_ends_in_our_attractors(name, tmp_path):
    model = read_model(BBM / name / "model.bnet")
    fixed = model.fix(seeded_inputs(model))
    ours = set()
    for a in attractors(fixed):
        ours |= {frozenset(n for n, v in zip(a.nodes, row) if v) for row in a.states.tolist()}
    final = maboss_final_states(fixed, tmp_path)
    assert sum(p for s, p in final.items() if s in ours) > 0.99
