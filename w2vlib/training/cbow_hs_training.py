"""The fast trainer's CBOW and hierarchical-softmax modes: their minibatches and their training loop.

:func:`w2vlib.training.fast_trainer.train` hands a run with ``model="cbow"`` or ``loss="hierarchical_softmax"`` to
:func:`train_variant`. The recipe is the skip-gram one (sub-sampling in every pass, the dynamic window b_t, the
linear step size, minibatches of ``batch_size`` consecutive kept positions); what changes is what one position
trains (see :mod:`w2vlib.training.cbow_hs_step`):

* skip-gram: one group per (center, outside) pair, x = v_c; CBOW: one group per center position that has a context,
  x = v̂, the mean of its context words' vectors (the b_t words on each side, as word2vec's CBOW uses them);
* negative sampling: the word to predict (o for skip-gram, c for CBOW) with label 1 and K draws from the
  unigram^β table with label 0 (a draw equal to the word to predict is skipped, as in word2vec); hierarchical
  softmax: the inner nodes on the Huffman path of the word to predict, each with its turn as the label.

The minibatches are made in the training thread, one before each step (no thread that makes them ahead).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..text.dynamic_window import draw_reduced_windows, window_pairs
from .minibatch_stream import LinearSchedule
from ..text.subsampling import subsample
from ..text.huffman_tree import build_huffman_tree
from .cbow_hs_step import logistic_minibatch_step

MODELS = ("skipgram", "cbow")
LOSSES = ("neg_sampling", "hierarchical_softmax")
LOSS_EVERY = 50    # the progress bar's loss: the mean over this many of the latest minibatches


def check_model_and_loss(model, loss, workers: int, tied: bool) -> tuple[str, str]:
    """Validate the fast trainer's ``model`` and ``loss``; returns them. Only skip-gram with negative sampling runs
    on ``workers`` = 1 (the only value now), and one matrix (``tied``) cannot hold the Huffman tree's node vectors."""
    if model not in MODELS:
        raise ValueError(f"model must be 'skipgram' (the context from the center word) or 'cbow' (the center word "
                         f"from its context), got {model!r}.")
    if loss not in LOSSES:
        raise ValueError(f"loss must be 'neg_sampling' or 'hierarchical_softmax', got {loss!r}.")
    if tied and loss == "hierarchical_softmax":
        raise ValueError("tied=True needs U to hold one vector per word, but with loss='hierarchical_softmax' U holds "
                         "the Huffman tree's inner nodes; use tied=False.")
    return model, loss


@dataclass
class ExampleBatch:
    """One minibatch, as :func:`w2vlib.training.cbow_hs_step.logistic_minibatch_step` takes it (see there)."""

    input_rows: np.ndarray            # (P,) int32
    input_starts: np.ndarray | None   # (G + 1,) int64, or None for skip-gram (one input row per group)
    output_rows: np.ndarray           # (N,) int32
    output_group: np.ndarray          # (N,) int32
    signs: np.ndarray                 # (N,) float32: +1, −1 or 0
    first: int                        # the kept positions first .. last − 1 are its centers
    last: int

    @property
    def n_groups(self) -> int:
        return int(self.input_rows.shape[0] if self.input_starts is None else self.input_starts.shape[0] - 1)


