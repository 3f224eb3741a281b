"""The fast NumPy trainer: its minibatch step against the handout's gradients, what it learns, and its failures."""
import math

import numpy as np
import pytest

from w2vlib.training import fast_trainer
from w2vlib import neg_sampling_loss_and_gradient, planted_corpus
from w2vlib.text.corpora import Corpus, load_corpus
from w2vlib.text.dynamic_window import expected_pair_count
from w2vlib.vectors.embeddings import Embeddings
from w2vlib.training.fast_trainer import TrainingDiverged, sgns_minibatch_step, train
from w2vlib.vectors.similarity import group_similarity

FAST = dict(dim=20, epochs=10, min_count=1, progress=False)


@pytest.fixture(scope="module")
def toy_result():
    return train("toy", **FAST)


# ----- one minibatch step -------------------------------------------------------------------------------------
def test_minibatch_step_is_the_sum_of_the_handouts_per_pair_sgd_steps():
    """Each pair's gradient from w2vlib.neg_sampling_loss_and_gradient, all at the old vectors, summed."""
    rng = np.random.default_rng(0)
    n_words, d, alpha = 7, 5, 0.1
    V = rng.standard_normal((n_words, d)).astype(np.float32)
    U = rng.standard_normal((n_words, d)).astype(np.float32)
    centers = np.array([0, 0, 3, 5, 3], dtype=np.int32)                 # repeated centers
    targets = np.array([[1, 2, 2, 6], [4, 1, 3, 3], [0, 6, 5, 1], [2, 4, 6, 0], [1, 1, 2, 3]], dtype=np.int32)
    V_new, U_new = V.copy(), U.copy()
    loss, _ = sgns_minibatch_step(V_new, U_new, centers, targets, alpha)

    V_ref, U_ref, loss_ref = V.astype(np.float64), U.astype(np.float64), 0.0
    step_V, step_U = np.zeros_like(V_ref), np.zeros_like(U_ref)
    for c, row in zip(centers, targets):
        negatives = row[1:][row[1:] != row[0]]   # word2vec skips a negative equal to the outside word
        if negatives.size == 0:
            continue
        pair_loss, grad_v, grad_U = neg_sampling_loss_and_gradient(V_ref[c], int(row[0]), U_ref, negatives)
        loss_ref += pair_loss
        step_V[c] -= alpha * grad_v
        step_U -= alpha * grad_U
    assert loss == pytest.approx(loss_ref, rel=1e-5)
    assert np.allclose(V_new, V_ref + step_V, atol=1e-5)
    assert np.allclose(U_new, U_ref + step_U, atol=1e-5)


def test_minibatch_step_has_no_overflow_for_huge_scores(no_warnings):
    V = np.full((3, 2), 1e3, dtype=np.float32)
    U = np.full((3, 2), -1e3, dtype=np.float32)
    loss, score_sum = sgns_minibatch_step(V, U, np.array([0], np.int32), np.array([[1, 2]], np.int32), 1e-6)
    assert math.isfinite(loss) and loss == pytest.approx(2e6, rel=1e-3)  # −log σ(−2e6) ≈ 2e6 for the outside word


# ----- what training learns ------------------------------------------------------------------------------------
def test_toy_training_recovers_the_planted_groups(toy_result):
    groups = planted_corpus().groups
    within, between = group_similarity(toy_result.center_vectors, toy_result.vocabulary.key_to_index, groups)
    assert within > between + 0.3, (within, between)
    emb = toy_result.embeddings
    assert isinstance(emb, Embeddings) and emb.index_to_key == toy_result.vocabulary.index_to_key
    nearest = [w for w, _ in emb.most_similar("paris", topn=5)]
    assert sum(w in groups["capitals"] for w in nearest) >= 3, nearest


def test_result_fields_and_a_falling_loss(toy_result):
    r = toy_result
    n_words = len(r.vocabulary)
    assert r.center_vectors.shape == r.outside_vectors.shape == (n_words, 20)
    assert r.center_vectors.dtype == r.outside_vectors.dtype == np.float32
    assert np.array_equal(r.embeddings.vectors, r.center_vectors)
    assert r.loss_history.ndim == 1 and np.all(np.isfinite(r.loss_history))
    tenth = len(r.loss_history) // 10
    assert r.loss_history[-tenth:].mean() < 0.6 * r.loss_history[:tenth].mean()
    # the first minibatch starts from U = 0: every score is 0, so each pair costs log 2 for o and for each of
    # its K = 5 negatives, less the (few) negatives skipped because they equal o
    assert 4 * math.log(2) < r.loss_history[0] <= 6 * math.log(2) + 1e-9
    assert r.seconds > 0 and r.words_per_second == pytest.approx(10 * load_corpus("toy").n_words / r.seconds)


