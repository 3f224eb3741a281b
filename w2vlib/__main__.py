"""Command line: train word vectors and score them.

    python -m w2vlib train --corpus toy --out vectors.txt --epochs 5
    python -m w2vlib train --corpus wiki --out wiki.bin --binary --dim 100 --window 5 --negative 5
    python -m w2vlib evaluate vectors.txt

``train`` runs the fast trainer (skip-gram with negative sampling), writes the vectors in word2vec format
(gensim's ``KeyedVectors.load_word2vec_format`` reads them) and prints WordSim-353 and SimLex-999 Spearman,
Google-analogy accuracy and a few nearest neighbours; ``evaluate`` prints the same for any word2vec file.
Bad arguments exit with status 2 and a message naming the option, before any training; so do a corpus that
cannot be read as its source says and options that leave nothing to train on. A failed run (training that
diverged, a malformed file to evaluate) exits with status 1. Either way no vectors file is written.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from .atomic_file import WriteError, check_writable
from .text.corpora import SOURCE_NAMES as CORPUS_NAMES

# Words whose neighbours are shown, if the vocabulary has them (the toy corpus's groups, then everyday words).
PROBE_WORDS = ("paris", "cat", "red", "three", "king", "city", "war", "music", "computer", "water", "france", "good")


def _number(kind: type, minimum: float, strictly_above: bool = False):
    """An argparse ``type`` that reads an int or a finite float and requires it to be >= (or >) ``minimum``."""
    what = "a whole number" if kind is int else "a finite number"
    bound = f"> {minimum}" if strictly_above else f">= {minimum}"

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {what} {bound}, got {text!r}") from None
        if not math.isfinite(value) or value < minimum or (strictly_above and value == minimum):
            raise argparse.ArgumentTypeError(f"must be {what} {bound}, got {text!r}")
        return value

    return parse


_positive_int = _number(int, 1)
_non_negative_int = _number(int, 0)
_float_at_least_zero = _number(float, 0)
_positive_float = _number(float, 0, strictly_above=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m w2vlib", description="Train word2vec vectors and score them.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{train,evaluate}")

    train = commands.add_parser("train", help="train skip-gram vectors and write them in word2vec format",
                                description="Train skip-gram with negative sampling (the fast trainer), write the "
                                            "vectors in word2vec format and print their evaluation scores.")
    train.add_argument("--corpus", required=True, metavar="{toy,lee,wiki,text8,PATH}",
                       help="a bundled corpus (toy: planted groups; lee: gensim's Lee background corpus; wiki: the "
                            "Wikipedia sample bundled with gensim; text8: from the cache folder, or downloaded with "
                            "--download; wiki:PATH and text8:PATH read another dump or copy) or a plain-text file "
                            "or folder, one sentence per line")
    train.add_argument("--out", required=True, metavar="FILE", help="where to write the vectors (its folder must exist)")
    train.add_argument("--dim", type=_positive_int, default=100, help="embedding size d (default 100)")
    train.add_argument("--window", type=_positive_int, default=5, help="window size m (default 5)")
    train.add_argument("--negative", type=_positive_int, default=5, help="negative samples K per pair (default 5)")
    train.add_argument("--epochs", type=_positive_int, default=5, help="passes over the corpus (default 5)")
    train.add_argument("--step-size", type=_positive_float, default=0.025, help="initial step size α (default 0.025)")
    train.add_argument("--min-step-size", type=_float_at_least_zero, default=0.0001,
                       help="step size reached at the end of the linear decay (default 0.0001)")
    train.add_argument("--min-count", type=_positive_int, default=5, help="drop words seen fewer times (default 5)")
    train.add_argument("--sample", type=_float_at_least_zero, default=1e-3,
                       help="sub-sampling threshold t for frequent words, 0 to switch off (default 1e-3)")
    train.add_argument("--seed", type=_non_negative_int, default=0, help="random seed, an integer >= 0 (default 0)")
    train.add_argument("--binary", action="store_true", help="write the binary word2vec format instead of text")
    train.add_argument("--no-progress", action="store_true", help="no progress bar")
    train.add_argument("--download", action="store_true", help="allow downloading a corpus that is not cached (text8)")
    train.add_argument("--cache-dir", metavar="DIR", default=None, help="where downloaded corpora are kept")

    evaluate = commands.add_parser("evaluate", help="score a word2vec-format file",
                                   description="Print WordSim-353 and SimLex-999 Spearman, Google-analogy accuracy "
                                               "and nearest neighbours of a word2vec-format file (text or binary).")
    evaluate.add_argument("file", metavar="FILE", help="a word2vec-format vectors file")
    for sub in (train, evaluate):
        sub.add_argument("--restrict-vocab", type=_positive_int, default=30000,
                         help="analogies use only the most frequent this many words (default 30000)")
        sub.add_argument("--neighbours", metavar="WORDS", default=None, type=_word_list,
                         help="comma-separated words whose nearest neighbours to show (default: a few common words)")
    parser.set_defaults(subparsers={"train": train, "evaluate": evaluate})
    return parser


def _check_train_arguments(args) -> None:
    parser = args.subparsers["train"]
    name, colon, inline_path = args.corpus.partition(":")
    if colon and name in ("wiki", "text8"):
        if not Path(inline_path).expanduser().is_file():
            parser.error(f"argument --corpus: the {name} file {inline_path!r} does not exist")
    elif args.corpus not in CORPUS_NAMES and not Path(args.corpus).expanduser().exists():
        parser.error(f"argument --corpus: {args.corpus!r} is neither a corpus name ({', '.join(CORPUS_NAMES)}) "
                     "nor an existing file or folder")
    try:  # before training, not after: a folder, a missing folder or one we may not write to
        check_writable(args.out, "--out")
    except WriteError as error:
        parser.error(f"argument --out: {str(error).removeprefix('--out ').rstrip('.')}")
    corpus_file = Path(inline_path if colon and name in ("wiki", "text8") else args.corpus).expanduser()
    if args.corpus not in CORPUS_NAMES and corpus_file.is_file() and corpus_file.resolve() == Path(args.out).expanduser().resolve():
        parser.error(f"argument --out: {args.out!r} is the corpus file itself; writing the vectors there would "
                     "destroy the corpus: give another file name")
    if args.min_step_size > args.step_size:
        parser.error(f"argument --min-step-size: {args.min_step_size} is larger than --step-size {args.step_size}; "
                     "the step size decays from --step-size down to --min-step-size")
    if args.cache_dir is not None and not Path(args.cache_dir).is_dir():
        parser.error(f"argument --cache-dir: the folder {args.cache_dir!r} does not exist; create it first")


def _word_list(text: str) -> list[str]:
    """--neighbours: comma-separated words, at least one."""
    words = [w.strip() for w in text.split(",") if w.strip()]
    if not words:
        raise argparse.ArgumentTypeError(f"needs at least one word, comma-separated (e.g. paris,cat), got {text!r}")
    return words


def _probe_words(kv, requested: list[str] | None) -> list[str]:
    if requested:
        return requested
    found = [w for w in PROBE_WORDS if w in kv.key_to_index][:5]
    return found or list(kv.index_to_key[10:15] or kv.index_to_key[:5])


def _print_scores(kv, args) -> None:
    from .vectors.evaluation import analogy_accuracy, nearest_neighbours_table, word_pair_spearman

    print(word_pair_spearman(kv, "wordsim353"))
    print(word_pair_spearman(kv, "simlex999"))
    print(analogy_accuracy(kv, restrict_vocab=args.restrict_vocab))
    print("\nnearest neighbours (cosine):")
    print(nearest_neighbours_table(kv, _probe_words(kv, args.neighbours), topn=5))


def _train(args) -> int:
    from .training import fast_trainer
    from .text.corpora import load_corpus

    try:
        corpus = load_corpus(args.corpus, cache_dir=args.cache_dir, download=args.download)
    except ValueError as error:  # a file that is not what its source says, a missing text8, ...: nothing is written
        print(f"error: argument --corpus: {error}", file=sys.stderr)
        return 2
    print(f"corpus: {corpus}")
    try:
        result = fast_trainer.train(
            corpus, dim=args.dim, window=args.window, n_negatives=args.negative, epochs=args.epochs,
            step_size=args.step_size, min_step_size=args.min_step_size, sample=args.sample,
            min_count=args.min_count, seed=args.seed, progress=not args.no_progress,
        )
    except fast_trainer.TrainingDiverged as error:  # a failed run: exit 1
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # what the options asked for cannot be trained (e.g. no pair): exit 2, nothing written
        print(f"error: {error}", file=sys.stderr)
        return 2
    embeddings = result.embeddings
    final_loss = f"; final loss {result.loss_history[-1]:.4f}" if len(result.loss_history) else ""
    print(f"trained {len(embeddings)} words × d = {embeddings.vector_size} in {result.seconds:.1f} s "
          f"({result.words_per_second:,.0f} words/s){final_loss}")
    path = embeddings.save_word2vec_format(args.out, binary=args.binary)
    print(f"wrote {path} ({'binary' if args.binary else 'text'} word2vec format)\n")
    _print_scores(embeddings, args)
    return 0


def _evaluate(args) -> int:
    from .vectors.embeddings import Embeddings

    embeddings = Embeddings.load_word2vec_format(args.file)
    print(f"{args.file}: {len(embeddings)} words × d = {embeddings.vector_size}\n")
    _print_scores(embeddings, args)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "train":
        _check_train_arguments(args)
        run = _train
    else:
        if not Path(args.file).is_file():
            args.subparsers["evaluate"].error(f"argument FILE: {args.file!r} does not exist or is not a file")
        run = _evaluate
    try:
        return run(args)
    except BrokenPipeError:  # the output was piped into e.g. `head`, which stopped reading: end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (ValueError, KeyError, OSError) as error:  # a malformed file, a corpus that cannot be read, ...
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