class Outputs:
    """The (row, label) examples of the word each group predicts: the word with K negatives, or its Huffman path.

    negatives: a :class:`w2vlib.negative_table.NegativeTable` (negative sampling) or None; n_negatives: K;
    tree: a :class:`w2vlib.text.huffman_tree.HuffmanTree` (hierarchical softmax) or None.
    """

    def __init__(self, negatives=None, n_negatives: int = 5, tree=None):
        self.negatives, self.n_negatives = negatives, n_negatives
        if tree is not None:
            self.nodes, self.node_signs = tree.padded()                   # (n_words, L), padded with sign 0
            self.depths = tree.depths.astype(np.int64)

    def examples(self, targets: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(output_rows, output_group, signs)`` for groups predicting ``targets`` (shape (G,), int32)."""
        n_groups = targets.shape[0]
        if self.negatives is not None:
            width = self.n_negatives + 1
            rows = np.empty((n_groups, width), dtype=np.int32)
            rows[:, 0] = targets
            rows[:, 1:] = self.negatives.draw(rng, (n_groups, self.n_negatives))
            signs = np.full((n_groups, width), -1, dtype=np.float32)
            signs[:, 0] = 1
            signs[rows == rows[:, :1]] = 0                                 # a negative equal to the target: skipped
            signs[:, 0] = 1
            group = np.repeat(np.arange(n_groups, dtype=np.int32), width)
            return rows.reshape(-1), group, signs.reshape(-1)
        depth = self.depths[targets]
        mask = self.node_signs[targets] != 0                             # row by row, so the groups stay in order
        group = np.repeat(np.arange(n_groups, dtype=np.int32), depth)
        return self.nodes[targets][mask], group, self.node_signs[targets][mask]


def example_batches(ids: np.ndarray, sentence_bounds: np.ndarray, window: int, model: str, outputs: Outputs,
                    batch_size: int, rng: np.random.Generator):
    """The :class:`ExampleBatch` es of one pass over the (sub-sampled) corpus ``ids`` (shape (T_kept,), int32 rows,
    sentences at ``sentence_bounds``), ``batch_size`` center positions each, with the windows b_t drawn here;
    minibatches without any pair are skipped."""
    n_kept = ids.shape[0]
    reduced = draw_reduced_windows(n_kept, window, rng)
    for first in range(0, n_kept, batch_size):
        last = min(first + batch_size, n_kept)
        centers, outside = window_pairs(first, last, reduced, sentence_bounds, window)
        if centers.shape[0] == 0:
            continue
        if model == "skipgram":
            input_rows, input_starts, targets = ids[centers], None, ids[outside]
        else:                                                              # one group per center, its context in order
            starts = np.flatnonzero(np.diff(centers)) + 1
            input_rows = ids[outside]
            input_starts = np.concatenate([[0], starts, [centers.shape[0]]]).astype(np.int64)
            targets = ids[centers[input_starts[:-1]]]
        output_rows, output_group, signs = outputs.examples(targets, rng)
        yield ExampleBatch(input_rows, input_starts, output_rows, output_group, signs, first, last)


@dataclass
class VariantStep:
    """What one minibatch of :func:`variant_steps` did: its mean loss per group and its number of groups, the pass
    ``epoch`` and the passes done when it ran (``progress``, e.g. 1.25), its step size ``alpha``, and whether its
    loss came out finite (False: training diverged at this minibatch)."""

    loss: float
    n_groups: int
    epoch: int
    progress: float
    alpha: float
    finite: bool


def variant_steps(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives, counts,
                  rng, *, model: str, loss: str, window: int, n_negatives: int, batch_size: int, epochs: int,
                  schedule: LinearSchedule, max_repeats: int | None):
    """Train V and U in place, ``epochs`` passes, one :class:`VariantStep` per minibatch (a generator: the caller
    decides what a non-finite loss means; :func:`train_variant` raises, the explorer stops and keeps the curve).

    counts: shape (n_words,), the vocabulary's counts (for the Huffman tree); negatives: the NegativeTable (used
    only with negative sampling); schedule: a :class:`LinearSchedule`. With the hierarchical softmax, U holds the
    node vectors (row n = u_n). Overflow is not warned about here: it shows as ``finite=False``.
    """
    outputs = (Outputs(negatives, n_negatives) if loss == "neg_sampling" else
               Outputs(tree=build_huffman_tree(counts)))
    for epoch in range(epochs):
        ids, bounds = subsample(word_ids, sentence_bounds, keep_probability, rng)
        for batch in example_batches(ids, bounds, window, model, outputs, batch_size, rng):
            alpha = schedule.take(epoch, batch.first, batch.last, ids.shape[0])
            with np.errstate(all="ignore"):                                 # divergence is detected from the loss
                batch_loss, score_sum = logistic_minibatch_step(
                    center_vectors, outside_vectors, batch.input_rows, batch.input_starts, batch.output_rows,
                    batch.output_group, batch.signs, alpha, max_repeats=max_repeats)
            yield VariantStep(batch_loss / batch.n_groups, batch.n_groups, epoch, epoch + batch.first / ids.shape[0],
                              alpha, math.isfinite(batch_loss + score_sum))


def train_variant(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability, negatives, counts,
                  rng, bar, *, model: str, loss: str, window: int, n_negatives: int, batch_size: int, epochs: int,
                  step_size: float, min_step_size: float, corpus_words: int, max_repeats: int | None,
                  diverged) -> list[tuple[float, int]]:
    """Train V and U in place, ``epochs`` passes; returns (mean loss per group, groups) of every minibatch.

    The arguments as in :func:`variant_steps`; bar: a tqdm bar or None; diverged(epoch, alpha): the exception to
    raise when the loss or a vector stops being finite.
    """
    schedule = LinearSchedule(step_size, min_step_size, corpus_words, epochs * corpus_words)
    done: list[tuple[float, int]] = []
    for step in variant_steps(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability,
                              negatives, counts, rng, model=model, loss=loss, window=window, n_negatives=n_negatives,
                              batch_size=batch_size, epochs=epochs, schedule=schedule, max_repeats=max_repeats):
        if not step.finite:
            raise diverged(step.epoch, step.alpha)
        done.append((step.loss, step.n_groups))
        if bar is not None and len(done) % LOSS_EVERY == 0:
            bar.update(schedule.words_taken - bar.n)
            bar.set_postfix(loss=f"{np.mean([m for m, _ in done[-LOSS_EVERY:]]):.3f}", α=f"{step.alpha:.4f}",
                            refresh=False)
    return done


def check_handout_model(model, loss, tied, l2_weight, exclude) -> None:
    """The handout trainer's ``model`` and ``loss`` with its other options: the combinations that are defined."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(map(repr, MODELS))}, got {model!r}.")
    if model == "cbow" and (l2_weight or exclude != "outside"):
        raise ValueError("with model='cbow' the L2 term (l2_weight) and exclude other than 'outside' are not defined "
                         "(they are about v_c and the window of skip-gram); leave them at their defaults.")
    if loss == "hierarchical_softmax" and (tied or exclude != "outside"):
        raise ValueError("with loss='hierarchical_softmax' U holds the Huffman tree's inner nodes, not words: tied=True "
                         "and exclude (which words a negative may be) do not apply; leave them at their defaults.")
