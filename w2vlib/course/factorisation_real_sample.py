"""Notebook 10's runs on the Wikipedia sample: count vectors and skip-gram side by side, run once and stored.

    python -m w2vlib.course.factorisation_real_sample           # every method, seeds 0 1 2 (about 5 minutes, 2 cores)
    python -m w2vlib.course.factorisation_real_sample --seeds 0 --out /tmp/check.json

All methods see the same text at the same settings (:data:`SETTINGS`, the benchmark's: min_count 5, window m = 5
with word2vec's dynamic weighting, sub-sampling 1e-3, d = 100, K = 5, 10 passes):

* ``ppmi``: the rows of PPMI (α = ¾) of the counts of 10 sub-sampled passes
  (:func:`w2vlib.text.weighted_cooccurrence.training_cooccurrence`), |Vocab|-dimensional sparse vectors;
* ``ppmi_svd``: truncated SVD of that PPMI, d = 100, W Σ^½;
* ``sppmi_svd_p0``, ``_p0.5``, ``_p1``: truncated SVD of SPPMI_K (shift log K, K = 5), W Σ^p;
* ``sgns``: our fast trainer (:func:`w2vlib.train`), ``gensim``: gensim's Word2Vec with one worker.

Each (method, seed) is built in a fresh process, one after the other, with BLAS on one thread (as ``make bench``),
so that its time and peak memory are its own. A seed seeds the sub-sampling and the SVD's random projection, or
the trainer. Every run is scored on WordSim-353, SimLex-999 (the cosine of each in-vocabulary pair is stored for seed
0, so the notebook can compute bootstrap intervals) and the Google analogies. For the two skip-gram trainers the
scores u_o^T v_c are compared with their optimum s*(c, o) (:func:`w2vlib.vectors.count_vectors.sgns_optimal_scores`)
by the pairs' counts (:func:`score_fit`). The result is written, atomically, to
``notebooks/data/factorisation_real_sample.json``, which notebook 10 reads.
"""
from __future__ import annotations

import argparse
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from .stored_runs import load_runs, write_runs
from ..bench.benchmark import GENSIM_MAX_SENTENCE, PROTOCOL, SINGLE_THREAD, _environment, gensim_word2vec
from ..bench.peak_memory import peak_rss_mib

SETTINGS = PROTOCOL                           # the benchmark's settings, so that the two cannot drift apart
NOISE_POWER = 0.75                            # β of P_n: the fast trainer's default and gensim's ns_exponent
SVD_POWERS = (0.0, 0.5, 1.0)                  # p of W Σ^p
FIT_BINS = (0.0, 1.0, 5.0, 20.0, np.inf)      # n(c, o) per pass: rare ... frequent pairs
FREQUENT = 20.0                               # "frequent pairs": n(c, o) ≥ this many per pass
SAMPLE_PER_BIN, SAMPLE_UNSEEN = 600, 1000      # pairs kept for the notebook's scatter plot (seed 0)
DATASETS = ("wordsim353", "simlex999")
METHODS = {"ppmi": "PPMI, sparse (α = ¾)", "ppmi_svd": "SVD of PPMI, p = ½",
           **{f"sppmi_svd_p{p:g}": f"SVD of SPPMI (K = 5), p = {p:g}" for p in SVD_POWERS},
           "sgns": "our SGNS (w2vlib.train)", "gensim": "gensim SGNS, 1 worker"}
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "factorisation_real_sample.json"


def _scores(embeddings, keep_pairs: bool) -> dict:
    """WordSim-353 and SimLex-999 Spearman (with each pair's cosine if ``keep_pairs``) and analogy accuracy."""
    from ..vectors.evaluation import analogy_accuracy, pair_similarities
    from ..vectors.score_uncertainty import spearman

    result = {}
    for dataset in DATASETS:
        pairs = pair_similarities(embeddings, dataset)
        result[dataset] = {"spearman": round(spearman(pairs.gold, pairs.model), 6), "n_pairs": pairs.n_pairs}
        if keep_pairs:
            result[dataset] |= {"pair_numbers": pairs.pair_numbers.tolist(),
                                "cosines": [round(float(x), 5) for x in pairs.model]}
    analogies = analogy_accuracy(embeddings)
    result["analogy"] = {"accuracy": round(analogies.accuracy, 6), "n_correct": analogies.n_correct,
                         "n_questions": analogies.n_questions}
    return result


