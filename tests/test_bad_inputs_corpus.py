"""A second corpus of bad inputs, by class, as a new user meets them (issue 21, item 8).

Classes: depth (expressions, MathML, TOML nested deep), size (huge tables,
huge models under a timeout, absurd worker counts), special files (FIFOs
anywhere an input is read), output over input, disk full, processes
(signals, orphans) and validation gaps. Every case asserts its exit code, no
traceback, the words that say what is wrong (and ``file:line:column`` where a
file is at fault), and that the directory is left as it was.

Cases that could hang or crash the interpreter (FIFOs, libsbml, signals,
timeouts) run in a subprocess with a hang guard; the rest run in-process
through click's runner. ``{d}`` in the arguments is the case's directory.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main

from .test_bad_inputs import snapshot as _snapshot


def snapshot(directory: Path) -> dict:
    """Every file below ``directory`` with its mode, size, time and content; directories by mode only
    (probing whether an output directory is writable touches its time, and nothing else)."""
    return {name: (entry if entry[3] is not None else entry[0]) for name, entry in _snapshot(directory).items()}

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD = 60  # seconds: a case not answered by then hangs (none comes near it)

MODEL = """input GF condition default 1
input drugX drug default 0 aka DX
input drugZ drug default 0 aka DZ
input mutY mutation default 0
A = GF & !drugX & !drugZ
B = A | mutY
Proliferation = B
Apoptosis = !B
"""
CATALOG = """[drugs.drugX]
name = "Drug X"
aliases = ["DX"]
targets = ["A"]

[drugs.drugZ]
name = "Drug Z"
aliases = ["DZ"]
targets = ["A"]

[alterations.mutY]
name = "Y loss"
aliases = []
"""
SCENARIO = 'model = "m/m.rules"\nalterations = ["mutY"]\ndrugs = ["drugX"]\n'
LEDGER: dict[str, str | bytes] = {  # a model with a (trivial) statement ledger
    "l/m.rules": "input GF condition default 1\nA = GF [1]\n", "l/statements.toml": "",
    "l/references.toml": '[review.1]\ntitle = "t"\nauthors = ["A"]\njournal = "J"\nyear = 2000\n'}
BASE = {"m/m.rules": MODEL, "m/catalog.toml": CATALOG, "s.toml": SCENARIO}


def _deep_expression(depth: int) -> str:
    """``(GF | (A & (GF | ...))))``: AND and OR alternate, so nothing flattens it."""
    names = ["GF", "A"]
    return "".join(f"({names[i % 2]} {'&|'[i % 2]} " for i in range(depth)) + "GF" + ")" * depth


def _deep_rules(depth: int) -> str:
    return "input GF condition default 1\nA = GF\nB = " + _deep_expression(depth) + "\n"


def _sbml() -> str:
    from mtorlogic.io.sbml import format_sbml
    from mtorlogic.rules import read_rules_text

    return format_sbml(read_rules_text("input GF condition default 1\nA = GF & !B\nB = A\n"))


SBML = _sbml()
_EQ_B = '<apply>\n                <eq/>\n                <ci> A </ci>\n                <cn type="integer"> 1 </cn>\n              </apply>'


def _sbml_deep_math(depth: int) -> str:
    """B's function term nested ``depth`` levels: AND and OR alternate, so nothing flattens it."""
    leaf = '<apply><eq/><ci> {} </ci><cn type="integer"> 1 </cn></apply>'
    opening = "".join(f"<apply><{'and' if i % 2 else 'or'}/>{leaf.format('GF' if i % 2 else 'A')}"
                      for i in range(depth))
    return SBML.replace(_EQ_B, opening + leaf.format("A") + "</apply>" * depth)


def _sbml_duplicate_species() -> str:
    start = SBML.index("<qual:qualitativeSpecies qual:id=\"A\"")
    end = SBML.index("</qual:qualitativeSpecies>", start) + len("</qual:qualitativeSpecies>")
    return SBML[:end] + "\n" + SBML[start:end] + SBML[end:]


def _toml_deep_arrays(depth: int) -> str:
    return SCENARIO + "[simulation]\nruns = " + "[" * depth + "1" + "]" * depth + "\n"


def _toml_deep_tables(depth: int) -> str:
    return SCENARIO + "fix = " + "{a = " * depth + "1" + "}" * depth + "\n"


