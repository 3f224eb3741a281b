"""The handout-style trainer: it learns the planted structure, is reproducible, resumes exactly, and fails clearly."""
from collections import Counter

import numpy as np
import pytest

import w2vlib.training.handout_trainer as handout_trainer
from w2vlib import gradcheck, neg_sampling_loss_and_gradient, planted_corpus
from w2vlib.training.handout_trainer import train_handout, window_around
from w2vlib.vectors.similarity import group_similarity

SMALL = planted_corpus(150, seed=3).sentences


@pytest.fixture(scope="module")
def corpus():
    return planted_corpus(800, seed=0)


@pytest.fixture(scope="module", params=["neg_sampling", "naive_softmax"])
def trained(request, corpus):
    return request.param, train_handout(corpus.sentences, dim=10, window=2, loss=request.param, step_size=0.1, seed=0)


def test_loss_history_falls(trained):
    loss, result = trained
    history = result.loss_history
    assert history.shape == (result.n_words_processed,)  # batch_size 1: one entry per center position
    first, last = history[99], history[-1]                # mean of the first 100 steps, of the last 100 steps
    assert np.all(np.isfinite(history))
    assert last < 0.75 * first, f"{loss}: running loss went from {first:.3f} to {last:.3f}"


def test_planted_groups_end_up_closer_than_different_groups(trained, corpus):
    loss, result = trained
    within, between = group_similarity(result.center_vectors, result.word2ind, corpus.groups)
    assert within > between + 0.3, f"{loss}: within {within:.3f}, between {between:.3f}"


def test_same_seed_gives_identical_vectors_and_another_seed_does_not():
    a = train_handout(SMALL, seed=7)
    b = train_handout(SMALL, seed=7)
    c = train_handout(SMALL, seed=8)
    assert np.array_equal(a.center_vectors, b.center_vectors) and np.array_equal(a.outside_vectors, b.outside_vectors)
    assert np.array_equal(a.loss_history, b.loss_history)
    assert not np.array_equal(a.center_vectors, c.center_vectors)


@pytest.mark.parametrize("loss", ["neg_sampling", "naive_softmax"])
def test_resume_after_an_interruption_is_bit_identical(tmp_path, monkeypatch, loss):
    kwargs = dict(loss=loss, epochs=2, anneal_every=300, seed=5, checkpoint_every=100)
    uninterrupted = train_handout(SMALL, checkpoint_path=tmp_path / "full.npz", **kwargs)

    real_skipgram, calls = handout_trainer.skipgram, []

    def skipgram_that_crashes(*args):
        calls.append(1)
        if len(calls) == 1234:  # in the second epoch, between two checkpoints
            raise KeyboardInterrupt
        return real_skipgram(*args)

    monkeypatch.setattr(handout_trainer, "skipgram", skipgram_that_crashes)
    path = tmp_path / "run.npz"
    with pytest.raises(KeyboardInterrupt):
        train_handout(SMALL, checkpoint_path=path, **kwargs)
    monkeypatch.setattr(handout_trainer, "skipgram", real_skipgram)
    with np.load(path) as saved:
        assert int(saved["step"]) == 1200  # the last checkpoint before the crash
    resumed = train_handout(SMALL, checkpoint_path=path, resume=True, **kwargs)

    assert np.array_equal(resumed.center_vectors, uninterrupted.center_vectors)
    assert np.array_equal(resumed.outside_vectors, uninterrupted.outside_vectors)
    assert np.array_equal(resumed.loss_history, uninterrupted.loss_history)
    assert resumed.n_words_processed == uninterrupted.n_words_processed - 1200
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full.npz", "run.npz"]  # no temporary files left


def test_resume_can_add_epochs_and_refuses_other_arguments(tmp_path):
    path = tmp_path / "run.npz"
    two_epochs = train_handout(SMALL, epochs=2, seed=1)
    train_handout(SMALL, epochs=1, seed=1, checkpoint_path=path, checkpoint_every=500)
    continued = train_handout(SMALL, epochs=2, seed=1, checkpoint_path=path, checkpoint_every=500, resume=True)
    assert np.array_equal(continued.center_vectors, two_epochs.center_vectors)
    with pytest.raises(ValueError, match="dim"):
        train_handout(SMALL, epochs=2, dim=5, seed=1, checkpoint_path=path, resume=True)


