import pytest

from mtorlogic.errors import InputError
from mtorlogic.rules import read_rules_text


def test_signs_come_from_truth_table_not_syntax():
    m = read_rules_text("input A condition\ninput B condition\ninput C condition\n"
                        "X = A & !A | B\nY = A & !B | !A & B\nZ = !C")
    g = m.interaction_graph()
    assert not g.has_edge("A", "X")
    assert g.edges["B", "X"]["sign"] == 1
    assert g.edges["A", "Y"]["sign"] == 0
    assert g.edges["C", "Z"]["sign"] == -1


def test_fix_returns_new_model_and_keeps_original():
    m = read_rules_text("input A condition default 1\nB = A")
    m2 = m.fix({"B": 0})
    assert m.function("B") == ("var", "A")
    assert m2.function("B") == ("const", False) and m2.fixed == {"B": 0}
    assert m.with_defaults().function("A") == ("const", True)


def test_resolve_unknown_node_suggests():
    m = read_rules_text("mTORC1 = mTORC1")
    with pytest.raises(InputError, match="did you mean 'mTORC1'"):
        m.fix({"mTORC": 1})
    with pytest.raises(InputError, match="must be 0 or 1"):
        m.fix({"mTORC1": 2})
