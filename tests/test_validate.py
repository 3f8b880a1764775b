"""ROC AUC and average precision by hand and by brute force; ties count half; missing predictions are kept."""

import json
import random

import pytest
from click.testing import CliRunner

from mtorlogic.cli import main
from mtorlogic.validate import average_precision, key_of, roc_auc, validate


def brute_auc(scores, labels):
    """Count every (positive, negative) pair: 1 when the positive scores higher, 1/2 for a tie."""
    pos = [s for s, l in zip(scores, labels) if l]
    neg = [s for s, l in zip(scores, labels) if not l]
    return sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg) / (len(pos) * len(neg))


def brute_ap(scores, labels):
    """Precision at every distinct threshold, weighted by the recall it adds (ties enter together)."""
    total, positives, previous = 0.0, sum(labels), 0.0
    for t in sorted(set(scores), reverse=True):
        called = [l for s, l in zip(scores, labels) if s >= t]
        recall = sum(called) / positives
        total += (recall - previous) * sum(called) / len(called)
        previous = recall
    return total


def test_auc_by_hand():
    # positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9>0.5) (0.9>0.1) (0.5=0.5 -> 1/2) (0.5>0.1) = 3.5/4
    assert roc_auc([0.9, 0.5, 0.5, 0.1], [True, True, False, False]) == 0.875
    assert roc_auc([1, 2, 3], [True, False, False]) == 0.0
    assert roc_auc([2, 2, 2], [True, False, True]) == 0.5
    assert roc_auc([1, 2], [True, True]) is None


def test_average_precision_by_hand():
    # ranked: + (P=1, R=1/2), - , + (P=2/3, R=1): AP = 1/2 * 1 + 1/2 * 2/3
    assert average_precision([0.9, 0.8, 0.1], [True, False, True]) == pytest.approx(0.5 + 1 / 3)
    # a tie of one positive and one negative at the top enters together: precision 1/2 for recall 1
    assert average_precision([1, 1], [True, False]) == 0.5
    assert average_precision([1, 0], [False, False]) is None


@pytest.mark.parametrize("seed", range(20))
def test_against_brute_force_on_random_data(seed):
    rng = random.Random(seed)
    n = rng.randint(4, 40)
    scores = [rng.choice([0.0, 0.1, 0.25, 0.5, 1.0, rng.random()]) for _ in range(n)]
    labels = [rng.random() < 0.4 for _ in range(n)]
    labels[0], labels[1] = True, False
    assert roc_auc(scores, labels) == pytest.approx(brute_auc(scores, labels))
    assert average_precision(scores, labels) == pytest.approx(brute_ap(scores, labels))


def test_missing_predictions_are_counted_and_ranked_last():
    v = validate({("A", "B"): 0.3, ("A", "C"): None, ("X", "Y"): 1.0},
                 {("A", "B"): True, ("A", "C"): True, ("B", "C"): False, ("C", "D"): False})
    assert v.missing == ["A+C", "B+C", "C+D"] and v.unobserved == ["X+Y"]
    assert v.positives == 2 and v.negatives == 2
    # A+B beats both negatives; A+C (missing) ties with both missing negatives: (2 + 0.5 + 0.5) / 4
    assert v.roc_auc == 0.75
    assert v.confusion == {"tp": 1, "fp": 0, "tn": 2, "fn": 1}


def test_keys_are_order_free():
    assert key_of("PI-PD") == key_of("PD+PI") == key_of("PD, PI") == ("PD", "PI")
    assert key_of("pten-loss") == ("loss", "pten")  # a '-' splits: name scenarios without one, or use a + key
    assert key_of("scenario_1") == "scenario_1"


def test_cli_validate_table_json_and_plot(tmp_path):
    predictions = tmp_path / "p.json"
    predictions.write_text(json.dumps({"pairs": [{"drugs": ["A", "B"], "synergy": 0.2},
                                                 {"drugs": ["A", "C"], "synergy": 0.0},
                                                 {"drugs": ["B", "C"], "synergy": None}]}))
    observed = tmp_path / "o.tsv"
    observed.write_text("pair\tobserved\nA-B\tsynergistic\nC-A\tadditive\nB-C\t1\nC-D\t0\n")
    r = CliRunner().invoke(main, ["validate", str(predictions), "--observed", str(observed), "--json",
                                  "--plot", str(tmp_path / "roc.png")])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["roc_auc"] == 0.625 and data["missing"] == ["B+C", "C+D"]
    assert (tmp_path / "roc.png").stat().st_size > 0
    r = CliRunner().invoke(main, ["validate", str(predictions), "--observed", str(observed)])
    assert "ROC AUC 0.625" in r.output and "2 without a prediction" in r.output


def test_cli_validate_bad_observation_is_located(tmp_path):
    predictions = tmp_path / "p.csv"
    predictions.write_text("drugs,synergy\nA+B,0.1\n")
    observed = tmp_path / "o.csv"
    observed.write_text("drugs,observed\nA+B,maybe\n")
    r = CliRunner().invoke(main, ["validate", str(predictions), "--observed", str(observed)])
    assert r.exit_code == 2 and f"{observed}:2:5: observation 'maybe'" in r.output
