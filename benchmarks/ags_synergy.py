"""The published AGS case (CASCADE 1.0, 7 drugs, 21 pairs): our pipeline's time per stage, and pydruglogics.

    python benchmarks/ags_synergy.py [--folder DIR] [--members 100] [--seed 0] [--cores 2]
                                     [--no-pydruglogics] [--train RUNS]

Part 1, ours: read the folder, calibrate ``--members`` link-operator models to the baseline
(exact ASP), score every pair of ``perturbations`` over them; the time of each stage, the ranked
pairs, and a cold CLI ``mtorlogic synergy DIR --json`` for the wall time a user sees.

Part 2, the same work in pydruglogics (DrugLogics' Python port): the first
``--pydruglogics-members`` of our calibrated members written as .bnet, loaded as pydruglogics
BooleanModels and run through its ModelPredictions (mpbn stable states) on ``--cores`` processes.
Ours on the same members read the same way (stable states only) must give the same scores on
every pair whose members all have stable states (checked: the largest difference is printed); the
time ratio; and the Spearman correlation of its scores with our pipeline's (its sign flipped:
pydruglogics reports synergy as negative).

Part 3, ``--train RUNS``: pydruglogics' own whole pipeline (its genetic algorithm, RUNS evolutions
of 20 generations x 20 models, 3 best kept per evolution, balanced mutations = link operators),
then its predictions; the time and the Spearman correlation with ours.

Ratios are from one run on this machine; no assertion is made on time.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mtorlogic.expr import to_text  # noqa: E402
from mtorlogic.pipeline import run_folder  # noqa: E402

AGS = "/work/shared/models/ags-cascade-1.0"


def spearman(a: list[float], b: list[float]) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def ours(folder: str, members: int, seed: int) -> tuple[dict[tuple[str, ...], float], object]:
    result = run_folder(folder, size=members, seed=seed)
    cal, syn = result.calibration, result.synergy
    print(f"ours: {len(cal.members)} members ({cal.method}, fitness {min(cal.fitness):.3f}..{max(cal.fitness):.3f}, "
          f"best possible {cal.best_bound:.3f}), {len(syn.combinations)} pairs, method {syn.method}")
    print("  stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items()))
    print(syn.table())
    for note in syn.notes:
        print("  note:", note)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mtorlogic", "synergy", folder, "--json", "--members", str(members),
                    "--seed", str(seed)], cwd=ROOT, check=True, capture_output=True)
    print(f"  cold CLI 'mtorlogic synergy DIR --json': {time.perf_counter() - started:.2f} s wall")
    return {c.drugs: c.synergy for c in syn.combinations}, result


def to_bnet(model) -> str:
    return "".join(f"{n}, {to_text(model.function(n), 'bnet') if model.rule(n) else n}\n" for n in model.nodes)


def pydruglogics_inputs(result):
    from pydruglogics import ModelOutputs, Perturbation

    data = result.data
    drugs = [[d.name, list(d.targets), "inhibits" if d.value == 0 else "activates"] for d in data.drugs.values()]
    perturbations = Perturbation(drug_data=drugs, perturbation_data=[list(p) for p in data.perturbations])
    return ModelOutputs(input_dictionary=dict(data.outputs)), perturbations


def their_scores(predictions) -> dict[tuple[str, ...], float]:
    return {tuple(name.split("-")): -score for name, score in predictions.predicted_synergy_scores}


def compare(label: str, ours_scores, theirs, seconds: float) -> None:
    keys = [k for k in ours_scores if k in theirs and ours_scores[k] is not None]
    rho = spearman([ours_scores[k] for k in keys], [theirs[k] for k in keys])
    print(f"  {label}: {seconds:.2f} s; Spearman with ours over {len(keys)} pairs: {rho:+.3f}")
    ranked = sorted(theirs.items(), key=lambda kv: -kv[1])
    print("    its top 6: " + ", ".join(f"{'+'.join(k)} {v:+.3f}" for k, v in ranked[:6]))


def same_ensemble(result, ours_scores, cores: int, members: int) -> None:
    """pydruglogics' predictions on the first ``members`` of our ensemble, against ours on the same
    members read the same way (stable states only; a pair with a drug no member has a stable state
    under differs by construction: pydruglogics averages the empty set to 0, we say NA)."""
    from pydruglogics import BooleanModel, ModelPredictions

    from mtorlogic.synergy import synergy

    outputs, perturbations = pydruglogics_inputs(result)
    chosen = result.calibration.members[:members]
    data = result.data
    drug_fixes = {name: {t: d.value for t in d.targets} for name, d in data.drugs.items()}
    started = time.perf_counter()
    mine = synergy(chosen, drug_fixes, data.outputs, result.synergy.method,
                   combos=[p for p in data.perturbations if len(p) > 1], trap_space_fallback=False)
    own = time.perf_counter() - started
    scale = sum(abs(w) for w in data.outputs.values())  # pydruglogics' HSA is on the raw sum
    stable = {c.drugs: c.synergy for c in mine.combinations}
    complete = {c.drugs for c in mine.combinations if c.synergy is not None}
    with tempfile.TemporaryDirectory() as tmp:
        for m in chosen:
            Path(tmp, f"{m.name}.bnet").write_text(to_bnet(m.model()))
        models = [BooleanModel(file=str(p), attractor_tool="mpbn", attractor_type="stable_states", model_name=p.stem)
                  for p in sorted(Path(tmp).glob("*.bnet"))]
        started = time.perf_counter()
        predictions = ModelPredictions(boolean_models=models, perturbations=perturbations, model_outputs=outputs,
                                       synergy_method=result.synergy.method)
        predictions.run_simulations(parallel=cores > 1, cores=cores)
        theirs = their_scores(predictions)
        seconds = time.perf_counter() - started
    same = [k for k in complete if k in theirs]
    factor = scale if result.synergy.method == "hsa" else 1.0
    worst = max((abs(stable[k] * factor - theirs[k]) for k in same), default=0.0)
    print(f"  same {len(chosen)} members, stable states only: ours {own:.2f} s, pydruglogics {seconds:.2f} s "
          f"(ratio {seconds / own:.0f}x); on the {len(same)} pairs with a response to each part in some member, largest "
          f"difference {worst:.2e} (x{factor:g} for pydruglogics' raw-sum HSA)")
    compare(f"pydruglogics on {len(chosen)} members vs our pipeline (trap spaces where no stable state)",
            ours_scores, theirs, seconds)


def whole_pipeline(result, ours_scores, runs: int, cores: int, folder: str) -> None:
    from pydruglogics import BooleanModel, InteractionModel, ModelPredictions, TrainingData
    from pydruglogics.execution.Executor import train

    outputs, perturbations = pydruglogics_inputs(result)
    started = time.perf_counter()
    interaction = InteractionModel(interactions_file=str(Path(folder) / "network.sif"), remove_self_regulated_interactions=False)
    model = BooleanModel(model=interaction, model_name="ags", mutation_type="balanced", attractor_tool="mpbn",
                         attractor_type="stable_states")
    training = TrainingData(input_file=str(Path(folder) / "steadystate"))
    best = train(boolean_model=model, model_outputs=outputs, training_data=training,
                 ga_args={"num_generations": 20, "num_parents_mating": 3, "mutation_num_genes": 3,
                          "fitness_batch_size": 20, "crossover_type": "single_point", "mutation_type": "random",
                          "parent_selection_type": "sss"},
                 ev_args={"num_best_solutions": 3, "num_of_runs": runs, "num_of_cores": cores,
                          "num_of_init_mutation": 20})
    trained = time.perf_counter()
    predictions = ModelPredictions(boolean_models=best, perturbations=perturbations, model_outputs=outputs,
                                   synergy_method=result.synergy.method)
    predictions.run_simulations(parallel=cores > 1, cores=cores)
    done = time.perf_counter()
    print(f"  pydruglogics whole pipeline: train {trained - started:.1f} s ({len(best)} models, fitness "
          f"{min(m.fitness for m in best) / 100:.3f}..{max(m.fitness for m in best) / 100:.3f}), "
          f"predict {done - trained:.1f} s")
    compare("pydruglogics whole pipeline", ours_scores, their_scores(predictions), done - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", default=AGS)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--no-pydruglogics", action="store_true")
    parser.add_argument("--train", type=int, default=0, metavar="RUNS")
    parser.add_argument("--pydruglogics-members", type=int, default=20, metavar="N",
                        help="members given to pydruglogics (it takes ~4 s per member on 2 busy cores)")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # pydruglogics logs every model at INFO
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    scores, result = ours(args.folder, args.members, args.seed)
    if args.no_pydruglogics:
        return
    same_ensemble(result, scores, args.cores, args.pydruglogics_members)
    if args.train:
        whole_pipeline(result, scores, args.train, args.cores, args.folder)


if __name__ == "__main__":
    main()
