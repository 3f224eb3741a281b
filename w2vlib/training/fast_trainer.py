"""A fast skip-gram trainer with negative sampling, in NumPy only: word2vec's recipe, updated a minibatch at a time.

The recipe is word2vec's (and gensim's): words rarer than ``min_count`` are deleted; in every pass frequent
words are sub-sampled (:mod:`w2vlib.text.subsampling`); each center word w_t gets a window of b_t ∈ 1..m words on
each side (:mod:`w2vlib.text.dynamic_window`); every (center c, outside o) pair draws K negatives from
P_n(w) ∝ count(w)^β with β = ``neg_power`` = 3/4 (:mod:`w2vlib.text.negative_table`); and the step size falls
linearly from α to α_min over the whole run. Each pair's loss is the handout's

    J = −log σ(u_o^T v_c) − Σ_{k=1..K} log σ(−u_{w_k}^T v_c)

(a negative that happens to equal o is skipped, as in word2vec). What differs is how the work is done:
word2vec updates v_c and the u's after every pair, in a compiled loop; here a minibatch of the pairs of
``batch_size`` consecutive center positions is handled by a few whole-array operations,

    gather   v_c (n, d) and u_o, u_{w_1..w_K} (n, K+1, d) for the n pairs,
    scores   u^T v_c for all of them at once (one einsum),
    coefs    α (label − σ(score)): label 1 for o, 0 for the negatives,
    scatter  U[o or w_k] += coef · v_c  and  V[c] += Σ_k coef_k u_k  (rows that repeat are summed:
             :func:`w2vlib.training.scatter_add.scatter_add_rows`),

so all pairs of a minibatch see the vectors as they were before it. A minibatch of a few hundred center
words is small enough that this matches word2vec's quality (see ``python -m w2vlib.bench.benchmark``), and large
enough that NumPy's per-call overhead is spread over ~1500 pairs. Everything is float32.
"""
from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass

import numpy as np

from ..text.corpora import Corpus, load_corpus
from .minibatch_stream import LinearSchedule, made_ahead, minibatch_stream, repeat_caps
from ..text.negative_table import NegativeTable
from .scatter_add import scatter_add_rows
from ..text.subsampling import check_sample, keep_probabilities
from ..validation import check_memory, check_number, check_positive_int
from ..text.vocabulary import Vocabulary, build_vocabulary

POSTFIX_EVERY = 50       # the progress bar's loss is the mean over this many of the latest minibatches
from .cbow_hs_training import check_model_and_loss, train_variant
MAX_ROW_REPEATS = 64     # R: a row's summed update in one minibatch is at most R of its average steps
MAKE_AHEAD = True        # minibatches made by a thread of their own (made_ahead); False: made in the training thread
MAKE_AHEAD_MIN_WORDS = 100_000  # ... for corpora of at least this many words: on smaller ones each minibatch is
                                # so quick that handing it from thread to thread costs more than the overlap saves


class TrainingDiverged(ValueError):
    """The loss or the vectors became nan or inf: the step size was too large."""


class NoTrainingPairs(ValueError):
    """The corpus, after min_count and sub-sampling, gave no (center, outside) pair to learn from."""


@dataclass
class TrainResult:
    """What :func:`train` returns.

    embeddings:         :class:`w2vlib.vectors.embeddings.Embeddings` of the center vectors (``most_similar`` etc.).
    center_vectors:     shape (n_words, d), float32, row w is v_w.
    outside_vectors:    shape (n_words, d), float32, row w is u_w.
    vocabulary:         the :class:`w2vlib.text.vocabulary.Vocabulary` (row order of both matrices).
    loss_history:       shape (n_minibatches,), the mean loss J per (center, outside) pair of each minibatch
                        (with ``model="cbow"``: per window, one per center word).
    seconds:            wall-clock time of the whole call (vocabulary, tables and training).
    words_per_second:   corpus words (before min_count and sub-sampling) × epochs / ``seconds``.
    n_pairs:            (center, outside) pairs trained on, over all epochs (CBOW: windows).
    """

    embeddings: object
    center_vectors: np.ndarray
    outside_vectors: np.ndarray
    vocabulary: Vocabulary
    loss_history: np.ndarray
    seconds: float
    words_per_second: float
    n_pairs: int


