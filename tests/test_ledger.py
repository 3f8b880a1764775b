"""The statement ledger and the references: every rule term has a statement, every statement a status,
every citation a source; the checks fail (exit 1) or refuse (exit 2) where they should."""

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.ledger import KINDS, coverage, not_encoded_markdown, read_ledger, rule_terms
from mtorlogic.references import read_references
from mtorlogic.rules import read_rules_text

from .mtor import RULES, mtor_model

SEEDS = Path("/work/shared/seeds")
REVIEW = SEEDS / "mtor-inhibitors-resistance-review.txt"
ABSTRACT = SEEDS / "pi3k-akt-mtor-breast-cancer-resistance-abstract.txt"


def bundled():
    references = read_references(RULES)
    return read_ledger(RULES, mtor_model(), references), references


def test_every_rule_term_has_a_statement_and_every_statement_a_status():
    ledger, _ = bundled()
    result = coverage(ledger, mtor_model())
    assert result.ok, result.failures()
    assert result.terms == len(rule_terms(mtor_model())) > 150
    assert (result.encoded + result.not_encoded + result.contradicted + result.misattributed
            == result.statements == len(ledger) > 150)
    assert result.external_statements >= 10 and result.external_terms > 0
    assert {s.kind for s in ledger.statements.values()} <= set(KINDS)


def test_every_cited_reference_is_in_the_data():
    ledger, references = bundled()
    assert len(references.review) == 73 and all(r.title and r.journal and r.year for r in references.review)
    model = mtor_model()
    cited = {k for n in model.nodes for k in (*model.info(n).provenance.refs, *model.info(n).provenance.external)}
    cited |= {k for r in model.rules.values() for k in (*r.provenance.refs, *r.provenance.external)}
    cited |= {k for s in ledger.statements.values() for k in (*s.refs, *s.sources)}
    assert cited <= {r.key for r in references}, cited - {r.key for r in references}
    assert all(r.pmid or r.doi for r in references.external)


def test_the_ledger_covers_the_whole_review():
    """Every numbered reference the review's text cites (1-73) is cited by some statement."""
    ledger, _ = bundled()
    assert {r for s in ledger.statements.values() for r in s.refs} == set(range(1, 74))
    sections = {s.section for s in ledger.statements.values()}
    assert {"intro", "1.1", "1.2", "2.1", "2.2", "3", "3.1", "3.2", "4", "4.1", "4.2", "4.3", "table1", "5",
            "5.1", "5.2", "5.3", "5.4", "5.5", "6", "abstract", "external"} <= sections


@pytest.mark.skipif(not REVIEW.exists(), reason="the seed texts are not on this machine")
def test_chinese_sentences_are_verbatim_from_the_seeds():
    """zh is the source's own text ("…" marks page furniture cut out), up to white space."""
    source = re.sub(r"\s+", "", REVIEW.read_text(encoding="utf-8") + ABSTRACT.read_text(encoding="utf-8"))
    ledger, _ = bundled()
    for s in ledger.statements.values():
        position = 0
        for part in filter(None, re.sub(r"\s+", "", s.zh).split("…")):
            found = source.find(part, position)
            assert found >= 0, f"{s.id}: not verbatim: {part[:40]}"
            position = found + len(part)
        assert s.external or s.zh, s.id


def test_not_encoded_md_is_generated_from_the_ledger():
    ledger, references = bundled()
    assert (RULES / "NOT_ENCODED.md").read_text(encoding="utf-8") == not_encoded_markdown(ledger, references)


def test_check_prints_the_coverage():
    r = CliRunner().invoke(main, ["check", str(RULES)])
    assert r.exit_code == 0, r.output
    assert re.search(r"ledger: \d+ statements: \d+ encoded, \d+ not encoded with a reason; \d+ from external", r.output)
    assert re.search(r"terms:\s+(\d+) of \1 rule terms backed by a statement; \d+ by an external source", r.output)


# --- failures, on a small model ---------------------------------------------------------

RULES_TEXT = '''input GF condition default 1 [14] §2.1
input drug drug default 0
AKT = GF & !drug    [14, 18] §2.1 "x"
mTORC1 = AKT        [18] §2.1 "y"
'''
LEDGER_TEXT = '''[statement.gf-akt]
section = "2.1"
refs = [14]
zh = "甲"
en = "growth factors activate Akt"
kind = "activation"
status = "encoded"
terms = ["AKT: GF"]

[statement.akt-mtorc1]
section = "2.1"
refs = [18]
zh = "乙"
en = "Akt activates mTORC1; a drug inhibits Akt"
kind = "activation"
status = "encoded"
terms = ["mTORC1: AKT", "AKT: !drug"]
'''


def small(tmp_path, rules=RULES_TEXT, ledger=LEDGER_TEXT):
    d = tmp_path / "m"
    d.mkdir()
    (d / "m.rules").write_text(rules, encoding="utf-8")
    (d / "statements.toml").write_text(ledger, encoding="utf-8")
    return d


def test_a_consistent_small_ledger_passes(tmp_path):
    r = CliRunner().invoke(main, ["check", str(small(tmp_path))])
    assert r.exit_code == 0, r.output
    assert "ledger: 2 statements: 2 encoded, 0 not encoded" in r.output
    assert "terms:  3 of 3 rule terms backed by a statement" in r.output


def test_a_term_without_a_statement_fails_with_its_rule(tmp_path):
    d = small(tmp_path, ledger=LEDGER_TEXT.replace('"mTORC1: AKT", ', ""))
    r = CliRunner().invoke(main, ["check", str(d)])
    assert r.exit_code == 1, r.output
    assert f"term without a statement: {d / 'm.rules'}:4: mTORC1: AKT" in r.output


