"""SBML-qual carries a model's references as MIRIAM annotations (bqbiol:isDescribedBy)."""

import re

from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.io.sbml import format_sbml, read_sbml, read_sbml_text
from mtorlogic.references import read_references
from mtorlogic.rules import read_rules_text

from .mtor import RULES, mtor_model


def test_rules_are_described_by_their_pubmed_and_doi_sources():
    m = read_rules_text("input A condition default 1\nB = A   [14, PMID:25261369, DOI:10.1038/nature17963]\n")
    text = format_sbml(m, read_references(RULES))
    assert 'metaid="meta_tr_B"' in text and "<bqbiol:isDescribedBy>" in text
    for uri in ("https://identifiers.org/pubmed:25261369", "https://identifiers.org/doi:10.1038/nature17963",
                "https://identifiers.org/doi:10.12688/f1000research.22367.1"):  # [14]'s DOI, printed by the review
        assert f'rdf:resource="{uri}"' in text
    assert read_sbml_text(text).rule("B").provenance.external == ("PMID:25261369", "DOI:10.1038/nature17963")


def test_other_tools_isdescribedby_becomes_external_sources():
    m = read_rules_text("input A condition default 1\nB = A   [PMID:25261369]\n")
    text = re.sub(r"<mtorlogic:rule [^>]*/>", "", format_sbml(m))  # as another tool would write it
    assert read_sbml_text(text).rule("B").provenance.external == ("PMID:25261369",)


def test_convert_annotates_the_mtor_model(tmp_path):
    out = tmp_path / "mtor.sbml"
    assert CliRunner().invoke(main, ["convert", str(RULES), str(out)]).exit_code == 0
    text = out.read_text()
    assert text.count("<bqbiol:isDescribedBy>") >= 20
    again = read_sbml(out)
    assert again.rule("PIP3").provenance.external == mtor_model().rule("PIP3").provenance.external


def test_every_review_reference_with_an_identifier_annotates_the_rules_that_cite_it(tmp_path):
    """Issue 10: PubMed ids and DOIs of the review's references reach SBML-qual as MIRIAM annotations."""
    references = read_references(RULES)
    identified = {r.key: r for r in references.review if r.pmid or r.doi}
    assert len(identified) >= 19  # 5 before the integration of issues 9 and 10; each note says how it was checked
    assert all(r.note for r in identified.values() if r.pmid)  # DOIs without a note are printed by the review
    text = format_sbml(mtor_model(), references)
    cited = {n for rule in mtor_model().rules.values() for n in rule.provenance.refs}
    for key in sorted(set(identified) & cited):
        for identifier in references.identifiers(key):
            assert f'rdf:resource="https://identifiers.org/{identifier}"' in text, (key, identifier)
