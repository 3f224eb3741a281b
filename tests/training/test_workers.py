"""The fast trainer's `workers` (Hogwild worker processes; one worker: a producer and a worker thread), `tied=True`, and its two scatter-add paths (issues 13 and 12)."""
import hashlib
import os
import platform
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from w2vlib.training import fast_trainer, scatter_add
from w2vlib import planted_corpus
from w2vlib.training.hogwild import SharedStream, run_workers
from w2vlib.text.corpora import load_corpus
from w2vlib.training.fast_trainer import TrainingDiverged, sgns_minibatch_step, train
from w2vlib.training.minibatch_stream import minibatches
from w2vlib.text.negative_table import NegativeTable
from w2vlib.training.parallel_training import block_starts
from w2vlib.vectors.similarity import group_similarity
from w2vlib.text.subsampling import keep_probabilities, subsample
from w2vlib.text.vocabulary import build_vocabulary

FAST = dict(dim=20, epochs=10, min_count=1, progress=False)


def _hash(result) -> str:
    return hashlib.sha256(result.center_vectors.tobytes() + result.outside_vectors.tobytes()
                          + result.loss_history.tobytes()).hexdigest()[:16]


@pytest.fixture
def shared_blocks(monkeypatch):
    """The names of the shared-memory blocks this test's runs create (other processes' blocks are not counted)."""
    from multiprocessing import shared_memory

    from w2vlib.training import worker_processes

    created = []

    class Recorded(shared_memory.SharedMemory):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if kwargs.get("create"):
                created.append(self.name)

    monkeypatch.setattr(worker_processes.shared_memory, "SharedMemory", Recorded)
    return created


def _left_over(created):
    """Those of ``created`` still present (on Linux, files in /dev/shm)."""
    assert created, "no shared memory was created, so this checks nothing"
    return [name for name in created if Path("/dev/shm", name.lstrip("/")).exists()]


def _worker_threads():
    """The trainer's threads still alive: workers and the stream's producer."""
    return [t for t in threading.enumerate() if t.name.startswith("w2vlib-")]


# ----- workers=1 is today's trainer, bit for bit ------------------------------------------------------------------
# Recorded by running the trainer of main (commit 0ce5d9c, before workers and the repeat cap existed) with
# NumPy 2.4.6 on x86-64; float32 sums may round differently on another CPU or NumPy, hence the guard below.
RECORDED_ON = ("x86_64", "2.4.6")
RECORDED = {"toy, batch 16": "07e9e2742e3d0272", "lee, batch 32": "e44d399b3439de29"}


@pytest.mark.skipif((platform.machine(), np.__version__) != RECORDED_ON,
                    reason="the hashes were recorded with NumPy 2.4.6 on x86-64; the serial-loop test below is portable")
def test_one_worker_gives_the_vectors_recorded_from_the_original_trainer():
    toy = train("toy", dim=20, epochs=2, min_count=1, seed=7, batch_size=16, progress=False, workers=1)
    lee = train(load_corpus("lee"), dim=20, epochs=1, seed=3, batch_size=32, progress=False, workers=1)
    assert {"toy, batch 16": _hash(toy), "lee, batch 32": _hash(lee)} == RECORDED


def test_one_worker_equals_a_plain_serial_loop_bit_for_bit():
    """The original loop, written out: sub-sample, minibatches in order, α from the words done, one step each."""
    corpus, seed, epochs, lr, lr_min = load_corpus("toy"), 5, 2, 0.025, 0.0001
    result = train(corpus, dim=16, epochs=epochs, min_count=1, seed=seed, batch_size=32, progress=False, workers=1)
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


# ----- several workers ----------------------------------------------------------------------------------------------
def test_two_workers_recover_the_planted_groups_as_well_as_one():
    groups = planted_corpus().groups
    scores = {}
    for workers in (1, 2):
        r = train("toy", seed=1, workers=workers, **FAST)
        within, between = group_similarity(r.center_vectors, r.vocabulary.key_to_index, groups)
        scores[workers] = within - between
        assert len(r.loss_history) > 0 and np.isfinite(r.loss_history).all()
    assert scores[2] > 0.3 and abs(scores[2] - scores[1]) < 0.1, scores
    assert not _worker_threads()


def test_several_workers_train_on_the_same_minibatches_whatever_their_number(shared_blocks):
    """The blocks, and so the minibatches, depend on the seed only; the order in which updates land does not matter
    to what was trained on."""
    runs = {workers: train("toy", seed=2, workers=workers, **{**FAST, "epochs": 2}) for workers in (2, 3)}
    assert runs[2].n_pairs == runs[3].n_pairs > 0
    assert len(runs[2].loss_history) == len(runs[3].loss_history)
    assert len(runs[2].worker_peak_rss_mib) == 2 and min(runs[2].worker_peak_rss_mib) > 10   # MiB, Python included
    assert not _left_over(shared_blocks)


