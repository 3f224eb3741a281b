"""The fast trainer trains in one thread (a second one makes its minibatches): bit-identical to a plain serial loop,
`workers` other than 1 refused with a pointer to gensim, `tied=True`, and its two scatter-add paths (issues 26, 13
and 12)."""
import hashlib
import platform

import numpy as np
import pytest

from w2vlib import planted_corpus
from w2vlib.text.corpora import load_corpus
from w2vlib.text.negative_table import NegativeTable
from w2vlib.text.subsampling import keep_probabilities, subsample
from w2vlib.text.vocabulary import build_vocabulary
from w2vlib.training import scatter_add
from w2vlib.training.fast_trainer import sgns_minibatch_step, train
from w2vlib.training.minibatch_stream import minibatches
from w2vlib.vectors.similarity import group_similarity

FAST = dict(dim=20, epochs=10, min_count=1, progress=False)


def _hash(result) -> str:
    return hashlib.sha256(result.center_vectors.tobytes() + result.outside_vectors.tobytes()
                          + result.loss_history.tobytes()).hexdigest()[:16]


# ----- one process: today's trainer, bit for bit ------------------------------------------------------------------
# Recorded by running the trainer of main (commit 0ce5d9c, before workers and the repeat cap existed) with
# NumPy 2.4.6 on x86-64; float32 sums may round differently on another CPU or NumPy, hence the guard below.
RECORDED_ON = ("x86_64", "2.4.6")
RECORDED = {"toy, batch 16": "07e9e2742e3d0272", "lee, batch 32": "e44d399b3439de29"}


@pytest.mark.skipif((platform.machine(), np.__version__) != RECORDED_ON,
                    reason="the hashes were recorded with NumPy 2.4.6 on x86-64; the serial-loop test below is portable")
def test_one_worker_gives_the_vectors_recorded_from_the_original_trainer():
    toy = train("toy", dim=20, epochs=2, min_count=1, seed=7, batch_size=16, progress=False)
    lee = train(load_corpus("lee"), dim=20, epochs=1, seed=3, batch_size=32, progress=False)
    assert {"toy, batch 16": _hash(toy), "lee, batch 32": _hash(lee)} == RECORDED


def test_one_worker_equals_a_plain_serial_loop_bit_for_bit():
    """The original loop, written out: sub-sample, minibatches in order, α from the words done, one step each."""
    corpus, seed, epochs, lr, lr_min = load_corpus("toy"), 5, 2, 0.025, 0.0001
    result = train(corpus, dim=16, epochs=epochs, min_count=1, seed=seed, batch_size=32, progress=False)
    vocabulary = build_vocabulary(corpus, 1, None)
    ids, bounds = vocabulary.encode(corpus)
    rng = np.random.default_rng(seed)
    V = (rng.random((len(vocabulary), 16), dtype=np.float32) - np.float32(0.5)) / np.float32(16)
    U = np.zeros_like(V)
    table, keep = NegativeTable(vocabulary.counts), keep_probabilities(vocabulary.counts, 1e-3)
    losses = []
    for epoch in range(epochs):
        kept, kept_bounds = subsample(ids, bounds, keep, rng)
        for centers, targets, first, _ in minibatches(kept, kept_bounds, 5, 5, table, 32, rng):
            done = epoch * corpus.n_words + corpus.n_words * first / kept.shape[0]
            loss, _ = sgns_minibatch_step(V, U, centers, targets, lr - (lr - lr_min) * done / (epochs * corpus.n_words))
            losses.append(loss / centers.shape[0])
    assert np.array_equal(result.center_vectors, V) and np.array_equal(result.outside_vectors, U)
    assert np.array_equal(result.loss_history, np.array(losses))


# ----- the trainer's arguments ------------------------------------------------------------------------------
@pytest.mark.parametrize("workers", [2, 0, None, 2.5, "1", True])
def test_workers_other_than_one_are_refused_with_a_pointer_to_gensim(workers):
    """Issue 26: one training path. A gensim user's workers=4 gets a sentence, not a TypeError or a silent run."""
    with pytest.raises(ValueError, match=r"workers must be 1, got .*trains in one process.*Word2Vec\(workers=N\)"):
        train("toy", workers=workers, **FAST)


def test_the_command_line_has_no_workers_option(tmp_path, capsys):
    from w2vlib.__main__ import main

    with pytest.raises(SystemExit) as info:
        main(["train", "--corpus", "toy", "--out", str(tmp_path / "v.txt"), "--workers", "2"])
    assert info.value.code == 2 and "unrecognized arguments: --workers 2" in capsys.readouterr().err


