"""One worker's minibatches made in a producer process (w2vlib.training.producer_process): the same vectors as with the
producer thread, and every way a run can end leaves no process and no open file behind (issue 13)."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from w2vlib.training import fast_trainer, producer_process
from w2vlib.text.corpora import load_corpus
from w2vlib.training.fast_trainer import TrainingDiverged, train
from w2vlib.training.minibatch_stream import LinearSchedule
from w2vlib.text.negative_table import NegativeTable
from w2vlib.training.producer_process import ProducerProcess
from w2vlib.text.subsampling import keep_probabilities
from w2vlib.text.vocabulary import build_vocabulary

SMALL = dict(dim=16, epochs=3, min_count=1, progress=False, workers=1)


@pytest.fixture
def producers(monkeypatch):
    """Every run takes the producer-process path; returns the ProducerProcess es it started, each with its process
    kept for the checks."""
    started = []

    class Recorded(ProducerProcess):
        def __init__(self, stream):
            super().__init__(stream)
            self.process = self._process
            started.append(self)

    monkeypatch.setattr(fast_trainer, "PRODUCER_PROCESS_WORDS", 0)
    monkeypatch.setattr(fast_trainer, "ProducerProcess", Recorded)
    return started


def _all_gone(started) -> bool:
    """Every producer has ended."""
    assert started, "no producer process was started, so this checks nothing"
    return all(producer.process.poll() is not None for producer in started)


def _open_files() -> list:
    """This process's open file descriptors (pipes, the ring, the producer's error file included)."""
    return sorted(os.listdir("/dev/fd"))


def _long_sentences_of_few_words():
    """12 words in sentences of 150: rows repeat so often that the repeat caps act in every minibatch."""
    rng = np.random.default_rng(0)
    return [[f"w{j}" for j in rng.integers(0, 12, 150)] for _ in range(100)]


@pytest.mark.parametrize("corpus, options", [
    ("toy", dict(batch_size=16)),
    (_long_sentences_of_few_words(), dict(sample=0)),
    ("toy", dict(tied=True, window=3, n_negatives=2)),
], ids=["toy", "caps acting", "tied"])
def test_the_producer_process_gives_the_producer_threads_vectors_bit_for_bit(producers, monkeypatch, corpus, options):
    before = _open_files()
    by_process = train(corpus, seed=4, **SMALL, **options)
    assert len(producers) == 1 and _all_gone(producers) and _open_files() == before
    assert len(by_process.worker_peak_rss_mib) == 1 and by_process.worker_peak_rss_mib[0] > 10   # MiB: Python, NumPy
    monkeypatch.setattr(fast_trainer, "PRODUCER_PROCESS_WORDS", 10**12)
    by_thread = train(corpus, seed=4, **SMALL, **options)
    assert len(producers) == 1 and by_thread.worker_peak_rss_mib == []   # the thread this time
    assert np.array_equal(by_process.center_vectors, by_thread.center_vectors)
    assert np.array_equal(by_process.outside_vectors, by_thread.outside_vectors)
    assert np.array_equal(by_process.loss_history, by_thread.loss_history)


def test_only_long_runs_start_a_producer_process():
    pays = fast_trainer._producer_process_pays
    words = fast_trainer.PRODUCER_PROCESS_WORDS
    assert pays(words, 256, 5, 5) and not pays(words - 1, 256, 5, 5)
    assert not pays(words, 10**6, 10, 5)     # a ring of slots that large would cost more memory than it saves time


def test_a_divergence_stops_the_producer_and_names_the_step_size(producers, no_warnings):
    before = _open_files()
    with pytest.raises(TrainingDiverged, match="step_size=1e\\+06"):
        train("toy", step_size=1e6, **SMALL)
    assert _all_gone(producers) and _open_files() == before


def test_ctrl_c_during_a_step_stops_the_producer(producers, monkeypatch):
    real_step, steps = fast_trainer.sgns_minibatch_step, []

    def interrupted_step(*args, **kwargs):
        steps.append(1)
        if len(steps) == 5:
            raise KeyboardInterrupt
        return real_step(*args, **kwargs)

    monkeypatch.setattr(fast_trainer, "sgns_minibatch_step", interrupted_step)
    before = _open_files()
    with pytest.raises(KeyboardInterrupt):
        train("toy", **SMALL)
    assert len(steps) == 5 and _all_gone(producers) and _open_files() == before


def _stream(word_ids=None, epochs=50):
    """The keyword arguments of minibatch_stream for the toy corpus (``epochs`` passes)."""
    corpus = load_corpus("toy")
    vocabulary = build_vocabulary(corpus, 1, None)
    ids, bounds = vocabulary.encode(corpus)
    return dict(word_ids=ids if word_ids is None else word_ids, sentence_bounds=bounds,
                keep_probability=keep_probabilities(vocabulary.counts, 1e-3), window=5, n_negatives=5,
                negatives=NegativeTable(vocabulary.counts), batch_size=32, rng=np.random.default_rng(0),
                epochs=epochs, schedule=LinearSchedule(0.025, 0.0001, 1, epochs), max_repeats=64)


def test_a_killed_producer_ends_training_with_a_message_saying_so():
    with ProducerProcess(_stream()) as batches:
        with pytest.raises(RuntimeError, match=r"process making the minibatches .* was killed by signal 9"):
            for batch in batches:
                if batch.number == 2:
                    os.kill(batches.pid, signal.SIGKILL)
        process = batches._process
    assert process is None or process.poll() is not None


def test_an_error_in_the_producer_is_raised_here_with_its_traceback():
    stream = _stream()
    bad_ids = stream["word_ids"].copy()
    bad_ids[5] = len(stream["keep_probability"]) + 100    # a word the vocabulary does not have
    with ProducerProcess(_stream(word_ids=bad_ids)) as batches:
        with pytest.raises(RuntimeError, match=r"(?s)exit code 1.*Traceback.*IndexError"):
            list(batches)


def test_the_producer_makes_the_same_minibatches_in_the_same_order():
    from w2vlib.training.minibatch_stream import minibatch_stream

    expected = list(minibatch_stream(**_stream(epochs=3)))
    got = []
    with ProducerProcess(_stream(epochs=3)) as batches:
        for batch in batches:   # copies: a slot is refilled once the next minibatch is asked for
            got.append((batch.number, batch.epoch, batch.progress, batch.alpha, batch.center_rows.copy(),
                        batch.target_rows.copy(), [None if c is None else c.copy() for c in batch.caps]))
    assert len(got) == len(expected) > 2 * producer_process.SLOTS   # the ring went round
    for (number, epoch, progress, alpha, centers, targets, caps), want in zip(got, expected):
        assert (number, epoch, progress, alpha) == (want.number, want.epoch, want.progress, want.alpha)
        assert np.array_equal(centers, want.center_rows) and np.array_equal(targets, want.target_rows)
        for mine, theirs in zip(caps, want.caps):
            assert (mine is None) == (theirs is None) and (mine is None or np.array_equal(mine, theirs))


def test_a_script_without_a_main_guard_needs_none_with_one_worker(tmp_path):
    """The producer is started with subprocess: unlike multiprocessing's workers it never imports the script."""
    script = tmp_path / "student.py"
    script.write_text(textwrap.dedent("""
        from w2vlib.training import fast_trainer
        fast_trainer.PRODUCER_PROCESS_WORDS = 0
        result = fast_trainer.train('toy', dim=10, epochs=2, min_count=1, progress=False)
        print("trained", len(result.loss_history))
    """))
    child = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr
    assert child.stdout.count("trained") == 1 and child.stderr == ""