def cpu_seconds() -> float:
    """CPU time of this process (all its threads) and of its children that have ended (the trainer's producer
    process), user and system: unlike wall-clock time, it hardly grows when other programs share the cores."""
    import resource

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _run(key: str, seconds: float, cpu: float, peak: float, baseline: float, megabytes: float, dims: int,
         seed: int, embeddings) -> dict:
    return {"key": key, "method": METHODS[key], "seed": seed, "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "peak_mib": round(peak), "baseline_mib": round(baseline), "vectors_mib": round(megabytes, 1),
            "dims": dims, **_scores(embeddings, keep_pairs=seed == 0)}


COUNT_KINDS = ("ppmi", "ppmi_svd", "sppmi_svd")


def count_run(kind: str, seed: int) -> list[dict]:
    """Build the count vectors of ``kind`` (one of :data:`COUNT_KINDS`) for one seed, in this process, from the
    corpus up; score them. ``sppmi_svd`` gives one run per p of :data:`SVD_POWERS` (one SVD, three weightings)."""
    from ..text.corpora import load_corpus
    from ..vectors.embeddings import Embeddings
    from ..text.weighted_cooccurrence import sparse_megabytes, training_cooccurrence
    from ..vectors.count_vectors import ppmi, svd_vectors, truncated_svd
    from ..text.vocabulary import build_vocabulary

    corpus = load_corpus("wiki")
    baseline = peak_rss_mib()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    vocabulary = build_vocabulary(corpus, SETTINGS["min_count"])
    counts = training_cooccurrence(vocabulary, corpus, SETTINGS["window"], SETTINGS["sample"], SETTINGS["epochs"], seed)
    matrix = ppmi(counts, n_negatives=SETTINGS["n_negatives"] if kind == "sppmi_svd" else 1)
    if kind == "ppmi":
        seconds, cpu, peak = time.perf_counter() - started, cpu_seconds() - cpu_started, peak_rss_mib()  # before the
        # scores, which need the rows dense
        built = {"ppmi": (None, sparse_megabytes(matrix))}
    else:
        left, singular = truncated_svd(matrix, SETTINGS["dim"], seed)
        seconds, cpu, peak = time.perf_counter() - started, cpu_seconds() - cpu_started, peak_rss_mib()
        powers = SVD_POWERS if kind == "sppmi_svd" else (0.5,)
        built = {kind if kind == "ppmi_svd" else f"sppmi_svd_p{p:g}": (svd_vectors(left, singular, p), None)
                 for p in powers}
    runs = []
    for key, (vectors, megabytes) in built.items():
        if vectors is None:
            vectors = matrix.toarray()
        else:
            megabytes = vectors.size * 4 / 2**20          # float32, as Embeddings stores them
        runs.append(_run(key, seconds, cpu, peak, baseline, megabytes, vectors.shape[1], seed,
                         Embeddings(vectors, vocabulary.index_to_key, counts=vocabulary.counts)))
    return runs