def _toml_long_header(keys: int) -> str:
    return SCENARIO + "[" + ".".join(f"k{i}" for i in range(keys)) + "]\nx = 1\n"


def _toml_wide_fix(entries: int) -> str:
    return SCENARIO + "fix = {" + ", ".join(f"N{i} = 0" for i in range(entries)) + "}\n"


def _big_bnet(nodes: int) -> str:
    return "targets, factors\n" + "".join(f"x{i}, !x{(i * 7 + 1) % nodes} | x{(i * 13 + 5) % nodes}\n"
                                          for i in range(nodes))


@dataclass
class Case:
    id: str
    args: list[str]
    files: dict[str, str | bytes] = field(default_factory=dict)
    exit: int = 2
    words: str = ""  # expected on stderr (case-insensitive)
    where: str | None = None  # "FILE:LINE" (FILE relative to the directory) expected on stderr
    fifos: tuple[str, ...] = ()  # named pipes made in the directory (nothing ever writes to them)
    env: dict[str, str] = field(default_factory=dict)
    process: bool = False  # run in a subprocess (may hang or crash the interpreter)
    patch: Callable[[pytest.MonkeyPatch], None] | None = None  # in-process only
    base: bool = True  # start from BASE

    @property
    def cls(self) -> str:
        return self.id.split(":")[0]


