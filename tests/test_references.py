"""references.toml: reading, validation with positions, and the one citation formatter."""

import pytest

from mtorlogic.errors import InputError
from mtorlogic.references import Reference, References, citation, parse_key, parse_references

GOOD = '''[review.14]
authors = ["ANGAROLA B", "FERGUSON S M"]
title = "Coordination of Rheb lysosomal membrane interactions with mTORC1 activation"
journal = "F1000Res"
year = 2020
doi = "10.12688/f1000research.22367.1"

[external."PMID:25261369"]
authors = ["Hassan B"]
et_al = true
title = "Catalytic mTOR inhibitors can overcome intrinsic and acquired resistance to allosteric mTOR inhibitors"
journal = "Oncotarget"
year = 2014
review_ref = 65
'''


def test_citations_name_authors_title_source_and_identifiers():
    refs = parse_references(GOOD, "r.toml")
    assert refs.cite(14) == ("[14] ANGAROLA B, FERGUSON S M. Coordination of Rheb lysosomal membrane interactions "
                             "with mTORC1 activation. F1000Res, 2020. doi:10.12688/f1000research.22367.1")
    assert refs.cite("PMID:25261369").startswith("[external] Hassan B, et al. Catalytic mTOR inhibitors")
    assert refs.cite("PMID:25261369").endswith("PMID:25261369 (the review's reference 65)")
    assert refs.identifiers(14) == ("doi:10.12688/f1000research.22367.1",)
    assert refs.identifiers("PMID:25261369") == ("pubmed:25261369",)
    assert refs.cite(99) == "[99]" and refs.identifiers("DOI:10.1000/x") == ("doi:10.1000/x",)


@pytest.mark.parametrize("edit, where, message", [
    (("[review.14]", "[review.x14]"), "r.toml:1:1", "a review reference is numbered"),
    (('[external."PMID:25261369"]', '[external."pmid 25261369"]'), "r.toml:8:1", "keyed \"PMID:<digits>\""),
    (("year = 2020", "year = 20"), "r.toml:5:1", "'year' must be a year"),
    (('journal = "F1000Res"\n', ""), "r.toml:1:1", "needs a 'journal'"),
    (("et_al = true", "etal = true"), "r.toml:10:1", "unknown field 'etal'"),
])
def test_bad_entries_are_located(edit, where, message):
    with pytest.raises(InputError) as e:
        parse_references(GOOD.replace(*edit), "r.toml")
    assert any(str(p).startswith(where) and message in str(p) for p in e.value.problems), e.value


def test_reference_keys():
    assert parse_key(14) == 14 and parse_key("14") == 14 and parse_key("pmid:1") == "PMID:1"
    for bad in ("PMID:x", 0, True, "doi:11.1/x", 1.5):
        with pytest.raises(ValueError):
            parse_key(bad)


def test_an_external_reference_is_marked():
    r = Reference("DOI:10.1038/ncb839", ("Inoki K",), True, "TSC2 is phosphorylated and inhibited by Akt",
                  "Nat Cell Biol", 2002, doi="10.1038/ncb839")
    assert r.external and citation(r).startswith("[external] Inoki K, et al.")
    assert not References([r]).review


def test_the_run_report_cites_in_full_what_the_verdict_rests_on():
    """Issue 10: the run report shows citations, not bare numbers: the works its expectations cite
    and those of the rules along the causal chains, in text and JSON."""
    import json

    from click.testing import CliRunner

    from mtorlogic.cli import main

    text = CliRunner().invoke(main, ["run", "pten-loss-everolimus"])
    assert text.exit_code == 0, text.output
    cited = text.stdout.split("references (the expectations and the rules along the causal chains):")[1]
    assert "[4] ZHANG Z, FAN Q, LUO X, et al. Brain-restricted mTOR inhibition with binary pharmacology." in cited
    assert "[71] SZWEDA A" in cited  # S6K1 -| IRS1, a rule on the chain to IRS1
    data = json.loads(CliRunner().invoke(main, ["run", "pten-loss-everolimus", "--json"]).stdout)
    keys = [r["key"] for r in data["references"]]
    assert 4 in keys and keys == sorted(k for k in keys if isinstance(k, int)) + [k for k in keys if isinstance(k, str)]
    assert all(r["citation"].startswith(f"[{r['key']}]") or r["citation"].startswith("[external]")
               for r in data["references"])
