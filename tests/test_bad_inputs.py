"""Bad input, answered: a corpus of mistakes run through the CLI.

Every case asserts its exit code, that no traceback is printed, that the
problem is located (``file:line:column``) where a file is involved, and that
the directory is left exactly as it was: no output created or changed, no
temporary left behind. Files are generated in ``tmp_path``; ``{d}`` in the
arguments stands for that directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main

MODEL = """input GF condition default 1
input drugX drug default 0
input mutY mutation default 0
A = GF & !drugX
Y = !mutY
B = A & Y
Proliferation = B
Apoptosis = !B
"""
SCENARIO = 'model = "m.rules"\ndrugs = ["drugX"]\n'
LATIN1 = "input GF condition default 1\nA = GF # café\n".encode("latin-1")


@dataclass
class Case:
    id: str
    args: list[str]
    files: dict[str, str | bytes] = field(default_factory=dict)
    exit: int = 2
    where: str | None = None  # "file:line:column" (file relative to the directory) expected on stderr
    words: str = ""  # expected on stderr


def scenario(extra: str) -> dict[str, str]:
    return {"s.toml": SCENARIO + extra}


CASES = [
    # --- output paths: refused before any work, nothing written -----------------------------
    Case("screen-output-is-a-directory", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/sub"],
         {**scenario(""), "sub/keep.txt": "x"}, where="sub", words="is a directory"),
    Case("screen-output-under-a-file", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/f.txt/out.csv"],
         {**scenario(""), "f.txt": "x"}, words="is a file, not a directory"),
    Case("screen-output-unwritable", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "/proc/out.csv"],
         scenario(""), words="cannot write in '/proc'"),
    Case("screen-json-output-is-a-directory", ["screen", "{d}/s.toml", "--mutations", "mutY", "--json-output",
                                               "{d}/sub"], {**scenario(""), "sub/keep.txt": "x"},
         words="is a directory"),
    Case("screen-good-csv-bad-plot-extension", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/ok.csv",
                                                "--plot", "{d}/p.xyz"], scenario(""), words="cannot write a figure"),
    Case("screen-good-csv-plot-under-a-file", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/ok.csv",
                                               "--plot", "{d}/f.txt/p.png"], {**scenario(""), "f.txt": "x"},
         words="is a file, not a directory"),
    Case("screen-existing-output-kept-on-bad-plot", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o",
                                                     "{d}/ok.csv", "--plot", "{d}/sub"],
         {**scenario(""), "ok.csv": "old result\n", "sub/keep.txt": "x"}, words="is a directory"),
    Case("convert-output-is-a-directory", ["convert", "{d}/m.rules", "{d}/sub"], {"sub/keep.txt": "x"},
         words="is a directory"),
    Case("convert-bnd-with-cfg-a-directory", ["convert", "{d}/m.rules", "{d}/m.bnd"], {"m.cfg/keep.txt": "x"},
         where="m.cfg", words="is a directory"),
    Case("convert-output-under-a-file", ["convert", "{d}/m.rules", "{d}/f.txt/m.bnet"], {"f.txt": "x"},
         words="is a file, not a directory"),
    Case("convert-to-unknown-format", ["convert", "{d}/m.rules", "{d}/m.xyz"], words="unknown model format"),
    Case("convert-unwritable", ["convert", "{d}/m.rules", "/proc/m.bnet"], words="cannot write in '/proc'"),
    Case("simulate-output-is-a-directory", ["simulate", "{d}/m.rules", "--runs", "5", "-o", "{d}/sub"],
         {"sub/keep.txt": "x"}, words="is a directory"),
    Case("simulate-plot-under-a-file", ["simulate", "{d}/m.rules", "--runs", "5", "-o", "{d}/tc.csv", "--plot",
                                        "{d}/f.txt/tc.png"], {"f.txt": "x"}, words="is a file, not a directory"),
    Case("simulate-plot-bad-extension", ["simulate", "{d}/m.rules", "--runs", "5", "-o", "{d}/tc.csv", "--plot",
                                         "{d}/tc.doc"], words="cannot write a figure"),
    Case("hypotheses-output-under-a-file", ["hypotheses", "{d}/s.toml", "-o", "{d}/f.txt/h.md"],
         {**scenario(""), "f.txt": "x"}, words="is a file, not a directory"),
    Case("graph-output-is-a-directory", ["graph", "{d}/m.rules", "-o", "{d}/sub"], {"sub/keep.txt": "x"},
         words="is a directory"),
    Case("graph-output-unwritable", ["graph", "{d}/m.rules", "-o", "/proc/g.graphml"], words="cannot write in"),
    Case("plot-network-output-under-a-file", ["plot", "network", "{d}/m.rules", "-o", "{d}/f.txt/n.png"],
         {"f.txt": "x"}, words="is a file, not a directory"),
    Case("plot-attractors-output-is-a-directory", ["plot", "attractors", "{d}/m.rules", "-o", "{d}/sub"],
         {"sub/keep.txt": "x"}, words="is a directory"),
    # --- the Dask scheduler and computation sizes -----------------------------------------
    Case("scheduler-garbage", ["screen", "{d}/s.toml", "--knockouts", "A", "--scheduler", "garbage"],
         scenario(""), words="cannot reach the Dask scheduler at 'garbage'"),
    Case("simulate-too-many-steps", ["simulate", "{d}/m.rules", "--steps", "10000000000"],
         words="steps of 8 nodes need about"),
    Case("simulate-too-many-runs", ["simulate", "{d}/m.rules", "--runs", "100000000000"],
         words="runs x 100 steps of 8 nodes need about"),
    Case("simulate-steps-too-many-in-scenario", ["simulate", "{d}/s.toml"],
         scenario("[simulation]\nsteps = 1000000000000\n"), where="s.toml:4:1", words="fit"),
    Case("simulate-steps-a-float-in-scenario", ["simulate", "{d}/s.toml"], scenario("[simulation]\nsteps = 1e12\n"),
         where="s.toml:4", words="must be an integer"),
    Case("simulate-no-runs", ["simulate", "{d}/m.rules", "--runs", "0"], words="at least 1"),
    Case("simulate-negative-steps", ["simulate", "{d}/m.rules", "--steps", "-1"], words="must not be negative"),
    Case("simulate-rates-not-utf8", ["simulate", "{d}/m.rules", "--rates", "{d}/r.toml"],
         {"r.toml": b"[fast]\nrate = 2 # \xff\n"}, where="r.toml:2:12", words="not UTF-8"),
    Case("simulate-init-unknown-node", ["simulate", "{d}/m.rules", "--init", "{d}/i.toml"],
         {"i.toml": "[nodes]\nAA = 1\n"}, where="i.toml:2:1", words="did you mean 'A'"),
    Case("timeout-zero", ["attractors", "{d}/m.rules", "--timeout", "0"], words="--timeout"),
    Case("timeout-negative", ["run", "{d}/s.toml", "--timeout", "-3"], scenario(""), words="--timeout"),
    Case("timeout-not-a-number", ["screen", "{d}/s.toml", "--mutations", "mutY", "--timeout", "soon"], scenario(""),
         words="--timeout"),
    Case("attractors-refused-as-too-large", ["attractors", "{d}/wide.bnet"],
         {"wide.bnet": "".join(f"i{k}, i{k}\n" for k in range(70)) + "x, " + " | ".join(f"i{k}" for k in range(70))
          + "\n"}, words="at least 2^70 attractors"),
    Case("sync-exhaustive-refused-as-too-large", ["attractors", "{d}/ring.bnet", "--semantics", "sync"],
         {"ring.bnet": "".join(f"x{k}, !x{(k + 1) % 40} | x{(k + 7) % 40}\n" for k in range(40))},
         words="too many for the exhaustive method (at most 30); use --semantics async"),
    # --- model files ----------------------------------------------------------------------------
    Case("model-is-dev-zero", ["check", "/dev/zero"], words="unknown model format"),
    Case("bnet-is-dev-zero", ["check", "{d}/zero.bnet"], {}, words="is a device"),
    Case("model-too-large", ["check", "{d}/big.bnet"], {"big.bnet": "A, B\n" * 10}, words="too large"),
    Case("rules-not-utf8", ["check", "{d}/l.rules"], {"l.rules": LATIN1}, where="l.rules:2:13", words="not UTF-8"),
    Case("bnet-not-utf8", ["check", "{d}/l.bnet"], {"l.bnet": b"A, B\nB, A & \xe9\n"}, where="l.bnet:2:8",
         words="not UTF-8"),
    Case("booleannet-not-utf8", ["check", "{d}/l.booleannet"], {"l.booleannet": b"A *= B\nB *= \x80A\n"},
         where="l.booleannet:2:6", words="not UTF-8"),
    Case("sbml-not-utf8", ["check", "{d}/l.sbml"], {"l.sbml": b"<?xml version='1.0'?>\n<sbml \xfe/>\n"},
         where="l.sbml:2:7", words="not UTF-8"),
    Case("binary-file-as-bnet", ["check", "{d}/image.bnet"], {"image.bnet": b"\x89PNG\r\n\x1a\n\x00\x00"},
         where="image.bnet:1:1", words="not UTF-8"),
    Case("rules-empty", ["check", "{d}/e.rules"], {"e.rules": ""}, where="e.rules", words="the model is empty"),
    Case("rules-only-comments", ["simulate", "{d}/e.rules", "-o", "{d}/tc.csv"], {"e.rules": "# nothing\n\n"},
         words="the model is empty"),
    Case("rules-directory-of-empty-files", ["check", "{d}/rules"], {"rules/a.rules": "", "rules/b.rules": "\n"},
         words="the model is empty"),
    Case("rules-directory-without-rules", ["check", "{d}/rules"], {"rules/readme.txt": "x"},
         words="contains no .rules files"),
    Case("bnet-empty", ["check", "{d}/e.bnet"], {"e.bnet": "targets, factors\n"}, where="e.bnet",
         words="no rules found"),
    Case("bnet-target-true", ["check", "{d}/t.bnet"], {"t.bnet": "A, true\ntrue, A\n"}, where="t.bnet:2:1",
         words="'true' is a constant"),
    Case("bnet-target-false-any-case", ["check", "{d}/t.bnet"], {"t.bnet": "A, B\nB, A\nFALSE, A\n"},
         where="t.bnet:3:1", words="is a constant"),
    Case("bnet-target-zero", ["check", "{d}/t.bnet"], {"t.bnet": "A, B\n  0, A\n"}, where="t.bnet:2:3",
         words="'0' is a constant"),
    Case("bnet-no-comma", ["check", "{d}/t.bnet"], {"t.bnet": "A, B\nB A\n"}, where="t.bnet:2:1",
         words="no comma"),
    Case("booleannet-reserved-target", ["check", "{d}/t.booleannet"], {"t.booleannet": "A *= B\nand *= A\n"},
         where="t.booleannet:2:1", words="reserved word"),
    Case("rules-syntax-error", ["attractors", "{d}/s.rules"], {"s.rules": "input A condition\nB = A & (A |\n"},
         where="s.rules:2:9", words="never closed"),
    Case("rules-unknown-node", ["check", "{d}/s.rules"], {"s.rules": "input GF condition\nA = GFF\n"},
         where="s.rules:2:5", words="did you mean 'GF'"),
    Case("rules-duplicate-rule", ["check", "{d}/s.rules"], {"s.rules": "input G condition\nA = G\nA = !G\n"},
         where="s.rules:3:1", words="already has a rule"),
    Case("rules-reserved-target", ["check", "{d}/s.rules"], {"s.rules": "input G condition\ntrue = G\n"},
         where="s.rules:2:1", words="reserved word"),
    Case("rules-bad-reference", ["check", "{d}/s.rules"], {"s.rules": "input G condition\nA = G [forty]\n"},
         where="s.rules:2:7", words="bad reference"),
    Case("model-missing", ["check", "{d}/missing.bnet"], where="missing.bnet", words="no such file"),
    Case("model-unknown-extension", ["check", "{d}/m.txt"], {"m.txt": "A, B\n"}, where="m.txt",
         words="unknown model format"),
    Case("model-write-only-format", ["check", "{d}/m.bnd"], {"m.bnd": "Node A { logic = A; }\n"},
         words="can be written but not read"),
    # --- scenario files ----------------------------------------------------------------------
    Case("scenario-refs-a-word", ["run", "{d}/s.toml"], scenario('[[expect]]\nverdict = "sensitive"\nrefs = "forty"\n'),
         where="s.toml:5:1", words="'refs' must be a list of reference numbers"),
    Case("scenario-refs-in-second-expectation", ["run", "{d}/s.toml"],
         scenario('[[expect]]\nverdict = "sensitive"\nrefs = [1]\n[[expect]]\nnode = "A"\nvalue = 0\n'
                  'refs = [2, "x"]\n'), where="s.toml:9:1", words="'refs' must be a list"),
    Case("scenario-expectation-unknown-node", ["run", "{d}/s.toml"],
         scenario('[[expect]]\nnode = "AA"\nvalue = 0\n'), where="s.toml:4:9", words="unknown node 'AA'"),
    Case("scenario-condition-is-a-drug", ["run", "{d}/s.toml"], scenario("conditions = { drugX = 1 }\n"),
         where="s.toml:3:16", words="is a drug, not a condition"),
    Case("scenario-condition-is-a-mutation", ["run", "{d}/s.toml"], scenario("conditions = { mutY = 1 }\n"),
         where="s.toml:3:16", words="list it under 'alterations'"),
    Case("scenario-verdict-and-node", ["run", "{d}/s.toml"],
         scenario('[[expect]]\nverdict = "sensitive"\nnode = "A"\nvalue = 0\n'), where="s.toml:5:1",
         words="cannot both be given"),
    Case("scenario-alteration-undone-by-fix", ["run", "{d}/s.toml"],
         scenario('alterations = ["mutY"]\nfix = { Y = 1 }\n'), where="s.toml:4:9",
         words="alteration 'mutY' forces it to 0"),
    Case("scenario-alteration-and-fix-of-the-same-node", ["run", "{d}/s.toml"],
         scenario('alterations = ["mutY"]\nfix = { mutY = 0 }\n'), where="s.toml:4:9", words="fixed to 1"),
    Case("scenario-not-toml", ["run", "{d}/s.toml"], {"s.toml": 'model = "m.rules"\ndrugs = [\n'},
         where="s.toml:3", words="not valid TOML"),
    Case("scenario-unknown-key", ["run", "{d}/s.toml"], scenario("drug = ['drugX']\n"), where="s.toml:3:1",
         words="did you mean 'drugs'"),
    Case("scenario-condition-value", ["run", "{d}/s.toml"], scenario("conditions = { GF = 2 }\n"),
         where="s.toml:3:16", words="must be 0 or 1"),
    Case("scenario-conditions-not-a-table", ["run", "{d}/s.toml"], scenario("conditions = 1\n"), where="s.toml:3:1",
         words="must be a table"),
    Case("scenario-drugs-a-number", ["run", "{d}/s.toml"], {"s.toml": 'model = "m.rules"\ndrugs = 5\n'},
         where="s.toml:2:1", words="must be a list of ids"),
    Case("scenario-unknown-drug", ["run", "{d}/s.toml"], {"s.toml": 'model = "m.rules"\ndrugs = ["drugZ"]\n'},
         where="s.toml:2:11", words="did you mean 'drugX'"),
    Case("scenario-bad-state", ["run", "{d}/s.toml"], scenario('[[expect]]\nnode = "A"\nvalue = 0\nstate = "x"\n'),
         where="s.toml:6:1", words="'treated' or 'background'"),
    Case("scenario-bad-value", ["run", "{d}/s.toml"], scenario('[[expect]]\nnode = "A"\nvalue = 2\n'),
         where="s.toml:5:1", words="must be 0, 1"),
    Case("scenario-bad-verdict", ["run", "{d}/s.toml"], scenario('[[expect]]\nverdict = "great"\n'),
         where="s.toml:4:1", words="is not one of"),
    Case("scenario-model-a-number", ["run", "{d}/s.toml"], {"s.toml": "model = 5\n"}, where="s.toml:1:1",
         words="must be a path"),
    Case("scenario-expect-not-tables", ["run", "{d}/s.toml"], scenario('expect = "sensitive"\n'),
         where="s.toml:3:1", words="[[expect]] tables"),
    Case("scenario-not-utf8", ["run", "{d}/s.toml"], {"s.toml": b'model = "m.rules"\nname = "caf\xe9"\n'},
         where="s.toml:2:12", words="not UTF-8"),
    Case("scenario-missing", ["run", "{d}/nothing.toml"], words="nothing.toml"),
    Case("scenario-is-dev-zero", ["run", "{d}/zero.toml"], {}, words="is a device"),
    # --- catalog --------------------------------------------------------------------------------
    Case("catalog-refs-a-word", ["run", "{d}/cat/s.toml"],
         {"cat/m.rules": MODEL, "cat/catalog.toml": '[drugs.drugX]\nname = "X"\nrefs = "forty"\n',
          "cat/s.toml": SCENARIO}, where="cat/catalog.toml:3:1", words="must be a list of reference numbers"),
    Case("catalog-not-toml", ["run", "{d}/cat/s.toml"],
         {"cat/m.rules": MODEL, "cat/catalog.toml": "[drugs.drugX\n", "cat/s.toml": SCENARIO},
         where="cat/catalog.toml:1", words="not valid TOML"),
    # --- the command line ------------------------------------------------------------------------
    Case("fix-value-two", ["attractors", "{d}/m.rules", "--fix", "A=2"], words="NODE=0 or NODE=1"),
    Case("fix-unknown-node", ["attractors", "{d}/m.rules", "--fix", "AA=1"], words="did you mean 'A'"),
    Case("hypotheses-unknown-candidate", ["hypotheses", "{d}/s.toml", "--candidates", "A,Bee"], scenario(""),
         words="unknown node 'Bee'"),
    Case("init-probability-out-of-range", ["simulate", "{d}/m.rules", "--init", "A=1.5"], words="--init takes"),
]


def _write(directory, files: dict) -> None:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def snapshot(directory) -> dict:
    """Every file and directory below ``directory`` with its mode, size, time and content."""
    found = {}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            digest = hashlib.sha256(open(path, "rb").read()).hexdigest() if os.path.isfile(path) else None
            found[os.path.relpath(path, directory)] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_answered_without_traceback_or_output(case, tmp_path, monkeypatch):
    _write(tmp_path, {"m.rules": MODEL, **case.files})
    if case.id.endswith("is-dev-zero") and case.files == {}:
        os.symlink("/dev/zero", tmp_path / ("zero.toml" if "scenario" in case.id else "zero.bnet"))
    if case.id == "model-too-large":
        monkeypatch.setattr("mtorlogic.io._read.MAX_INPUT_BYTES", 20)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, [arg.format(d=tmp_path) for arg in case.args])
    assert result.exit_code == case.exit, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    if case.where:
        assert f"{tmp_path}/{case.where}" in result.stderr, result.stderr
    assert case.words in result.stderr, result.stderr
    assert snapshot(tmp_path) == before, "the command created, changed or left files"


def test_the_corpus_is_large():
    assert len(CASES) >= 60


@pytest.mark.parametrize("args", [
    ["attractors", "{d}/m.rules", "--fix", "AA=1", "--json"],
    ["run", "{d}/s.toml", "--json"],
    ["hypotheses", "{d}/s.toml", "--json"],
])
def test_with_json_errors_also_go_to_stdout_as_json(args, tmp_path):
    _write(tmp_path, {"m.rules": MODEL, "s.toml": SCENARIO + '[[expect]]\nnode = "AA"\nvalue = 0\n'})
    result = CliRunner().invoke(main, [arg.format(d=tmp_path) for arg in args])
    assert result.exit_code == 2
    assert "error:" in result.stderr and "did you mean 'A'" in result.stderr  # the human message stays
    (problem,) = json.loads(result.stdout)["error"]["problems"]
    assert set(problem) == {"file", "line", "column", "message"} and "unknown node 'AA'" in problem["message"]
    if args[0] != "attractors":
        assert (problem["file"], problem["line"], problem["column"]) == (f"{tmp_path}/s.toml", 4, 9)


def test_usage_errors_with_json_are_json_too(tmp_path):
    _write(tmp_path, {"m.rules": MODEL})
    result = CliRunner().invoke(main, ["attractors", str(tmp_path / "m.rules"), "--json", "--timeout", "-1"])
    assert result.exit_code == 2 and "--timeout" in result.stderr
    assert json.loads(result.stdout)["error"]["kind"] == "usage"


def test_a_scenario_takes_one_name_where_it_takes_several():
    # Regression (issue 11): Scenario(drugs="everolimus") iterated the characters ("unknown drug 'e'").
    from mtorlogic.bundled import RULES
    from mtorlogic.catalog import read_catalog
    from mtorlogic.io import read_model
    from mtorlogic.phenotype import evaluate
    from mtorlogic.scenario import Scenario

    model, catalog = read_model(RULES), read_catalog(RULES)
    one = Scenario(alterations="PTEN_loss", drugs="everolimus")
    assert one.drugs == ("everolimus",) and one.alterations == ("PTEN_loss",)
    assert one == Scenario(alterations=("PTEN_loss",), drugs=("everolimus",))
    assert Scenario().extend(drugs="everolimus").drugs == ("everolimus",)
    assert evaluate(model, one, catalog).verdict == evaluate(model, Scenario(alterations=["PTEN_loss"],
                                                                             drugs=["everolimus"]), catalog).verdict
    with pytest.raises(Exception, match="must be an id or a list of ids"):
        Scenario(drugs=5)


@pytest.mark.parametrize("name, text", [
    ("m.rules", MODEL),
    ("m.bnet", "GF, GF\nA, GF & !B\nB, A\n"),
    ("m.booleannet", "GF *= GF\nA *= GF and not B\nB *= A\n"),
])
def test_a_byte_order_mark_and_windows_line_ends_are_read(tmp_path, name, text):
    # Regression (issue 12): a UTF-8 BOM was misread as a syntax error.
    plain, marked = tmp_path / name, tmp_path / f"bom-{name}"
    plain.write_text(text)
    marked.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    outputs = [CliRunner().invoke(main, ["attractors", str(path), "--json"]) for path in (plain, marked)]
    assert [r.exit_code for r in outputs] == [0, 0], outputs[1].output
    assert outputs[0].stdout == outputs[1].stdout


def test_a_scenario_with_a_byte_order_mark_is_read(tmp_path):
    _write(tmp_path, {"m.rules": MODEL, "s.toml": b"\xef\xbb\xbf" + SCENARIO.encode()})
    result = CliRunner().invoke(main, ["run", str(tmp_path / "s.toml"), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["verdict"] == "sensitive"