def _no_space_at_write(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if str(kwargs.get("prefix", "")).startswith(".mtorlogic-probe"):
            return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def _no_space_at_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", replace)


def _workers_from_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """The screen asked, from Python, for 100,000 local processes (the command line refuses it earlier)."""
    import mtorlogic.screen

    real = mtorlogic.screen._multi_perturbation

    def greedy(*args: object, **kwargs: object) -> object:
        return real(*args, **{**kwargs, "workers": 100_000})  # type: ignore[arg-type]

    monkeypatch.setattr(mtorlogic.screen, "_multi_perturbation", greedy)


def _corpus() -> list[Case]:
    cases: list[Case] = []
    add = cases.append
    deep = {"deep.rules": _deep_rules(400)}
    # --- depth -------------------------------------------------------------------------------
    for command in (["check"], ["attractors"], ["convert", "--", "{d}/deep.rules", "{d}/out.bnet"], ["graph", "-o",
                    "{d}/out.graphml"], ["simulate", "--runs", "2", "--steps", "2"]):
        args = command + ([] if "convert" in command else ["{d}/deep.rules"])
        add(Case(f"depth:rules-400-{command[0]}", args, deep, words="nested", where="deep.rules:3"))
    add(Case("depth:rules-1000-check", ["check", "{d}/deep.rules"], {"deep.rules": _deep_rules(1000)},
             words="nested", where="deep.rules:3"))
    add(Case("depth:bnet-400-attractors", ["attractors", "{d}/deep.bnet"],
             {"deep.bnet": "GF, GF\nA, GF\nB, " + _deep_expression(400) + "\n"}, words="nested", where="deep.bnet:3"))
    add(Case("depth:booleannet-400-check", ["check", "{d}/deep.booleannet"],
             {"deep.booleannet": "GF *= GF\nA *= GF\nB *= " + _deep_expression(400).replace("&", "and")
              .replace("|", "or") + "\n"}, words="nested", where="deep.booleannet:3"))
    add(Case("depth:not-chain-400-check", ["check", "{d}/neg.rules"],
             {"neg.rules": "input GF condition default 1\nA = GF\nB = " + "!(A & " * 400 + "GF" + ")" * 400 + "\n"},
             words="nested", where="neg.rules:3"))
    add(Case("depth:sbml-math-10000-check", ["check", "{d}/deep.sbml"], {"deep.sbml": _sbml_deep_math(10_000)},
             words="nested", where="deep.sbml:", process=True))
    add(Case("depth:sbml-math-400-attractors", ["attractors", "{d}/deep.sbml"], {"deep.sbml": _sbml_deep_math(400)},
             words="nested", where="deep.sbml:"))
    add(Case("depth:sbml-math-10000-convert", ["convert", "{d}/deep.sbml", "{d}/out.bnet"],
             {"deep.sbml": _sbml_deep_math(10_000)}, words="nested", process=True))
    add(Case("depth:toml-arrays-900-run", ["run", "{d}/s.toml"], {"s.toml": _toml_deep_arrays(900)},
             words="nested", where="s.toml:"))
    add(Case("depth:toml-tables-900-run", ["run", "{d}/s.toml"], {"s.toml": _toml_deep_tables(900)},
             words="nested", where="s.toml:"))
    add(Case("depth:toml-tables-50000-run", ["run", "{d}/s.toml"], {"s.toml": _toml_deep_tables(50_000)},
             words="nested", where="s.toml:"))
    add(Case("depth:toml-arrays-900-catalog", ["check", "{d}/m"], {"m/catalog.toml": "x = " + "[" * 900 + "]" * 900},
             words="nested", where="m/catalog.toml:"))
    add(Case("depth:toml-tables-900-rates", ["simulate", "{d}/m/m.rules", "--rates", "{d}/r.toml"],
             {"r.toml": "x = " + "{a = " * 900 + "1" + "}" * 900}, words="nested", where="r.toml:"))
    add(Case("depth:toml-arrays-900-init", ["simulate", "{d}/m/m.rules", "--init", "{d}/i.toml"],
             {"i.toml": "x = " + "[" * 900 + "]" * 900}, words="nested", where="i.toml:"))
    add(Case("depth:toml-arrays-900-references", ["check", "{d}/m"],
             {"m/references.toml": "x = " + "[" * 900 + "]" * 900}, words="nested", where="m/references.toml:"))
    # --- size -------------------------------------------------------------------------------
    add(Case("size:toml-header-100000-keys-run", ["run", "{d}/s.toml"], {"s.toml": _toml_long_header(100_000)},
             words="nested", where="s.toml:"))
    add(Case("size:fix-table-100000-run", ["run", "{d}/s.toml"], {"s.toml": _toml_wide_fix(100_000)},
             words="too large", where="s.toml:4"))
    add(Case("size:alterations-100000-run", ["run", "{d}/s.toml"],
             {"s.toml": 'model = "m/m.rules"\nalterations = [' + ", ".join(f'"a{i}"' for i in range(100_000)) + "]\n"},
             words="too large", where="s.toml:2"))
    add(Case("size:catalog-100000-entries-check", ["check", "{d}/m"],
             {"m/catalog.toml": "".join(f"[drugs.d{i}]\nname = 'x'\n" for i in range(100_000))},
             words="too large", where="m/catalog.toml:"))
    add(Case("size:catalog-5000-entries-check", ["check", "{d}/m"],  # under the size bound: 20 problems, fast
             {"m/catalog.toml": "".join(f"[drugs.d{i}]\nname = 'x'\n" for i in range(5_000))},
             words="... stopped after 20 problems", where="m/catalog.toml:1:1"))
    add(Case("size:bnet-100000-nodes-timeout", ["attractors", "{d}/big.bnet", "--timeout", "1"],
             {"big.bnet": _big_bnet(100_000)}, exit=3, words="time limit", process=True))
    add(Case("size:workers-100000-screen", ["screen", "{d}/s.toml", "--mutations", "mutY", "--workers", "100000"],
             words="--workers", process=True))
    add(Case("size:workers-100000-screen-api", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/o.csv"],
             words="workers must be a whole number from 1 to", patch=_workers_from_python))
    # --- special files ----------------------------------------------------------------------
    fifo = dict(words="not a regular file")
    add(Case("special:fifo-model-rules", ["check", "{d}/p.rules"], fifos=("p.rules",), where="p.rules", **fifo))
    add(Case("special:fifo-model-bnet", ["attractors", "{d}/p.bnet"], fifos=("p.bnet",), where="p.bnet", **fifo))
    add(Case("special:fifo-model-booleannet", ["check", "{d}/p.booleannet"], fifos=("p.booleannet",), **fifo))
    add(Case("special:fifo-model-sbml", ["check", "{d}/p.sbml"], fifos=("p.sbml",), **fifo))
    add(Case("special:fifo-rules-directory-member", ["check", "{d}/m"], fifos=("m/extra.rules",),
             where="m/extra.rules", **fifo))
    add(Case("special:fifo-scenario", ["run", "{d}/p.toml"], fifos=("p.toml",), where="p.toml", **fifo))
    add(Case("special:fifo-catalog", ["run", "{d}/s.toml"], {"m/catalog.toml": None}, fifos=("m/catalog.toml",),
             where="m/catalog.toml", **fifo))  # type: ignore[dict-item]
    add(Case("special:fifo-catalog-check", ["check", "{d}/m"], {"m/catalog.toml": None}, fifos=("m/catalog.toml",),
             **fifo))  # type: ignore[dict-item]
    add(Case("special:fifo-references", ["check", "{d}/m"], fifos=("m/references.toml",), **fifo))
    add(Case("special:fifo-statements", ["check", "{d}/m"], fifos=("m/statements.toml",), **fifo))
    add(Case("special:fifo-rates", ["simulate", "{d}/m/m.rules", "--rates", "{d}/p.toml"], fifos=("p.toml",), **fifo))
    add(Case("special:fifo-init", ["simulate", "{d}/m/m.rules", "--init", "{d}/p.toml"], fifos=("p.toml",), **fifo))
    add(Case("special:fifo-model-option", ["run", "--model", "{d}/p.bnet", "--drug", "drugX"], fifos=("p.bnet",),
             **fifo))
    add(Case("special:fifo-convert-input", ["convert", "{d}/p.bnet", "{d}/o.sbml"], fifos=("p.bnet",), **fifo))
    add(Case("special:fifo-screen-scenario", ["screen", "{d}/p.toml", "--mutations", "mutY"], fifos=("p.toml",),
             **fifo))
    add(Case("special:fifo-hypotheses-scenario", ["hypotheses", "{d}/p.toml"], fifos=("p.toml",), **fifo))
    add(Case("special:fifo-report-scenario", ["report", "{d}/p.toml", "-o", "{d}/r.html"], fifos=("p.toml",), **fifo))
    add(Case("special:fifo-plot-model", ["plot", "network", "{d}/p.bnet", "-o", "{d}/n.png"], fifos=("p.bnet",),
             **fifo))
    add(Case("special:dev-null-model", ["check", "/dev/null"], words="/dev/null: unknown model format"))
    add(Case("special:dev-null-bnet", ["check", "{d}/null.bnet"], {"null.bnet": b"@symlink:/dev/null"},
             words="is a device, not a regular file"))
    add(Case("special:dev-null-scenario", ["run", "/dev/null"], words="not a regular file"))
    add(Case("special:dev-null-rates", ["simulate", "{d}/m/m.rules", "--rates", "/dev/null"],
             words="not a regular file"))
    # --- output over input ------------------------------------------------------------------
    over = dict(words="would overwrite an input")
    add(Case("over:simulate-o-model", ["simulate", "{d}/m/m.rules", "--runs", "2", "-o", "{d}/m/m.rules"], **over))
    add(Case("over:simulate-o-scenario", ["simulate", "{d}/s.toml", "--runs", "2", "-o", "{d}/s.toml"], **over))
    add(Case("over:simulate-o-rates", ["simulate", "{d}/m/m.rules", "--runs", "2", "--rates", "{d}/r.toml", "-o",
                                       "{d}/r.toml"], {"r.toml": ""}, **over))
    add(Case("over:simulate-o-init", ["simulate", "{d}/m/m.rules", "--runs", "2", "--init", "{d}/i.toml", "-o",
                                      "{d}/i.toml"], {"i.toml": ""}, **over))
    add(Case("over:hypotheses-o-scenario", ["hypotheses", "{d}/s.toml", "-o", "{d}/s.toml"], **over))
    add(Case("over:hypotheses-o-model", ["hypotheses", "{d}/s.toml", "-o", "{d}/m/m.rules"], **over))
    add(Case("over:hypotheses-o-catalog", ["hypotheses", "{d}/s.toml", "-o", "{d}/m/catalog.toml"], **over))
    add(Case("over:graph-o-model", ["graph", "{d}/m/m.rules", "-o", "{d}/m/m.rules"], **over))
    add(Case("over:graph-o-model-other-spelling", ["graph", "{d}/m/m.rules", "-o", "{d}/m/../m/m.rules"], **over))
    add(Case("over:graph-o-symlink-to-model", ["graph", "{d}/m/m.rules", "-o", "{d}/link.graphml"],
             {"link.graphml": b"@symlink:m/m.rules"}, **over))
    add(Case("over:convert-onto-itself", ["convert", "{d}/m/m.rules", "{d}/m/m.rules"], **over))
    add(Case("over:convert-bnet-onto-itself", ["convert", "{d}/x.bnet", "{d}/x.bnet"], {"x.bnet": "A, A\nB, A\n"},
             **over))
    add(Case("over:convert-onto-catalog", ["convert", "{d}/m", "{d}/m/catalog.toml"], words="unknown model format"))
    add(Case("over:screen-o-scenario", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/s.toml"],
             words="would overwrite an input"))
    add(Case("over:screen-json-output-model", ["screen", "{d}/s.toml", "--mutations", "mutY", "--json-output",
                                               "{d}/m/m.rules"], **over))
    add(Case("over:screen-o-catalog", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/m/catalog.toml"],
             **over))
    add(Case("over:check-not-encoded-onto-model", ["check", "{d}/l", "--not-encoded", "{d}/l/m.rules"], LEDGER, **over))
    add(Case("over:check-not-encoded-onto-ledger", ["check", "{d}/l", "--not-encoded", "{d}/l/statements.toml"],
             LEDGER, **over))
    add(Case("over:report-o-scenario", ["report", "{d}/s.html.toml", "-o", "{d}/s.html.toml"],
             {"s.html.toml": SCENARIO}, words="html"))
    add(Case("over:run-model-into-rules-directory", ["convert", "{d}/x.bnet", "{d}/m/m.rules"],
             {"x.bnet": "A, A\nB, A\n"}, exit=0, words=""))  # overwriting a rules file on purpose is allowed
    # --- disk full --------------------------------------------------------------------------
    for name, patch in (("write", _no_space_at_write), ("rename", _no_space_at_rename)):
        full = dict(words="no space left on device", patch=patch)
        add(Case(f"disk:{name}-report", ["report", "{d}/s.toml", "-o", "{d}/r.html"], where="r.html", **full))
        add(Case(f"disk:{name}-check-not-encoded", ["check", "{d}/l", "--not-encoded", "{d}/ne.md"], LEDGER,
                 where="ne.md", **full))
        add(Case(f"disk:{name}-simulate", ["simulate", "{d}/m/m.rules", "--runs", "2", "-o", "{d}/t.csv"],
                 where="t.csv", **full))
        add(Case(f"disk:{name}-convert", ["convert", "{d}/m/m.rules", "{d}/o.bnet"], where="o.bnet", **full))
        add(Case(f"disk:{name}-graph", ["graph", "{d}/m/m.rules", "-o", "{d}/g.graphml"], where="g.graphml", **full))
        add(Case(f"disk:{name}-screen", ["screen", "{d}/s.toml", "--mutations", "mutY", "-o", "{d}/o.csv"],
                 where="o.csv", **full))
        add(Case(f"disk:{name}-hypotheses", ["hypotheses", "{d}/s.toml", "-o", "{d}/h.md"], where="h.md", **full))
    # --- validation gaps --------------------------------------------------------------------
    def catalog(extra: str) -> dict[str, str | bytes]:
        return {"m/catalog.toml": CATALOG + extra}

    add(Case("valid:catalog-steals-alias", ["check", "{d}/m"],
             {"m/catalog.toml": CATALOG.replace('aliases = ["DZ"]', 'aliases = ["DZ", "DX"]')},
             words="'DX'", where="m/catalog.toml:8"))
    add(Case("valid:catalog-alias-is-another-id", ["check", "{d}/m"],
             {"m/catalog.toml": CATALOG.replace('aliases = ["DZ"]', 'aliases = ["drugX"]')},
             words="'drugX'", where="m/catalog.toml:8"))
    add(Case("valid:catalog-unknown-target", ["check", "{d}/m"],
             {"m/catalog.toml": CATALOG.replace('targets = ["A"]\n\n[drugs.drugZ]', 'targets = ["Nope"]\n\n[drugs.drugZ]')},
             words="unknown node 'Nope'", where="m/catalog.toml:4"))
    add(Case("valid:catalog-unknown-key", ["check", "{d}/m"], catalog("taregts = ['A']\n"),
             words="unknown key 'taregts'", where="m/catalog.toml:14"))
    add(Case("valid:catalog-name-wrong-type", ["check", "{d}/m"],
             {"m/catalog.toml": CATALOG.replace('name = "Drug X"', "name = 5")}, words="name", where="m/catalog.toml:2"))
    add(Case("valid:catalog-targets-a-string", ["check", "{d}/m"],
             {"m/catalog.toml": CATALOG.replace('targets = ["A"]\n\n[drugs.drugZ]', 'targets = "A"\n\n[drugs.drugZ]')},
             words="targets", where="m/catalog.toml:4"))
    add(Case("valid:catalog-reference-99999", ["check", "{d}/m"],
             {"m/catalog.toml": CATALOG.replace('targets = ["A"]\n\n[drugs.drugZ]',
                                                'targets = ["A"]\nrefs = [99999]\n\n[drugs.drugZ]'),
              "m/references.toml": '[review.1]\ntitle = "t"\nauthors = ["A"]\njournal = "J"\nyear = 2000\n'},
             words="99999", where="m/catalog.toml:5"))
    add(Case("valid:catalog-entry-not-an-input", ["check", "{d}/m"], catalog("[drugs.A]\nname = 'a'\n"),
             words="must be an input", where="m/catalog.toml:14"))
    add(Case("valid:drug-listed-as-alteration", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO.replace('alterations = ["mutY"]', 'alterations = ["drugX"]')},
             words="is a drug", where="s.toml:2"))
    add(Case("valid:condition-as-alteration", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO.replace('alterations = ["mutY"]', 'alterations = ["GF"]')},
             words="'GF'", where="s.toml:2"))
    add(Case("valid:alteration-listed-as-drug", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO.replace('drugs = ["drugX"]', 'drugs = ["mutY"]')}, words="is an alteration",
             where="s.toml:3"))
    plain = {"u/m.rules": MODEL, "u.toml": SCENARIO.replace("m/m.rules", "u/m.rules")}  # no catalog
    add(Case("valid:drug-as-alteration-no-catalog", ["run", "{d}/u.toml"],
             {**plain, "u.toml": plain["u.toml"].replace('alterations = ["mutY"]', 'alterations = ["drugX"]')},
             words="is a drug", where="u.toml:2"))
    add(Case("valid:condition-as-alteration-no-catalog", ["run", "{d}/u.toml"],
             {**plain, "u.toml": plain["u.toml"].replace('alterations = ["mutY"]', 'alterations = ["GF"]')},
             words="is a condition", where="u.toml:2"))
    add(Case("valid:alteration-as-drug-no-catalog", ["run", "{d}/u.toml"],
             {**plain, "u.toml": plain["u.toml"].replace('drugs = ["drugX"]', 'drugs = ["mutY"]')},
             words="is an alteration", where="u.toml:3"))
    add(Case("valid:protein-as-drug-no-catalog", ["run", "{d}/u.toml"],
             {**plain, "u.toml": plain["u.toml"].replace('drugs = ["drugX"]', 'drugs = ["B"]')},
             words="not an input", where="u.toml:3"))
    add(Case("valid:cli-drug-as-mutation", ["run", "{d}/s.toml", "--mutation", "drugX"], words="is a drug"))
    add(Case("valid:cli-mutation-as-drug", ["run", "{d}/s.toml", "--drug", "mutY"], words="is an alteration"))
    add(Case("valid:sbml-max-level-negative", ["check", "{d}/n.sbml"],
             {"n.sbml": SBML.replace('qual:name="A" qual:maxLevel="1"', 'qual:name="A" qual:maxLevel="-1"')},
             words="maxlevel", where="n.sbml:"))
    add(Case("valid:sbml-duplicate-species", ["check", "{d}/n.sbml"], {"n.sbml": _sbml_duplicate_species()},
             words="duplicate", where="n.sbml:"))
    add(Case("valid:scenario-model-empty", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO.replace('model = "m/m.rules"', 'model = ""')}, words="model", where="s.toml:1"))
    add(Case("valid:scenario-model-a-number", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO.replace('model = "m/m.rules"', "model = 5")}, words="model", where="s.toml:1"))
    add(Case("valid:same-readout-twice", ["run", "{d}/s.toml", "--proliferation", "B", "--apoptosis", "B"],
             words="--proliferation"))
    add(Case("valid:same-readout-twice-screen", ["screen", "{d}/s.toml", "--mutations", "mutY", "--proliferation",
                                                 "B", "--apoptosis", "B"], words="--proliferation"))
    for value in ("abc", "1e3x", "-1", "0", "nan"):
        add(Case(f"valid:max-input-bytes-{value}", ["check", "{d}/m"], env={"MTORLOGIC_MAX_INPUT_BYTES": value},
                 words="MTORLOGIC_MAX_INPUT_BYTES"))
    for value in ("", "1e23", "100000"):  # empty: the default; numbers, even huge ones, are limits
        add(Case(f"valid:max-input-bytes-ok-{value or 'empty'}", ["check", "{d}/m"],
                 env={"MTORLOGIC_MAX_INPUT_BYTES": value}, exit=0))
    add(Case("valid:max-input-bytes-1e3-is-a-limit", ["check", "{d}/big.rules"],
             {"big.rules": MODEL + "# " + "x" * 2000 + "\n"}, env={"MTORLOGIC_MAX_INPUT_BYTES": "1e3"},
             words="too large"))
    escape = "\x1b[31mRED\x1b[0m"
    add(Case("valid:escape-bytes-in-node-name", ["check", "{d}/e.bnet"], {"e.bnet": f"A, A\n{escape}, A\n"},
             words="control character 0x1b", where="e.bnet:2:1"))
    add(Case("valid:escape-bytes-in-a-description", ["explain", "GF", "--model", "{d}/e.rules"],
             {"e.rules": f'input GF condition "growth {escape} factors" default 1\nA = GF\n'},
             words="control character 0x1b", where="e.rules:1:"))
    add(Case("valid:escape-written-in-a-catalog-name", ["drugs", "--model", "{d}/m/m.rules"],
             {"m/catalog.toml": CATALOG.replace('name = "Drug X"', 'name = "Drug \\u001b[2J X"')},
             words="control character 0x1b", where="m/catalog.toml:2:"))
    add(Case("valid:escape-written-in-a-scenario-description", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO + 'description = "\\u001b]0;title\\u0007"\n'},
             words="control character", where="s.toml:4:"))
    add(Case("valid:escape-bytes-in-fix", ["attractors", "{d}/m/m.rules", "--fix", f"{escape}=1"], words="\\x1b"))
    add(Case("valid:escape-bytes-in-scenario-drug", ["run", "{d}/s.toml"],
             {"s.toml": SCENARIO.replace('drugs = ["drugX"]', 'drugs = ["\\u001b[2J"]')},
             words="control character 0x1b", where="s.toml:3:"))
    add(Case("valid:escape-bytes-in-explain", ["explain", f"{escape}", "--model", "{d}/m/m.rules"], words="\\x1b"))
    return cases


