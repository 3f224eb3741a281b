"""The fast trainer with several workers: the corpus in blocks, each block trained by whichever worker process is free.

With ``workers=1`` :func:`w2vlib.training.fast_trainer.train` makes one stream of minibatches, pass after pass, with one
random generator, and trains on them in order (bit-identical for a seed). With several workers there is no
single order to keep, so the work is cut up the way word2vec's C code and gensim cut it: every pass over the
corpus is split into blocks of whole sentences of about ``BLOCK_WORDS`` words, and the worker processes of
:mod:`w2vlib.training.worker_processes` take the blocks (pass 1's first, then pass 2's, ...) one after another. For its
block a worker sub-samples the words, draws the windows and the negatives with a random generator seeded by
(seed, pass, block), cuts the block into minibatches and trains on them with the same
:func:`w2vlib.training.fast_trainer.sgns_minibatch_step`, adding into the shared V and U. The step size falls linearly
with the corpus words done by all workers together, as in word2vec.

So with a seed the minibatches and their negatives are the same whatever the number of workers (above one), but
the order in which the workers' updates land depends on timing, and so do the step sizes' last digits: runs with
several workers are **not bit-identical**.
"""
from __future__ import annotations

import numpy as np

from .fast_trainer import checked_step, sgns_minibatch_step
from .minibatch_stream import LinearSchedule, minibatches
from ..text.negative_table import NegativeTable
from ..text.subsampling import subsample
from .worker_processes import Job, run_in_processes

BLOCK_WORDS = 10_000   # words (after min_count) per block: gensim's job size


def block_starts(sentence_bounds: np.ndarray, block_words: int = BLOCK_WORDS) -> np.ndarray:
    """The first sentence of every block, and the number of sentences at the end: shape (n_blocks + 1,), int64.

    A block is a run of whole sentences that starts at the sentence holding word ``k · block_words`` for some k,
    so blocks have about ``block_words`` words (a sentence longer than that is a block of its own).
    """
    n_sentences = sentence_bounds.shape[0] - 1
    holding = np.searchsorted(sentence_bounds[:-1], np.arange(0, sentence_bounds[-1], block_words), side="right") - 1
    return np.append(np.unique(np.concatenate([[0], holding])), n_sentences).astype(np.int64)


def train_blocks(job: Job) -> None:
    """One worker process: take blocks until none is left, train on each, report its losses (runs in the worker)."""
    s, a = job.settings, job.arrays
    center_vectors = a["center_vectors"]
    outside_vectors = center_vectors if s["tied"] else a["outside_vectors"]
    word_ids, bounds, starts = a["word_ids"], a["sentence_bounds"], a["block_starts"]
    negatives = NegativeTable.from_table(a["negative_table"], a["negative_probabilities"], s["neg_power"])
    schedule = LinearSchedule(s["step_size"], s["min_step_size"], s["corpus_words"], s["total_words"])
    n_per_pass = starts.shape[0] - 1
    words_per_id = s["corpus_words"] / word_ids.shape[0]   # corpus words (before min_count) per kept-vocabulary word
    with np.errstate(all="ignore"):   # overflow is detected from the loss, not by warnings
        while (block := job.take_block()) is not None:
            epoch, b = divmod(block, n_per_pass)
            first_word, last_word = bounds[starts[b]], bounds[starts[b + 1]]
            rng = np.random.default_rng([s["seed"], epoch, b])
            ids, kept_bounds = subsample(word_ids[first_word:last_word],
                                         bounds[starts[b]:starts[b + 1] + 1] - first_word, a["keep_probability"], rng)
            block_words, counted, losses = (last_word - first_word) * words_per_id, 0.0, []
            for center_rows, target_rows, _, last in minibatches(ids, kept_bounds, s["window"], s["n_negatives"],
                                                                 negatives, s["batch_size"], rng):
                if job.stopped():
                    return
                losses.append(checked_step(sgns_minibatch_step, center_vectors, outside_vectors, center_rows,
                                           target_rows, schedule.alpha_at(job.progress()), epoch, s["step_size"],
                                           max_repeats=s["max_repeats"]))
                done = block_words * last / ids.shape[0]
                job.add_progress(done - counted)
                counted = done
            job.add_progress(block_words - counted)
            job.report((block, losses))


def train_in_processes(center_vectors, outside_vectors, word_ids, sentence_bounds, keep_probability,
                       negatives: NegativeTable, settings: dict, workers: int, on_progress=None):
    """Train V and U (shape (n_words, d) each; the same array when ``settings["tied"]``) with ``workers`` processes.

    word_ids, sentence_bounds: the encoded corpus; keep_probability: (n_words,) sub-sampling; negatives: P_n's table.
    settings: window, n_negatives, batch_size, seed, epochs, step_size, min_step_size, corpus_words, total_words,
              neg_power, tied, max_repeats (R, as in :func:`w2vlib.training.fast_trainer.sgns_minibatch_step`).
    on_progress: called about every 0.2 s with (corpus words done, [(mean loss, pairs) of the minibatches so far]).
    Returns ``(center_vectors, outside_vectors, minibatches, peaks)``: the trained matrices (new arrays), the
    (mean loss per pair, pairs) of every minibatch in block order, and each worker's peak memory in MiB.
    """
    starts = block_starts(sentence_bounds)
    arrays = {"center_vectors": center_vectors, "word_ids": word_ids, "sentence_bounds": sentence_bounds,
              "block_starts": starts, "keep_probability": keep_probability, "negative_table": negatives.table,
              "negative_probabilities": negatives.probabilities}
    if not settings["tied"]:
        arrays["outside_vectors"] = outside_vectors
    reports: list = []   # (block number, its minibatches' (mean loss, pairs)), in the order they finished

    def on_wait(done: float) -> None:
        if on_progress is not None:
            on_progress(done, [batch for _, losses in reports[-4:] for batch in losses])

    back, peaks = run_in_processes(train_blocks, arrays, settings, workers,
                                   n_blocks=settings["epochs"] * (starts.shape[0] - 1), on_report=reports.append,
                                   on_wait=on_wait, results_back=("center_vectors", "outside_vectors"))
    in_order = [batch for _, losses in sorted(reports, key=lambda report: report[0]) for batch in losses]
    trained_v = back["center_vectors"]
    return trained_v, back.get("outside_vectors", trained_v), in_order, peaks
