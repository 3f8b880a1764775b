"""`mtorlogic convert`, and malformed model files through every command that reads one."""

import networkx as nx
import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.engine.attractors import attractors
from mtorlogic.io import read_model

from .mtor import RULES, mtor_model

MALFORMED = {
    "truncated SBML": ("m.sbml", '<?xml version="1.0" encoding="UTF-8"?>\n<sbml xmlns="http://www.sbml.org/sbml/'
                       'level3/version1/core" level="3" version="1">\n<model id="m"><listOfComp', ":3:", "XML"),
    "bnet line without a comma": ("m.bnet", "A, B\nB A\n", ":2:1:", "no comma"),
    "BooleanNet unbalanced parenthesis": ("m.booleannet", "A *= B\nB *= (A or B\n", ":2:6:", "never closed"),
    "unknown operator": ("m.bnet", "A, B\nB, A ^ B\n", ":2:6:", "'^'"),
}


COMMANDS = {  # every command that reads a model, as arguments around the model path
    "check": lambda model, tmp: ["check", model],
    "attractors": lambda model, tmp: ["attractors", model],
    "convert": lambda model, tmp: ["convert", model, f"{tmp}/out.bnet"],
    "plot": lambda model, tmp: ["plot", "network", model, "-o", f"{tmp}/n.png"],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", MALFORMED, ids=lambda c: c.replace(" ", "-"))
def test_malformed_models_exit_2_with_file_line_and_reason(tmp_path, command, case):
    name, text, where, words = MALFORMED[case]
    path = tmp_path / name
    path.write_text(text)
    result = CliRunner().invoke(main, COMMANDS[command](str(path), tmp_path))
    assert result.exit_code == 2, result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"error: {path}{where}") and words in first, first
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.bnet").exists() and not (tmp_path / "n.png").exists()


@pytest.mark.parametrize("ext", [".bnet", ".booleannet", ".sbml", ".xml", ".rules"])
def test_convert_the_mtor_model_to_every_readable_format_and_back(tmp_path, ext):
    out = tmp_path / f"mtor{ext}"
    result = CliRunner().invoke(main, ["convert", str(RULES), str(out), "--no-fix-defaults"])
    assert result.exit_code == 0, result.output
    m = mtor_model()
    assert result.stdout.startswith(f"wrote {out}: {len(m)} nodes, {len(m.inputs)} inputs")
    assert ("cannot hold input defaults" in result.stderr) == (ext == ".bnet")
    again = read_model(out)
    assert set(again.nodes) == set(mtor_model().nodes) and set(again.inputs) == set(mtor_model().inputs)


def test_every_model_command_reads_every_format(tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["convert", str(RULES), str(tmp_path / "mtor.sbml")])
    result = runner.invoke(main, ["attractors", str(tmp_path / "mtor.sbml")])
    expected = len(attractors(mtor_model().with_defaults()))
    assert result.exit_code == 0 and result.output.startswith(f"{expected} attractor(s)"), result.output


def test_convert_to_graphml_writes_the_signed_graph(tmp_path):
    out = tmp_path / "mtor.graphml"
    assert CliRunner().invoke(main, ["convert", str(RULES), str(out)]).exit_code == 0
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == len(mtor_model()) and {d["sign"] for _, _, d in g.edges(data=True)} <= {-1, 0, 1}
    result = CliRunner().invoke(main, ["check", str(out)])
    assert result.exit_code == 2 and "GraphML holds the interaction graph" in result.output


def test_convert_to_maboss_names_the_cfg_too(tmp_path):
    result = CliRunner().invoke(main, ["convert", str(RULES), str(tmp_path / "mtor.bnd")])
    assert result.exit_code == 0
    assert f"(and {tmp_path / 'mtor.cfg'})" in result.output and (tmp_path / "mtor.cfg").exists()