def sgns_minibatch_step(center_vectors: np.ndarray, outside_vectors: np.ndarray, center_rows: np.ndarray,
                        target_rows: np.ndarray, step_size: float,
                        max_repeats: int | None = MAX_ROW_REPEATS, caps: tuple | None = None) -> tuple[float, float]:
    """One SGD step on a minibatch of n pairs, updating both matrices in place.

    center_vectors:  shape (n_words, d), float32 [rows v_w].
    outside_vectors: shape (n_words, d), float32 [rows u_w].
    center_rows:     shape (n,), int32, the center word c of each pair.
    target_rows:     shape (n, K+1), int32: column 0 the outside word o, columns 1..K the negatives w_1..w_K.
    step_size:       α.
    max_repeats:     R: a row of U that occurs r > R times among ``target_rows``, or a row of V that is the
                     center of r > R pairs, gets its summed update scaled by R / r (None: never scaled).
    caps:            ``repeat_caps(center_rows, target_rows, max_repeats)`` if already computed (the trainer's
                     minibatch stream makes them with each minibatch); None computes them here.
    Returns ``(loss, score_sum)``: the summed loss J of the n pairs, and the sum of all scores (both nan or
    inf if a vector was not finite, which is how the caller notices divergence).

    Why ``max_repeats``: all pairs of a minibatch see the vectors as they were before it, so a row that
    occurs r times moves by the sum of r steps computed at the same point. When those r steps point the
    same way (a small vocabulary: the same few center vectors again and again) that is one step of size
    r·α, and training diverges: with a dozen distinct words in long sentences r reaches several hundred.
    word2vec applies the r steps one after another, each seeing the last, which cannot overshoot like that.
    Capping the summed step of a row at R of its average steps keeps such rows stable; rows that occur at
    most R times (nearly all of them on real text) get exactly the sum of their per-pair SGD steps.
    """
    v = np.take(center_vectors, center_rows, axis=0)      # (n, d): v_c
    u = np.take(outside_vectors, target_rows, axis=0)     # (n, K+1, d): u_o, u_{w_1}, ..., u_{w_K}
    z = np.einsum("nkd,nd->nk", u, v)                     # the scores u^T v_c ...
    score_sum = float(z.sum())
    # ... turned into z = −u_o^T v_c for o and z = +u_k^T v_c for a negative. Then every loss term is
    # softplus(z) = −log σ(−z) = max(z, 0) + log(1 + e^{−|z|}), and the SGD coefficient α (label − σ(score))
    # is +α σ(z) for o and −α σ(z) for a negative. e^{−|z|} ≤ 1, so nothing overflows for any score.
    z[:, 0] *= -1
    e = np.exp(-np.abs(z))
    one_plus_e = 1 + e
    loss_terms = np.maximum(z, 0) + np.log(one_plus_e)
    coefs = np.where(z >= 0, np.float32(1), e) / one_plus_e          # σ(z)
    clash = target_rows == target_rows[:, :1]             # a negative equal to o is skipped, as in word2vec
    clash[:, 0] = False                                   # (whole rows compared: faster than a strided view)
    if clash.any():
        np.copyto(loss_terms, 0, where=clash)
        np.copyto(coefs, 0, where=clash)
    coefs *= np.float32(-step_size)                       # × (+α, −α, ..., −α), without a broadcast over K+1
    coefs[:, 0] *= -1
    outside_scale, center_scale = repeat_caps(center_rows, target_rows, max_repeats) if caps is None else caps
    outside_coefs = coefs if outside_scale is None else coefs * outside_scale
    center_coefs = coefs if center_scale is None else coefs * center_scale
    scatter_add_rows(outside_vectors, target_rows, outside_coefs, v)                   # u_w += coef · v_c
    n, width = target_rows.shape
    scatter_add_rows(center_vectors, np.repeat(center_rows, width)[:, None],   # v_c += Σ_k coef_k u_k
                     center_coefs.reshape(n * width, 1), u.reshape(n * width, -1))
    return float(loss_terms.sum()), score_sum


