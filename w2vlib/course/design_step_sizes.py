"""Notebook 07's step-size sweep on the toy corpus: every rule at every α of a small grid, several seeds, stored.

    python -m w2vlib.course.design_step_sizes          # 4 rules x 7 step sizes x 3 seeds, about 40 s on 2 cores

Two step-size rules compared at one α each compare the α as much as the rule. So each rule of the handout trainer
(``step_rule``: fixed, linear, AdaGrad, halve unless decreased) is trained at every α of :data:`STEP_SIZES` with the
seeds of :data:`SEEDS`, on notebook 07's toy corpus and settings (:data:`SETTINGS`), and the group gap and final
running loss of every run are written, atomically, to ``notebooks/data/design_choices_step_sizes.json``.
Notebook 07 reads them, picks each rule's best α by its mean group gap, and trains the rules at those α with other
seeds, so that the α is not chosen and judged on the same runs.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ..text.toy_corpus import planted_corpus
from ..training.handout_trainer import train_handout
from ..training.step_size_rules import STEP_RULES
from ..vectors.similarity import centred_group_gap
from .design_real_sample import _write, load_results

CORPUS = {"n_sentences": 200, "seed": 0}                      # planted_corpus(**CORPUS), as notebook 07
SETTINGS = {"dim": 10, "window": 2, "n_negatives": 10, "epochs": 1}  # notebook 07's SETTINGS without α and seed
STEP_SIZES = (0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)   # doubling: each rule's best lies inside
SEEDS = (0, 1, 2)
CHECK_EVERY = 200            # the halving rule's held-out check, every 200 steps as in notebook 07
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "design_choices_step_sizes.json"


def run_one(sentences, groups, rule: str, step_size: float, seed: int) -> dict:
    """One run: its group gap and final running loss (J per window, mean of the last 100 steps), or diverged."""
    extra = {"check_every": CHECK_EVERY} if rule == "halve_unless_decreased" else {}
    try:
        run = train_handout(sentences, **SETTINGS, step_size=step_size, seed=seed, step_rule=rule, **extra)
    except ValueError as error:
        if "diverged" not in str(error):
            raise
        return {"rule": rule, "step_size": step_size, "seed": seed, "diverged": True, "group_gap": None,
                "final_loss": None}
    return {"rule": rule, "step_size": step_size, "seed": seed, "diverged": False,
            "group_gap": round(centred_group_gap(run.center_vectors, run.word2ind, groups), 4),
            "final_loss": round(float(run.loss_history[-1]), 3)}


def run_sweep(rules=STEP_RULES, step_sizes=STEP_SIZES, seeds=SEEDS) -> dict:
    """Every rule at every step size with every seed; the content of the JSON file."""
    corpus = planted_corpus(**CORPUS)
    runs = [run_one(corpus.sentences, corpus.groups, rule, alpha, seed)
            for rule in rules for alpha in step_sizes for seed in seeds]
    return {"corpus": CORPUS, "settings": SETTINGS, "check_every": CHECK_EVERY, "step_sizes": list(step_sizes),
            "seeds": list(seeds), "runs": runs, "made_by": "python -m w2vlib.course.design_step_sizes"}


def best_step_sizes(content: dict) -> dict:
    """rule -> the α with the highest mean group gap over the seeds; α where any seed diverged is never chosen."""
    best = {}
    for rule in dict.fromkeys(run["rule"] for run in content["runs"]):
        means = {}
        for alpha in content["step_sizes"]:
            runs = [r for r in content["runs"] if r["rule"] == rule and r["step_size"] == alpha]
            if runs and not any(r["diverged"] for r in runs):
                means[alpha] = float(np.mean([r["group_gap"] for r in runs]))
        if not means:
            raise ValueError(f"every step size diverged for step_rule={rule!r}; add smaller ones to the sweep.")
        best[rule] = max(means, key=means.get)
    return best


def sweep_table(content: dict) -> str:
    """One line per rule: the mean group gap over the seeds at each α ('div.' where a seed diverged)."""
    alphas = content["step_sizes"]
    lines = [f"{'rule':24}" + "".join(f"{'α = ' + format(a, 'g'):>10}" for a in alphas)]
    for rule in dict.fromkeys(run["rule"] for run in content["runs"]):
        cells = []
        for alpha in alphas:
            runs = [r for r in content["runs"] if r["rule"] == rule and r["step_size"] == alpha]
            diverged = any(r["diverged"] for r in runs)
            cells.append("div." if diverged else f"{np.mean([r['group_gap'] for r in runs]):.2f}")
        lines.append(f"{rule:24}" + "".join(f"{cell:>10}" for cell in cells))
    return "\n".join(lines)


def load_sweep(path: Path = DEFAULT_OUT) -> dict:
    """The stored sweep; a clear error if the file is missing."""
    return load_results(path, made_by="python -m w2vlib.course.design_step_sizes", takes="about 40 s")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    content = run_sweep()
    _write(args.out, content)
    print(sweep_table(content))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
