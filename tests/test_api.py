"""The Python API as a modeller expects it (issue 21, item 4): one test per expectation."""

from __future__ import annotations

import pytest

import mtorlogic
from mtorlogic.errors import InputError, UnknownName
from mtorlogic.rules import read_rules_text

SWITCH = "input drug drug default 0\nA = !B & !drug\nB = !A\nProliferation = A\nApoptosis = B\n"


@pytest.fixture(scope="module")
def bundled():
    return mtorlogic.load()


def test_progress_true_works_on_every_call_that_takes_progress(bundled, capsys):
    model, catalog = bundled
    scenario = mtorlogic.load_scenario("pten-loss-everolimus")
    treated = model.with_defaults().fix({"everolimus": 1})
    assert len(mtorlogic.attractors(treated, progress=True)) == len(mtorlogic.attractors(treated))
    assert mtorlogic.evaluate(model, scenario, catalog, progress=True).verdict == "sensitive"
    assert mtorlogic.simulate(read_rules_text(SWITCH), steps=5, runs=10, progress=True, seed=0).runs == 10
    assert len(mtorlogic.drug_screen(model, catalog, drugs="everolimus", progress=True).rows) == 1
    assert "input classes" in capsys.readouterr().err  # a bar was shown
    assert len(mtorlogic.attractors(treated, progress=False)) == len(mtorlogic.attractors(treated))  # False: silence


def test_errors_in_python_speak_python(bundled):
    model, _ = bundled
    with pytest.raises(InputError) as unknown:
        model.fix({"Nope": 1})
    assert "<command line>" not in str(unknown.value)
    from mtorlogic.engine.meter import Meter, timeout_error

    message = str(timeout_error(5, Meter("input classes", 4), 2.0))
    assert "timeout=" in message and "--timeout" not in message
    from mtorlogic.errors import speaking_to_the_command_line

    with speaking_to_the_command_line():
        assert "--timeout" in str(timeout_error(5, Meter("input classes", 4), 2.0))


def test_error_classes_derive_from_the_builtin_they_mean(bundled):
    model, catalog = bundled
    with pytest.raises(KeyError):
        model.fix({"Nope": 1})
    with pytest.raises(KeyError):
        catalog.drug("nodrug")
    with pytest.raises(KeyError, match="unknown node 'Nope'"):
        model.info("Nope")
    with pytest.raises(ValueError):
        model.fix({"PTEN": 3})
    with pytest.raises(ValueError):
        mtorlogic.attractors(model, semantics="bogus")
    with pytest.raises(KeyError, match="^unknown drug 'nodrug'.*catalog.drugs lists them"):  # no <command line>
        mtorlogic.evaluate(model, mtorlogic.Scenario(drugs="nodrug"), catalog)
    assert issubclass(UnknownName, InputError) and str(UnknownName.at("", "unknown node 'X'")) == "unknown node 'X'"


def test_catalog_exports_by_category_and_shows_itself(bundled):
    _, catalog = bundled
    assert catalog.to_csv("drug") == catalog.to_csv("drugs") != catalog.to_csv("alterations")
    assert catalog.to_csv("alteration") == catalog.to_csv("alterations")
    assert catalog.to_csv("drugs").splitlines()[1].startswith("sirolimus,")
    with pytest.raises(ValueError, match="choose 'drugs' or 'alterations'"):
        catalog.to_csv("drog")
    pytest.importorskip("pandas")
    frame = catalog.to_frame("drugs")
    assert list(frame.index) == list(catalog.drugs) and "targets" in frame.columns
    assert len(catalog.to_frame("alterations")) == len(catalog.alterations)
    html = catalog._repr_html_()
    assert "<table" in html and "everolimus" in html and "PTEN_loss" in html


def test_top_level_names_for_what_users_call():
    for name in ("scenario_names", "hypotheses", "drug_screen", "plot_network", "plot_attractors", "plot_screen",
                 "plot_timecourse", "simulate", "attractors", "evaluate", "load", "load_scenario"):
        assert callable(getattr(mtorlogic, name)), name
        assert name in mtorlogic.__all__ and name in dir(mtorlogic)
    assert "pten-loss-everolimus" in mtorlogic.scenario_names()
    with pytest.raises(AttributeError):
        mtorlogic.no_such_name  # noqa: B018


