"""The DrugLogics file formats: what they read, and located errors (exit 2) for malformed files."""

import json

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.errors import InputError
from mtorlogic.io.druglogics import (read_baseline, read_drugpanel_text, read_folder, read_modeloutputs_text,
                                     read_perturbations_text, read_sif_text, read_training_text, write_sif)

AGS = "/work/shared/models/ags-cascade-1.0"

SIF = "S -> R1\r\nS -> R2\r\nR1 -> Growth\r\nR2 -> Growth\r\nK -| Growth\r\n"


def folder(tmp_path, **files):
    base = {"network.sif": "S -> R1\nS -> R2\nR1 -> Growth\nR2 -> Growth\nR1 -| S\n",
            "drugpanel": "#Name\tEffect\tTarget\nD1\tinhibits\tR1\nD2\tinhibits\tR2\n",
            "modeloutputs": "Growth\t1\n", "perturbations": "D1\nD2\nD1\tD2\n",
            "steadystate": "Condition\n-\nResponse\nGrowth:1\nWeight:1\n"}
    base.update(files)
    for name, text in base.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_sif_reads_crlf_signs_and_round_trips(tmp_path):
    g = read_sif_text(SIF, "n.sif")
    assert g.nodes == ("S", "R1", "R2", "Growth", "K")
    assert g.activators["Growth"] == ("R1", "R2") and g.inhibitors["Growth"] == ("K",)
    write_sif(g, tmp_path / "out.sif")
    assert read_sif_text((tmp_path / "out.sif").read_text()) == read_sif_text(SIF)


@pytest.mark.parametrize("text, where, message", [
    ("A -> B\nA ~> C\n", "n.sif:2:3", "unknown sign '~>'"),
    ("A -> B\nA ->\n", "n.sif:2:5", "expected 'SOURCE -> TARGET'"),
    ("A -> B$\n", "n.sif:1:6", "bad node name 'B$'"),
    ("# only a comment\n", "n.sif:1:1", "no interactions"),
])
def test_malformed_sif_is_located(text, where, message):
    with pytest.raises(InputError) as e:
        read_sif_text(text, "n.sif")
    assert f"{where}: {message}" in str(e.value)


def test_drugpanel_perturbations_outputs_training():
    drugs = read_drugpanel_text("#h\nD1 inhibits R1\nD2 activates R2 R1\n", "p", ("R1", "R2"))
    assert (drugs["D1"].targets, drugs["D1"].value, drugs["D2"].targets, drugs["D2"].value) == (("R1",), 0, ("R2", "R1"), 1)
    assert read_perturbations_text("D1\nD1 D2\n", "q", drugs) == (("D1",), ("D1", "D2"))
    assert read_modeloutputs_text("# w\nR1 1\nR2 -1\n", "o", ("R1", "R2")) == {"R1": 1.0, "R2": -1.0}
    (obs,) = read_training_text("Condition\nR1:0\nResponse\nR2:1\tR1:0\nWeight:2\n", "t", ("R1", "R2"))
    assert obs.condition == {"R1": 0} and obs.response == {"R2": 1.0, "R1": 0.0} and obs.weight == 2.0


@pytest.mark.parametrize("text, where, message", [
    ("D1 inhibits R1\nD2 blocks R2\n", "p:2:4", "unknown effect 'blocks'"),
    ("D1 inhibits R9\n", "p:1:13", "target 'R9' is not a node of the network"),
    ("D1 inhibits\n", "p:1:12", "expected 'NAME  inhibits|activates  TARGET'"),
    ("D1 inhibits R1\nD1 inhibits R2\n", "p:2:1", "drug 'D1' is listed twice"),
])
def test_malformed_drugpanel_is_located(text, where, message):
    with pytest.raises(InputError) as e:
        read_drugpanel_text(text, "p", ("R1", "R2"))
    assert f"{where}: {message}" in str(e.value)


