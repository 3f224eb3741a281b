"""The explorer's training loop: the fast trainer's minibatch step, but allowing K = 0 and keeping the loss on divergence.

:func:`w2vlib.train` is the trainer to use for real work. The explorer needs two things it does not offer:

* K = 0 (no negatives), to show what happens when nothing pushes vectors apart: the loss of a pair is then
  only −log σ(u_o^T v_c), which every vector can lower by growing and turning the same way;
* the loss history up to the minibatch where training diverged, so the widget can draw the curve that blew up
  (``train`` raises :class:`w2vlib.TrainingDiverged` at once and returns nothing); and a loss that has grown ten
  times above its start counts as diverged here, although it is still finite (it would overflow soon after).

So this module runs the same recipe (min_count, sub-sampling, dynamic windows, unigram^β negatives, α falling
linearly) with the fast trainer's own pieces, :func:`w2vlib.training.fast_trainer.initial_vectors`,
:func:`w2vlib.training.minibatch_stream.minibatch_stream` (made ahead by a thread of its own on a large corpus, as
in ``train``) and :func:`w2vlib.training.fast_trainer.sgns_minibatch_step`, and stops at
the first non-finite loss instead of raising. CBOW and the hierarchical softmax (notebook 09) run through the fast
trainer's :func:`w2vlib.training.cbow_hs_training.variant_steps`, stopped the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..text.corpora import Corpus
from ..training import fast_trainer
from ..training.fast_trainer import (TrainingDiverged, checked_step, initial_vectors, made_ahead_if_worth_it,
                                     sgns_minibatch_step)
from ..training.cbow_hs_training import variant_steps
from ..training.minibatch_stream import LinearSchedule, minibatch_stream
from ..text.negative_table import NegativeTable
from ..text.subsampling import keep_probabilities
from ..text.vocabulary import Vocabulary, build_vocabulary

NEGATIVE_TABLE_SIZE = 1_000_000   # P_n(w) to within 1e-6: plenty for the explorer, and built in milliseconds
BLOWUP_FACTOR = 10.0   # a minibatch loss this many times the first one counts as diverged, even while still finite


@dataclass
class ExplorerTraining:
    """What :func:`train_explorer` returns.

    center_vectors: shape (n_words, d), float32, row w is v_w (as far as training got).
    outside_vectors: shape (n_words, d), float32, row w is u_w (with the hierarchical softmax: row n is the Huffman
                    tree's inner node n, u_n; the last row is unused).
    vocabulary:     the :class:`w2vlib.text.vocabulary.Vocabulary` (row order).
    loss_history:   shape (n_minibatches,), the mean pair loss J of each minibatch, up to divergence.
    progress:       shape (n_minibatches,), epochs done when each minibatch ran (0 .. epochs), for the x-axis.
    diverged_at:    None, or the epoch progress at which the loss or the vectors became nan or inf, or the loss
                    grew past ``BLOWUP_FACTOR`` times its first value (it would reach inf a little later).
    """

    center_vectors: np.ndarray
    outside_vectors: np.ndarray
    vocabulary: Vocabulary
    loss_history: np.ndarray
    progress: np.ndarray
    diverged_at: float | None


def train_explorer(corpus: Corpus, *, dim: int, window: int, n_negatives: int, epochs: int, step_size: float,
                   neg_power: float, sample: float, min_count: int, batch_size: int, seed: int,
                   min_step_size: float = 1e-4, model: str = "skipgram",
                   loss: str = "neg_sampling") -> ExplorerTraining:
    """Train skip-gram or CBOW (``model``) with K ≥ 0 negatives or the hierarchical softmax (``loss``) on
    ``corpus``; stop (do not raise) when the loss stops being finite.

    corpus: a :class:`w2vlib.text.corpora.Corpus`; the other arguments as in :func:`w2vlib.train`
    (``n_negatives`` may be 0 and is not used by the hierarchical softmax; the caller checks the ranges). Initial
    vectors: V uniform in (−0.5/d, 0.5/d), U = 0. The loss history is the mean loss per (center, outside) pair for
    skip-gram and per center word (its whole context predicting it) for CBOW.
    """
    vocabulary = build_vocabulary(corpus, min_count)
    word_ids, sentence_bounds = vocabulary.encode(corpus)
    keep_probability = keep_probabilities(vocabulary.counts, sample)
    negatives = NegativeTable(vocabulary.counts, power=neg_power,
                              table_size=max(NEGATIVE_TABLE_SIZE, len(vocabulary)))
    rng = np.random.default_rng(seed)
    n_words = len(vocabulary)
    center_vectors, outside_vectors = initial_vectors(n_words, dim, rng)
    # α falls with the passes done (one "word" per pass), the unit of the explorer's x-axis
    schedule = LinearSchedule(step_size, min(min_step_size, step_size), corpus_words=1, total_words=epochs)
    if (model, loss) == ("skipgram", "neg_sampling"):
        steps = _sgns_steps(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives,
                            rng, schedule, window=window, n_negatives=n_negatives, batch_size=batch_size,
                            epochs=epochs, step_size=step_size)
    else:
        steps = ((step.loss if step.finite else None, step.progress) for step in variant_steps(
            center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives, vocabulary.counts,
            rng, model=model, loss=loss, window=window, n_negatives=n_negatives, batch_size=batch_size, epochs=epochs,
            schedule=schedule, max_repeats=fast_trainer.MAX_ROW_REPEATS))
    losses: list[float] = []
    progress: list[float] = []
    for loss_value, done in steps:
        if loss_value is None:                      # a non-finite loss: the curve stops before this minibatch
            return ExplorerTraining(center_vectors, outside_vectors, vocabulary, np.array(losses),
                                    np.array(progress), done)
        losses.append(loss_value)
        progress.append(done)
        if losses[-1] > BLOWUP_FACTOR * losses[0]:
            return ExplorerTraining(center_vectors, outside_vectors, vocabulary, np.array(losses),
                                    np.array(progress), done)
    diverged_at = None if np.isfinite(center_vectors).all() and np.isfinite(outside_vectors).all() else float(epochs)
    return ExplorerTraining(center_vectors, outside_vectors, vocabulary, np.array(losses), np.array(progress), diverged_at)


def _sgns_steps(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives, rng,
                schedule, *, window, n_negatives, batch_size, epochs, step_size):
    """Skip-gram with negative sampling (K may be 0), one minibatch per item: ``(mean pair loss, passes done)``,
    the loss None (and then the end) when it stopped being finite."""
    batches = made_ahead_if_worth_it(minibatch_stream(word_ids, sentence_bounds, keep_probability, window, n_negatives,
                                                      negatives, batch_size, rng, epochs, schedule,
                                                      fast_trainer.MAX_ROW_REPEATS), word_ids.shape[0])
    try:
        with np.errstate(all="ignore"):   # overflow shows up as a non-finite loss
            for batch in batches:
                try:
                    loss, _ = checked_step(sgns_minibatch_step, center_vectors, outside_vectors, batch.center_rows,
                                           batch.target_rows, batch.alpha, batch.epoch, step_size, caps=batch.caps)
                except TrainingDiverged:
                    yield None, batch.progress
                    return
                yield loss, batch.progress
    finally:
        batches.close()   # a run that blew up (or was dropped) stops the thread that makes the minibatches
