"""The fast trainer on small vocabularies: a row repeated hundreds of times in one minibatch must not diverge.

Issue 10 item 2: with about a dozen distinct words in long sentences, every row of U occurs hundreds of times
in a minibatch of 256 centers, and the summed update (all computed at the same old vectors) is one step of
hundreds × α. ``max_repeats`` caps a row's summed update at R of its average steps.
"""
import functools
import math

import numpy as np
import pytest

from w2vlib.training import fast_trainer
from w2vlib import planted_corpus
from w2vlib.training.fast_trainer import MAX_ROW_REPEATS, TrainingDiverged, sgns_minibatch_step, train

SMALL = dict(dim=50, epochs=5, min_count=1, progress=False)   # the defaults otherwise: α = 0.025, batch 256


def _sentences(n_words, n_sentences, length, zipf=False, seed=0):
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n_words + 1) if zipf else np.ones(n_words)
    return [[f"w{j}" for j in rng.choice(n_words, length, p=p / p.sum())] for _ in range(n_sentences)]


def _planted_long():
    """The planted toy corpus with every 20 sentences joined into one (about 120 words each)."""
    short = planted_corpus(3000).sentences
    return [sum(short[i:i + 20], []) for i in range(0, len(short), 20)]


def _without_cap(monkeypatch):
    monkeypatch.setattr(fast_trainer, "MAX_ROW_REPEATS", None)   # the caps the stream makes with each minibatch
    monkeypatch.setattr(fast_trainer, "sgns_minibatch_step",
                        functools.partial(sgns_minibatch_step, max_repeats=None))


def test_a_dozen_words_in_long_sentences_diverged_without_the_cap(monkeypatch):
    """The reproduction: the summed updates of the old code blow up (sample=0 makes it certain and quick)."""
    _without_cap(monkeypatch)
    with pytest.raises(TrainingDiverged, match="step_size=0.025"):
        train(_sentences(12, 100, 150), sample=0, **SMALL)


def test_the_trainer_takes_r_from_the_module_not_the_steps_default(monkeypatch):
    """``fast_trainer.MAX_ROW_REPEATS`` alone (not the step's default argument) decides R: with it off, the
    reproduction above diverges again."""
    monkeypatch.setattr(fast_trainer, "MAX_ROW_REPEATS", None)
    with pytest.raises(TrainingDiverged, match="step_size=0.025"):
        train(_sentences(12, 100, 150), sample=0, **SMALL)


def test_short_sentences_of_the_same_words_were_fine_without_the_cap(monkeypatch):
    _without_cap(monkeypatch)
    r = train(_sentences(12, 3000, 5), **SMALL)
    assert np.isfinite(r.loss_history).all() and r.loss_history[-20:].mean() < 6 * math.log(2)


@pytest.mark.parametrize("corpus", ["12 words", "3 words", "2 words", "30 words zipf", "12 words zipf",
                                    "planted, long sentences"])
@pytest.mark.parametrize("sample", [1e-3, 0.0])
def test_small_vocabularies_in_long_sentences_train_at_the_defaults(corpus, sample):
    sentences = {"12 words": lambda: _sentences(12, 100, 150), "3 words": lambda: _sentences(3, 100, 150),
                 "2 words": lambda: _sentences(2, 100, 150), "30 words zipf": lambda: _sentences(30, 100, 300, True),
                 "12 words zipf": lambda: _sentences(12, 100, 200, True), "planted, long sentences": _planted_long}
    r = train(sentences[corpus](), sample=sample, **SMALL)
    assert np.isfinite(r.center_vectors).all() and np.isfinite(r.outside_vectors).all()
    # the first minibatch costs at most (K + 1) log 2 per pair (U = 0); training must not end above that
    assert r.loss_history[-5:].mean() < 6 * math.log(2), r.loss_history[-5:]
    assert np.abs(r.center_vectors).max() < 10


def test_planted_groups_are_still_recovered_from_long_sentences():
    from w2vlib.vectors.similarity import group_similarity

    r = train(_planted_long(), sample=0, **{**SMALL, "dim": 20, "epochs": 10})
    within, between = group_similarity(r.center_vectors, r.vocabulary.key_to_index, planted_corpus().groups)
    assert within > between + 0.3, (within, between)