@pytest.mark.parametrize("text, where, message", [
    ("Condition\n-\nResponse\nR1:2\nWeight:1\n", "t:4:4", "value of 'R1' must be in [0, 1]"),
    ("Condition\n-\nResponse\nR1=1\nWeight:1\n", "t:4:1", "expected NODE:VALUE"),
    ("Condition\n-\nResponse\nRX:1\nWeight:1\n", "t:4:1", "'RX' is not a node of the network"),
    ("Response\nR1:1\nWeight:1\n", "t:1:1", "'Response' before its 'Condition'"),
    ("Condition\n-\nResponse\nR1:1\n", "t:1:1", "expected blocks"),
])
def test_malformed_baseline_is_located(text, where, message):
    with pytest.raises(InputError) as e:
        read_training_text(text, "t", ("R1", "R2"))
    assert f"{where}: {message}" in str(e.value)


def test_own_baseline_formats(tmp_path):
    (tmp_path / "b.toml").write_text("[baseline]\nR1 = 1\nR2 = 0\n")
    (tmp_path / "b.csv").write_text("node,value\nR1,1\nR2,0\n")
    for name in ("b.toml", "b.csv"):
        (obs,) = read_baseline(tmp_path / name, ("R1", "R2"))
        assert obs.response == {"R1": 1.0, "R2": 0.0}
    (tmp_path / "bad.toml").write_text("[baseline]\nR1 = 1\nR2 = 3\n")
    with pytest.raises(InputError, match=r"bad.toml:3:\d+: value of 'R2' must be a number in \[0, 1\]"):
        read_baseline(tmp_path / "bad.toml", ("R1", "R2"))


def test_the_published_ags_folder_reads_whole():
    data = read_folder(AGS)
    assert len(data.graph.nodes) == 77 and len(data.drugs) == 7
    assert len(data.perturbations) == 28 and sum(len(p) == 2 for p in data.perturbations) == 21
    assert len(data.training[0].response) == 24 and data.outputs["CASP8"] == -1
    assert data.config["synergy_method"] == "hsa"


@pytest.mark.parametrize("name, text, where", [
    ("network.sif", "S -> R1\nS => R2\n", "network.sif:2:3"),
    ("drugpanel", "D1\tinhibits\tR1\nD2\tinhibits\tNOPE\n", "drugpanel:2:13"),
    ("steadystate", "Condition\n-\nResponse\nGrowth:x\nWeight:1\n", "steadystate:4:8"),
    ("perturbations", "D1\nD1 D3\n", "perturbations:2:4"),
])
def test_cli_malformed_druglogics_files_exit_2_located(tmp_path, name, text, where):
    d = folder(tmp_path, **{name: text})
    out = tmp_path / "out.csv"
    r = CliRunner().invoke(main, ["synergy", str(d), "-o", str(out)])
    assert r.exit_code == 2, r.output
    assert f"{d / where.split(':')[0]}:{where.split(':', 1)[1]}:" in r.output
    assert "Traceback" not in r.output and not out.exists()


def test_cli_malformed_calibration_baseline_exits_2(tmp_path):
    d = folder(tmp_path)
    (tmp_path / "b.csv").write_text("node,value\nGrowth,yes\n")
    r = CliRunner().invoke(main, ["calibrate", str(d / "network.sif"), "--data", str(tmp_path / "b.csv")])
    assert r.exit_code == 2 and f"{tmp_path / 'b.csv'}:2:" in r.output


def test_cli_synergy_json_on_a_folder(tmp_path):
    r = CliRunner().invoke(main, ["synergy", str(folder(tmp_path)), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output[r.output.index("{"):])
    (pair,) = data["pairs"]
    assert pair["drugs"] == ["D1", "D2"] and set(pair) >= {"synergy", "bliss", "hsa", "agreement"}


@pytest.mark.slow
def test_the_ags_pipeline_in_one_call_is_reproducible_by_seed():
    runs = [CliRunner().invoke(main, ["synergy", AGS, "--json", "--members", "30", "--seed", "3"]) for _ in range(2)]
    assert all(r.exit_code == 0 for r in runs), runs[0].output
    first, second = (json.loads(r.output) for r in runs)
    assert first["pairs"] == second["pairs"] and len(first["pairs"]) == 21
    assert {frozenset(p["drugs"]) for p in first["pairs"]} == {frozenset(p) for p in read_folder(AGS).perturbations
                                                               if len(p) == 2}
    assert first["method"] == "hsa" and first["calibration"]["fitness"] == {"min": 1.0, "max": 1.0}
    scores = [p["synergy"] for p in first["pairs"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= p["agreement"] <= 1 for p in first["pairs"])
