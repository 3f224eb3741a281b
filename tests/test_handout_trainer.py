"""The handout-style trainer: it learns the planted structure, is reproducible, resumes exactly, and fails clearly."""
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import w2vlib.handout_trainer as handout_trainer
from w2vlib import planted_corpus
from w2vlib.handout_trainer import train_handout, window_around
from w2vlib.similarity import group_similarity

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
