"""Rule alternatives (the ``alt`` syntax) and rule ensembles (mtorlogic.ensemble)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtorlogic.cli import main
from mtorlogic.ensemble import ALTERNATIVE, ENUMERATED, PRIMARY, SAMPLED, Ensemble, splits
from mtorlogic.errors import InputError
from mtorlogic.expr import conjunction, const, negation, to_text, var
from mtorlogic.model import Alternative, Model, NodeInfo, Rule, drop_literal, truth_table_equal
from mtorlogic.phenotype import evaluate
from mtorlogic.rules import format_rules, read_rules, read_rules_text
from mtorlogic.scenario import Scenario

from .networks import expressions

SMALL = """\
input drug drug default 0
input GF condition default 1
input Rescue condition default 1
input Stress condition default 0
Growth = GF & !drug
Proliferation = Growth & !Apoptosis
Survival = Rescue | Growth
Apoptosis = !Survival
alt Survival without Rescue [rescue-may] "the review says the rescue may act"
alt Growth or Stress [stress-contradicted] "a primary source finds stress keeps growth going"
"""

TREATED = Scenario(drugs=("drug",))


def small() -> Model:
    return read_rules_text(SMALL, statements={"rescue-may", "stress-contradicted"})


# --- syntax -------------------------------------------------------------------


def test_every_form_parses_and_round_trips():
    text = SMALL + "alt Apoptosis = !Survival & !Rescue [apoptosis-q] \"questionable encoding\"\n" \
                   "alt Proliferation and !Stress [stress-contradicted] \"stress stops division\"\n"
    model = read_rules_text(text)
    forms = [(a.target, a.form, to_text(a.expr), a.ledger) for a in model.alternatives]
    assert forms == [("Survival", "without", "Rescue", "rescue-may"), ("Growth", "or", "Stress", "stress-contradicted"),
                     ("Apoptosis", "rule", "!Survival & !Rescue", "apoptosis-q"),
                     ("Proliferation", "and", "!Stress", "stress-contradicted")]
    assert model.sites == ("rescue-may", "stress-contradicted", "apoptosis-q")
    again = read_rules_text(format_rules(model))
    assert [(a.target, a.ledger, a.form, a.expr, a.reason) for a in again.alternatives] == \
        [(a.target, a.ledger, a.form, a.expr, a.reason) for a in model.alternatives]
    assert format_rules(again) == format_rules(model)


def test_a_reading_rewrites_exactly_the_rules_of_its_entries():
    model = small()
    both = model.reading(["rescue-may", "stress-contradicted"])
    assert both.rule("Survival").text == "Growth"
    assert both.rule("Growth").text == "GF & !drug | Stress"
    only = model.reading(["rescue-may"])
    assert only.rule("Growth").text == "GF & !drug" and only.rule("Survival").text == "Growth"
    assert "rescue-may" in only.rule("Survival").provenance.evidence
    assert model.reading().rules == model.rules and not model.reading().alternatives
    with pytest.raises(InputError, match="no alternatives cite nope"):
        model.reading(["nope"])


@pytest.mark.parametrize("line, message", [
    ("alt Surviv without Rescue [rescue-may] \"r\"", ":11:5: unknown node 'Surviv' (did you mean 'Survival'?)"),
    ("alt GF = Stress [rescue-may] \"r\"", ":11:5: 'GF' is an input"),
    ("alt Growth or Stress [rescue-may] \"again\"", ":11:5: duplicate alternative of 'Growth' (first at"),
    ("alt Survival without Rescue [no-such] \"r\"", ":11:29: unknown ledger entry 'no-such'"),
    ("alt Survival and Bogus [rescue-may] \"r\"", ":11:18: unknown node 'Bogus'"),
    ("alt Survival without Stress [rescue-may] \"r\"", ":11:22: 'without Stress': the rule of 'Survival' (Rescue | Growth) must have it"),
    ("alt Survival without Rescue", ":11:28: an alternative needs the ledger entry"),
    ("alt Survival without Rescue [rescue-may]", ":11:29: an alternative needs a \"quoted reason\""),
    ("alt Survival without Rescue | GF [rescue-may] \"r\"", ":11:22: 'without' takes one literal"),
    ("alt Survival maybe Rescue [rescue-may] \"r\"", ":11:14: expected '=', 'without', 'and' or 'or'"),
    ("alt Survival = Rescue | Growth [rescue-may] \"r\"", ":11:5: the alternative of 'Survival' is its primary rule"),
    ("alt Survival = Growth | Stress [rescue-may] \"r\"\nalt Survival without Rescue [stress-contradicted] \"r\"",
     ":12:22: 'without Rescue': the rule of 'Survival' (Rescue | Growth) and its whole-rule alternative (Growth | Stress) must each have it"),
    ("alt Growth = GF [rescue-may] \"r\"\nalt Growth = Stress [stress-contradicted] \"r\"",
     ":12:5: 'Growth' already has a whole-rule alternative"),
    ("alt Survival without Rescue [rescue-may] \"r\" §2.1", ":11:46: unexpected '§2.1'"),
])
def test_a_bad_alternative_is_a_located_error(tmp_path: Path, line: str, message: str):
    model_dir = tmp_path / "m"
    model_dir.mkdir()
    text = SMALL.replace('alt Survival without Rescue [rescue-may] "the review says the rescue may act"\n',
                         "Decoy = GF\n") + line + "\n"
    (model_dir / "model.rules").write_text(text)
    (model_dir / "statements.toml").write_text(
        '[statement.rescue-may]\nsection = "2.1"\nen = "x"\nkind = "activation"\nstatus = "not_encoded"\n'
        'reason = "x"\n\n[statement.stress-contradicted]\nsection = "2.1"\nen = "x"\nkind = "activation"\n'
        'status = "not_encoded"\nreason = "x"\n')
    with pytest.raises(InputError) as raised:
        read_rules(model_dir)
    assert message in str(raised.value), str(raised.value)
    result = CliRunner().invoke(main, ["check", str(model_dir)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_drop_literal_is_substitution_of_the_neutral_value():
    # Dropping a literal that occurs once, under AND or OR, equals fixing it to the neutral value of its junction.
    f = conjunction([var("A"), negation(conjunction([var("B"), negation(var("C"))])), var("D")])
    # Polarity is read through NOTs, as the ledger reads terms: C is positive here, B negative.
    assert to_text(drop_literal(f, var("C"))) == "A & !B & D"
    assert truth_table_equal(drop_literal(f, negation(var("B"))), conjunction([var("A"), var("C"), var("D")]))
    for absent in (var("E"), var("B"), negation(var("C"))):
        with pytest.raises(ValueError):
            drop_literal(f, absent)


def test_exports_write_the_primary_reading_and_say_so(tmp_path: Path):
    source = tmp_path / "small.rules"
    source.write_text(SMALL)
    out = tmp_path / "small.bnet"
    result = CliRunner().invoke(main, ["convert", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote the primary reading" in result.output and "rescue-may" in result.output
    assert "Survival, Rescue | Growth" in out.read_text().replace("  ", " ")


# --- ensembles ----------------------------------------------------------------


def test_members_are_the_product_of_the_choices_primary_first():
    ens = Ensemble(small())
    members = list(ens.members())
    assert ens.mode == ENUMERATED and len(members) == 4
    assert [m.name for m in members] == ["primary", "rescue-may", "stress-contradicted",
                                         "rescue-may+stress-contradicted"]
    assert dict(members[1].choices) == {"rescue-may": ALTERNATIVE, "stress-contradicted": PRIMARY}
    assert "enumerated" in ens.describe()


# Each member written out by hand: the rules every reading of SMALL gives.
BY_HAND = {
    "primary": ("Rescue | Growth", "GF & !drug"),
    "rescue-may": ("Growth", "GF & !drug"),
    "stress-contradicted": ("Rescue | Growth", "GF & !drug | Stress"),
    "rescue-may+stress-contradicted": ("Growth", "GF & !drug | Stress"),
}


@pytest.mark.parametrize("scenario", [TREATED, Scenario(drugs=("drug",), fix={"Stress": 1}),
                                      Scenario(drugs=("drug",), fix={"Rescue": 0})])
def test_enumerated_agreement_equals_each_member_evaluated_by_hand(scenario: Scenario):
    result = Ensemble(small()).evaluate(scenario)
    for member, verdict in zip(result.members, result.results):
        survival, growth = BY_HAND[member.name]
        text = SMALL.split("alt ")[0].replace("Survival = Rescue | Growth", f"Survival = {survival}") \
            .replace("Growth = GF & !drug", f"Growth = {growth}")
        alone = evaluate(read_rules_text(text), scenario)
        assert verdict.to_dict() == alone.to_dict(), member.name
    counts = {}
    for verdict in result.results:
        counts[verdict.response] = counts.get(verdict.response, 0) + 1
    assert result.agreement("response") == dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    assert result.evaluations <= len(result.members)


def test_dissenters_and_the_choices_that_set_them_apart():
    result = Ensemble(small()).evaluate(TREATED)
    # With the drug, growth stops; without the rescue term, survival goes with it: death.
    assert result.agreement("response") == {"cytostatic": 2, "cytotoxic": 2}
    by_value = {s.value: s for s in result.splits("response")}
    assert dict(by_value["cytotoxic"].shared) == {"rescue-may": ALTERNATIVE}
    assert {m.name for m in by_value["cytotoxic"].members} == {"rescue-may", "rescue-may+stress-contradicted"}
    text = result.text()
    assert "cytostatic in 2/4 members" in text and "(all take rescue-may=alternative)" in text
    data = json.loads(json.dumps(result.to_dict()))
    assert data["ensemble"]["mode"] == "enumerated" and len(data["members"]) == 4


def test_members_share_where_the_scenario_leaves_their_difference_unread():
    model = small()
    # Survival held: only the Growth entry could matter, and with Stress at its default 0 it does not.
    assert Ensemble(model).evaluate(Scenario(drugs=("drug",), fix={"Survival": 1})).evaluations == 1
    # Stress on: the Growth readings differ, and the members that keep growing resist. Their resistance is
    # explained against Survival and Stress reverted, where the Survival readings differ too: 2 + 1.
    scenario = Scenario(drugs=("drug",), fix={"Survival": 1, "Stress": 1})
    stressed = Ensemble(model).evaluate(scenario)
    assert stressed.evaluations == 3 and stressed.agreement("response") == {"cytostatic": 2, "resistant": 2}
    for member, verdict in zip(stressed.members, stressed.results):
        assert verdict.to_dict() == evaluate(member.model, scenario).to_dict(), member.name
    # Rescue off (and Stress off): every member is one network.
    assert Ensemble(model).evaluate(Scenario(drugs=("drug",), fix={"Rescue": 0})).evaluations == 1
    assert Ensemble(model).evaluate(TREATED).evaluations == 2


def _random_ensemble_model(draw: st.DrawFn) -> Model:
    names = ["a", "b", "c", "d"]
    universe = names + ["drug", "g", "Proliferation", "Apoptosis"]
    rules = {n: Rule(n, draw(expressions(universe, 2))) for n in names}
    rules["Proliferation"] = Rule("Proliferation", conjunction([var("g"), draw(expressions(universe, 2))]))
    rules["Apoptosis"] = Rule("Apoptosis", draw(expressions(universe, 2)))
    infos = {"drug": NodeInfo("drug", kind="drug", default=0), "g": NodeInfo("g", kind="condition", default=1)}
    targets = [n for n in rules if rules[n].expr != var(n)]
    alternatives = []
    for site in range(draw(st.integers(1, 3))):
        for _ in range(draw(st.integers(1, 2))):
            form = draw(st.sampled_from(["rule", "and", "or"]))
            alternatives.append(Alternative(draw(st.sampled_from(targets)), f"s{site}", form,
                                            draw(expressions(universe, 2)), "random"))
    return Model(rules, infos, alternatives=alternatives)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_enumerated_ensembles_are_exact_on_random_models(data: st.DataObject):
    model = _random_ensemble_model(data.draw)
    fix = data.draw(st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.integers(0, 1), max_size=2))
    scenario = Scenario(drugs=("drug",), fix=fix)
    scores = data.draw(st.booleans())
    result = Ensemble(model).evaluate(scenario, scores=scores)
    assert len(result.members) == 2 ** len(model.sites)
    for member, verdict in zip(result.members, result.results):
        alone = evaluate(model.reading(member.taken), scenario, scores=scores)
        assert verdict.to_dict() == alone.to_dict(), member.name


def _many_sites(k: int) -> Model:
    lines = ["input drug drug default 0", "input GF condition default 1"]
    lines += [f"input I{i} condition default {i % 2}" for i in range(k)]
    lines += ["Growth = GF & !drug", "Proliferation = Growth", "Survival = Growth | " + " | ".join(
        f"I{i}" for i in range(k)), "Apoptosis = !Survival"]
    lines += [f"alt Survival without I{i} [s{i}] \"hedged\"" for i in range(k)]
    return read_rules_text("\n".join(lines))


def test_sampled_ensembles_are_reproducible_by_seed():
    model = _many_sites(10)  # 1024 members: more than the limit
    first, again, other = Ensemble(model, seed=7), Ensemble(model, seed=7), Ensemble(model, seed=8)
    assert first.mode == SAMPLED and len(first) == 256 and "sampled with seed 7" in first.describe()
    names = [m.name for m in first.members()]
    assert names == [m.name for m in again.members()] and names != [m.name for m in other.members()]
    assert names[0] == "primary" and len(set(names)) == len(names)
    small_sample = Ensemble(model, size=20, seed=3)
    r1, r2 = small_sample.evaluate(TREATED), Ensemble(model, size=20, seed=3).evaluate(TREATED)
    assert r1.to_dict() == r2.to_dict() and len(r1.members) == 20
    # Each sampled member's result is that reading's own.
    for member, verdict in list(zip(r1.members, r1.results))[:5]:
        assert verdict.response == evaluate(model.reading(member.taken), TREATED).response
    # Cytotoxic exactly when every odd input (default 1) is dropped: checked against the choices.
    for member, verdict in zip(r1.members, r1.results):
        dead = all(f"s{i}" in member.taken for i in range(1, 10, 2))
        assert verdict.response == ("cytotoxic" if dead else "cytostatic")


def test_asking_for_at_least_the_whole_product_enumerates():
    model = _many_sites(3)
    assert Ensemble(model, size=8).mode == ENUMERATED and Ensemble(model, size=5).mode == SAMPLED
    assert len(Ensemble(model, size=5)) == 5


def test_splits_name_only_choices_that_separate():
    result = Ensemble(small()).evaluate(TREATED)
    parts = splits(result.members, result.values("verdict"))
    assert [(p.value, len(p.members), dict(p.shared)) for p in parts] == [("sensitive", 4, {})]


def test_cli_run_and_hypotheses_ensemble_text_and_json(tmp_path: Path):
    (tmp_path / "small.rules").write_text(SMALL)
    (tmp_path / "catalog.toml").write_text('[drugs.drug]\nname = "the drug"\n')
    model = str(tmp_path)
    result = CliRunner().invoke(main, ["run", "--model", model, "--drug", "drug", "--ensemble"])
    assert result.exit_code == 0, result.output
    assert "4 members, all enumerated" in result.output and "cytostatic in 2/4 members" in result.output
    sampled = CliRunner().invoke(main, ["run", "--model", model, "--drug", "drug", "--ensemble",
                                        "--members", "3", "--seed", "5", "--json"])
    data = json.loads(sampled.output)
    assert data["ensemble"]["mode"] == "sampled" and data["ensemble"]["members"] == 3
    hyps = CliRunner().invoke(main, ["hypotheses", "--model", model, "--drug", "drug", "--ensemble", "--json",
                                     "--max-size", "1", "--top", "3"])
    assert hyps.exit_code == 0, hyps.output
    assert all(h["agreement"]["of"] == 4 for h in json.loads(hyps.output)["hypotheses"])


@pytest.mark.parametrize("rescue, goal, reached_response", [(1, "deepen", ("cytotoxic",)),
                                                             (0, "resist", ("resistant",))])
def test_hypotheses_report_their_agreement_across_members(tmp_path: Path, rescue: int, goal: str,
                                                          reached_response: tuple[str, ...]):
    from mtorlogic.catalog import read_catalog
    from mtorlogic.engine.attractors import attractors
    from mtorlogic.phenotype import Readouts, respond

    model = small()
    (tmp_path / "small.rules").write_text(SMALL)
    (tmp_path / "catalog.toml").write_text('[drugs.drug]\nname = "the drug"\n')
    scenario = Scenario(drugs=("drug",), fix={"Rescue": rescue})
    result = Ensemble(model).hypotheses(scenario, read_catalog(tmp_path), top=6, max_size=1)
    assert result.report.goal == goal and result.report.hypotheses
    readouts = Readouts()
    background = {"drug": 0, "GF": 1, "Rescue": rescue, "Stress": 0}
    for h, reached in zip(result.report.hypotheses, result.reached):
        extra = {i.node: i.value for i in h.interventions}
        for member, got in zip(result.members, reached):
            base = tuple(attractors(member.model.fix(background)))
            if goal == "resist":  # the alteration is there before the drug
                before = tuple(attractors(member.model.fix({**background, **extra})))
                after = tuple(attractors(member.model.fix({**background, **extra, "drug": 1})))
                response = respond(before, after, readouts)
                response = respond(base, after, readouts) if response == "not_applicable" else response
            else:
                after = tuple(attractors(member.model.fix({**background, "drug": 1, **extra})))
                response = respond(base, after, readouts)
            assert got == (response in reached_response), (h.interventions, member.name)
    data = result.to_dict()
    assert all("agreement" in h for h in data["hypotheses"])
    assert "reaches the goal in" in result.text()


def test_scores_agree_with_each_member_and_share_only_unread_rules():
    model = small()
    result = Ensemble(model).evaluate(Scenario(drugs=("drug",), fix={"Survival": 1}), scores=True)
    for member, verdict in zip(result.members, result.results):
        alone = evaluate(model.reading(member.taken), Scenario(drugs=("drug",), fix={"Survival": 1}), scores=True)
        assert verdict.to_dict() == alone.to_dict()
    assert result.evaluations == 1 and result.scores() is not None
    assert set(result.to_dict()["scores"]) == {"apoptotic", "proliferating", "arrested"}


def test_a_model_without_alternatives_is_an_ensemble_of_itself():
    model = read_rules_text(SMALL.split("alt ")[0])
    ens = Ensemble(model)
    (member,) = ens.members()
    assert member.model is model and member.name == "primary" and not member.choices
    result = ens.evaluate(TREATED)
    assert result.unanimous and result.results[0].to_dict() == evaluate(model, TREATED).to_dict()
    assert "no alternatives" in result.text()
