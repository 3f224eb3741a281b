"""The minibatches of a training run, made from the corpus: pairs, negatives, step sizes and repeat caps.

Everything random about a run of :func:`w2vlib.training.fast_trainer.train` happens here, in this order for a seed: each
pass sub-samples the corpus (:mod:`w2vlib.text.subsampling`), draws every kept position's window b_t
(:mod:`w2vlib.text.dynamic_window`) and K negatives for every (center, outside) pair (:mod:`w2vlib.text.negative_table`).
The pairs are cut into minibatches of ``batch_size`` consecutive center positions; each gets its step size α
from the linear schedule and its repeat caps (:func:`repeat_caps`), so that the training step only has to train.
:func:`made_ahead` makes them in a thread of their own while the caller trains on the ones before: NumPy lets go of
Python's lock while it works on whole arrays, so the two overlap on two cores (``make bench``'s ``fast-serial`` row
is the same trainer without it).
"""
from __future__ import annotations

import queue
import threading
from dataclasses import dataclass

import numpy as np

from ..text.dynamic_window import draw_reduced_windows, window_pairs
from ..text.negative_table import NegativeTable
from ..text.subsampling import subsample

BATCHES_PER_BLOCK = 32   # pairs and negatives are generated for this many minibatches at a time
MADE_AHEAD_DEPTH = BATCHES_PER_BLOCK // 2  # made_ahead's queue: at most two blocks alive, as without it
_END = object()


def minibatches(ids: np.ndarray, sentence_bounds: np.ndarray, window: int, n_negatives: int,
                negatives: NegativeTable, batch_size: int, rng: np.random.Generator):
    """The minibatches of one pass over the (sub-sampled) corpus, in corpus order.

    ids:             shape (T_kept,), int32 row indices of the kept words; sentence_bounds: their sentence offsets.
    window, n_negatives: m and K.
    negatives:       the :class:`NegativeTable` to draw the negatives from.
    batch_size:      center positions per minibatch.
    Yields ``(center_rows, target_rows, first, last)``: shapes (n,) and (n, K+1) as
    :func:`w2vlib.training.fast_trainer.sgns_minibatch_step` takes them, for the pairs whose centers are the positions
    ``first`` .. ``last − 1`` (minibatches without any pair are skipped). Windows and negatives are drawn for
    ``BATCHES_PER_BLOCK`` minibatches at a time.
    """
    n_kept = ids.shape[0]
    reduced = draw_reduced_windows(n_kept, window, rng)
    block = batch_size * BATCHES_PER_BLOCK
    for block_start in range(0, n_kept, block):
        block_stop = min(block_start + block, n_kept)
        centers, outside = window_pairs(block_start, block_stop, reduced, sentence_bounds, window)
        center_rows = ids[centers]
        target_rows = np.empty((centers.shape[0], n_negatives + 1), dtype=np.int32)
        target_rows[:, 0] = ids[outside]
        target_rows[:, 1:] = negatives.draw(rng, (centers.shape[0], n_negatives))
        starts = np.arange(block_start, block_stop, batch_size)
        edges = np.append(np.searchsorted(centers, starts), centers.shape[0])
        for first, lo, hi in zip(starts, edges[:-1], edges[1:]):
            if hi > lo:
                yield center_rows[lo:hi], target_rows[lo:hi], int(first), int(min(first + batch_size, n_kept))


@dataclass
class Minibatch:
    """One minibatch of :func:`minibatch_stream`."""

    number: int               # position in the stream, 0, 1, 2, ...
    epoch: int
    progress: float           # passes done when it starts: epoch + (its first kept position) / (kept positions)
    alpha: float              # the step size for this minibatch
    center_rows: np.ndarray   # (n,)
    target_rows: np.ndarray   # (n, K+1)
    caps: tuple               # repeat_caps(center_rows, target_rows, R), made with the minibatch