def test_pairs_trained_match_the_dynamic_window_expectation():
    sentences = [["w%d" % (i % 9) for i in range(j, j + 12)] for j in range(300)]  # 300 sentences of 12 words
    r = train(sentences, sample=0, window=4, **{**FAST, "epochs": 2})
    mean = 2 * 300 * expected_pair_count(12, 4)
    # pair counts of the 7200 positions are independent, each between 1 and 2m: a loose 5-sd bound
    assert abs(r.n_pairs - mean) <= 5 * math.sqrt(2 * 300 * 12 * 4 ** 2)


def test_pairs_never_cross_a_sentence_boundary(monkeypatch):
    """Every sentence has its own words, so a pair across a boundary would mix two sentences' words."""
    sentences = [[f"s{i}w{j}" for j in range(8)] * 3 for i in range(40)]
    seen = []
    real_step = fast_trainer.sgns_minibatch_step

    def recording_step(V, U, center_rows, target_rows, step_size, **options):
        seen.append((center_rows.copy(), target_rows[:, 0].copy()))
        return real_step(V, U, center_rows, target_rows, step_size, **options)

    monkeypatch.setattr(fast_trainer, "sgns_minibatch_step", recording_step)
    r = train(sentences, sample=1e-3, window=5, batch_size=16, **{**FAST, "epochs": 2})  # sub-sampling moves bounds
    keys = r.vocabulary.index_to_key
    sentence_of = np.array([int(w[1:].split("w")[0]) for w in keys])
    centers = np.concatenate([c for c, _ in seen])
    outside = np.concatenate([o for _, o in seen])
    assert centers.size == r.n_pairs > 0
    assert np.array_equal(sentence_of[centers], sentence_of[outside])


# ----- determinism --------------------------------------------------------------------------------------------
def test_same_seed_gives_identical_bits_and_another_seed_does_not():
    corpus = load_corpus("toy")
    a = train(corpus, seed=7, **{**FAST, "epochs": 2})
    b = train(corpus, seed=7, **{**FAST, "epochs": 2})
    c = train(corpus, seed=8, **{**FAST, "epochs": 2})
    assert np.array_equal(a.center_vectors, b.center_vectors) and np.array_equal(a.outside_vectors, b.outside_vectors)
    assert np.array_equal(a.loss_history, b.loss_history)
    assert not np.array_equal(a.center_vectors, c.center_vectors)


# ----- failures -----------------------------------------------------------------------------------------------
def test_a_huge_step_size_raises_training_diverged_naming_it(no_warnings):
    with pytest.raises(TrainingDiverged, match=r"step_size=1e\+08.*smaller step size") as info:
        train("toy", step_size=1e8, min_step_size=0.0, **FAST)
    assert isinstance(info.value, ValueError)
    assert "e.g. step_size=1e+07" in str(info.value)


@pytest.mark.parametrize("kwargs, name", [
    ({"dim": 0}, "dim"), ({"dim": 2.5}, "dim"), ({"window": 0}, "window"), ({"window": 500}, "window"),
    ({"n_negatives": 0}, "n_negatives"), ({"epochs": 0}, "epochs"), ({"step_size": -0.1}, "step_size"),
    ({"step_size": float("nan")}, "step_size"), ({"step_size": 0.01, "min_step_size": 0.1}, "min_step_size"),
    ({"min_step_size": -1.0}, "min_step_size"), ({"sample": -1e-3}, "sample"), ({"sample": "1e-3"}, "sample"),
    ({"min_count": 0}, "min_count"), ({"min_count": 10**6}, "min_count"), ({"max_vocab": 0}, "max_vocab"),
    ({"neg_power": -0.75}, "neg_power"), ({"batch_size": 0}, "batch_size"), ({"seed": -1}, "seed"),
    ({"seed": 1.5}, "seed"), ({"progress": "yes"}, "progress"),
])
def test_bad_arguments_raise_value_errors_naming_the_argument(kwargs, name):
    with pytest.raises(ValueError, match=name):
        train("toy", **{**FAST, **kwargs})


def test_bad_corpora_raise_value_errors():
    with pytest.raises(ValueError, match="corpus must be"):
        train(42, **FAST)
    with pytest.raises(ValueError, match="no sentence has two words"):
        train([["alone"], ["single"], ["alone"]], **FAST)
    with pytest.raises(ValueError, match="unknown corpus source"):
        train("no-such-corpus", **FAST)


