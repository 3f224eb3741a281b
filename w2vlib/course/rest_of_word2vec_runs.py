"""Notebook 09's runs on the real Wikipedia sample: skip-gram and CBOW × negative sampling and the hierarchical
softmax, ours and gensim's, several seeds. Too slow for a notebook's minute, so run once and stored.

    python -m w2vlib.course.rest_of_word2vec_runs                  # 4 variants × 2 trainers × seeds 0 1 2
    python -m w2vlib.course.rest_of_word2vec_runs --seeds 0 --epochs 2 --out /tmp/check.json
    python -m w2vlib.course.rest_of_word2vec_runs --only cbow-hs   # re-run the variants given, keep the others

Every run uses the benchmark's protocol (:data:`w2vlib.bench.PROTOCOL`: d = 100, m = 5, K = 5, sub-sampling 1e-3,
min_count 5, α 0.025 → 0.0001, 10 epochs unless ``--epochs`` says otherwise), one worker, one run after the other in
this process. Ours is :func:`w2vlib.train` with ``model`` and ``loss``; gensim's is
:func:`w2vlib.bench.benchmark.gensim_word2vec` (``sg``, ``hs``, ``negative``). Each run keeps its words per second (corpus words
× epochs / seconds of vocabulary and training), WordSim-353 and SimLex-999 Spearman with 95% percentile-bootstrap
intervals over the pairs (:func:`w2vlib.vectors.score_uncertainty.bootstrap_spearman`) and the model's cosine of every pair
(for paired comparisons), the Google-analogy accuracy with a 95% Wilson interval, and the machine's load average
(1 minute) before the run, since the words per second depend on what else runs. The result is written,
atomically, after every run, as JSON to ``notebooks/data/rest_of_word2vec_real_sample.json``, which notebook 09 reads.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
from pathlib import Path

import numpy as np

from .stored_runs import load_runs, write_runs
from ..bench.benchmark import GENSIM_MAX_SENTENCE, PROTOCOL, gensim_word2vec
from ..text.corpora import load_corpus
from ..vectors.evaluation import PAIR_DATASETS, analogy_accuracy, gensim_data_path, pair_similarities, read_word_pairs
from ..training.fast_trainer import train
from ..vectors.score_uncertainty import PairSimilarities, bootstrap_spearman, paired_bootstrap_difference

ALPHA = PROTOCOL["step_size"]
# key -> (model, loss, name, step size α at the start). word2vec's own default α is 0.025 for skip-gram and 0.05 for
# CBOW, so CBOW also runs at 0.05: a comparison of the models at the protocol's α alone would be confounded.
VARIANTS = {"sg-ns": ("skipgram", "neg_sampling", "skip-gram, negative sampling", ALPHA),
            "sg-hs": ("skipgram", "hierarchical_softmax", "skip-gram, hierarchical softmax", ALPHA),
            "cbow-ns": ("cbow", "neg_sampling", "CBOW, negative sampling", ALPHA),
            "cbow-hs": ("cbow", "hierarchical_softmax", "CBOW, hierarchical softmax", ALPHA),
            "cbow-ns-a0.05": ("cbow", "neg_sampling", "CBOW, negative sampling, α = 0.05", 0.05),
            "cbow-hs-a0.05": ("cbow", "hierarchical_softmax", "CBOW, hierarchical softmax, α = 0.05", 0.05)}
ENGINES = ("w2vlib", "gensim")
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "rest_of_word2vec_real_sample.json"
DATASETS = ("wordsim353", "simlex999")


def wilson_interval(n_correct: int, n_questions: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion n_correct / n_questions (nan, nan for no question)."""
    if n_questions == 0:
        return math.nan, math.nan
    p = n_correct / n_questions
    centre = (p + z * z / (2 * n_questions)) / (1 + z * z / n_questions)
    half = z * math.sqrt(p * (1 - p) / n_questions + z * z / (4 * n_questions ** 2)) / (1 + z * z / n_questions)
    return centre - half, centre + half


def scores(kv) -> dict:
    """WordSim-353 and SimLex-999 (estimate, bootstrap interval, pairs, the model's cosines) and analogies."""
    result = {}
    for dataset in DATASETS:
        pairs = pair_similarities(kv, dataset)
        interval = bootstrap_spearman(pairs, n_resamples=2000, seed=0)
        result[dataset] = {"spearman": round(interval.estimate, 4), "low": round(interval.low, 4),
                           "high": round(interval.high, 4), "n_pairs": pairs.n_pairs,
                           "pair_numbers": pairs.pair_numbers.tolist(), "cosines": [round(x, 5) for x in pairs.model]}
    analogies = analogy_accuracy(kv, restrict_vocab=30000)
    low, high = wilson_interval(analogies.n_correct, analogies.n_questions)
    result["analogy"] = {"accuracy": round(analogies.accuracy, 4), "low": round(low, 4), "high": round(high, 4),
                         "n_correct": analogies.n_correct, "n_questions": analogies.n_questions}
    return result