def initial_vectors(n_words: int, dim: int, rng: np.random.Generator, tied: bool = False):
    """word2vec's start: V uniform in (−0.5/d, 0.5/d), U = 0; with ``tied`` the one matrix V serves as both.

    Returns ``(center_vectors, outside_vectors)``, each shape (n_words, d), float32.
    """
    center_vectors = (rng.random((n_words, dim), dtype=np.float32) - np.float32(0.5)) / np.float32(dim)  # V
    outside_vectors = center_vectors if tied else np.zeros((n_words, dim), dtype=np.float32)            # U
    return center_vectors, outside_vectors


def _show_progress(bar, words: float, done: list, schedule: LinearSchedule) -> None:
    """Move the progress bar to ``words`` corpus words; show the mean loss of the latest minibatches of ``done``
    ((mean loss, pairs) each) and α at that point."""
    bar.update(int(words) - bar.n)
    if done:
        recent = [loss for loss, _ in done[-POSTFIX_EVERY:]]
        bar.set_postfix(loss=f"{np.mean(recent):.3f}", α=f"{schedule.alpha_at(words):.4f}", refresh=False)


def _as_corpus(corpus) -> Corpus:
    if isinstance(corpus, Corpus):
        return corpus
    if isinstance(corpus, str):
        return load_corpus(corpus)
    if hasattr(corpus, "sentences") and not callable(corpus.sentences):  # a ToyCorpus
        return Corpus.from_sentences(corpus.sentences, name="toy")
    try:
        return Corpus.from_sentences(corpus)
    except TypeError:
        raise ValueError("corpus must be a w2vlib Corpus (see w2vlib.text.corpora.load_corpus), a source name such as "
                         f"'wiki', or a list of sentences (lists of words), got {type(corpus).__name__}.") from None


