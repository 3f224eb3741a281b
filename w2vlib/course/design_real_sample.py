"""Notebook 07's runs on the real Wikipedia sample: too slow for a notebook's minute, so run once and stored.

    python -m w2vlib.course.design_real_sample                 # all variants, seeds 0 1 2 (a few minutes on 2 cores)
    python -m w2vlib.course.design_real_sample --seeds 0 --out /tmp/check.json
    python -m w2vlib.course.design_real_sample --only tied     # re-run the variants whose key is given, keep the others

Each variant is trained with the fast trainer (:func:`w2vlib.train`) on gensim's bundled Wikipedia sample with the
settings in :data:`SETTINGS` (the benchmark's), once per seed, and scored on
WordSim-353 and SimLex-999; the nearest neighbours of a few frequent and rare words are kept too. The result is
written, atomically, as JSON to ``notebooks/data/design_choices_real_sample.json``, which notebook 07 reads.

Variants: the noise exponent β = ``neg_power`` ∈ {0 (uniform), 0.75, 1 (unigram)}, and, if the fast trainer has a
``tied`` option, one matrix against two (β = 0.75).
"""
from __future__ import annotations

import argparse
import inspect
import json
from pathlib import Path

from ..atomic_file import atomic_write
from ..bench.benchmark import PROTOCOL
from ..text.corpora import load_corpus
from ..vectors.evaluation import word_pair_spearman
from ..training.fast_trainer import train

SETTINGS = PROTOCOL   # the benchmark's settings, so that the two cannot drift apart
NEIGHBOUR_WORDS = {"frequent": ["war", "city"], "rare": ["horse", "poet"]}  # 595, 267 and 19, 16 occurrences
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "notebooks" / "data" / "design_choices_real_sample.json"


def variants(tied_available: bool) -> list[dict]:
    """The trainer arguments of each variant, with a ``name`` and a short ``key``."""
    runs = [{"key": f"beta{beta:g}", "name": f"β = {beta:g}", "neg_power": beta} for beta in (0.0, 0.75, 1.0)]
    if tied_available:
        runs.append({"key": "tied", "name": "one matrix (tied), β = 0.75", "neg_power": 0.75, "tied": True})
    return runs


def run_variant(corpus, variant: dict, seed: int) -> dict:
    """Train one variant with one seed; return its scores and neighbours."""
    arguments = {key: value for key, value in variant.items() if key not in ("name", "key")}
    result = train(corpus, **SETTINGS, **arguments, seed=seed, progress=False)
    neighbours = {word: [w for w, _ in result.embeddings.most_similar(word, topn=5)]
                  for words in NEIGHBOUR_WORDS.values() for word in words}
    wordsim, simlex = word_pair_spearman(result.embeddings, "wordsim353"), word_pair_spearman(result.embeddings, "simlex999")
    return {"key": variant["key"], "variant": variant["name"], **arguments, "seed": seed, "wordsim353": round(wordsim.spearman, 4),
            "simlex999": round(simlex.spearman, 4), "wordsim353_pairs": wordsim.n_pairs,
            "simlex999_pairs": simlex.n_pairs, "neighbours": neighbours}


def run_all(seeds=(0, 1, 2), out: Path = DEFAULT_OUT, only=None) -> dict:
    """Run every variant (or those whose key is in ``only``, keeping the file's other runs) with every seed and
    write the JSON file; return its content."""
    corpus = load_corpus("wiki")
    tied_available = "tied" in inspect.signature(train).parameters
    out = Path(out)
    runs = []
    if only and out.exists():
        runs = [run for run in json.loads(out.read_text(encoding="utf-8"))["runs"] if run["key"] not in only]
    content = {"corpus": f"wiki ({corpus.n_words} words)", "settings": SETTINGS, "seeds": list(seeds),
               "neighbour_words": NEIGHBOUR_WORDS, "tied_available": tied_available, "runs": runs,
               "made_by": "python -m w2vlib.course.design_real_sample"}
    out.parent.mkdir(parents=True, exist_ok=True)
    for variant in variants(tied_available):
        if only and variant["key"] not in only:
            continue
        for seed in seeds:
            runs.append(run_variant(corpus, variant, seed))
            print(f"{variant['name']:>28}  seed {seed}  WordSim-353 {runs[-1]['wordsim353']:.3f}  "
                  f"SimLex-999 {runs[-1]['simlex999']:.3f}", flush=True)
            _write(out, content)  # after every run, so an interrupted run loses only the run under way
    _write(out, content)
    return content


def _write(out: Path, content: dict) -> None:
    with atomic_write(out, "w") as stream:
        json.dump(content, stream, indent=1, ensure_ascii=False)
        stream.write("\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="+", help="variant keys to (re-)run: beta0 beta0.75 beta1 tied")
    args = parser.parse_args(argv)
    run_all(tuple(args.seeds), args.out, args.only)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()


def load_results(path: Path = DEFAULT_OUT, made_by: str = "python -m w2vlib.course.design_real_sample",
                 takes: str = "a few minutes") -> dict:
    """The stored runs (see :func:`run_all`; notebook 07's other stored file too, with its own ``made_by``
    command and the time it ``takes``); a clear error if the file is missing."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path} does not exist; make it with `{made_by}` ({takes}).")
    return json.loads(path.read_text(encoding="utf-8"))


def score_table(content: dict) -> str:
    """One line per variant: WordSim-353 and SimLex-999 Spearman, mean over the seeds and (min..max)."""
    lines = [f"{'variant':<30}{'WordSim-353 mean (min..max)':>30}{'SimLex-999 mean (min..max)':>30}"]
    names = list(dict.fromkeys(run["variant"] for run in content["runs"]))
    for name in names:
        runs = [run for run in content["runs"] if run["variant"] == name]
        cells = []
        for score in ("wordsim353", "simlex999"):
            values = [run[score] for run in runs]
            cells.append(f"{sum(values) / len(values):.3f} ({min(values):.3f}..{max(values):.3f})")
        lines.append(f"{name:<30}{cells[0]:>30}{cells[1]:>30}")
    return "\n".join(lines)