def run_one(corpus, sentences, key: str, engine: str, seed: int, epochs: int) -> dict:
    """Train one variant with one engine and seed; return its speed and scores."""
    model, loss, name, step_size = VARIANTS[key]
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else math.nan   # the machine is shared: say how busy
    if engine == "w2vlib":
        result = train(corpus, **{**PROTOCOL, "epochs": epochs, "step_size": step_size}, seed=seed, progress=False,
                       workers=1, model=model, loss=loss)
        seconds, words, kv = result.seconds, epochs * corpus.n_words, result.embeddings
    else:
        started = time.perf_counter()
        trained, words = gensim_word2vec(sentences, epochs=epochs, seed=seed, workers=1, model=model, loss=loss,
                                         step_size=step_size)
        seconds, kv = time.perf_counter() - started, trained.wv
    return {"key": key, "variant": name, "engine": engine, "model": model, "loss": loss, "step_size": step_size,
            "seed": seed, "load_average_before": round(load_before, 2),
            "seconds": round(seconds, 2), "words_per_second": round(words / seconds), **scores(kv)}


def run_all(seeds=(0, 1, 2), epochs: int = PROTOCOL["epochs"], out: Path = DEFAULT_OUT, only=None) -> dict:
    """Every variant (or those whose key is in ``only``, keeping the file's other runs) × engine × seed, in the
    order seed, variant, engine (so that a slow spell of the machine hits every variant); writes after each run."""
    import gensim

    corpus = load_corpus("wiki")
    sentences = list(corpus.sentences(max_length=GENSIM_MAX_SENTENCE))
    out = Path(out)
    runs = []
    if only and out.exists():
        runs = [run for run in json.loads(out.read_text(encoding="utf-8"))["runs"] if run["key"] not in only]
    content = {"corpus": f"wiki ({corpus.n_words} words)", "settings": {**PROTOCOL, "epochs": epochs, "workers": 1},
               "seeds": list(seeds), "machine": f"{platform.processor() or platform.machine()}, gensim "
               f"{gensim.__version__}", "made_by": "python -m w2vlib.course.rest_of_word2vec_runs", "runs": runs}
    for seed in seeds:
        for key in VARIANTS:
            if only and key not in only:
                continue
            for engine in ENGINES:
                runs.append(run_one(corpus, sentences, key, engine, seed, epochs))
                run = runs[-1]
                print(f"{run['variant']:32} {engine:7} seed {seed}  {run['words_per_second']:>9,} words/s  "
                      f"WS-353 {run['wordsim353']['spearman']:.3f}  SimLex {run['simlex999']['spearman']:.3f}  "
                      f"analogies {run['analogy']['accuracy']:.3f}", flush=True)
                _write(out, content)
    content["comparisons"] = compare(content)
    _write(out, content)
    return content


def _write(out: Path, content: dict) -> None:
    write_runs(out, content)


def load_results(path: Path = DEFAULT_OUT) -> dict:
    """The stored runs (see :func:`run_all`); a clear error if the file is missing."""
    return load_runs(path, "python -m w2vlib.course.rest_of_word2vec_runs", "about 10 minutes on 2 cores")


def runs_of(content: dict, key: str, engine: str) -> list[dict]:
    """The stored runs of one variant and engine, in seed order."""
    return sorted((r for r in content["runs"] if r["key"] == key and r["engine"] == engine), key=lambda r: r["seed"])


def stored_pair_similarities(run: dict, dataset: str) -> PairSimilarities:
    """A stored run's in-vocabulary pairs of ``dataset`` ("wordsim353" or "simlex999"), for the paired bootstrap."""
    all_pairs = read_word_pairs(gensim_data_path(PAIR_DATASETS[dataset]))
    numbers = np.array(run[dataset]["pair_numbers"], dtype=np.int64)
    gold = np.array([all_pairs[number][2] for number in numbers], dtype=np.float64)
    return PairSimilarities(dataset, numbers, gold, np.array(run[dataset]["cosines"]), len(all_pairs))


def _spread(values) -> str:
    return f"{np.mean(values):.3f} ({min(values):.3f}..{max(values):.3f})"


def short_name(key: str) -> str:
    """"SG NS", "CBOW HS α 0.05", ...: a variant's name in a few characters."""
    name = VARIANTS[key][2]
    for long, short in (("skip-gram", "SG"), (", negative sampling", " NS"), (", hierarchical softmax", " HS"),
                        (", α = ", " α ")):
        name = name.replace(long, short)
    return name


def score_table(content: dict) -> str:
    """One line per variant and engine: the mean (min..max) over the seeds of WordSim-353, SimLex-999 and the
    analogy accuracy."""
    lines = [f"{'variant':<16}{'trainer':<8}{'WordSim-353':>22}{'SimLex-999':>22}{'analogies':>22}"]
    for key in VARIANTS:
        for engine in ENGINES:
            runs = runs_of(content, key, engine)
            if runs:
                lines.append(f"{short_name(key):<16}{engine:<8}"
                             + "".join(f"{_spread(values):>22}" for values in (
                                 [r["wordsim353"]["spearman"] for r in runs], [r["simlex999"]["spearman"] for r in runs],
                                 [r["analogy"]["accuracy"] for r in runs])))
    return "\n".join(lines)