def test_one_documented_simulation_entry_point():
    model = read_rules_text(SWITCH).with_defaults()
    few = mtorlogic.simulate(model, steps=5, runs=3, seed=1)
    many = mtorlogic.simulate(model, steps=5, runs=500, seed=1)
    assert isinstance(few, mtorlogic.Timecourse) and few.states is not None and many.states is None
    assert "progress=True" in mtorlogic.simulate.__doc__ and "timeout=" in mtorlogic.simulate.__doc__


def test_attractors_says_what_it_returns():
    import inspect

    found = mtorlogic.attractors(read_rules_text("A = !B\nB = !A"))
    assert isinstance(found, mtorlogic.AttractorSet)
    assert "AttractorSet" in str(inspect.signature(mtorlogic.attractors).return_annotation)


def test_model_item_gives_the_rule_and_unknown_names_raise(bundled):
    model, _ = bundled
    assert model["mTORC1"] is model.rules["mTORC1"] or model["mTORC1"] == model.rules["mTORC1"]
    with pytest.raises(KeyError, match="did you mean .*'mTORC1'"):
        model["mTORC"]
    with pytest.raises(KeyError, match="is an input"):
        model["PTEN_loss"]
    with pytest.raises(KeyError):
        model.rule("mTORC")
    assert model.rule("PTEN_loss") is None  # an input has no rule: said, not an error


def test_readable_reprs(bundled):
    model, _ = bundled
    rule = model["mTORC1"]
    assert repr(rule) == f"<Rule mTORC1 = {rule.text}>"
    assert len(repr(model.rules)) < 200 and repr(model.rules).startswith(f"<Rules: {len(model.rules)} rules")
    assert dict(model.rules) == {n: model.rules[n] for n in model.rules}


@pytest.mark.parametrize("spelling, ours", [("asynchronous", "async"), ("synchronous", "sync"),
                                            ("most-permissive", "mp"), ("Most_Permissive", "mp")])
def test_semantics_accept_the_spellings_peers_use(spelling, ours):
    model = read_rules_text("A = !B\nB = !A\nC = !C")
    assert mtorlogic.attractors(model, spelling) == mtorlogic.attractors(model, ours)
    assert mtorlogic.attractors(model, semantics=spelling) == mtorlogic.attractors(model, semantics=ours)


def test_colomoto_minibn_both_ways_and_trap_spaces_as_star_dicts():
    minibn = pytest.importorskip("colomoto.minibn")
    mpbn = pytest.importorskip("mpbn")
    from mtorlogic.interop import from_minibn, to_minibn, to_mpbn, trap_spaces

    model = read_rules_text("input A condition\nB = A & !C\nC = B | A\nD = !D\nE = 1")
    bn = to_minibn(model)
    assert isinstance(bn, minibn.BooleanNetwork) and set(bn) == set(model.nodes)
    again = from_minibn(bn)
    assert again.inputs == ("A",) and {n: again.rule(n).text for n in "BCDE"} == {n: model.rule(n).text
                                                                                   for n in "BCDE"}
    assert from_minibn(minibn.BooleanNetwork({"X": "Y & !X", "Y": "Y"})).rule("X").text == "Y & !X"
    ours = trap_spaces(model)
    assert {tuple(sorted(d.items())) for d in ours} == \
        {tuple(sorted(d.items())) for d in to_mpbn(model).attractors()}
    assert all(v in (0, 1, "*") for d in ours for v in d.values()) and any("*" in d.values() for d in ours)
    assert trap_spaces(model) == ours  # sorted, so the same order every time
    assert isinstance(bn, minibn.BooleanNetwork) and mpbn is not None


def test_misuse_gets_a_clear_answer():
    with pytest.raises(TypeError, match=r"read_model\('m.rules'\)"):
        mtorlogic.attractors("m.rules")
    with pytest.raises(ValueError, match="the path is empty"):
        mtorlogic.load("")
    with pytest.raises(ValueError, match="not a mapping"):
        mtorlogic.Scenario(drugs={"everolimus": 0})