def score_fit(center_vectors, outside_vectors, counts, optimal, rng, sample: bool, alternatives=None) -> dict:
    """How close the trained scores u_o^T v_c are to their optimum s*(c, o), by the pairs' counts.

    center_vectors, outside_vectors: shape (n_words, d), rows v_w and u_w (vocabulary order of ``counts``).
    counts:  n(c, o) per pass, CSR (n_words, n_words); optimal: s*(c, o) at the same stored entries (CSR).
    alternatives: name -> another candidate target at the same stored entries (CSR), e.g. PMI from the matrix's own
                  column sums; each gets Pearson's r with the scores over the frequent pairs (n ≥ :data:`FREQUENT`).
    For each bin of :data:`FIT_BINS`: the pairs, Pearson's r of score and s*, the mean and spread of score − s*;
    for pairs never seen (n = 0, s* = −∞): the scores of 100,000 random word pairs that do not occur.
    """
    counts, optimal = counts.tocoo(), optimal.tocoo()
    if not (np.array_equal(counts.row, optimal.row) and np.array_equal(counts.col, optimal.col)):
        raise ValueError("optimal must hold s*(c, o) at exactly the stored entries of counts, in the same order.")
    V, U = np.asarray(center_vectors, dtype=np.float64), np.asarray(outside_vectors, dtype=np.float64)
    scores = np.einsum("nd,nd->n", V[counts.row], U[counts.col])
    bins = []
    for low, high in zip(FIT_BINS[:-1], FIT_BINS[1:]):
        inside = (counts.data >= low) & (counts.data < high) & np.isfinite(optimal.data)
        gap = scores[inside] - optimal.data[inside]
        enough = inside.sum() >= 3 and np.ptp(optimal.data[inside]) > 0 and np.ptp(scores[inside]) > 0
        bins.append({"low": low, "high": None if np.isinf(high) else high, "pairs": int(inside.sum()),
                     "r": round(float(np.corrcoef(scores[inside], optimal.data[inside])[0, 1]), 4) if enough else None,
                     "mean_gap": round(float(gap.mean()), 4) if gap.size else None,
                     "sd_gap": round(float(gap.std()), 4) if gap.size else None})
    frequent = (counts.data >= FREQUENT) & np.isfinite(optimal.data)
    compared = {}
    for name, target in (alternatives or {}).items():
        target = target.tocoo()
        if not (np.array_equal(counts.row, target.row) and np.array_equal(counts.col, target.col)):
            raise ValueError(f"the alternative {name!r} must be stored at exactly the entries of counts.")
        compared[name] = round(float(np.corrcoef(scores[frequent], target.data[frequent])[0, 1]), 4)
    n_words = counts.shape[0]
    rows, cols = rng.integers(0, n_words, size=(2, 100_000))
    never = np.asarray(counts.tocsr()[rows, cols]).ravel() == 0
    unseen = np.einsum("nd,nd->n", V[rows[never]], U[cols[never]])
    unseen_summary = {"pairs": int(never.sum()), "share_of_random_pairs": round(float(never.mean()), 4),
                      **{f"p{q}": round(float(np.percentile(unseen, q)), 4) for q in (5, 50, 95)},
                      "mean": round(float(unseen.mean()), 4)}
    fit = {"bins": bins, "frequent_r_other_targets": compared, "unseen": unseen_summary}
    if sample:
        kept = []
        for low, high in zip(FIT_BINS[:-1], FIT_BINS[1:]):
            inside = np.flatnonzero((counts.data >= low) & (counts.data < high) & np.isfinite(optimal.data))
            kept.append(rng.choice(inside, size=min(SAMPLE_PER_BIN, inside.size), replace=False))
        kept = np.sort(np.concatenate(kept))
        fit["sample"] = {"count": np.round(counts.data[kept], 3).tolist(),
                         "s_star": np.round(optimal.data[kept], 3).tolist(),
                         "score": np.round(scores[kept], 3).tolist(),
                         "unseen_score": np.round(unseen[:SAMPLE_UNSEEN], 3).tolist()}
    return fit