def test_a_statement_with_neither_terms_nor_reason_fails(tmp_path):
    d = small(tmp_path, ledger=LEDGER_TEXT + '''
[statement.loose]
section = "2.1"
zh = "丙"
en = "something"
kind = "context"
status = "not_encoded"
''')
    r = CliRunner().invoke(main, ["check", str(d)])
    assert r.exit_code == 1 and "statement with neither terms nor a reason" in r.output and "loose" in r.output


def test_a_rule_citing_other_references_than_its_statements_fails(tmp_path):
    rules = RULES_TEXT.replace("[14, 18] §2.1", "[14, 18, 20] §2.1").replace("[18] §2.1", "[19] §2.1")
    d = small(tmp_path, rules=rules)
    r = CliRunner().invoke(main, ["check", str(d)])
    assert r.exit_code == 1, r.output
    assert "rule AKT cites 20, which no statement behind its terms cites" in r.output
    assert "rule mTORC1 does not cite 18, which its statements cite" in r.output


@pytest.mark.parametrize("edit, where, message", [
    (('"AKT: GF"', '"AKT: !GF"'), (8, 10), "the rule of AKT has no literal '!GF'"),
    (('"AKT: GF"', '"Akt: GF"'), (8, 10), "'Akt' has no rule (did you mean 'AKT'?)"),
    (('"AKT: GF"', '"AKT GF"'), (8, 10), "is not 'Target: Regulator'"),
    (('kind = "activation"\nstatus = "encoded"\nterms = ["AKT: GF"]',
      'kind = "activaton"\nstatus = "encoded"\nterms = ["AKT: GF"]'), (6, 1), "kind 'activaton' is not one of"),
    (('refs = [14]', 'refs = [99]'), (3, 1), "reference 99 is not one of the review's references"),
    (('section = "2.1"\nrefs = [14]', 'section = "external"\nsources = ["PMID:1"]'), (4, 1), "no Chinese sentence"),
])
def test_bad_entries_are_located_and_refused(tmp_path, edit, where, message):
    d = small(tmp_path, ledger=LEDGER_TEXT.replace(*edit, 1))
    r = CliRunner().invoke(main, ["check", str(d)])
    assert r.exit_code == 2, r.output
    assert f"{d / 'statements.toml'}:{where[0]}:{where[1]}: " in r.output and message in r.output, r.output
    assert "Traceback" not in r.output


def test_malformed_toml_is_located(tmp_path):
    d = small(tmp_path, ledger=LEDGER_TEXT.replace('kind = "activation"', 'kind = activation', 1))
    r = CliRunner().invoke(main, ["check", str(d)])
    assert r.exit_code == 2 and f"{d / 'statements.toml'}:6:" in r.output and "not valid TOML" in r.output


def test_models_without_a_ledger_are_checked_as_before(tmp_path):
    f = tmp_path / "m.bnet"
    f.write_text("targets, factors\nA, B\nB, A\n")
    r = CliRunner().invoke(main, ["check", str(f)])
    assert r.exit_code == 0 and "ledger" not in r.output
    r = CliRunner().invoke(main, ["check", str(f), "--not-encoded", str(tmp_path / "x.md")])
    assert r.exit_code == 2 and "needs a statement ledger" in r.output and not (tmp_path / "x.md").exists()


def test_not_encoded_option_writes_the_markdown(tmp_path):
    d = small(tmp_path)
    out = tmp_path / "NOT_ENCODED.md"
    r = CliRunner().invoke(main, ["check", str(d), "--not-encoded", str(out)])
    assert r.exit_code == 0 and out.read_text().startswith("# What the rules do not encode")


def test_rule_terms_follow_negation_through_parentheses():
    m = read_rules_text("input A condition default 1\ninput B condition default 1\nC = !(A & !B) | A")
    assert sorted(map(str, rule_terms(m))) == ["C: !A", "C: A", "C: B"]


def test_explain_mtorc1_shows_full_citations_and_the_statements():
    r = CliRunner().invoke(main, ["explain", "mTORC1", "--model", str(RULES)])
    assert r.exit_code == 0, r.output
    assert "mTORC1: !Rapalog_FKBP12" in r.output and "1-1-rapamycin-frb §1.1 [7]" in r.output
    assert "[external] Feldman ME, Apsel B" in r.output  # the rapamycin-resistant output (x-rapalog-4ebp1)
    r = CliRunner().invoke(main, ["explain", "mTORC1_catalytic", "--model", str(RULES)])
    assert r.exit_code == 0, r.output
    assert "[8] RABANAL-RUIZ Y, OTTEN E G, KOROLCHUK V I. mTORC1 as the main gateway to autophagy. Essays Biochem, " \
           "2017, 61(6): 565-84." in r.output
    assert "[external] Rodrik-Outmezguine VS, et al. Overcoming mTOR resistance mutations" in r.output
    assert "external x-torki-hyperactivity [DOI:10.1038/nature17963]" in r.output


def test_explain_without_a_ledger_still_cites(tmp_path):
    d = tmp_path / "m"
    shutil.copytree(RULES, d)
    (d / "statements.toml").unlink()
    r = CliRunner().invoke(main, ["explain", "mTORC1", "--model", str(d)])
    assert r.exit_code == 0 and "terms and the statements" not in r.output
    assert "[7] SCHREIBER K H" in r.output
