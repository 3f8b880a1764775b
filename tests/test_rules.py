import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtorlogic.errors import InputError
from mtorlogic.expr import to_text
from mtorlogic.rules import format_rules, parse_expression, read_rules, read_rules_text

GOOD = '''
section 2.1 "Regulation of mTORC1"
input GrowthFactors condition "growth factors" default 1 aka GF   [12] "growth factors activate"
input AminoAcids condition default 1
node EIF4EBP1 protein "4E-BP1" aka 4EBP1, 4E-BP1
AKT = GrowthFactors                 [14, 15]
Rag = AminoAcids                    [20-22] §2.1.3 "amino acids activate the Rag GTPases"
mTORC1 = AKT and Rag AND NOT PRAS40 [8]   # comment with "quotes"
PRAS40 = ~AKT
EIF4EBP1 = !mTORC1 | false          [9] §1.2
'''


def test_good_file_parses_with_provenance():
    m = read_rules_text(GOOD)
    assert set(m.inputs) == {"GrowthFactors", "AminoAcids"}
    assert m.defaults() == {"GrowthFactors": 1, "AminoAcids": 1}
    rag = m.rule("Rag").provenance
    assert rag.refs == (20, 21, 22) and rag.section == "2.1.3"
    assert rag.evidence == "amino acids activate the Rag GTPases"
    assert m.rule("AKT").provenance.section == "2.1"  # from the section directive
    assert m.rule("mTORC1").text == "AKT & Rag & !PRAS40"
    assert m.rule("EIF4EBP1").text == "!mTORC1"
    assert m.resolve("4E-BP1") == "EIF4EBP1" and m.resolve("gf") == "GrowthFactors"
    assert m.info("EIF4EBP1").name == "4E-BP1"


def test_aliases_usable_in_expressions():
    m = read_rules_text("input GrowthFactors condition aka GF\nAKT = GF")
    assert m.rule("AKT").text == "GrowthFactors"


@pytest.mark.parametrize("text, line, col, fragment", [
    ("A = B &", 1, 7, "ends with the operator"),
    ("A = (B", 1, 5, "never closed"),
    ("A = B)", 1, 6, "without a matching"),
    ("input B condition\nA = B C", 2, 7, "operator is missing"),
    ("A = AKTT\nAKT = A", 1, 5, "did you mean 'AKT'"),
    ("A = 1\nA = 0", 2, 1, "already has a rule"),
    ("1A = 1", 1, 1, "bad name"),
    ("A = 4EBP1", 1, 5, "bad name"),
    ("input X proteinn", 1, 9, "did you mean 'protein'"),
    ("input X condition\nX = 1", 1, 7, "declared an input but also has a rule"),
    ("node X protein", 1, 6, "has no rule"),
    ('A = 1 [1] "unterminated', 1, 11, "unterminated"),
    ("A = 1 [x]", 1, 7, "bad reference"),
    ("A = ", 1, 4, "missing expression"),
    ("A == 1", 1, 4, "unexpected '='"),
])
def test_errors_are_located(text, line, col, fragment):
    with pytest.raises(InputError) as err:
        read_rules_text(text, source="f.rules")
    messages = [str(p) for p in err.value.problems]
    assert any(m.startswith(f"f.rules:{line}:{col}:") and fragment in m for m in messages), messages


def test_all_errors_of_a_file_reported_at_once():
    with pytest.raises(InputError) as err:
        read_rules_text("A = (B\nC = AKTT & !A\nD = )", source="f.rules")
    assert [p.line for p in err.value.problems] == [1, 2, 3]


def test_directory_is_one_model(tmp_path):
    (tmp_path / "a.rules").write_text("input X condition default 0\nY = X\n")
    (tmp_path / "b.rules").write_text("Z = Y & !X\n")
    m = read_rules(tmp_path)
    assert set(m.nodes) == {"X", "Y", "Z"}
    (tmp_path / "c.rules").write_text("Y = 1\n")
    with pytest.raises(InputError, match="already has a rule"):
        read_rules(tmp_path)


def test_format_round_trip():
    m = read_rules_text(GOOD)
    again = read_rules_text(format_rules(m))
    assert {n: to_text(again.function(n)) for n in again.nodes} == {n: to_text(m.function(n)) for n in m.nodes}
    assert again.rule("Rag").provenance.refs == (20, 21, 22)
    assert again.info("EIF4EBP1").aliases == ("4EBP1", "4E-BP1")


def test_parse_expression_styles():
    assert parse_expression("a & !b | c") == parse_expression("a and not b or c")
    assert parse_expression("a && b || !c") == parse_expression("(a AND b) OR NOT c")


@given(st.text(max_size=200))
def test_arbitrary_text_raises_only_our_error(text):
    try:
        read_rules_text(text)
    except InputError:
        pass


@given(st.lists(st.sampled_from(["A", "B", "=", "&", "|", "!", "(", ")", "and", "or", "not", "1", "0",
                                 "input", "node", "[1]", "§2", '"x"', ",", "aka", "condition", "\n", " "]),
                max_size=30))
def test_token_soup_raises_only_our_error(tokens):
    try:
        read_rules_text(" ".join(tokens))
    except InputError:
        pass