def test_the_cap_scales_the_summed_update_of_each_repeated_row_by_r_over_count():
    """Rows occurring r > R times move by (R / r) × their uncapped summed update; the others exactly as before."""
    rng = np.random.default_rng(3)
    n_words, d, R = 6, 4, 3
    V = rng.standard_normal((n_words, d)).astype(np.float32)
    U = rng.standard_normal((n_words, d)).astype(np.float32)
    centers = np.array([0, 0, 0, 0, 0, 1, 2, 2], np.int32)                      # word 0 is the center 5 times
    targets = np.array([[1, 3, 4], [1, 5, 4], [1, 3, 2], [1, 2, 5], [2, 3, 4],
                        [0, 3, 5], [3, 0, 5], [4, 1, 0]], np.int32)            # word 1 occurs 6 times
    free_V, free_U, capped_V, capped_U = V.copy(), U.copy(), V.copy(), U.copy()
    loss_free, _ = sgns_minibatch_step(free_V, free_U, centers, targets, 0.1, max_repeats=None)
    loss_capped, _ = sgns_minibatch_step(capped_V, capped_U, centers, targets, 0.1, max_repeats=R)
    assert loss_free == loss_capped                                            # the loss is not touched
    in_targets = np.array([np.sum(targets == w) for w in range(n_words)])      # 3, 6, 3, 5, 4, 3 (by hand: 0 .. 5)
    as_center = np.array([np.sum(centers == w) for w in range(n_words)])       # 5, 1, 2, 0, 0, 0
    for w in range(n_words):
        scale_u, scale_v = min(1, R / in_targets[w]), min(1, R / max(as_center[w], 1))
        np.testing.assert_allclose(capped_U[w] - U[w], scale_u * (free_U[w] - U[w]), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(capped_V[w] - V[w], scale_v * (free_V[w] - V[w]), rtol=1e-5, atol=1e-7)
    assert in_targets.max() > R and as_center.max() > R                      # the test exercises the cap


def test_the_cap_changes_nothing_when_no_row_repeats_more_than_r():
    rng = np.random.default_rng(4)
    V = rng.standard_normal((50, 8)).astype(np.float32)
    U = rng.standard_normal((50, 8)).astype(np.float32)
    centers = rng.integers(0, 50, 40).astype(np.int32)
    targets = rng.integers(0, 50, (40, 6)).astype(np.int32)
    assert np.bincount(targets.ravel()).max() <= MAX_ROW_REPEATS
    a_V, a_U, b_V, b_U = V.copy(), U.copy(), V.copy(), U.copy()
    sgns_minibatch_step(a_V, a_U, centers, targets, 0.05)
    sgns_minibatch_step(b_V, b_U, centers, targets, 0.05, max_repeats=None)
    assert np.array_equal(a_V, b_V) and np.array_equal(a_U, b_U)


def test_the_caps_made_with_each_minibatch_are_the_ones_the_step_would_make(monkeypatch):
    """The minibatch stream computes each minibatch's caps (repeat_caps) with the minibatch; training with
    them must give the same bits as a step that computes its own, on a corpus where the caps act in every step."""
    sentences = _sentences(12, 100, 150)
    with_made_caps = train(sentences, sample=0, **SMALL)
    real_step, capped = fast_trainer.sgns_minibatch_step, []

    def step_making_its_own_caps(V, U, center_rows, target_rows, step_size, caps=None):
        capped.append(caps is not None and caps[0] is not None and caps[1] is not None)
        return real_step(V, U, center_rows, target_rows, step_size)

    monkeypatch.setattr(fast_trainer, "sgns_minibatch_step", step_making_its_own_caps)
    with_own_caps = train(sentences, sample=0, **SMALL)
    assert len(capped) == len(with_made_caps.loss_history) and all(capped)
    assert np.array_equal(with_made_caps.center_vectors, with_own_caps.center_vectors)
    assert np.array_equal(with_made_caps.outside_vectors, with_own_caps.outside_vectors)
