import pytest

from mtorlogic.errors import InputError
from mtorlogic.io import read_model, write_model
from mtorlogic.io.bnet import read_bnet_text
from mtorlogic.model import truth_table_equal


def test_inputs_and_header():
    m = read_bnet_text("targets, factors\nA, A\nB, A & !C\nC, B | 0\n")
    assert m.inputs == ("A",)
    assert m.rule("B").text == "A & !C"


def test_malformed_lines_are_located():
    with pytest.raises(InputError) as err:
        read_bnet_text("A, B\nB C\nC, (A &\n", source="m.bnet")
    msgs = [str(p) for p in err.value.problems]
    assert msgs[0] == "m.bnet:2:1: expected 'target, function' (no comma on this line)"
    assert msgs[1].startswith("m.bnet:3:4: '(' is never closed")


def test_write_then_read(tmp_path):
    m = read_bnet_text("A, A\nB, A & !C\nC, B | !A\n")
    write_model(m, tmp_path / "x.bnet")
    again = read_model(tmp_path / "x.bnet")
    assert all(truth_table_equal(m.function(n), again.function(n)) for n in m.nodes)


def test_unknown_extension(tmp_path):
    (tmp_path / "x.foo").write_text("")
    with pytest.raises(InputError, match="unknown model format"):
        read_model(tmp_path / "x.foo")