def train(corpus, *, dim: int = 100, window: int = 5, n_negatives: int = 5, epochs: int = 5,
          step_size: float = 0.025, min_step_size: float = 0.0001, sample: float = 1e-3, min_count: int = 5,
          max_vocab: int | None = None, neg_power: float = 0.75, batch_size: int = 256, seed: int = 0,
          progress: bool = True, workers: int = 1, tied: bool = False, model: str = "skipgram",
          loss: str = "neg_sampling") -> TrainResult:
    """Train skip-gram with negative sampling on ``corpus``; the result holds V, U and an ``Embeddings``.

    corpus:        a :class:`w2vlib.text.corpora.Corpus`, a source name for :func:`w2vlib.text.corpora.load_corpus`
                   (``"toy"``, ``"lee"``, ``"wiki"``, ...), or a list of sentences (lists of word strings).
    dim:           d, the length of every vector.
    window:        m, the largest window; each center word draws its own b_t from 1..m.
    n_negatives:   K, negatives per (center, outside) pair.
    epochs:        passes over the corpus (each with fresh sub-sampling, windows and negatives).
    step_size:     α at the start; it falls linearly to ``min_step_size`` at the end of the last pass.
    sample:        the sub-sampling threshold s (0: off).
    min_count:     words occurring fewer times are deleted before training.
    max_vocab:     keep at most this many of the most frequent words (None: all with ``min_count``).
    neg_power:     β, the exponent of P_n(w) ∝ count(w)^β for the negatives (0.75 in word2vec).
    batch_size:    center positions (after sub-sampling) per minibatch; each brings about m + 1 pairs.
    seed:          seeds the initial vectors, the sub-sampling, the windows and the negatives:
                   the same seed and data give bit-identical vectors.
    progress:      show a progress bar (a widget in Jupyter, text in a terminal) with words/s and the loss.
    workers:       1, the only value: training runs in this thread, one minibatch after the other; for skip-gram
                   with negative sampling on a corpus of at least ``MAKE_AHEAD_MIN_WORDS`` words a second thread
                   makes the minibatches ahead of it. Either way a seed gives **bit-identical** vectors. For
                   several cores, use gensim's ``Word2Vec(workers=N)`` (notebook 05 maps these settings onto it).
    tied:          one matrix for both roles (v_w = u_w, ``center_vectors is outside_vectors``); each pair's
                   gradient then reaches the shared row through both v_c and u_o (2u when o = c).

    model:         "skipgram" (the default) or "cbow": the mean of the context's vectors predicts the center word.
    loss:          "neg_sampling" (the default) or "hierarchical_softmax" (the Huffman tree's inner nodes; U then holds
                   their vectors, row n = u_n). Both other than the defaults: :mod:`w2vlib.training.cbow_hs_training`.

    Initial vectors as in word2vec: V uniform in (−0.5/d, 0.5/d), U = 0. With ``tied=True`` the single matrix
    starts small random like V: from all zeros every gradient would be zero and training would never move.
    Raises :class:`TrainingDiverged` (a ValueError) at once if the loss or the vectors become nan or inf, and
    :class:`NoTrainingPairs` (a ValueError) if no (center, outside) pair was formed (a one-word vocabulary,
    sentences of one word, or sub-sampling that leaves no sentence two words).
    """
    dim = check_positive_int(dim, "dim (d)")
    window = check_positive_int(window, "window (m)")
    if window > 127:
        raise ValueError(f"window (m) must be at most 127, got {window}.")
    n_negatives = check_positive_int(n_negatives, "n_negatives (K)")
    epochs = check_positive_int(epochs, "epochs")
    step_size = check_number(step_size, "step_size (α)", 0.0, strict=True, hint=" such as 0.025")
    min_step_size = check_number(min_step_size, "min_step_size", 0.0, hint=" such as 0.0001")
    if min_step_size > step_size:
        raise ValueError(f"min_step_size={min_step_size:g} is larger than step_size={step_size:g}; the step size "
                         "falls from step_size to min_step_size, so min_step_size must not exceed it.")
    sample = check_sample(sample)
    neg_power = check_number(neg_power, "neg_power", 0.0, hint=" (0.75 in word2vec)")
    batch_size = check_positive_int(batch_size, "batch_size")
    check_positive_int(seed, "seed", minimum=0)
    if not isinstance(progress, (bool, np.bool_)):
        raise ValueError(f"progress must be True or False, got {progress!r}.")
    if not isinstance(tied, (bool, np.bool_)):
        raise ValueError(f"tied must be True or False, got {tied!r}.")
    workers = check_workers(workers)
    model, loss = check_model_and_loss(model, loss, workers, tied)
    corpus = _as_corpus(corpus)

    started = time.perf_counter()
    vocabulary = build_vocabulary(corpus, min_count, max_vocab)   # checks min_count and max_vocab
    word_ids, sentence_bounds = vocabulary.encode(corpus)
    if not np.any(np.diff(sentence_bounds) >= 2):
        raise NoTrainingPairs("no sentence has two words in the vocabulary, so there is no (center, outside) pair "
                              "to train on; use longer sentences or a smaller min_count.")
    if len(vocabulary) < 2:
        raise NoTrainingPairs(f"the vocabulary has only one word ({vocabulary.index_to_key[0]!r}), so every "
                              "negative sample would be the outside word itself and nothing can be learned; "
                              "give a corpus with at least two distinct words (after min_count).")
    keep_probability = keep_probabilities(vocabulary.counts, sample)
    negatives = NegativeTable(vocabulary.counts, power=neg_power)
    rng = np.random.default_rng(seed)
    n_words = len(vocabulary)
    _check_memory(n_words, dim, window, n_negatives, batch_size, tied, n_positions=len(word_ids))
    center_vectors, outside_vectors = initial_vectors(n_words, dim, rng, tied)

    corpus_words = corpus.n_words
    total_words = epochs * corpus_words
    bar = _progress_bar(total_words, progress)
    try:
        if (model, loss) != ("skipgram", "neg_sampling"):
            done = train_variant(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability,
                                 negatives, vocabulary.counts, rng, bar, model=model, loss=loss, window=window,
                                 n_negatives=n_negatives, batch_size=batch_size, epochs=epochs, step_size=step_size,
                                 min_step_size=min_step_size, corpus_words=corpus_words, max_repeats=MAX_ROW_REPEATS,
                                 diverged=lambda epoch, alpha: TrainingDiverged(
                                     _diverged_message(epoch, step_size, alpha)))
        else:
            done = _train_in_this_process(
                center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives, rng, bar,
                window=window, n_negatives=n_negatives, batch_size=batch_size, epochs=epochs, step_size=step_size,
                min_step_size=min_step_size, corpus_words=corpus_words)
        if bar is not None:
            bar.update(total_words - bar.n)
        if not (np.isfinite(center_vectors).all() and np.isfinite(outside_vectors).all()):
            raise TrainingDiverged(_diverged_message(epochs - 1, step_size, min_step_size))
        n_pairs = sum(pairs for _, pairs in done)
        if n_pairs == 0:
            raise NoTrainingPairs(
                f"training formed no (center, outside) pair in {epochs} epoch(s): sub-sampling (sample={sample:g}) "
                f"kept at most one word of each sentence ({corpus_words} corpus words, {n_words} distinct), so "
                "the vectors were never updated. For a corpus this small use sample=0 (--sample 0) or a smaller "
                "sample, or give more and longer sentences.")
    finally:
        if bar is not None:
            bar.close()
    seconds = time.perf_counter() - started

    from ..vectors.embeddings import Embeddings

    loss_history = np.array([loss for loss, _ in done])
    embeddings = Embeddings(center_vectors, vocabulary.index_to_key, counts=vocabulary.counts)
    return TrainResult(embeddings, center_vectors, outside_vectors, vocabulary, loss_history, seconds,
                       total_words / seconds, n_pairs)