class LinearSchedule:
    """α falling linearly from ``step_size`` to ``min_step_size`` with the corpus words taken so far.

    corpus_words: words in one pass; total_words: in the whole run (``corpus_words=1, total_words=epochs``
    counts passes instead).
    """

    def __init__(self, step_size: float, min_step_size: float, corpus_words: int, total_words: int):
        self.step_size, self.min_step_size = step_size, min_step_size
        self.corpus_words, self.total_words = corpus_words, total_words
        self.words_taken = 0      # corpus words of the minibatches made so far (a few ahead of training)
        self.alpha = step_size

    def take(self, epoch: int, first: int, last: int, n_kept: int) -> float:
        """α for the minibatch of kept positions ``first`` .. ``last − 1`` of ``n_kept``, in pass ``epoch``."""
        self.alpha = self.alpha_at(epoch * self.corpus_words + self.corpus_words * first / n_kept)
        self.words_taken = int(epoch * self.corpus_words + self.corpus_words * last / n_kept)
        return self.alpha

    def alpha_at(self, done: float) -> float:
        """α when ``done`` corpus words of the run have been taken: the share of the run done sets the step size."""
        return self.step_size - (self.step_size - self.min_step_size) * done / self.total_words


def minibatch_stream(word_ids, sentence_bounds, keep_probability, window, n_negatives, negatives, batch_size, rng,
                     epochs: int, schedule, max_repeats: int | None):
    """The :class:`Minibatch` es of every pass, in order, each with its step size and repeat caps.

    Every pass sub-samples the corpus afresh (:func:`w2vlib.text.subsampling.subsample`) and then draws its
    :func:`minibatches`. schedule: has ``take(epoch, first, last, n_kept)`` giving α for the minibatch of kept
    positions ``first`` .. ``last − 1`` of ``n_kept`` in pass ``epoch`` (a :class:`LinearSchedule`).
    max_repeats: R of :func:`repeat_caps` (the trainer's ``MAX_ROW_REPEATS``).
    """
    number = 0
    for epoch in range(epochs):
        ids, bounds = subsample(word_ids, sentence_bounds, keep_probability, rng)
        for center_rows, target_rows, first, last in minibatches(ids, bounds, window, n_negatives, negatives,
                                                                 batch_size, rng):
            yield Minibatch(number, epoch, epoch + first / ids.shape[0],
                            schedule.take(epoch, first, last, ids.shape[0]), center_rows, target_rows,
                            repeat_caps(center_rows, target_rows, max_repeats))
            number += 1


def repeat_caps(center_rows: np.ndarray, target_rows: np.ndarray,
                max_repeats: int | None) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The factors of :func:`w2vlib.training.fast_trainer.sgns_minibatch_step`'s ``max_repeats`` (R) for one minibatch: they
    depend on its rows alone.

    Returns ``(outside_scale, center_scale)``, shapes (n, K+1) and (n, 1), float32: R / r for an entry whose row
    (of U, resp. V) occurs r > R times in the minibatch, 1 for the others; either is None when no row is over R.
    """
    return (_repeat_scale(target_rows, target_rows, max_repeats),
            _repeat_scale(center_rows, center_rows[:, None], max_repeats))


def _repeat_scale(rows: np.ndarray, rows_of_coefs: np.ndarray, max_repeats: int | None) -> np.ndarray | None:
    """R / r (or 1) for every entry of ``rows_of_coefs`` (the row each coefficient updates), where r counts the
    row in ``rows``; None when no row occurs more than R times."""
    if max_repeats is None or rows.size <= max_repeats:
        return None
    repeats = np.bincount(rows.reshape(-1))
    over = repeats > max_repeats
    if not over.any():
        return None
    scale = np.ones(repeats.shape[0], dtype=np.float32)
    scale[over] = np.float32(max_repeats) / repeats[over].astype(np.float32)
    return np.take(scale, rows_of_coefs)


def made_ahead(items, depth: int = MADE_AHEAD_DEPTH):
    """The items of the iterator ``items``, in order, made by a thread of its own up to ``depth`` ahead of the caller.

    The items are exactly those of ``items`` (the thread is the only one to advance it, so a seeded stream gives the
    same minibatches). An exception raised while making them is raised here, in the caller's thread, after the items
    made before it. When the caller stops early (an exception of its own, ``close()``, or the generator dropped), the
    thread is told to stop and waited for, so that nothing runs on after the call that started it.
    """
    made: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    failure: list[BaseException] = []

    def put(item) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as error:  # handed to the caller's thread, raised there
            failure.append(error)
        put(_END)

    thread = threading.Thread(target=make, name="w2vlib minibatches", daemon=True)
    thread.start()
    try:
        while (item := made.get()) is not _END:
            yield item
        if failure:
            raise failure[0]
    finally:
        stop.set()
        thread.join()
