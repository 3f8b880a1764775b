import json

from click.testing import CliRunner

from mtorlogic.cli import main

BAD = "input GF condition default 1\nAKT = GF & (PI3K |\nmTORC1 = AKTT & !AKT\n"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_check_reports_syntax_and_unknown_node_without_traceback(tmp_path):
    f = tmp_path / "bad.rules"
    f.write_text(BAD)
    r = run("check", str(f))
    assert r.exit_code == 2
    assert f"{f}:2:12: '(' is never closed" in r.output
    assert f"{f}:3:10: unknown node 'AKTT' (did you mean 'AKT'?)" in r.output
    assert "Traceback" not in r.output


def test_check_summary(tmp_path):
    f = tmp_path / "m.rules"
    f.write_text("input GF condition default 1\nA = GF & !B [1]\nB = A [2]\n")
    r = run("check", str(f))
    assert r.exit_code == 0, r.output
    assert "nodes:  3" in r.output and "negative 1" in r.output


def test_attractors_json_lists_every_node(tmp_path):
    f = tmp_path / "m.rules"
    f.write_text("input GF condition default 1\nA = GF & !B\nB = A\nC = !C\n")
    r = run("attractors", str(f), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    (att,) = data["attractors"]
    assert att["kind"] == "cycle" and set(att["values"]) == {"GF", "A", "B", "C"}
    assert att["values"]["GF"] == 1 and att["values"]["C"] == 0.5
    r = run("attractors", str(f), "--json", "--fix", "GF=0", "--fix", "C=1")
    assert json.loads(r.output)["attractors"] == [
        {"kind": "fixed_point", "size": 1, "values": {"GF": 0, "A": 0, "B": 0, "C": 1}}]


def test_bad_fix_and_unknown_file(tmp_path):
    f = tmp_path / "m.rules"
    f.write_text("A = !A\n")
    assert run("attractors", str(f), "--fix", "A=2").exit_code == 2
    r = run("attractors", str(f), "--fix", "AA=1")
    assert r.exit_code == 2 and "did you mean 'A'" in r.output
    r = run("check", str(tmp_path / "missing.bnet"))
    assert r.exit_code == 2 and "no such file" in r.output


def test_simulate_and_graph(tmp_path):
    f = tmp_path / "m.rules"
    f.write_text("input GF condition default 1\nA = GF\nB = A\n")
    out = tmp_path / "tc.csv"
    r = run("simulate", str(f), "--runs", "50", "--steps", "10", "-o", str(out))
    assert r.exit_code == 0, r.output
    last = out.read_text().strip().splitlines()[-1].split(",")
    assert last[0] == "10" and float(last[1]) == 1.0
    g = tmp_path / "g.graphml"
    r = run("graph", str(f), "-o", str(g))
    assert r.exit_code == 0 and "<graphml" in g.read_text()


def test_attractors_counted_one_state_in_each(tmp_path):
    # A toggle switch (two fixed points) beside a negative loop on C that runs only when A is on:
    # three attractors of which one is a cycle; counted, each listed state lies in a different one.
    f = tmp_path / "m.rules"
    f.write_text("A = !B\nB = !A\nC = !C & A\nD = D\n")
    r = run("attractors", str(f), "--count", "--json", "--limit", "10")
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["count"] == 4 and len(out["states"]) == 4  # D free: each of the two attractors twice
    assert {(s["A"], s["B"], s["D"]) for s in out["states"]} == {(0, 1, 0), (0, 1, 1), (1, 0, 0), (1, 0, 1)}
    assert all(list(s) == ["A", "B", "C", "D"] for s in out["states"])  # the model's order
    listed = run("attractors", str(f))
    assert listed.output.startswith("4 attractor(s)")
    text = run("attractors", str(f), "--count")
    assert text.exit_code == 0 and text.output.startswith("4 attractor(s), async semantics (counted")
    assert "a state in it" not in text.output  # states only with --limit
    for wrong in (["--semantics", "sync", "--count"], ["--count", "--seed", "1"], ["--count", "--method", "exhaustive"]):
        r = run("attractors", str(f), *wrong)
        assert r.exit_code == 2 and "Traceback" not in r.output