def test_the_producer_imports_numpy_but_not_scipy():
    """What makes it start quickly: it imports the minibatch modules, not the whole package."""
    code = producer_process._START.replace(
        "from w2vlib.training.producer_process import serve; serve()",
        "import w2vlib.training.producer_process; print(sorted(m for m in ('numpy', 'scipy', 'matplotlib') if m in sys.modules))")
    child = subprocess.run([sys.executable, "-c", code, os.path.dirname(os.path.dirname(producer_process.__file__))],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "['numpy']"


def test_ctrl_c_in_a_terminal_stops_training_and_its_producer():
    """Ctrl-C reaches every process of the terminal's process group; the producer, in a session of its own, is
    stopped by the trainer instead."""
    script = textwrap.dedent("""
        import signal
        from w2vlib.training import fast_trainer
        signal.signal(signal.SIGINT, signal.default_int_handler)   # as in a terminal, even if these tests run in
                                                                   # the background, where Ctrl-C is ignored

        class Announced(fast_trainer.ProducerProcess):
            def __init__(self, stream):
                super().__init__(stream)
                print("producer", self.pid, flush=True)

        fast_trainer.ProducerProcess, fast_trainer.PRODUCER_PROCESS_WORDS = Announced, 0
        fast_trainer.train("toy", dim=20, epochs=100000, min_count=1, progress=False)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    try:
        line = child.stdout.readline().split()
        assert line[:1] == ["producer"], child.stderr.read()
        producer = int(line[1])
        time.sleep(1.0)
        os.killpg(child.pid, signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()   # if Ctrl-C did not stop it: the producer then ends with it
    assert child.returncode != 0 and "KeyboardInterrupt" in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(producer):
        time.sleep(0.05)
    assert not _alive(producer)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_progress_bar_shows_words_per_second_and_the_loss(producers, capsys):
    train("toy", **{**SMALL, "epochs": 40, "progress": True})
    err = capsys.readouterr().err
    assert "word/s" in err and "loss=" in err and "α=" in err and _all_gone(producers)


def test_a_run_shorter_than_the_update_interval_still_ends_with_its_loss_on_the_bar():
    """As the producer thread's bar does: once more at the end, however short the run (the test above depended on
    the run taking longer than 0.2 s)."""
    import io
    from types import SimpleNamespace

    from tqdm import tqdm

    bar = tqdm(total=100, file=io.StringIO())
    done = [(2.5, 10), (1.5, 10)]
    batches = [SimpleNamespace(progress=0.25), SimpleNamespace(progress=0.5)]
    schedule = LinearSchedule(0.025, 0.0001, corpus_words=100, total_words=100)
    assert list(fast_trainer._showing_progress(iter(batches), bar, 100, done, schedule, seconds=3600)) == batches
    assert bar.n == 50 and bar.postfix is not None and "loss=2.000" in bar.postfix and "α=" in bar.postfix
    bar.close()


@pytest.mark.parametrize("how", ["no such program", "fails on starting"])
def test_a_producer_that_cannot_start_leaves_the_work_to_the_thread_with_a_warning(producers, monkeypatch, how):
    if how == "no such program":
        monkeypatch.setattr(producer_process.sys, "executable", "/no/such/python")
        expected = "No such file"
    else:   # e.g. a Python without NumPy: it ends before it has read its job
        monkeypatch.setattr(producer_process, "_START", "import sys; sys.exit('ModuleNotFoundError: numpy')")
        expected = "exit code 1 while starting; its error:\nModuleNotFoundError: numpy"
    with pytest.warns(RuntimeWarning, match="(?s)could not start a process .* in a thread instead") as warned:
        fallen_back = train("toy", seed=2, **SMALL)
    assert producers == [] and expected in str(warned[0].message)
    monkeypatch.setattr(fast_trainer, "PRODUCER_PROCESS_WORDS", 10**12)
    assert np.array_equal(fallen_back.center_vectors, train("toy", seed=2, **SMALL).center_vectors)


def test_a_minibatch_kept_after_the_producer_closed_is_still_readable():
    """Its arrays are views of the ring, which stays mapped while any view exists (unmapped, reading would crash)."""
    with ProducerProcess(_stream(epochs=1)) as batches:
        first = next(iter(batches))
        kept = first.center_rows.copy()
    assert batches.pid is None
    assert np.array_equal(first.center_rows, kept)
