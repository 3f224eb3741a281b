"""The speed and quality benchmark: our fast trainer next to gensim (and the handout-style trainer), same run.

    python -m w2vlib.bench [--repeat N] [--json PATH] [--epochs E] [--handout-words N] [--trainers fast,gensim,...]

Protocol (GUIDE.md): gensim's bundled Wikipedia sample (about 450 thousand words), skip-gram, d = 100, m = 5,
K = 5, sub-sampling 1e-3, min_count 5, 10 epochs, step size 0.025 falling linearly to 0.0001, gensim with
``workers=1``. The trainers run one after the other, each in a fresh child process (spawned, with BLAS
limited to one thread), so that each one's peak memory is its own: the child's peak resident set size
(``ru_maxrss``), read right after training, which includes the Python interpreter, NumPy and the corpus.

* words/s: corpus words (before min_count and sub-sampling) × epochs / seconds of the whole fit
  (vocabulary and training; for gensim ``build_vocab`` + ``train``).
* quality: WordSim-353 and SimLex-999 Spearman and Google-analogy accuracy (3CosAdd over the 30 000 most
  frequent words), computed for both by :mod:`w2vlib.evaluation` from the center vectors.
* the handout-style trainer (plain SGD, one window per step, :mod:`w2vlib.handout_trainer`) is timed on the
  first ``--handout-words`` words for one epoch: it is far too slow for the whole protocol, so its
  quality columns describe a toy-sized run and are not comparable.

With ``--repeat N`` every trainer runs N times (seeds 0..N−1) and the table shows medians.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

PROTOCOL = dict(dim=100, window=5, n_negatives=5, sample=1e-3, min_count=5, epochs=10, step_size=0.025,
                min_step_size=0.0001)
TRAINERS = ("fast", "gensim", "handout")
LABELS = {"fast": "w2vlib fast (NumPy)", "gensim": "gensim 1 worker (C)", "handout": "w2vlib handout (per window)"}
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
GENSIM_MAX_SENTENCE = 10_000  # gensim's C routine drops the words of a sentence after the 10 000th: cut first


def _peak_rss_mib() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def _scores(kv) -> dict:
    from .evaluation import analogy_accuracy, word_pair_spearman

    result = {}
    for key, dataset in (("wordsim353", "wordsim353"), ("simlex999", "simlex999")):
        try:
            score = word_pair_spearman(kv, dataset)
            result[key], result[key + "_oov_share"] = score.spearman, score.oov_share
        except ValueError:
            result[key], result[key + "_oov_share"] = float("nan"), 1.0
    result["analogy"] = analogy_accuracy(kv, restrict_vocab=30000).accuracy
    return result


def run_trainer(kind: str, options: dict) -> dict:
    """Train once in this process and measure; runs in a spawned child (it must be importable)."""
    from .corpora import load_corpus

    corpus = load_corpus(options["corpus"])
    rss_before = _peak_rss_mib()
    epochs, seed = options["epochs"], options["seed"]
    if kind == "fast":
        from .fast_trainer import train

        settings = {**PROTOCOL, "epochs": epochs}
        result = train(corpus, **settings, batch_size=options["batch_size"], seed=seed, progress=False)
        seconds, words, kv = result.seconds, epochs * corpus.n_words, result.embeddings
    elif kind == "gensim":
        from gensim.models import Word2Vec

        sentences = list(corpus.sentences(max_length=GENSIM_MAX_SENTENCE))
        started = time.perf_counter()
        model = Word2Vec(sg=1, vector_size=PROTOCOL["dim"], window=PROTOCOL["window"], negative=PROTOCOL["n_negatives"],
                         hs=0, sample=PROTOCOL["sample"], min_count=PROTOCOL["min_count"], epochs=epochs,
                         alpha=PROTOCOL["step_size"], min_alpha=PROTOCOL["min_step_size"], workers=1, seed=seed)
        model.build_vocab(sentences)
        _, raw_words = model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
        seconds, words, kv = time.perf_counter() - started, raw_words, model.wv
    elif kind == "handout":
        from .embeddings import Embeddings
        from .handout_trainer import train_handout

        head = corpus.head(options["handout_words"])
        result = train_handout(list(head.sentences()), dim=PROTOCOL["dim"], window=PROTOCOL["window"],
                               loss="neg_sampling", n_negatives=PROTOCOL["n_negatives"],
                               step_size=PROTOCOL["step_size"], epochs=1, seed=seed)
        seconds, words = result.seconds, result.n_words_processed
        kv = Embeddings(result.center_vectors, result.index_to_key)
    else:
        raise ValueError(f"unknown trainer {kind!r}; use one of {', '.join(TRAINERS)}.")
    peak = _peak_rss_mib()
    return {"trainer": kind, "seed": seed, "seconds": seconds, "words": int(words), "words_per_second": words / seconds,
            "peak_rss_mib": peak, "rss_before_training_mib": rss_before, **_scores(kv)}


def _in_child(kind: str, options: dict) -> dict:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_trainer, kind, options).result()


@contextmanager
def _environment(variables: dict):
    """Set environment variables for the duration of the block, then restore the old values."""
    old = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _median_row(runs: list[dict]) -> dict:
    keys = [k for k, v in runs[0].items() if isinstance(v, (int, float)) and k != "seed"]
    return {"trainer": runs[0]["trainer"], "n_runs": len(runs),
            **{k: statistics.median(r[k] for r in runs) for k in keys},
            "words_per_second_min": min(r["words_per_second"] for r in runs),
            "words_per_second_max": max(r["words_per_second"] for r in runs)}


def format_table(rows: list[dict]) -> str:
    """The table printed at the end, one row per trainer (medians when there were several runs)."""
    gensim = next((r for r in rows if r["trainer"] == "gensim"), None)
    header = ["trainer", "words/s", "× gensim", "WS-353", "SimLex", "analogy", "peak RSS", "seconds", "runs"]
    lines = []
    for r in rows:
        ratio = f"{r['words_per_second'] / gensim['words_per_second']:.2f}" if gensim else "-"
        pairs = [f"{r[k]:.3f}" + ("*" if r[k + "_oov_share"] > 0.5 else "") for k in ("wordsim353", "simlex999")]
        lines.append([LABELS[r["trainer"]], f"{r['words_per_second']:,.0f}", ratio, *pairs, f"{r['analogy']:.3f}",
                      f"{r['peak_rss_mib']:.0f} MiB", f"{r['seconds']:.1f}", str(r["n_runs"])])
    widths = [max(len(x[i]) for x in [header] + lines) for i in range(len(header))]
    out = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
           for row in [header] + lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def _machine() -> dict:
    import numpy
    import scipy

    try:
        import gensim
        gensim_version = gensim.__version__
    except ImportError:
        gensim_version = None
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as stream:
            cpu = next((line.split(":", 1)[1].strip() for line in stream if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "numpy": numpy.__version__,
            "scipy": scipy.__version__, "gensim": gensim_version,
            "load_average_at_start": os.getloadavg() if hasattr(os, "getloadavg") else None}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m w2vlib.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per trainer (seeds 0..N-1); medians are shown")
    parser.add_argument("--json", metavar="PATH", help="also write every run and the medians to this JSON file")
    parser.add_argument("--epochs", type=int, default=PROTOCOL["epochs"], help="passes over the corpus (protocol: 10)")
    parser.add_argument("--corpus", default="wiki", help="corpus source for load_corpus (protocol: wiki)")
    parser.add_argument("--trainers", default=",".join(TRAINERS), help="comma-separated subset of fast,gensim,handout")
    parser.add_argument("--handout-words", type=int, default=5000, help="corpus words for the handout-style trainer")
    parser.add_argument("--batch-size", type=int, default=256, help="center words per minibatch of the fast trainer")
    args = parser.parse_args(argv)
    trainers = [t.strip() for t in args.trainers.split(",") if t.strip()]
    bad = [t for t in trainers if t not in TRAINERS]
    if bad or not trainers:
        parser.error(f"--trainers must name some of {', '.join(TRAINERS)}, got {args.trainers!r}")
    for name, value in (("--repeat", args.repeat), ("--epochs", args.epochs), ("--handout-words", args.handout_words),
                        ("--batch-size", args.batch_size)):
        if value < 1:
            parser.error(f"{name} must be >= 1, got {value}")

    from .corpora import load_corpus

    corpus = load_corpus(args.corpus)  # parse (and cache) once, before any timing
    print(f"corpus {corpus.name}: {corpus.n_words:,} words; {args.epochs} epochs; trainers {', '.join(trainers)}; "
          f"{args.repeat} run(s) each", flush=True)
    runs: dict[str, list] = {t: [] for t in trainers}
    for seed in range(args.repeat):
        for kind in trainers:
            options = {"corpus": args.corpus, "epochs": args.epochs, "seed": seed, "batch_size": args.batch_size,
                       "handout_words": args.handout_words}
            with _environment(SINGLE_THREAD):  # inherited by the spawned child: one core, like workers=1
                run = _in_child(kind, options)
            runs[kind].append(run)
            print(f"  run {seed + 1}/{args.repeat} {LABELS[kind]:28s} {run['words_per_second']:>10,.0f} words/s "
                  f"{run['seconds']:7.1f} s  WS-353 {run['wordsim353']:.3f}", flush=True)
    rows = [_median_row(runs[t]) for t in trainers]
    print()
    print(format_table(rows))
    print("peak RSS: the child process's maximum resident set size after training (ru_maxrss), including Python, "
          "NumPy and the corpus.")
    if any(r[k + "_oov_share"] > 0.5 for r in rows for k in ("wordsim353", "simlex999")):
        print("*: more than half of the dataset's word pairs are out of the vocabulary.")
    if "handout" in trainers:
        print(f"handout: first {args.handout_words:,} words, 1 epoch; its quality columns are not comparable.")
        if "fast" in trainers:
            speed = {r["trainer"]: r["words_per_second"] for r in rows}
            speedup = speed["fast"] / speed["handout"]
            print(f"fast / handout words per second: {speedup:,.0f}×")
    report = {"protocol": {**PROTOCOL, "epochs": args.epochs, "corpus": args.corpus, "corpus_words": corpus.n_words,
                           "fast_batch_size": args.batch_size, "handout_words": args.handout_words,
                           "gensim_max_sentence_length": GENSIM_MAX_SENTENCE, "blas_threads": 1},
              "machine": _machine(), "medians": rows, "runs": runs}
    if args.json:
        from pathlib import Path

        from .atomic_file import atomic_write

        with atomic_write(Path(args.json), "w") as stream:
            json.dump(report, stream, indent=2)
        print(f"wrote {args.json}")
    return report


if __name__ == "__main__":
    main()