def test_checkpoint_problems_are_reported_before_or_instead_of_training(tmp_path):
    with pytest.raises(ValueError, match="folder that does not exist"):
        train_handout(SMALL, checkpoint_path=tmp_path / "missing" / "run.npz", checkpoint_every=10)
    np.savez(tmp_path / "other.npz", center_vectors=np.zeros((2, 2)))
    with pytest.raises(ValueError, match="not a checkpoint written by train_handout"):
        train_handout(SMALL, checkpoint_path=tmp_path / "other.npz", resume=True)


def test_resume_without_a_checkpoint_file_starts_afresh(tmp_path):
    fresh = train_handout(SMALL, seed=2)
    resumed = train_handout(SMALL, seed=2, checkpoint_path=tmp_path / "missing.npz", resume=True)
    assert np.array_equal(fresh.center_vectors, resumed.center_vectors)


@pytest.mark.parametrize("loss", ["neg_sampling", "naive_softmax"])
def test_a_huge_step_size_stops_with_a_message_naming_it(loss):
    with pytest.raises(ValueError, match=r"step_size=1e\+06.*smaller"):
        train_handout(SMALL, loss=loss, step_size=1e6)


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(window=0), "window"),
    (dict(window=1.5), "window"),
    (dict(loss="softmax"), "loss must be one of"),
    (dict(dim=0), "dim"),
    (dict(n_negatives=0), "n_negatives"),
    (dict(step_size=-0.1), "step_size"),
    (dict(step_size=float("nan")), "step_size"),
    (dict(epochs=0), "epochs"),
    (dict(min_count=0), "min_count"),
    (dict(min_count=10**6), "min_count"),
    (dict(anneal_every=0), "anneal_every"),
    (dict(resume=True), "checkpoint_path"),
    (dict(checkpoint_every=10), "checkpoint_path"),
    (dict(seed=-1), "seed"),
])
def test_bad_arguments_raise_clear_errors(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        train_handout(SMALL, **kwargs)


@pytest.mark.parametrize("sentences, fragment", [
    ([], "empty"),
    ("the cat sat on the mat", "list of sentences"),
    (["the cat sat", "on the mat"], r"sentences\[0\] must be a list of word strings"),
    ([["cat"], ["dog"]], "two or more vocabulary words"),
    ([[], []], "no words"),
])
def test_bad_sentences_raise_clear_errors(sentences, fragment):
    with pytest.raises(ValueError, match=fragment):
        train_handout(sentences)


def test_vocabulary_keeps_frequent_words_most_frequent_first():
    counts = Counter(word for sentence in SMALL for word in sentence)
    result = train_handout(SMALL, min_count=5)
    assert set(result.index_to_key) == {word for word, n in counts.items() if n >= 5}
    assert [counts[w] for w in result.index_to_key] == sorted((counts[w] for w in result.index_to_key), reverse=True)
    assert all(result.word2ind[w] == i for i, w in enumerate(result.index_to_key))
    assert result.center_vectors.shape[0] == len(result.index_to_key)


def test_windows_skip_out_of_vocabulary_words_and_stop_at_the_sentence_ends():
    sentence = ["a", "b", "rare", "c", "d", "e"]
    result = train_handout([sentence, ["a", "b", "c", "d", "e"]], min_count=2, epochs=1)
    assert "rare" not in result.word2ind
    assert result.n_words_processed == 10                  # 5 vocabulary words in each sentence
    kept = [w for w in sentence if w in result.word2ind]
    assert window_around(kept, 2, 2) == ["a", "b", "d", "e"]  # "rare" is skipped: b and c become neighbours
    assert window_around(kept, 0, 2) == ["b", "c"]
    assert window_around(kept, 4, 3) == ["b", "c", "d"]


def test_positions_visited_and_steps_per_epoch_with_segments():
    n_positions = sum(len(s) for s in SMALL if len(s) > 1)
    result = train_handout(SMALL, epochs=2, batch_size=7)
    assert result.n_words_processed == 2 * n_positions
    assert len(result.loss_history) == 2 * -(-n_positions // 7)
    assert result.center_vectors.shape == result.outside_vectors.shape == (len(result.index_to_key), 10)


def test_every_position_is_visited_once_per_epoch(monkeypatch):
    seen = Counter()
    real_skipgram = handout_trainer.skipgram

    def recording_skipgram(center_word, window_words, *args):
        seen[center_word] += 1
        return real_skipgram(center_word, window_words, *args)

    monkeypatch.setattr(handout_trainer, "skipgram", recording_skipgram)
    train_handout(SMALL, epochs=3)
    expected = Counter(word for sentence in SMALL if len(sentence) > 1 for word in sentence)
    assert seen == Counter({word: 3 * n for word, n in expected.items()})


def test_print_every_reports_the_running_loss(capsys):
    train_handout(SMALL[:20], print_every=25)
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("running loss" in line for line in lines)
    assert lines[0].startswith("step      25/")


# ---------------------------------------------------------------------------------------------------------------
# The options of notebook 07
# ---------------------------------------------------------------------------------------------------------------
TINY = planted_corpus(40, seed=4).sentences


def _fixed_negatives_loss(n_words, k=4):
    """Negative sampling whose K negatives depend only on the outside word: finite differences see no new draws."""
    def loss_fn(center_vec, outside_idx, outside_vectors):
        neg = np.random.default_rng([9, int(outside_idx)]).integers(n_words, size=k)
        return neg_sampling_loss_and_gradient(center_vec, outside_idx, outside_vectors, neg)
    return loss_fn


def _segment_and_vocabulary():
    word2ind = {w: i for i, w in enumerate("abcde")}
    sentences = [["a", "b", "a", "c"], ["d", "e", "d", "d"]]       # words in their own windows
    return np.array([[0, 0], [0, 2], [1, 2], [1, 3]]), sentences, word2ind


def test_the_trainers_tied_gradient_passes_gradcheck_with_l2_and_a_center_word_in_its_window():
    segment, sentences, word2ind = _segment_and_vocabulary()
    loss_fn = _fixed_negatives_loss(5)
    W = np.random.default_rng(2).normal(scale=0.6, size=(5, 3))

    def loss_and_grad(W):
        loss, grad_center, grad_outside = handout_trainer.segment_loss_and_gradient(
            segment, sentences, 2, word2ind, W, W, loss_fn, l2_weight=0.2)
        return loss, grad_center + grad_outside                     # what the trainer steps along with tied=True

    result = gradcheck(loss_and_grad, W.copy())
    assert result.max_rel_error < 1e-7, str(result)


def test_the_l2_term_passes_gradcheck_in_v_and_adds_n_d_v_squared():
    segment, sentences, word2ind = _segment_and_vocabulary()
    loss_fn = _fixed_negatives_loss(5)
    rng = np.random.default_rng(3)
    V, U = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    with_l2 = handout_trainer.segment_loss_and_gradient(segment, sentences, 2, word2ind, V, U, loss_fn, l2_weight=0.5)
    without = handout_trainer.segment_loss_and_gradient(segment, sentences, 2, word2ind, V, U, loss_fn)
    n_pairs = {(0, 0): 2, (0, 2): 3, (1, 2): 3, (1, 3): 2}            # outside words of each window (m = 2)
    centers = {(0, 0): "a", (0, 2): "a", (1, 2): "d", (1, 3): "d"}
    penalty = sum(n * 0.5 * V[word2ind[centers[k]]] @ V[word2ind[centers[k]]] for k, n in n_pairs.items()) / 4
    assert np.isclose(with_l2[0] - without[0], penalty)
    result = gradcheck(lambda X: handout_trainer.segment_loss_and_gradient(
        segment, sentences, 2, word2ind, X, U, loss_fn, l2_weight=0.5)[:2], V.copy())
    assert result.max_rel_error < 1e-7, str(result)


def test_tied_training_uses_one_matrix_and_learns():
    result = train_handout(SMALL, tied=True, epochs=2, seed=0)
    assert result.center_vectors is result.outside_vectors
    assert result.loss_history[-1] < result.loss_history[99]


def test_default_tied_start_is_word2vecs_v():
    tied = train_handout(SMALL[:5], tied=True, init=None, callback=None, seed=1, step_size=1e-300)
    two = train_handout(SMALL[:5], seed=1, step_size=1e-300)
    assert np.allclose(tied.center_vectors, two.center_vectors)       # W starts where V starts


def test_the_l2_weight_keeps_vectors_shorter():
    norms = {}
    for weight in (0.0, 0.3):
        result = train_handout(SMALL, l2_weight=weight, seed=0)
        norms[weight] = np.linalg.norm(result.center_vectors, axis=1).mean()
    assert norms[0.3] < 0.8 * norms[0.0]


def test_from_zero_nothing_moves_and_a_dependent_tied_start_stays_rank_one():
    zero = train_handout(TINY, init=lambda n, d, rng: (np.zeros((n, d)), np.zeros((n, d))), seed=0)
    assert not zero.center_vectors.any() and not zero.outside_vectors.any()  # exactly zero: nothing ever moved

    def on_a_line(n, d, rng):
        return np.outer(rng.random(n) - 0.5, rng.normal(size=d)) / d

    line = train_handout(TINY, tied=True, init=on_a_line, seed=0, epochs=2)
    singular_values = np.linalg.svd(line.center_vectors, compute_uv=False)
    assert singular_values[1] < 1e-9 * singular_values[0]
    randomly = np.linalg.svd(train_handout(TINY, tied=True, seed=0, epochs=2).center_vectors, compute_uv=False)
    assert randomly[1] > 0.1 * randomly[0]


@pytest.mark.parametrize("step_rule, kwargs", [("linear", {}), ("adagrad", {}),
                                               ("halve_unless_decreased", {"check_every": 50})])
def test_each_step_rule_trains_and_records_its_step_sizes(step_rule, kwargs):
    result = train_handout(SMALL, step_rule=step_rule, step_size=0.1, seed=0, **kwargs)
    assert result.loss_history[-1] < result.loss_history[99]
    assert len(result.step_sizes) == len(result.loss_history)
    if step_rule == "linear":
        assert result.step_sizes[0] == 0.1 and np.all(np.diff(result.step_sizes) < 0)
    if step_rule == "halve_unless_decreased":
        assert len(result.held_out_checks) == 1 + len(result.loss_history) // 50
        assert result.n_words_processed < sum(len(s) for s in SMALL)  # the held-out windows are not trained on


def test_the_halving_rule_recovers_from_a_step_size_that_diverges_with_a_fixed_rule():
    with pytest.raises(ValueError, match="diverged"):
        train_handout(SMALL, step_size=30.0, seed=0)
    result = train_handout(SMALL, step_size=30.0, seed=0, step_rule="halve_unless_decreased", check_every=50)
    alphas = [alpha for _, _, alpha, _ in result.held_out_checks]
    assert alphas[-1] < 30.0 and np.all(np.isfinite(result.center_vectors))
    assert any(kept for *_, kept in result.held_out_checks[1:])


def test_without_shuffle_the_positions_come_in_corpus_order(monkeypatch):
    seen = []
    real_skipgram = handout_trainer.skipgram

    def recording_skipgram(center_word, window_words, *args):
        seen.append(center_word)
        return real_skipgram(center_word, window_words, *args)

    monkeypatch.setattr(handout_trainer, "skipgram", recording_skipgram)
    train_handout(TINY, shuffle=False)
    assert seen == [word for sentence in TINY if len(sentence) > 1 for word in sentence]


def test_neg_power_and_exclude_change_the_negatives(monkeypatch):
    drawn = []
    real = neg_sampling_loss_and_gradient

    def recording(center_vec, outside_idx, outside_vectors, neg_indices):
        drawn.append((outside_idx, neg_indices.copy()))
        return real(center_vec, outside_idx, outside_vectors, neg_indices)

    monkeypatch.setattr("w2vlib.text.negative_exclusion.neg_sampling_loss_and_gradient", recording)
    result = train_handout(TINY, exclude="none", neg_power=0.0, seed=0)
    negatives = np.concatenate([neg for _, neg in drawn])
    counts = np.bincount(negatives, minlength=len(result.index_to_key))
    assert counts[:5].sum() < 3 * counts[-5:].sum()            # uniform: rare words as often as frequent ones
    assert any(o in neg for o, neg in drawn)                    # nothing excluded: o is sometimes drawn


def test_init_and_callback():
    calls = []
    result = train_handout(TINY, init=lambda n, d, rng: (np.ones((n, d)) * 0.01, np.zeros((n, d))),
                           callback=lambda step, V, U: calls.append(step), seed=0)
    assert calls == list(range(1, len(result.loss_history) + 1))
    with pytest.raises(ValueError, match=r"init\(n_words, dim, rng\) must return a pair \(V, U\)"):
        train_handout(TINY, init=lambda n, d, rng: np.zeros((n, d)))
    with pytest.raises(ValueError, match="must return one array W"):
        train_handout(TINY, tied=True, init=lambda n, d, rng: (np.zeros((n, d)), np.zeros((n, d))))


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(tied="yes"), "tied must be True or False"),
    (dict(shuffle=1), "shuffle must be True or False"),
    (dict(l2_weight=-0.1), r"l2_weight \(D\)"),
    (dict(step_rule="bold"), "step_rule must be one of"),
    (dict(check_every=10), "check_every is only used"),
    (dict(step_rule="adagrad", anneal_every=100), "anneal_every belongs"),
    (dict(step_rule="adagrad", checkpoint_path="x.npz", checkpoint_every=10), "checkpoints are written only"),
    (dict(neg_power=-1), r"neg_power \(β\)"),
    (dict(exclude="all"), "exclude must be one of"),
    (dict(init=3), "init must be a function"),
    (dict(callback="print"), "callback must be a function"),
])
def test_bad_option_values_raise_clear_errors(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        train_handout(SMALL, **kwargs)


def test_a_handout_run_too_large_for_memory_is_refused_before_allocating():
    with pytest.raises(MemoryError) as info:
        train_handout(planted_corpus(50).sentences, dim=10**9)
    assert "train_handout(dim=1000000000, n_negatives=10) needs about" in str(info.value)
    assert "Choose a smaller dim" in str(info.value)


def test_a_checkpoint_on_a_full_disk_names_the_file_and_keeps_the_old_checkpoint(tmp_path, inject_full_disk):
    """Before: a bare OSError "[Errno 28] No space left on device" without the checkpoint's path."""
    from w2vlib.atomic_file import WriteError

    path = tmp_path / "run.npz"
    train_handout(SMALL, epochs=1, seed=1, checkpoint_path=path, checkpoint_every=500)
    old = path.read_bytes()
    inject_full_disk(1000)
    with pytest.raises(WriteError) as info:
        train_handout(SMALL, epochs=1, seed=2, checkpoint_path=path, checkpoint_every=500)
    assert f"could not write '{path}' (No space left on device)" in str(info.value)
    assert path.read_bytes() == old and sorted(p.name for p in tmp_path.iterdir()) == ["run.npz"]


def test_a_handout_run_whose_negatives_would_not_fit_is_refused_naming_n_negatives(monkeypatch):
    """Before: only V, U and their gradients were counted, so n_negatives=10**6 passed the check and each pair
    drew 10**6 negatives (10**8 or more end in NumPy's "Unable to allocate")."""
    from w2vlib import validation

    monkeypatch.setattr(validation, "available_memory_bytes", lambda: 64 * 2**20)
    with pytest.raises(MemoryError) as info:
        train_handout(planted_corpus(2).sentences, n_negatives=10**6)
    message = str(info.value)
    assert "train_handout(dim=10, n_negatives=1000000) needs about 244.1 MiB" in message
    assert "one pair's K negatives" in message and "this machine has about 64.0 MiB free" in message
    assert "Choose a smaller n_negatives" in message
    train_handout(planted_corpus(2).sentences, loss="naive_softmax", n_negatives=10**6)  # no negatives drawn: fine