def test_progress_bar_shows_words_per_second_and_loss(capsys):
    train(Corpus.from_sentences(planted_corpus(300).sentences), **{**FAST, "epochs": 2, "progress": True,
                                                                     "batch_size": 4})
    err = capsys.readouterr().err
    assert "word/s" in err and "loss=" in err


def test_a_run_shorter_than_the_update_interval_still_ends_with_its_loss_on_the_bar():
    """The bar moves about every 0.2 s and once more at the end, however short the run (the test above depends on
    the run taking longer than 0.2 s)."""
    import io
    from types import SimpleNamespace

    from tqdm import tqdm

    from w2vlib.training.minibatch_stream import LinearSchedule

    bar = tqdm(total=100, file=io.StringIO())
    done = [(2.5, 10), (1.5, 10)]
    batches = [SimpleNamespace(progress=0.25), SimpleNamespace(progress=0.5)]
    schedule = LinearSchedule(0.025, 0.0001, corpus_words=100, total_words=100)
    assert list(fast_trainer._showing_progress(iter(batches), bar, 100, done, schedule, seconds=3600)) == batches
    assert bar.n == 50 and bar.postfix is not None and "loss=2.000" in bar.postfix and "α=" in bar.postfix
    bar.close()


@pytest.mark.parametrize("setting, named", [({"dim": 10**9}, "dim"), ({"n_negatives": 10**6}, "n_negatives"),
                                            ({"dim": 10**7}, "dim")])
def test_a_run_too_large_for_memory_is_refused_before_allocating(setting, named):
    """Before: NumPy's "Unable to allocate 414 GiB" (and dim=10**7 used 4.3 GiB before failing)."""
    with pytest.raises(MemoryError) as info:
        train("toy", **{**FAST, **setting})
    message = str(info.value)
    key, value = next(iter(setting.items()))
    assert f"{key}={value}" in message and "needs about" in message and "this machine has about" in message
    assert f"Choose a smaller {named}" in message and "Unable to allocate" not in message


def test_the_memory_check_adds_the_parts_and_compares_with_what_is_free():
    from w2vlib.validation import check_memory

    check_memory({"a": 400, "b": 400}, "f(x=1)", "Smaller x.", available=1000)      # 800 ≤ 80% of 1000
    with pytest.raises(MemoryError, match=r"f\(x=2\) needs about 1 KiB \(a: 1 KiB; b: 0 KiB\).*Smaller x\."):
        check_memory({"a": 801, "b": 0}, "f(x=2)", "Smaller x.", available=1000)


def _spy_on_the_estimate(monkeypatch) -> dict:
    """The parts of the memory estimate train() checks, filled in when it checks them."""
    parts = {}
    real_check = fast_trainer.check_memory

    def spy(estimate, *args, **kwargs):
        parts.update(estimate)
        return real_check(estimate, *args, **kwargs)

    monkeypatch.setattr(fast_trainer, "check_memory", spy)
    return parts


@pytest.mark.parametrize("setting", [dict(dim=10, n_negatives=500), dict(dim=2000, n_negatives=20)],
                         ids=["many negatives", "long vectors"])
def test_the_memory_estimate_covers_what_a_run_really_allocates(setting, monkeypatch):
    """The estimate is at least the run's peak (tracemalloc counts NumPy's arrays) and not far above it. Before,
    the word ids drawn 32 minibatches at a time were left out: with many negatives the run took 4 times the
    estimate (92 MiB against 22 MiB), and a run that did not fit could pass the check."""
    import tracemalloc

    parts = _spy_on_the_estimate(monkeypatch)
    corpus = load_corpus("toy")
    tracemalloc.start()
    try:
        train(corpus, epochs=1, batch_size=32, sample=0, step_size=0.001, progress=False, **setting)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = sum(parts.values())
    assert peak <= estimate <= 2.5 * peak, f"estimate {estimate / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("setting", [{}, {"batch_size": 10**6}, {"dim": 300, "n_negatives": 20, "window": 10}],
                         ids=["defaults", "a batch larger than the corpus", "large but usual settings"])
def test_usual_runs_pass_the_memory_check_on_a_laptop_with_1_gib_free(setting, monkeypatch):
    """Before: batch_size=10**6 on the toy corpus was refused as needing about 15 GiB, though a minibatch cannot
    hold more centers than the corpus has (it trains in half a second)."""
    from w2vlib import validation

    monkeypatch.setattr(validation, "available_memory_bytes", lambda: 2**30)
    result = train("toy", **{**FAST, "epochs": 1, **setting})
    assert result.n_pairs > 0