# ----- tied=True: one matrix -------------------------------------------------------------------------------------
def _tied_loss(W, centers, targets):
    """The minibatch loss with one matrix, written out pair by pair (a negative equal to o is skipped)."""
    total = 0.0
    for c, row in zip(centers, targets):
        total += np.logaddexp(0, -W[row[0]] @ W[c])
        total += sum(np.logaddexp(0, W[k] @ W[c]) for k in row[1:] if k != row[0])
    return total


def test_tied_update_is_minus_alpha_times_the_gradient_of_the_shared_matrix():
    """Finite differences of the loss in W; pairs where o = c and where a negative = c give the 2u terms."""
    rng = np.random.default_rng(0)
    W = rng.standard_normal((5, 3)) * 0.7
    centers = np.array([0, 1, 2, 2], np.int32)
    targets = np.array([[0, 3, 4], [2, 1, 1], [4, 2, 0], [1, 3, 3]], np.int32)  # o = c; negatives = c (twice)
    alpha, h = 0.01, 1e-6
    updated = W.copy()
    loss, _ = sgns_minibatch_step(updated, updated, centers, targets, alpha, max_repeats=None)   # same array twice
    assert loss == pytest.approx(_tied_loss(W, centers, targets), rel=1e-12)
    numeric = np.zeros_like(W)
    for index in np.ndindex(*W.shape):
        plus, minus = W.copy(), W.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (_tied_loss(plus, centers, targets) - _tied_loss(minus, centers, targets)) / (2 * h)
    np.testing.assert_allclose((updated - W) / -alpha, numeric, rtol=1e-6, atol=1e-8)
    # the untied step would move the shared row of word 0 by only one of its two roles
    untied_V, untied_U = W.copy(), W.copy()
    sgns_minibatch_step(untied_V, untied_U, centers, targets, alpha, max_repeats=None)
    assert not np.allclose((untied_V[0] - W[0]) / -alpha, numeric[0], atol=1e-4)


def test_tied_training_uses_one_matrix_and_recovers_the_planted_groups():
    r = train("toy", tied=True, seed=0, **FAST)
    assert r.center_vectors is r.outside_vectors and np.isfinite(r.center_vectors).all()
    within, between = group_similarity(r.center_vectors, r.vocabulary.key_to_index, planted_corpus().groups)
    assert within > between + 0.2, (within, between)
    with pytest.raises(ValueError, match="tied must be True or False"):
        train("toy", tied="yes", **FAST)


# ----- the two scatter-add paths -----------------------------------------------------------------------------------
@pytest.fixture
def restore_scatter_path():
    before = scatter_add.scatter_path()
    yield
    scatter_add.use_scatter_path(before)


def test_public_scatter_path_trains_the_same_vectors_as_the_private_kernel(restore_scatter_path):
    results = {}
    for path in (scatter_add.PRIVATE, scatter_add.PUBLIC):
        assert scatter_add.use_scatter_path(path) == path == scatter_add.scatter_path()
        results[path] = train("toy", seed=3, **{**FAST, "epochs": 2})
    a, b = results[scatter_add.PRIVATE], results[scatter_add.PUBLIC]
    np.testing.assert_allclose(a.center_vectors, b.center_vectors, atol=2e-5)
    np.testing.assert_allclose(a.outside_vectors, b.outside_vectors, atol=2e-5)


def test_public_scatter_path_sums_repeated_rows(restore_scatter_path):
    scatter_add.use_scatter_path(scatter_add.PUBLIC)
    rng = np.random.default_rng(6)
    target = rng.standard_normal((50, 8)).astype(np.float32)
    rows = rng.integers(0, 5, size=(300, 6)).astype(np.int32)
    coefs, sources = rng.standard_normal((300, 6)).astype(np.float32), rng.standard_normal((300, 8)).astype(np.float32)
    expected = target.astype(np.float64)
    for p in range(300):
        for j in range(6):
            expected[rows[p, j]] += coefs[p, j] * sources[p]
    scatter_add.scatter_add_rows(target, rows, coefs, sources)
    np.testing.assert_allclose(target, expected, atol=1e-4)


def test_use_scatter_path_rejects_unknown_names():
    with pytest.raises(ValueError, match="path must be one of"):
        scatter_add.use_scatter_path("fortran")