def speed_table(content: dict) -> str:
    """One line per variant: words per second of ours and gensim's (median and range over the seeds), and their
    ratio (median over the seeds of the ratio of the two runs with the same seed, made one after the other)."""
    lines = [f"{'variant':<16}{'ours, words/s':>22}{'gensim, words/s':>22}{'ours / gensim':>16}"]
    for key in VARIANTS:
        ours, theirs = runs_of(content, key, "w2vlib"), runs_of(content, key, "gensim")
        if ours and theirs:
            cells = [f"{np.median(s) / 1e3:,.0f}k ({min(s) / 1e3:,.0f}k–{max(s) / 1e3:,.0f}k)"
                     for s in ([r["words_per_second"] for r in ours], [r["words_per_second"] for r in theirs])]
            ratio = np.median([a["words_per_second"] / b["words_per_second"] for a, b in zip(ours, theirs)])
            lines.append(f"{short_name(key):<16}{cells[0]:>22}{cells[1]:>22}{ratio:>16.2f}")
    return "\n".join(lines)


def paired_differences(runs_a: list[dict], runs_b: list[dict], dataset: str) -> list:
    """Per seed, ρ_a − ρ_b on ``dataset`` with its 95% paired-bootstrap interval (runs matched by seed)."""
    return [paired_bootstrap_difference(stored_pair_similarities(a, dataset), stored_pair_similarities(b, dataset),
                                        n_resamples=2000, seed=0)
            for a, b in zip(runs_a, runs_b)]


def comparison_pairs() -> list[tuple[str, str, str, str, str]]:
    """(label, variant a, engine a, variant b, engine b) of the differences a − b that notebook 09 discusses."""
    pairs = [(f"ours − gensim, {short_name(key)}", key, "w2vlib", key, "gensim") for key in VARIANTS]
    for engine in ENGINES:
        pairs += [(f"SG − CBOW α 0.05, {engine}", "sg-ns", engine, "cbow-ns-a0.05", engine),
                  (f"CBOW α 0.05 − 0.025, {engine}", "cbow-ns-a0.05", engine, "cbow-ns", engine),
                  (f"HS − NS, skip-gram, {engine}", "sg-hs", engine, "sg-ns", engine),
                  (f"HS − NS, CBOW α 0.05, {engine}", "cbow-hs-a0.05", engine, "cbow-ns-a0.05", engine)]
    return pairs


def compare(content: dict) -> list[dict]:
    """Every difference of :func:`comparison_pairs` on both datasets, per seed, with its 95% paired-bootstrap
    interval, and a verdict: "higher" ("lower") only when every seed's interval lies above (below) 0."""
    results = []
    for label, key_a, engine_a, key_b, engine_b in comparison_pairs():
        runs_a, runs_b = runs_of(content, key_a, engine_a), runs_of(content, key_b, engine_b)
        if not runs_a or len(runs_a) != len(runs_b):
            continue
        for dataset in DATASETS:
            differences = paired_differences(runs_a, runs_b, dataset)
            above, below = sum(d.low > 0 for d in differences), sum(d.high < 0 for d in differences)
            verdict = ("higher" if above == len(differences) else "lower" if below == len(differences)
                       else "no clear difference")
            results.append({"label": label, "dataset": dataset, "verdict": verdict, "above": above, "below": below,
                            "per_seed": [{"estimate": round(d.estimate, 4), "low": round(d.low, 4),
                                          "high": round(d.high, 4)} for d in differences]})
    return results


def comparison_table(content: dict) -> str:
    """The stored comparisons (:func:`compare`), one line each."""
    lines = [f"{'difference':31}{'data':8}{'per seed':>22}  {'above/below 0':>13}  verdict"]
    for row in content["comparisons"]:
        shown = " ".join(f"{d['estimate']:+.3f}" for d in row["per_seed"])
        data = {"wordsim353": "WS-353", "simlex999": "SimLex"}[row["dataset"]]
        counts = f"{row['above']}/{row['below']}"
        lines.append(f"{row['label']:31}{data:8}{shown:>22}  {counts:>13}  {row['verdict']}")
    lines.append("per seed: ρ_a − ρ_b on the pairs both know; above/below 0: the seeds whose 95% paired-bootstrap")
    lines.append("interval is entirely above / below 0. 'higher' or 'lower' only when every seed's interval says so.")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m w2vlib.course.rest_of_word2vec_runs",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--epochs", type=int, default=PROTOCOL["epochs"], help="passes over the corpus (protocol: 10)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="+", choices=list(VARIANTS), help="variant keys to (re-)run")
    parser.add_argument("--compare-only", action="store_true",
                        help="train nothing: recompute the paired comparisons of the stored runs")
    args = parser.parse_args(argv)
    if args.epochs < 1 or min(args.seeds) < 0:
        parser.error("--epochs must be >= 1 and --seeds >= 0")
    if args.compare_only:
        content = load_results(args.out)
        content["comparisons"] = compare(content)
        _write(args.out, content)
    else:
        run_all(tuple(args.seeds), args.epochs, args.out, args.only)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
