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


def test_a_diverging_run_leaves_no_thread_behind(no_warnings):
    """Even while its traceback is kept (Jupyter keeps the last one), which keeps the run's frames alive."""
    with pytest.raises(TrainingDiverged, match="step_size=1e\\+06") as info:
        train("toy", dim=20, epochs=50, min_count=1, step_size=1e6, progress=False)
    assert not _alive() and info.tb is not None


def test_the_thread_changes_no_bit_of_the_vectors(monkeypatch):
    """The thread is the only one to draw from the run's generator, in the same order: made ahead or made between
    the steps, a seed gives the same vectors and losses."""
    settings = dict(dim=16, epochs=3, min_count=1, seed=4, batch_size=16, progress=False)
    ahead = train("toy", **settings)
    monkeypatch.setattr(fast_trainer, "MAKE_AHEAD", False)
    serial = train("toy", **settings)
    assert np.array_equal(ahead.center_vectors, serial.center_vectors)
    assert np.array_equal(ahead.outside_vectors, serial.outside_vectors)
    assert np.array_equal(ahead.loss_history, serial.loss_history)
