"""Tumour profiles: variants as biologists write them, their mapping, and the profile screen."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import mtorlogic
from mtorlogic.bundled import RULES
from mtorlogic.cli import main
from mtorlogic.errors import InputError
from mtorlogic.io._toml import Document
from mtorlogic.phenotype import evaluate
from mtorlogic.profiles import map_profile, map_profiles, parse_profile_text, parse_table, profile_screen, read_profiles
from mtorlogic.variants import parse_variant, parse_variant_table, read_variant_table


@pytest.mark.parametrize("change, kind, residue", [
    ("H1047R", "missense", "H1047"), ("p.H1047R", "missense", "H1047"), ("p.His1047Arg", "missense", "H1047"),
    ("R130*", "nonsense", "R130"), ("R130X", "nonsense", "R130"), ("p.Arg130Ter", "nonsense", "R130"),
    ("V275fs", "frameshift", "V275"), ("p.V275Afs*2", "frameshift", "V275"), ("E746_A750del", "inframe", "E746"),
    ("X123_splice", "splice", None), ("c.209+1G>T", "splice", None), ("E545E", "silent", "E545"),
    ("deletion", "deletion", None), ("homozygous deletion", "deletion", None), ("amp", "amplification", None),
    ("gain", "gain", None), ("loss", "loss", None), ("fusion", "fusion", None), ("wild-type", "wildtype", None),
])
def test_variant_classes(change, kind, residue):
    v = parse_variant("PTEN", change)
    assert (v.kind, v.residue) == (kind, residue)


def test_unreadable_variant_is_located():
    with pytest.raises(InputError) as e:
        parse_profile_text("PIK3CA H1047R\n  PTEN   frobnicated\n", "p.txt")
    assert str(e.value).startswith("p.txt:2:10: cannot read 'frobnicated' as a change of PTEN")
    with pytest.raises(InputError, match=r"p.txt:1:1: 'KRAS' needs a gene and a change"):
        parse_profile_text("KRAS\n", "p.txt")
    with pytest.raises(InputError, match=r"p.txt:1:1: '1abc' is not a gene symbol"):
        parse_profile_text("1abc H1047R\n", "p.txt")


def test_bundled_table_maps_by_class_and_residue():
    table = read_variant_table(RULES)
    call = lambda gene, change: table.call(parse_variant(gene, change))  # noqa: E731
    assert call("PIK3CA", "H1047R").alteration == "PIK3CA_activating"
    assert call("PIK3CA", "E545K").alteration == "PIK3CA_activating"
    # a rare missense of an oncogene is reported, not guessed
    rare = call("PIK3CA", "K111N")
    assert rare.alteration is None and "not one of the activating residues" in rare.reason
    # tumour suppressors: truncation and deep deletion are loss of function, hotspot missense too
    assert call("PTEN", "R130*").alteration == call("PTEN", "deletion").alteration == "PTEN_loss"
    assert call("PTEN", "R130G").alteration == "PTEN_loss"
    assert call("PTEN", "L108R").alteration is None
    assert call("PTEN", "amplification").alteration is None  # an amplified suppressor is not a loss
    assert call("TP53", "R175H").alteration == "TP53_loss"  # DNA-binding domain
    assert call("TP53", "P72R").alteration is None          # the common polymorphism outside it
    assert call("KRAS", "G12D").alteration == call("NRAS", "Q61K").alteration == "KRAS_activating"
    assert call("MTOR", "S2035F").alteration == "mTOR_FRB_mutation"
    # synonyms, genes outside the model, and changes that are no alteration
    assert call("S6K1", "amplification").alteration == "S6K1_amplification"
    her2 = call("HER2", "amplification")
    assert her2.alteration is None and her2.reason.startswith("ERBB2 amplification: HER2 is not a node")
    assert "not in the variant table" in call("ZNF999", "R12W").reason
    assert call("PIK3CA", "p.E545=").alteration is None


def test_every_table_rule_names_a_catalog_alteration():
    model, catalog = mtorlogic.load()
    read_variant_table(RULES).validate(catalog.alterations)
    text = '[[map]]\ngene = "PIK3CA"\nalteration = "PIK3CA_activatin"\nclasses = ["missense"]\n'
    data, doc = Document.parse(text, "variants.toml")
    with pytest.raises(InputError, match=r"variants.toml:3:\d+: unknown alteration 'PIK3CA_activatin' .*did you mean"):
        parse_variant_table(data, doc).validate(catalog.alterations, doc)


def test_bad_table_entries_are_located():
    text = '[[map]]\ngene = "PTEN"\nalteration = "PTEN_loss"\nclasses = ["truncatin"]\nresidues = ["130"]\n'
    data, doc = Document.parse(text, "variants.toml")
    with pytest.raises(InputError) as e:
        parse_variant_table(data, doc)
    message = str(e.value)
    assert "variants.toml:4:" in message and "unknown variant class 'truncatin'" in message
    assert "variants.toml:5:" in message and "residues of PTEN" in message


def test_maf_gives_one_profile_per_sample_with_classes():
    maf = ("Hugo_Symbol\tVariant_Classification\tHGVSp_Short\tTumor_Sample_Barcode\n"
           "PIK3CA\tMissense_Mutation\tp.H1047R\tS1\n"
           "PTEN\tFrame_Shift_Del\tp.K267Rfs*9\tS2\n"
           "TP53\tSilent\tp.P72P\tS2\n"
           "BRCA2\tIntron\t\tS2\n")
    profiles = {p.name: p for p in parse_table(maf, "t.maf")}
    assert sorted(profiles) == ["S1", "S2"]
    assert map_profile(profiles["S1"]).alterations == ("PIK3CA_activating",)
    s2 = map_profile(profiles["S2"])
    assert s2.alterations == ("PTEN_loss",) and s2.unmapped == ()  # silent and intronic changes are no alteration
    bad = maf.replace("Silent", "Sideways")
    with pytest.raises(InputError, match=r"t.maf:4:\d+: unknown Variant_Classification 'Sideways'"):
        parse_table(bad, "t.maf")
    with pytest.raises(InputError, match=r"t.maf:3:1: 3 columns, the header has 4"):
        parse_table(maf.replace("\tp.K267Rfs*9", ""), "t.maf")


def test_cbioportal_copy_number_table():
    cna = "Hugo_Symbol\tEntrez_Gene_Id\tA\tB\nPTEN\t5728\t-2\t0\nRPS6KB1\t6198\t1\t2\n"
    profiles = {p.name: map_profile(p) for p in parse_table(cna, "cna.txt")}
    assert profiles["A"].alterations == ("PTEN_loss",)          # a low-level gain (1) changes nothing
    assert profiles["B"].alterations == ("S6K1_amplification",)
    with pytest.raises(InputError, match=r"cna.txt:2:\d+: copy-number call '7' for A"):
        parse_table(cna.replace("-2", "7"), "cna.txt")


def test_bundled_cell_lines_map_and_report_what_they_leave_out():
    mapped = {m.name: m for m in map_profiles(read_profiles("breast-lines"), RULES)}
    assert {"MCF7", "T47D", "ZR-75-1", "CAMA-1", "BT474", "MDA-MB-231", "MDA-MB-468", "BT549", "HCC1954",
            "MDA-MB-453"} <= set(mapped)
    assert "PIK3CA_activating" in mapped["MCF7"].alterations and "PIK3CA_activating" in mapped["T47D"].alterations
    assert "KRAS_activating" in mapped["MDA-MB-231"].alterations
    assert "PTEN_loss" in mapped["MDA-MB-468"].alterations and "PTEN_loss" in mapped["BT549"].alterations
    assert any(c.variant.gene == "ERBB2" for c in mapped["BT474"].unmapped)
    for m in mapped.values():
        assert m.profile.refs, f"{m.name} cites no source"


def test_run_with_a_profile_reports_the_unmapped_variant(tmp_path):
    path = tmp_path / "tumour.txt"
    path.write_text("# a PIK3CA-mutant tumour\nPIK3CA H1047R\nBRAF V600E\n")
    runner = CliRunner()
    done = runner.invoke(main, ["run", "--profile", str(path), "--drug", "alpelisib", "--json"])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["profile"]["alterations"] == ["PIK3CA_activating"]
    assert [u["gene"] for u in data["profile"]["unmapped"]] == ["BRAF"]
    assert "BRAF is not a node" in data["profile"]["unmapped"][0]["reason"]
    text = runner.invoke(main, ["run", "--profile", str(path), "--drug", "alpelisib"])
    assert "not mapped: BRAF V600E" in text.output
    bad = tmp_path / "bad.txt"
    bad.write_text("PIK3CA H1047R\nPTEN ???\n")
    failed = runner.invoke(main, ["run", "--profile", str(bad), "--drug", "alpelisib"])
    assert failed.exit_code == 2 and f"{bad}:2:6: cannot read '???'" in failed.output


def test_profile_screen_rows_equal_single_runs():
    model, catalog = mtorlogic.load()
    mapped = [m for m in map_profiles(read_profiles("breast-lines"), RULES) if m.name in ("MCF7", "MDA-MB-231")]
    result = profile_screen(model, catalog, mapped, ["alpelisib", "everolimus", "pimasertib"])
    for m in mapped:
        for drug in result.drugs:
            alone = evaluate(model, m.scenario([drug]), catalog)
            assert result.rows[(m.name, drug)].response == alone.response
        assert sorted(result.ranking(m.name)) == sorted(result.drugs)
    lines = result.to_csv().splitlines()
    assert lines[0].startswith("profile,alterations,unmapped,drug,rank,response")
    assert len(lines) == 1 + 2 * 3


def test_screen_profiles_cli(tmp_path):
    out = tmp_path / "lines.csv"
    runner = CliRunner()
    done = runner.invoke(main, ["screen", "--profiles", "breast-lines", "--drugs", "alpelisib,everolimus",
                                "-o", str(out)])
    assert done.exit_code == 0, done.output
    rows = out.read_text().splitlines()
    assert len(rows) == 1 + 10 * 2
    assert "MDA-MB-231" in done.output and "alpelisib" in done.output
    refused = runner.invoke(main, ["screen", "--profiles", "breast-lines", "--mutations", "all"])
    assert refused.exit_code == 2
    missing = runner.invoke(main, ["screen", "--profiles", "breast-linez"])
    assert missing.exit_code == 2 and "did you mean 'breast-lines'" in missing.output