def sgns_run(engine: str, seed: int) -> dict:
    """Train our SGNS (``engine="sgns"``) or gensim's (``"gensim"``) for one seed in this process; score it and
    measure its fit to s*."""
    from ..text.corpora import load_corpus
    from ..vectors.embeddings import Embeddings
    from ..training.fast_trainer import train
    from ..text.negative_sampler import noise_distribution
    from ..text.weighted_cooccurrence import training_cooccurrence
    from ..vectors.count_vectors import pmi, sgns_optimal_scores
    from ..text.vocabulary import build_vocabulary

    corpus = load_corpus("wiki")
    baseline = peak_rss_mib()
    vocabulary = build_vocabulary(corpus, SETTINGS["min_count"])
    cpu_started = cpu_seconds()
    if engine == "sgns":
        result = train(corpus, **SETTINGS, seed=seed, progress=False)
        seconds, peak = result.seconds, peak_rss_mib()
        center, outside = result.center_vectors, result.outside_vectors
    else:
        started = time.perf_counter()
        model, _ = gensim_word2vec(list(corpus.sentences(max_length=GENSIM_MAX_SENTENCE)), seed=seed)
        seconds, peak = time.perf_counter() - started, peak_rss_mib()
        rows = [model.wv.key_to_index[word] for word in vocabulary.index_to_key]   # into our vocabulary's order
        center, outside = model.wv.vectors[rows], model.syn1neg[rows]
    cpu = cpu_seconds() - cpu_started
    run = _run(engine, seconds, cpu, peak, baseline, center.nbytes / 2**20, center.shape[1], seed,
               Embeddings(center, vocabulary.index_to_key, counts=vocabulary.counts))
    counts = training_cooccurrence(vocabulary, corpus, SETTINGS["window"], SETTINGS["sample"], SETTINGS["epochs"], seed)
    noise, shift = noise_distribution(vocabulary.counts, NOISE_POWER), np.log(SETTINGS["n_negatives"])
    optimal = sgns_optimal_scores(counts, noise, SETTINGS["n_negatives"])
    alternatives = {"s* with o not excluded": sgns_optimal_scores(counts, noise, SETTINGS["n_negatives"], False),
                    "PMI (α = 1, column sums) − log K": pmi(counts, 1.0),
                    "PMI_¾ (column sums) − log K": pmi(counts, 0.75)}
    for name in ("PMI (α = 1, column sums) − log K", "PMI_¾ (column sums) − log K"):
        alternatives[name].data -= shift            # at the stored entries only (Pearson's r ignores the shift)
    run["fit"] = score_fit(center, outside, counts, optimal, np.random.default_rng(seed),
                           sample=seed == 0 and engine == "sgns", alternatives=alternatives)
    return run


def _in_child(function, *args):
    """``function(*args)`` in a fresh spawned process with BLAS on one thread: its time and memory are its own."""
    with _environment(SINGLE_THREAD), ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def run_all(seeds=(0, 1, 2), out: Path = DEFAULT_OUT) -> dict:
    """Every method with every seed, each in its own process; writes the JSON file and returns its content."""
    from ..text.corpora import load_corpus

    corpus = load_corpus("wiki")   # parsed and cached once, before any timing
    content = {"corpus": f"wiki ({corpus.n_words} words)", "settings": SETTINGS, "seeds": list(seeds),
               "count_passes": SETTINGS["epochs"], "fit_bins": [b if np.isfinite(b) else None for b in FIT_BINS],
               "frequent": FREQUENT, "methods": METHODS, "runs": [],
               "made_by": "python -m w2vlib.course.factorisation_real_sample"}
    for seed in seeds:
        jobs = [(count_run, (kind, seed)) for kind in COUNT_KINDS] + [(sgns_run, (engine, seed))
                                                                         for engine in ("sgns", "gensim")]
        for job, args in jobs:
            made = _in_child(job, *args)
            for run in made if isinstance(made, list) else [made]:
                content["runs"].append(run)
                print(f"{run['method']:>34}  seed {seed}  {run['seconds']:6.1f} s ({run['cpu_seconds']:5.1f} s CPU)  "
              f"{run['peak_mib']:5d} MiB  "
                      f"WordSim-353 {run['wordsim353']['spearman']:.3f}  SimLex-999 {run['simlex999']['spearman']:.3f}"
                      f"  analogies {run['analogy']['accuracy']:.3f}", flush=True)
            _write(out, content)   # after every process, so an interruption loses only the run under way
    return content


def _write(out: Path, content: dict) -> None:
    write_runs(out, content)


def load_results(path: Path = DEFAULT_OUT) -> dict:
    """The stored runs (see :func:`run_all`); a clear error if the file is missing."""
    return load_runs(path, "python -m w2vlib.course.factorisation_real_sample", "about 5 minutes")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if any(seed < 0 for seed in args.seeds):
        parser.error(f"--seeds must be integers >= 0, got {args.seeds}")
    run_all(tuple(args.seeds), args.out)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()


# ----- reading the stored runs (notebook 10) ------------------------------------------------------------------