def test_blocks_are_whole_sentences_that_cover_the_corpus_once():
    rng = np.random.default_rng(0)
    lengths = rng.integers(0, 40, size=500)
    lengths[[0, 7, 100]] = [0, 0, 250]               # empty sentences, one at the start, and one longer than a block
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    starts = block_starts(bounds, block_words=100)
    assert starts[0] == 0 and starts[-1] == len(lengths) and np.all(np.diff(starts) > 0)
    words = bounds[starts[1:]] - bounds[starts[:-1]]
    assert words.sum() == bounds[-1]
    # about 100 words each: a block ends where a sentence holding the next multiple of 100 starts, so it is shorter
    # than 100 + the longest sentence; only the 250-word sentence holds two multiples, so blocks number T / 100 − 1
    assert np.all(words < 100 + lengths.max()) and words.max() >= 250
    assert len(starts) - 1 == -(-bounds[-1] // 100) - 1


def test_a_divergence_in_any_worker_stops_all_with_the_usual_message(no_warnings, shared_blocks):
    with pytest.raises(TrainingDiverged, match=r"step_size=1e\+08.*smaller step size"):
        train("toy", step_size=1e8, min_step_size=0.0, workers=2, **FAST)
    assert not _worker_threads() and not _left_over(shared_blocks)


def failing_worker(job):
    """A worker (it must be importable by the worker processes) that fails on block 2; the others would go on through
    a million blocks of 10 ms each unless the failure stops them (take_block then returns None)."""
    while (block := job.take_block()) is not None:
        if block == 2:
            raise ValueError("step failed in block 2")
        job.report(block)
        time.sleep(0.01)


def test_an_error_in_a_worker_process_stops_all_of_them_and_is_raised_here_with_its_traceback(shared_blocks):
    from w2vlib.training.worker_processes import run_in_processes

    started = time.perf_counter()
    with pytest.raises(ValueError, match="step failed in block 2") as info:
        run_in_processes(failing_worker, {}, {}, workers=2, n_blocks=10**6, on_report=lambda item: None)
    assert "in worker process" in str(info.value.__cause__) and "failing_worker" in str(info.value.__cause__)
    assert time.perf_counter() - started < 10 and not _left_over(shared_blocks)   # workers wait 30 s before a kill


class Unpicklable(Exception):
    def __init__(self):
        super().__init__("cannot travel")
        self.callback = lambda: None   # a lambda does not pickle


def unpicklable_error_worker(job):
    raise Unpicklable()


def killed_worker(job):
    if job.worker == 0:
        os.kill(os.getpid(), signal.SIGKILL)   # as the kernel's out-of-memory killer would
    while job.take_block() is not None:
        time.sleep(0.01)


@pytest.mark.parametrize("target, error, message", [
    (unpicklable_error_worker, RuntimeError, "failed with Unpicklable: cannot travel"),
    (killed_worker, RuntimeError, "killed by signal 9"),
])
def test_a_worker_whose_error_cannot_be_sent_or_that_is_killed_still_ends_the_run_with_a_message(target, error,
                                                                                               message, shared_blocks):
    from w2vlib.training.worker_processes import run_in_processes

    with pytest.raises(error, match=message):
        run_in_processes(target, {}, {}, workers=2, n_blocks=10**6, on_report=lambda item: None)
    assert not _left_over(shared_blocks)


def test_a_script_without_a_main_guard_gets_told_how_to_fix_it(tmp_path):
    script = tmp_path / "student.py"
    script.write_text("from w2vlib.training.fast_trainer import train\n"
                      "train('toy', dim=10, epochs=1, min_count=1, progress=False, workers=2)\n")
    child = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    last = child.stderr.strip().splitlines()[-1]
    assert child.returncode != 0 and "RuntimeError" in last and 'if __name__ == \"__main__\":' in last
    assert "or use workers=1" in last
    # only the calling process's traceback: the workers, importing the script, end without one of their own
    assert child.stderr.count("Traceback") == 1 and "bootstrapping" not in child.stderr, child.stderr
    script.write_text("from w2vlib.training.fast_trainer import train\nif __name__ == '__main__':\n"
                      "    train('toy', dim=10, epochs=1, min_count=1, progress=False, workers=2)\n")
    assert subprocess.run([sys.executable, str(script)], capture_output=True, timeout=120).returncode == 0


def test_ctrl_c_in_a_subprocess_ends_training_quickly():
    script = textwrap.dedent("""
        import signal
        from w2vlib.training.fast_trainer import train
        signal.signal(signal.SIGINT, signal.default_int_handler)   # as in a terminal, even if these tests run in
        print("training", flush=True)                              # the background, where Ctrl-C is ignored
        train("toy", dim=20, epochs=100000, min_count=1, progress=False, workers=2)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "training"
        time.sleep(1.0)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()   # if Ctrl-C did not stop it: its workers see it die and stop too (next test)
    assert child.returncode != 0 and "KeyboardInterrupt" in err


def _processes_with(marker: str) -> list[int]:
    """The processes whose environment holds ``marker`` (Linux: /proc)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker.encode() in Path("/proc", pid, "environ").read_bytes():
                found.append(int(pid))
        except OSError:   # ended meanwhile, or not ours to read
            pass
    return found


@pytest.mark.parametrize("workers", [2, 1], ids=["worker processes", "producer process"])
def test_a_killed_trainer_leaves_no_process_training(workers):
    """Killed (by the out-of-memory killer, say), the training process cannot stop its helpers: they must notice."""
    marker = f"w2vlib-test-{os.getpid()}-{time.monotonic_ns()}"
    script = textwrap.dedent(f"""
        from w2vlib.training import fast_trainer
        if __name__ == "__main__":
            fast_trainer.PRODUCER_PROCESS_WORDS = 0
            print("training", flush=True)
            fast_trainer.train("toy", dim=20, epochs=100000, min_count=1, progress=False, workers={workers})
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             env={**os.environ, "W2VLIB_TEST_MARKER": marker})
    try:
        assert child.stdout.readline().strip() == b"training"
        deadline = time.monotonic() + 30
        while len(_processes_with(marker)) < 1 + workers and time.monotonic() < deadline:   # its helpers started
            time.sleep(0.05)
        assert len(_processes_with(marker)) >= 1 + workers
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 10
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _processes_with(marker)
    for pid in left:   # do not leave them running if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_the_producer_makes_the_next_minibatches_while_a_worker_trains():
    made = []
    third_made = threading.Event()

    def items():
        for i in range(10):
            made.append(i)
            if i == 3:
                third_made.set()
            yield i

    taken = []

    def work(stream):
        while (item := stream.take()) is not None:
            if item == 0:   # without a producer thread nothing more is made until this worker asks for it
                assert third_made.wait(timeout=10), "no minibatch was made while the worker trained on the first"
            taken.append(item)

    run_workers(SharedStream(items()), work, workers=1)
    assert taken == list(range(10)) == made and not _worker_threads()


def test_an_error_while_making_minibatches_stops_the_workers_and_is_raised():
    def items():
        yield from range(3)
        raise RuntimeError("corrupt corpus")

    taken = []

    def work(stream):
        while (item := stream.take()) is not None:
            taken.append(item)

    with pytest.raises(RuntimeError, match="corrupt corpus"):
        run_workers(SharedStream(items()), work, workers=2)
    assert set(taken) <= {0, 1, 2} and not _worker_threads()   # queued items may be dropped: it stops at once


def test_a_worker_error_ends_an_endless_stream_and_its_producer():
    def items():
        i = 0
        while True:   # the producer blocks on a full queue once the workers are gone
            yield i
            i += 1

    def work(stream):
        for _ in range(3):
            stream.take()
        raise ValueError("step failed")

    started = time.perf_counter()
    with pytest.raises(ValueError, match="step failed"):
        run_workers(SharedStream(items()), work, workers=2)
    assert not _worker_threads() and time.perf_counter() - started < 10


def test_progress_bar_with_two_workers_shows_words_per_second_and_loss(capsys):
    train(planted_corpus(600).sentences, **{**FAST, "epochs": 3, "progress": True, "batch_size": 4, "workers": 2})
    err = capsys.readouterr().err
    assert "word/s" in err and "loss=" in err and "100%" in err


@pytest.mark.parametrize("workers", [0, -2, 2.5, "2", True, 10**6])
def test_bad_workers_values_raise_value_errors_naming_workers(workers):
    with pytest.raises(ValueError, match="workers must be"):
        train("toy", workers=workers, **FAST)


def test_workers_none_means_one_per_core(monkeypatch):
    monkeypatch.setattr(fast_trainer.os, "cpu_count", lambda: 3)
    assert fast_trainer.check_workers(None) == 3


@pytest.mark.parametrize("cores", [1, 2, 16])
def test_at_most_four_workers_per_core_with_a_message_saying_why(monkeypatch, cores):
    monkeypatch.setattr(fast_trainer.os, "cpu_count", lambda: cores)
    assert fast_trainer.check_workers(4 * cores) == 4 * cores
    with pytest.raises(ValueError, match=rf"workers must be at most {4 * cores} \(4 per core\).*got {4 * cores + 1}"
                                         rf".*the {cores} cores.*workers=None"):
        fast_trainer.check_workers(4 * cores + 1)


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


# ----- the command line ------------------------------------------------------------------------------------------
def test_cli_workers_default_to_all_cores_and_reject_zero(tmp_path, capsys, monkeypatch):
    from w2vlib.__main__ import build_parser, main

    args = build_parser().parse_args(["train", "--corpus", "toy", "--out", "v.txt"])
    assert args.workers == (__import__("os").cpu_count() or 1)
    with pytest.raises(SystemExit) as info:
        main(["train", "--corpus", "toy", "--out", str(tmp_path / "v.txt"), "--workers", "0"])
    assert info.value.code == 2 and "--workers" in capsys.readouterr().err
    seen = {}
    monkeypatch.setattr(fast_trainer, "train", lambda *a, **k: seen.update(k) or (_ for _ in ()).throw(KeyboardInterrupt))
    assert main(["train", "--corpus", "toy", "--out", str(tmp_path / "v.txt"), "--workers", "3"]) == 130
    assert seen["workers"] == 3