def _check_memory(n_words: int, dim: int, window: int, n_negatives: int, batch_size: int, tied: bool,
                  n_positions: int) -> None:
    """Refuse a run whose arrays would not fit in memory, before allocating them (see validation.check_memory).
    A minibatch of batch_size centers (at most the corpus's ``n_positions``) holds about batch_size × (m + 1) pairs
    (a center's window b_t is uniform in 1..m, so it has 2b_t outside words, m + 1 on average), each with K + 1
    target rows: their d float32 numbers are gathered into one array and scattered back through another, and their
    word ids are drawn for ``BATCHES_PER_BLOCK`` minibatches at a time: about 28 bytes an id while they are drawn
    (the int64 draw and a shifted copy, the int32 ids, the new block and the one before, which the last minibatch
    still holds). Beside them the negative table (10 million int32 ids). Peaks measured with tracemalloc (toy, lee
    and wiki; d 10 to 2000, K 5 to 2000) were 0.54 to 0.96 of this sum."""
    from ..text.negative_table import DEFAULT_TABLE_SIZE
    from .minibatch_stream import BATCHES_PER_BLOCK

    rows = min(batch_size, n_positions) * (window + 1) * (n_negatives + 1)       # target rows of one minibatch
    block_rows = min(BATCHES_PER_BLOCK * batch_size, n_positions) * (window + 1) * (n_negatives + 1)
    parts = {f"{'W' if tied else 'V and U'} ({n_words:,} words × d × 4 bytes{'' if tied else ', twice'})":
             (1 if tied else 2) * n_words * dim * 4,
             "one minibatch's target rows (batch_size × (m + 1) pairs × (K + 1) rows × d × 4 bytes, 2 arrays)":
             2 * rows * dim * 4,
             f"their word ids, drawn {BATCHES_PER_BLOCK} minibatches at a time (about 28 bytes each)":
             block_rows * 28,
             f"the negative table ({DEFAULT_TABLE_SIZE:,} word ids × 4 bytes)": DEFAULT_TABLE_SIZE * 4}
    biggest = max((("dim", dim / 300), ("n_negatives", n_negatives / 20), ("batch_size", batch_size / 1024),
                   ("window", window / 10)), key=lambda item: item[1])[0]
    check_memory(parts, f"train(dim={dim}, n_negatives={n_negatives}, batch_size={batch_size}, window={window})",
                 f"Choose a smaller {biggest} (word2vec's defaults: dim=100, n_negatives=5, batch_size=256, "
                 "window=5).")


def checked_step(step, center_vectors, outside_vectors, center_rows, target_rows, alpha: float, epoch: int,
                 step_size: float, **options) -> tuple[float, int]:
    """``step(V, U, center_rows, target_rows, alpha, **options)`` (a :func:`sgns_minibatch_step`) for a minibatch of
    pass ``epoch``; returns (mean loss per pair, pairs), or raises :class:`TrainingDiverged` naming ``step_size``."""
    loss, score_sum = step(center_vectors, outside_vectors, center_rows, target_rows, alpha, **options)
    if not math.isfinite(loss + score_sum):
        raise TrainingDiverged(_diverged_message(epoch, step_size, alpha))
    return loss / center_rows.shape[0], center_rows.shape[0]