CASES = _corpus()


def _write(directory: Path, files: dict[str, str | bytes | None], fifos: tuple[str, ...]) -> None:
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            continue
        if isinstance(content, bytes) and content.startswith(b"@symlink:"):
            os.symlink(directory / content[len(b"@symlink:"):].decode(), path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    for name in fifos:
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        os.mkfifo(path)


def prepare(case: Case, directory: Path) -> list[str]:
    """Write the case's files; its arguments with ``{d}`` filled in."""
    files: dict[str, str | bytes | None] = {**(BASE if case.base else {}), **case.files}
    _write(directory, files, case.fifos)
    return [arg.replace("{d}", str(directory)) for arg in case.args]


def run_in_process(case: Case, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    for key, value in case.env.items():
        monkeypatch.setenv(key, value)
    if case.patch is not None:
        case.patch(monkeypatch)
    result = CliRunner().invoke(main, args)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    stderr = result.stderr + ("\nTraceback (in process): " + repr(result.exception) if crashed else "")
    return result.exit_code, result.stdout, stderr


def run_in_subprocess(case: Case, args: list[str], directory: Path, guard: float = HANG_GUARD) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **case.env}
    try:
        done = subprocess.run([sys.executable, "-m", "mtorlogic", *args], capture_output=True, text=True,
                              timeout=guard, cwd=directory, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return -999, "", f"HANG: no answer in {guard} s\n{e.stderr or ''}"
    return done.returncode, done.stdout, done.stderr


def verdict(case: Case, directory: Path, code: int, stderr: str, before: dict) -> list[str]:
    """What is wrong with the answer (empty when the case holds)."""
    wrong = []
    if code != case.exit:
        wrong.append(f"exit {code}, expected {case.exit}")
    if "Traceback" in stderr:
        wrong.append("traceback")
    if case.words.lower() not in stderr.lower():
        wrong.append(f"missing words {case.words!r}")
    if case.where and f"{directory}/{case.where}" not in stderr:
        wrong.append(f"not located at {case.where}")
    if case.exit and snapshot(directory) != before:
        wrong.append("the directory changed")
    return wrong


@pytest.mark.timeout(HANG_GUARD)  # an in-process case that hangs (a named pipe opened) fails, not the suite
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_answered(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args = prepare(case, tmp_path)
    before = snapshot(tmp_path)
    if case.process:
        code, _, stderr = run_in_subprocess(case, args, tmp_path)
    else:
        code, _, stderr = run_in_process(case, args, monkeypatch)
    assert not verdict(case, tmp_path, code, stderr, before), stderr[-3000:]


def test_the_corpus_covers_every_class() -> None:
    classes = {c.cls for c in CASES}
    assert classes == {"depth", "size", "special", "over", "disk", "valid"}
    assert len({c.id for c in CASES}) == len(CASES)


# --- processes: signals, orphans, start-up -------------------------------------------------

# Each row simulates two million runs: a worker is deep in a row, not between rows, when its parent goes.
SLOW_SCREEN = ["screen", "--drugs", "all", "--mutations", "all", "--workers", "2", "--scores", "--score-method",
               "simulation", "--runs", "2000000", "-o", "out.csv"]


def _children(pid: int) -> set[int]:
    """Every descendant process of ``pid`` (from /proc)."""
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        parent = frontier.pop()
        try:
            tasks = Path(f"/proc/{parent}/task").iterdir()
            kids = {int(k) for t in tasks for k in (t / "children").read_text().split()}
        except OSError:
            continue
        frontier |= kids - found
        found |= kids
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _start(args: list[str], directory: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mtorlogic", *args], cwd=directory, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def _wait_for_workers(process: subprocess.Popen[str], count: int) -> set[int]:
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        kids = _alive(_children(process.pid))
        if len(kids) >= count:
            return kids
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the screen never started its workers")


def _gone_within(pids: set[int], seconds: float) -> set[int]:
    """The processes of ``pids`` still alive after ``seconds`` (a hang guard, not a timing claim)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and _alive(pids):
        time.sleep(0.05)
    return _alive(pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_process_screen_workers_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    process = _start(SLOW_SCREEN, tmp_path)
    workers = _wait_for_workers(process, 2)
    time.sleep(0.5)  # into their first rows
    process.kill()
    process.wait()
    left = _gone_within(workers, 5)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "workers outlived their parent"
    assert not list(tmp_path.iterdir())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["workers", "bounded"])
def test_process_sigterm_stops_the_screen_without_tracebacks_or_orphans(tmp_path: Path, how: str) -> None:
    # two worker processes; or one bounded child (a timeout), which evaluates the rows itself
    args = SLOW_SCREEN if how == "workers" else [*SLOW_SCREEN[:6], "1", *SLOW_SCREEN[7:], "--timeout", "600"]
    process = _start(args, tmp_path)
    workers = _wait_for_workers(process, 2 if how == "workers" else 1)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    left = _gone_within(workers, 10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr and "Terminated" not in stderr.replace("terminated", ""), stderr
    assert not left, "orphaned workers"
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.6])
def test_process_ctrl_c_during_start_up_exits_130_without_a_traceback(tmp_path: Path, delay: float) -> None:
    process = _start(["check", str(ROOT / "mtorlogic" / "data" / "rules")], tmp_path)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    if process.returncode == 0:  # finished before the signal came: nothing to interrupt
        return
    if "Traceback" in stderr and "mtorlogic" not in stderr:
        # Interrupted inside the interpreter's own start-up (runpy, before any of our code): CPython
        # prints that for every program; what we answer for starts with our first import.
        assert process.returncode in (1, -signal.SIGINT) and "<frozen" in stderr, stderr
        return
    # 130; or killed by SIGINT before Python set up its handler (the shell shows 130 for that too)
    assert process.returncode in (130, -signal.SIGINT), stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