def stored_pair_similarities(run: dict, dataset: str):
    """The :class:`w2vlib.evaluation.PairSimilarities` of a stored seed-0 run (human ratings read from the dataset's
    file), ready for :func:`w2vlib.bootstrap_spearman` and :func:`w2vlib.paired_bootstrap_difference`."""
    from ..vectors.evaluation import PAIR_DATASETS, PairSimilarities, gensim_data_path, read_word_pairs

    if "cosines" not in run.get(dataset, {}):
        raise ValueError(f"run {run.get('key')!r} seed {run.get('seed')} keeps no pair cosines for {dataset!r}: only "
                         "the seed-0 runs do.")
    all_pairs = read_word_pairs(gensim_data_path(PAIR_DATASETS[dataset]))
    numbers = np.array(run[dataset]["pair_numbers"], dtype=np.int64)
    gold = np.array([all_pairs[i][2] for i in numbers], dtype=np.float64)
    return PairSimilarities(dataset, numbers, gold, np.array(run[dataset]["cosines"]), len(all_pairs))


def runs_of(content: dict, key: str) -> list[dict]:
    """The stored runs of one method, in seed order."""
    runs = sorted((run for run in content["runs"] if run["key"] == key), key=lambda run: run["seed"])
    if not runs:
        raise ValueError(f"no stored run of {key!r}; the methods are {', '.join(content['methods'])}.")
    return runs


def _spread(values, digits: int = 3) -> str:
    if any(value is None for value in values):
        return "n/a"
    return f"{np.mean(values):.{digits}f} ({min(values):.{digits}f}..{max(values):.{digits}f})"


def score_table(content: dict) -> str:
    """One line per method: WordSim-353, SimLex-999 and analogy accuracy, mean over the seeds (min..max)."""
    lines = [f"{'method':<32}{'WordSim-353':>21}{'SimLex-999':>21}{'analogies':>21}"]
    for key, name in content["methods"].items():
        runs = runs_of(content, key)
        cells = [_spread([run[score]["spearman"] for run in runs]) for score in DATASETS]
        cells.append(_spread([run["analogy"]["accuracy"] for run in runs]))
        lines.append(f"{name:<32}" + "".join(f"{cell:>21}" for cell in cells))
    return "\n".join(lines)


def cost_table(content: dict) -> str:
    """One line per method, from the corpus to the vectors: CPU seconds (median over the seeds, min..max), wall-clock
    seconds and peak memory (medians), the size of the vectors kept and their dimension."""
    lines = [f"{'method':<32}{'CPU seconds':>18}{'wall s':>8}{'peak MiB':>10}{'vectors MiB':>13}{'dims':>7}"]
    for key, name in content["methods"].items():
        runs = runs_of(content, key)
        cpu = [run["cpu_seconds"] for run in runs]
        cpu_cell = f"{np.median(cpu):.1f} ({min(cpu):.1f}..{max(cpu):.1f})"
        lines.append(f"{name:<32}{cpu_cell:>18}{np.median([run['seconds'] for run in runs]):>8.1f}"
                     f"{np.median([run['peak_mib'] for run in runs]):>10.0f}{runs[0]['vectors_mib']:>13.1f}"
                     f"{runs[0]['dims']:>7,}")
    return "\n".join(lines)


def fit_table(content: dict, key: str = "sgns") -> str:
    """One line per bin of n(c, o): pairs, Pearson's r of u_o^T v_c with s*, and the mean and spread of score − s*
    (mean over the seeds, with min..max of r and of the mean gap)."""
    runs = runs_of(content, key)
    lines = [f"{'n(c, o) per pass':<18}{'pairs':>10}{'r with s*':>22}{'mean of score − s*':>24}{'sd':>7}"]
    for number, first in enumerate(runs[0]["fit"]["bins"]):
        bins = [run["fit"]["bins"][number] for run in runs]
        label = f"{first['low']:g} to {first['high']:g}" if first["high"] is not None else f"{first['low']:g} or more"
        lines.append(f"{label:<18}{first['pairs']:>10,}{_spread([b['r'] for b in bins], 2):>22}"
                     f"{_spread([b['mean_gap'] for b in bins], 2):>24}{np.mean([b['sd_gap'] for b in bins]):>7.2f}")
    return "\n".join(lines)