def _train_in_this_process(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives,
                           rng, bar, *, window, n_negatives, batch_size, epochs, step_size, min_step_size,
                           corpus_words) -> list[tuple[float, int]]:
    """One stream of minibatches, trained on in order in this thread; on a corpus large enough a second thread makes
    them (:func:`made_ahead_if_worth_it`), which gives the same vectors bit for bit, sooner.
    Returns (mean loss per pair, pairs) of every minibatch, in order."""
    schedule = LinearSchedule(step_size, min_step_size, corpus_words, epochs * corpus_words)
    stream = dict(word_ids=word_ids, sentence_bounds=sentence_bounds, keep_probability=keep_probability,
                  window=window, n_negatives=n_negatives, negatives=negatives, batch_size=batch_size, rng=rng,
                  epochs=epochs, schedule=schedule, max_repeats=MAX_ROW_REPEATS)
    done: list[tuple[float, int]] = []
    step = sgns_minibatch_step                # looked up now, so that tests can replace it

    def train_on(batches) -> None:
        with np.errstate(all="ignore"):       # overflow is detected from the loss, not by warnings
            for batch in batches:
                done.append(checked_step(step, center_vectors, outside_vectors, batch.center_rows, batch.target_rows,
                                         batch.alpha, batch.epoch, step_size, caps=batch.caps))

    batches = made_ahead_if_worth_it(minibatch_stream(**stream), word_ids.shape[0])
    try:
        train_on(_showing_progress(batches, bar, corpus_words, done, schedule))
    finally:
        batches.close()   # a run stopped early (diverged, interrupted) stops the thread that makes the minibatches
    return done


def made_ahead_if_worth_it(batches, n_words: int):
    """``batches`` made ahead by a thread of their own (:func:`w2vlib.training.minibatch_stream.made_ahead`) when
    ``MAKE_AHEAD`` is on and the corpus holds at least ``MAKE_AHEAD_MIN_WORDS`` words (``n_words``), else
    ``batches`` itself. Either way the same minibatches in the same order, with a ``close()``. On the planted toy
    corpus the explorer's retrain took 0.13 s with the thread against 0.07 s without; on the Wikipedia sample 0.71 s
    against 0.92 s (``make bench-explorer``)."""
    return made_ahead(batches) if MAKE_AHEAD and n_words >= MAKE_AHEAD_MIN_WORDS else batches


def _showing_progress(batches, bar, corpus_words: int, done: list, schedule: LinearSchedule, seconds: float = 0.2):
    """The minibatches of ``batches``; on the way the progress bar (if any) moves to the words done about every
    ``seconds``, and once more at the end, so that even a run shorter than ``seconds`` shows its loss."""
    shown, progress = time.monotonic(), None
    for batch in batches:
        progress = batch.progress
        if bar is not None and time.monotonic() - shown >= seconds:
            _show_progress(bar, progress * corpus_words, done, schedule)
            shown = time.monotonic()
        yield batch
    if bar is not None and progress is not None:
        _show_progress(bar, progress * corpus_words, done, schedule)


def check_workers(workers) -> int:
    """``workers`` must be 1: w2vlib trains in one process (a ValueError pointing to gensim for several cores)."""
    if workers != 1 or isinstance(workers, bool):
        raise ValueError(f"workers must be 1, got {workers!r}: w2vlib trains in one process, one minibatch after "
                         "the other (bit-identical for a seed). To train on several cores, use gensim's "
                         "Word2Vec(workers=N) with the settings of notebook 05's table.")
    return 1


def _diverged_message(epoch: int, step_size: float, alpha: float) -> str:
    return (f"training diverged in epoch {epoch + 1}: the loss or the vectors became nan or inf with "
            f"step_size={step_size:g} (α was {alpha:.3g} at that point). Try a smaller step size, "
            f"e.g. step_size={step_size / 10:g}.")


def _in_jupyter_kernel() -> bool:
    """True inside a Jupyter kernel. tqdm.auto alone also picks its notebook bar in a plain process that has merely
    imported ipykernel (a test suite, a script), where that bar shows nothing."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def _progress_bar(total_words: int, show: bool):
    if not show:
        return None
    if _in_jupyter_kernel():
        from tqdm.notebook import tqdm
    else:
        from tqdm.std import tqdm

    return tqdm(total=total_words, unit="word", unit_scale=True, desc="training", mininterval=0.5,
                smoothing=0.1)
