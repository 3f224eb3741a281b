"""The speed and quality benchmark: our fast trainer next to gensim (and the handout-style trainer), same run.

    python -m w2vlib.bench.benchmark [--repeat N] [--json PATH] [--epochs E] [--handout-words N] [--trainers fast,gensim,...]

Protocol (GUIDE.md): gensim's bundled Wikipedia sample (about 450 thousand words), skip-gram, d = 100, m = 5,
K = 5, sub-sampling 1e-3, min_count 5, 10 epochs, step size 0.025 falling linearly to 0.0001. Rows: ours and
gensim with one worker and with one worker per core (``gensim-all``, for honesty), ours with the public-API
scatter-add forced (``fast-public``: :mod:`w2vlib.training.scatter_add`; the ``scatter`` column names the path each of
our rows ran), ours with each minibatch made in the training thread instead of a thread of its own
(``fast-serial``: :func:`w2vlib.training.minibatch_stream.made_ahead`), the handout-style trainer, and the same
protocol for CBOW and the hierarchical softmax, ours and gensim's with one worker (``fast-cbow``, ``fast-hs``,
``fast-cbow-hs``, ``gensim-cbow``, ...; gensim's ``sg=0`` and ``hs=1, negative=0``): their "× gensim" is against
gensim's row of the same model and loss. The trainers run one after the other, each in a fresh child
process (spawned, with BLAS limited to one thread), so that each one's peak memory is its own: the child's peak
resident set size (:func:`w2vlib.bench.peak_memory.peak_rss_mib`, which leaves out this process's memory that
``ru_maxrss`` would count), read right after training, which includes the Python interpreter, NumPy and the
corpus.

* words/s: corpus words (before min_count and sub-sampling) × epochs / seconds of the whole fit
  (vocabulary and training; for gensim ``build_vocab`` + ``train``).
* quality: WordSim-353 and SimLex-999 Spearman and Google-analogy accuracy (3CosAdd over the 30 000 most
  frequent words), computed for both by :mod:`w2vlib.vectors.evaluation` from the center vectors.
* the handout-style trainer (plain SGD, one window per step, :mod:`w2vlib.training.handout_trainer`) is timed on the
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
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context

from .peak_memory import peak_rss_mib

PROTOCOL = dict(dim=100, window=5, n_negatives=5, sample=1e-3, min_count=5, epochs=10, step_size=0.025,
                min_step_size=0.0001)
CORES = os.cpu_count() or 1
# name -> (engine, workers, scatter path for ours, model, loss); "all" means one worker per core
SGNS = ("skipgram", "neg_sampling")
TRAINER_SPECS = {"fast": ("fast", 1, None, *SGNS), "fast-public": ("fast", 1, "public sparse", *SGNS),
                 "fast-serial": ("fast", 1, None, *SGNS),
                 "gensim": ("gensim", 1, None, *SGNS), "gensim-all": ("gensim", "all", None, *SGNS),
                 "handout": ("handout", 1, None, *SGNS),
                 **{f"{engine}-{key}": (engine, 1, None, model, loss) for engine in ("fast", "gensim")
                    for key, model, loss in (("cbow", "cbow", "neg_sampling"),
                                             ("hs", "skipgram", "hierarchical_softmax"),
                                             ("cbow-hs", "cbow", "hierarchical_softmax"))}}
TRAINERS = tuple(TRAINER_SPECS)
MADE_IN_TRAINING_THREAD = {"fast-serial"}   # fast_trainer.MAKE_AHEAD off: minibatches made between the steps
LABELS = {"fast": "w2vlib fast", "fast-public": "w2vlib fast, public scatter",
          "fast-serial": "w2vlib fast, no minibatch thread",
          "gensim": "gensim 1 worker (C)",
          "gensim-all": f"gensim {CORES} workers (C)", "handout": "w2vlib handout (per window)",
          **{f"{engine}-{key}": f"{name} {variant}{suffix}"
             for engine, name, suffix in (("fast", "w2vlib fast,", ""), ("gensim", "gensim", ", 1 worker (C)"))
             for key, variant in (("cbow", "CBOW"), ("hs", "skip-gram HS"), ("cbow-hs", "CBOW HS"))}}
SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
GENSIM_MAX_SENTENCE = 10_000  # gensim's C routine drops the words of a sentence after the 10 000th: cut first


def _scores(kv) -> dict:
    from ..vectors.evaluation import analogy_accuracy, word_pair_spearman

    result = {}
    for key, dataset in (("wordsim353", "wordsim353"), ("simlex999", "simlex999")):
        try:
            score = word_pair_spearman(kv, dataset)
            result[key], result[key + "_oov_share"] = score.spearman, score.oov_share
        except ValueError:
            result[key], result[key + "_oov_share"] = float("nan"), 1.0
    result["analogy"] = analogy_accuracy(kv, restrict_vocab=30000).accuracy
    return result


def gensim_word2vec(sentences: list, *, epochs: int = PROTOCOL["epochs"], seed: int = 0, workers: int = 1,
                    model: str = "skipgram", loss: str = "neg_sampling", step_size: float = PROTOCOL["step_size"]):
    """gensim's word2vec at the protocol's settings: its vocabulary, then its training. The defaults are skip-gram
    with negative sampling; ``model="cbow"`` is gensim's ``sg=0`` (the mean of the context, ``cbow_mean=1``),
    ``loss="hierarchical_softmax"`` its ``hs=1, negative=0``; ``step_size`` is its ``alpha`` at the start.

    sentences: lists of words, each at most ``GENSIM_MAX_SENTENCE`` long (``corpus.sentences(max_length=...)``:
               gensim's C routine drops the words of a sentence after the 10,000th).
    Returns ``(model, raw_words)``: the trained ``gensim.models.Word2Vec`` and the corpus words it counted.
    """
    from gensim.models import Word2Vec

    hs = loss == "hierarchical_softmax"
    model = Word2Vec(sg=int(model == "skipgram"), vector_size=PROTOCOL["dim"], window=PROTOCOL["window"],
                     negative=0 if hs else PROTOCOL["n_negatives"], hs=int(hs), sample=PROTOCOL["sample"],
                     min_count=PROTOCOL["min_count"], epochs=epochs, alpha=step_size,
                     min_alpha=PROTOCOL["min_step_size"], workers=workers, seed=seed)
    model.build_vocab(sentences)
    _, raw_words = model.train(sentences, total_examples=model.corpus_count, epochs=epochs)
    return model, raw_words


def run_trainer(kind: str, options: dict) -> dict:
    """Train once in this process and measure; runs in a spawned child (it must be importable)."""
    from ..text.corpora import load_corpus

    corpus = load_corpus(options["corpus"])
    rss_before = peak_rss_mib()
    epochs, seed = options["epochs"], options["seed"]
    if kind not in TRAINER_SPECS:
        raise ValueError(f"unknown trainer {kind!r}; use one of {', '.join(TRAINERS)}.")
    engine, workers, scatter, model, loss = TRAINER_SPECS[kind]
    workers = CORES if workers == "all" else workers
    path = None
    if engine == "fast":
        from ..training import fast_trainer, scatter_add

        before = scatter_add.scatter_path()
        path = scatter_add.use_scatter_path(scatter or scatter_add.PRIVATE)
        ahead_before = fast_trainer.MAKE_AHEAD
        fast_trainer.MAKE_AHEAD = kind not in MADE_IN_TRAINING_THREAD
        settings = {**PROTOCOL, "epochs": epochs}
        try:
            result = fast_trainer.train(corpus, **settings, batch_size=options["batch_size"], seed=seed,
                                        progress=False, model=model, loss=loss)
        finally:   # in a test run in this process, the next trainer must not inherit the forced path or thread
            scatter_add.use_scatter_path(before)
            fast_trainer.MAKE_AHEAD = ahead_before
        seconds, words, kv = result.seconds, epochs * corpus.n_words, result.embeddings
    elif engine == "gensim":
        sentences = list(corpus.sentences(max_length=GENSIM_MAX_SENTENCE))
        started = time.perf_counter()
        gensim_model, raw_words = gensim_word2vec(sentences, epochs=epochs, seed=seed, workers=workers, model=model,
                                                  loss=loss)
        seconds, words, kv = time.perf_counter() - started, raw_words, gensim_model.wv
    else:  # the handout-style trainer
        from ..vectors.embeddings import Embeddings
        from ..training.handout_trainer import train_handout

        head = corpus.head(options["handout_words"])
        result = train_handout(list(head.sentences()), dim=PROTOCOL["dim"], window=PROTOCOL["window"],
                               loss="neg_sampling", n_negatives=PROTOCOL["n_negatives"],
                               step_size=PROTOCOL["step_size"], epochs=1, seed=seed)
        seconds, words = result.seconds, result.n_words_processed
        kv = Embeddings(result.center_vectors, result.index_to_key)
    peak = peak_rss_mib()
    return {"trainer": kind, "seed": seed, "workers": workers, "scatter_path": path, "seconds": seconds,
            "words": int(words), "words_per_second": words / seconds, "peak_rss_mib": peak,
            "rss_before_training_mib": rss_before, **_scores(kv)}


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
    keys = [k for k, v in runs[0].items() if isinstance(v, (int, float)) and k not in ("seed", "workers")]
    return {"trainer": runs[0]["trainer"], "n_runs": len(runs), "scatter_path": runs[0].get("scatter_path"),
            "workers": runs[0].get("workers", 1),
            **{k: statistics.median(r[k] for r in runs) for k in keys},
            "words_per_second_min": min(r["words_per_second"] for r in runs),
            "words_per_second_max": max(r["words_per_second"] for r in runs)}


def format_table(rows: list[dict]) -> str:
    """The table printed at the end, one row per trainer (medians when there were several runs).

    × gensim: words/s against gensim with 1 worker and the same model and loss; × gensim all: against gensim with all
    cores (rows present; skip-gram with negative sampling only).
    """
    speed = {r["trainer"]: r["words_per_second"] for r in rows}
    header = ["trainer", "words/s", "× gensim", "× gensim all", "WS-353", "SimLex", "analogy", "peak RSS", "seconds",
              "scatter", "runs"]
    lines = []
    for r in rows:
        variant = next((key for key in ("cbow-hs", "cbow", "hs") if r["trainer"].endswith("-" + key)), None)
        references = (f"gensim-{variant}", None) if variant else ("gensim", "gensim-all")
        ratios = [f"{r['words_per_second'] / speed[ref]:.2f}" if ref in speed else "-" for ref in references]
        pairs = [f"{r[k]:.3f}" + ("*" if r[k + "_oov_share"] > 0.5 else "") for k in ("wordsim353", "simlex999")]
        lines.append([LABELS.get(r["trainer"], r["trainer"]), f"{r['words_per_second']:,.0f}", *ratios, *pairs,
                      f"{r['analogy']:.3f}", f"{r['peak_rss_mib']:.0f} MiB", f"{r['seconds']:.1f}",
                      r.get("scatter_path") or "-", str(r["n_runs"])])
    widths = [max(len(x[i]) for x in [header] + lines) for i in range(len(header))]
    out = ["  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
           for row in [header] + lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def _target_lines(rows: list[dict], runs: dict[str, list] | None = None) -> list[str]:
    """Issue 13's targets, each with its measured value (only those whose rows ran).

    rows: the median rows; runs: trainer -> its runs in seed order (as ``main`` makes them). With several
    runs, each speed target also gives the ratio of every pair of runs with the same seed (made one after
    the other) and how many of them meet it: on a shared machine the medians alone can land on either side.
    """
    by = {r["trainer"]: r for r in rows}
    lines = []

    def ratio(a, b, target):
        text = f"{by[a]['words_per_second'] / by[b]['words_per_second']:.2f}× (target ≥ {target})"
        if runs and len(runs.get(a, [])) > 1 and len(runs[a]) == len(runs.get(b, [])):
            paired = [x["words_per_second"] / y["words_per_second"] for x, y in zip(runs[a], runs[b])]
            met = sum(r >= target for r in paired)
            verdict = ("met in every run" if met == len(paired) else "met in no run" if met == 0 else
                       f"met in {met} of {len(paired)} runs: undecided on this machine")
            text += f"; run by run {', '.join(f'{r:.2f}' for r in paired)}: {verdict}"
        return text

    if {"fast", "gensim"} <= set(by):
        gap = by["fast"]["wordsim353"] - by["gensim"]["wordsim353"]
        lines.append(f"ours (one process) / gensim 1 worker: {ratio('fast', 'gensim', 1.0)}; "
                     f"WS-353 {gap:+.3f} against gensim's (target ≥ −0.02)")
    if {"fast-public", "fast"} <= set(by):
        lines.append(f"public scatter / {by['fast']['scatter_path']}: {ratio('fast-public', 'fast', 0.8)}")
    if {"fast-serial", "fast"} <= set(by):
        lines.append(f"minibatch thread / none: {ratio('fast', 'fast-serial', 1.1)} (kept only at ≥ 1.1×)")
    for key in ("cbow", "hs", "cbow-hs"):
        ours, theirs = f"fast-{key}", f"gensim-{key}"
        if {ours, theirs} <= set(by):
            lines.append(f"{LABELS[ours].split(',')[1].strip()}, ours / gensim (1 worker each): "
                         f"{by[ours]['words_per_second'] / by[theirs]['words_per_second']:.2f}× (no target); "
                         f"WS-353 {by[ours]['wordsim353'] - by[theirs]['wordsim353']:+.3f} against gensim's")
    fast_rows = [r for r in rows if r["trainer"].startswith("fast")]
    if fast_rows and "gensim" in by:
        ours = max(r["peak_rss_mib"] for r in fast_rows)
        lines.append(f"largest peak memory of ours: {ours:.0f} MiB, gensim's {by['gensim']['peak_rss_mib']:.0f} MiB "
                     f"(target ≤ gensim's + 200: {'met' if ours <= by['gensim']['peak_rss_mib'] + 200 else 'missed'})")
    return lines


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
    parser = argparse.ArgumentParser(prog="python -m w2vlib.bench.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per trainer (seeds 0..N-1); medians are shown")
    parser.add_argument("--json", metavar="PATH", help="also write every run and the medians to this JSON file")
    parser.add_argument("--epochs", type=int, default=PROTOCOL["epochs"], help="passes over the corpus (protocol: 10)")
    parser.add_argument("--corpus", default="wiki", help="corpus source for load_corpus (protocol: wiki)")
    parser.add_argument("--trainers", default=",".join(TRAINERS), help=f"comma-separated subset of {','.join(TRAINERS)}")
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

    from ..text.corpora import load_corpus

    corpus = load_corpus(args.corpus)  # parse (and cache) once, before any timing
    print(f"corpus {corpus.name}: {corpus.n_words:,} words; {args.epochs} epochs; trainers {', '.join(trainers)}; "
          f"{args.repeat} run(s) each", flush=True)
    runs: dict[str, list] = {t: [] for t in trainers}
    for seed in range(args.repeat):
        for kind in trainers:
            options = {"corpus": args.corpus, "epochs": args.epochs, "seed": seed, "batch_size": args.batch_size,
                       "handout_words": args.handout_words}
            with _environment(SINGLE_THREAD):  # inherited by the spawned child: BLAS on one thread
                run = _in_child(kind, options)
            runs[kind].append(run)
            print(f"  run {seed + 1}/{args.repeat} {LABELS[kind]:38s} {run['words_per_second']:>10,.0f} words/s "
                  f"{run['seconds']:7.1f} s  WS-353 {run['wordsim353']:.3f}", flush=True)
    rows = [_median_row(runs[t]) for t in trainers]
    print()
    print(format_table(rows))
    for line in _target_lines(rows, runs):
        print(line)
    print("peak RSS: the child process's own maximum resident set size after training (VmHWM), including Python, "
          "NumPy and the corpus. scatter: the scatter-add path our trainer ran "
          "(w2vlib.training.scatter_add).")
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
                           "gensim_max_sentence_length": GENSIM_MAX_SENTENCE, "blas_threads": 1, "all_cores": CORES},
              "machine": _machine(), "medians": rows, "runs": runs}
    if args.json:
        from pathlib import Path

        from ..atomic_file import atomic_write

        with atomic_write(Path(args.json), "w") as stream:
            json.dump(report, stream, indent=2)
        print(f"wrote {args.json}")
    return report


if __name__ == "__main__":
    main()
