"""The thread that makes the fast trainer's minibatches ahead of it (issue 26 item 2): the same items in the same
order, its failures raised in the caller, and nothing left running when the caller stops early."""
import threading
import time

import numpy as np
import pytest

from w2vlib.training import fast_trainer
from w2vlib.training.fast_trainer import TrainingDiverged, train
from w2vlib.training.minibatch_stream import made_ahead

THREAD = "w2vlib minibatches"


def _alive() -> list:
    return [t for t in threading.enumerate() if t.name == THREAD]


def test_the_items_are_those_of_the_iterator_in_order_made_in_another_thread():
    makers = set()

    def items():
        for i in range(500):
            makers.add(threading.current_thread().name)
            yield i

    assert list(made_ahead(items(), depth=3)) == list(range(500))
    assert makers == {THREAD} and not _alive()


def test_it_runs_ahead_by_at_most_depth_items():
    made = []

    def items():
        for i in range(100):
            made.append(i)
            yield i

    ahead = made_ahead(items(), depth=4)
    assert next(ahead) == 0
    time.sleep(0.3)                  # time for the thread to fill the queue
    assert 4 <= len(made) <= 1 + 4 + 1   # the one taken, a full queue, and one waiting to be put
    ahead.close()
    assert not _alive() and len(made) <= 6


def test_a_failure_while_making_is_raised_in_the_caller_after_the_items_before_it():
    def items():
        yield 1
        yield 2
        raise ValueError("the corpus file went away")

    got = []
    with pytest.raises(ValueError, match="went away"):
        for item in made_ahead(items()):
            got.append(item)
    assert got == [1, 2] and not _alive()


def test_a_caller_that_stops_early_stops_the_thread():
    advanced = []

    def endless():
        i = 0
        while True:
            advanced.append(i)
            yield i
            i += 1

    ahead = made_ahead(endless(), depth=2)
    assert [next(ahead) for _ in range(3)] == [0, 1, 2]
    ahead.close()
    assert not _alive()
    count = len(advanced)
    time.sleep(0.2)
    assert len(advanced) == count    # the source is not advanced any further


@pytest.fixture
def thread_on_small_corpora(monkeypatch):
    """The toy corpus is below MAKE_AHEAD_MIN_WORDS: these tests lower it so that its runs use the thread."""
    monkeypatch.setattr(fast_trainer, "MAKE_AHEAD_MIN_WORDS", 0)


def _counting_made_ahead(monkeypatch) -> list:
    started = []

    def counting(batches):
        started.append(1)
        return made_ahead(batches)

    monkeypatch.setattr(fast_trainer, "made_ahead", counting)
    return started


def test_only_a_corpus_of_at_least_the_threshold_gets_the_thread(monkeypatch):
    started = _counting_made_ahead(monkeypatch)
    train("toy", dim=8, epochs=1, min_count=1, progress=False)
    assert started == []                                  # 18,876 words: made between the steps
    monkeypatch.setattr(fast_trainer, "MAKE_AHEAD_MIN_WORDS", 18_876)
    train("toy", dim=8, epochs=1, min_count=1, progress=False)
    assert started == [1]


def test_the_explorer_uses_the_same_rule(monkeypatch):
    from w2vlib.text.corpora import load_corpus
    from w2vlib.widgets.training import train_explorer

    started = _counting_made_ahead(monkeypatch)
    for threshold in (10**9, 0):
        monkeypatch.setattr(fast_trainer, "MAKE_AHEAD_MIN_WORDS", threshold)
        run = train_explorer(load_corpus("toy"), dim=8, window=2, n_negatives=5, step_size=0.025, epochs=1,
                             neg_power=0.75, sample=1e-3, min_count=1, batch_size=64, seed=0)
        assert np.isfinite(run.loss_history).all()
    assert started == [1] and not _alive()


def test_a_diverging_run_leaves_no_thread_behind(no_warnings, thread_on_small_corpora):
    """Even while its traceback is kept (Jupyter keeps the last one), which keeps the run's frames alive."""
    with pytest.raises(TrainingDiverged, match="step_size=1e\\+06") as info:
        train("toy", dim=20, epochs=50, min_count=1, step_size=1e6, progress=False)
    assert not _alive() and info.tb is not None


def test_the_thread_changes_no_bit_of_the_vectors(monkeypatch, thread_on_small_corpora):
    """The thread is the only one to draw from the run's generator, in the same order: made ahead or made between
    the steps, a seed gives the same vectors and losses."""
    settings = dict(dim=16, epochs=3, min_count=1, seed=4, batch_size=16, progress=False)
    started = _counting_made_ahead(monkeypatch)
    ahead = train("toy", **settings)
    assert started == [1]
    monkeypatch.setattr(fast_trainer, "MAKE_AHEAD", False)
    serial = train("toy", **settings)
    assert np.array_equal(ahead.center_vectors, serial.center_vectors)
    assert np.array_equal(ahead.outside_vectors, serial.outside_vectors)
    assert np.array_equal(ahead.loss_history, serial.loss_history)
