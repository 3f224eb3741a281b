"""Hogwild across processes: worker processes that update matrices in shared memory without locks.

Threads in one Python process share its global interpreter lock (GIL). NumPy lets go of it inside its array
loops, but a minibatch step makes some thirty NumPy calls, and between two of them a thread must take the lock
back; on a small machine the hand-overs cost so much that two training threads ran only about 1.3 times as fast
as one. Processes have a lock each, so here every worker is a process of its own, started with
``multiprocessing``'s forkserver (spawn where there is none), and the arrays they all use live in shared memory
(``multiprocessing.shared_memory``): the center and outside vectors, which every worker reads and adds into
without locks as word2vec's threads do, and the read-only corpus and negative table, one copy for all.

The work is split into numbered *blocks* (a few thousand corpus words each). A worker takes the next block number
from a shared counter, trains on it, reports its losses, and takes the next, until the blocks run out or the run
is stopped; how far the run has got (the words done, summed over the workers) is a shared array too. The first
exception in any worker (a divergence, an error) stops all of them after their current minibatch and is raised
again in the calling process; so is Ctrl-C there, which the workers themselves ignore. Shared memory is released
when :func:`run_in_processes` returns, however it ends. If the calling process is killed, the workers notice
before their next block and end.
"""
from __future__ import annotations

import multiprocessing
import pickle
import queue
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from multiprocessing import shared_memory
from typing import Callable

import numpy as np

from ..bench.peak_memory import peak_rss_mib

_POLL_SECONDS = 0.2   # how often the calling process looks at the workers while it waits


def _context():
    """forkserver where the platform has it (Linux, macOS), else spawn: never a plain fork of a threaded process."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["w2vlib.training.parallel_training"])   # the children start with NumPy and SciPy loaded
    return context


@dataclass
class _ArraySpec:
    name: str        # of the shared-memory block
    shape: tuple
    dtype: str


class Job:
    """What a worker process sees: the shared arrays, the block counter, the progress array and the stop flag.

    arrays:   name -> NumPy array in shared memory (shared by all workers and the calling process).
    settings: the plain values the calling process passed (step sizes, window, seed, ...).
    worker:   this worker's number, 0 .. workers − 1.
    """

    def __init__(self, specs: dict, settings: dict, worker: int, next_block, n_blocks: int, progress_spec, stop,
                 results):
        self._blocks: list[shared_memory.SharedMemory] = []
        self.arrays = {key: _attach(spec, self._blocks) for key, spec in specs.items()}
        self._progress = _attach(progress_spec, self._blocks)
        self.settings, self.worker, self.n_blocks = settings, worker, n_blocks
        self._next_block, self._stop, self._results = next_block, stop, results

    def take_block(self) -> int | None:
        """The number of the next block nobody has taken, or None when there is none left, the run was stopped, or
        the calling process has died (killed, say: nobody would stop this worker otherwise)."""
        if self._stop.is_set() or not _caller_alive():
            return None
        with self._next_block.get_lock():
            block = self._next_block.value
            self._next_block.value = block + 1
        return block if block < self.n_blocks else None

    def stopped(self) -> bool:
        return self._stop.is_set()

    def add_progress(self, amount: float) -> None:
        """Count ``amount`` more units of work (e.g. corpus words) as done by this worker."""
        self._progress[self.worker] += amount

    def progress(self) -> float:
        """The work done so far by all workers together."""
        return float(self._progress.sum())

    def report(self, item) -> None:
        """Send ``item`` (picklable) to the calling process's ``on_report``."""
        self._results.put(("report", item))

    def close(self) -> None:
        self.arrays = self._progress = None
        for block in self._blocks:
            block.close()


def _caller_alive() -> bool:
    """Whether the process that started this one still runs (a check of a pipe it holds open, a few µs)."""
    caller = multiprocessing.parent_process()
    return caller is None or caller.is_alive()


def _worker_main(target, specs, settings, worker, next_block, n_blocks, progress_spec, stop, results) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the calling process's to handle
    job = None
    try:
        job = Job(specs, settings, worker, next_block, n_blocks, progress_spec, stop, results)
        target(job)
        results.put(("done", worker, peak_rss_mib()))
    except BaseException as error:  # noqa: B036 - handed to the calling process, which raises it
        stop.set()
        try:
            pickle.dumps(error)   # the queue pickles later, in a thread of its own, where a failure would be lost
        except Exception:
            error = RuntimeError(f"worker process {worker} failed with {type(error).__name__}: {error}")
        results.put(("error", worker, error, traceback.format_exc()))
    finally:
        if job is not None:
            job.close()


class _RemoteTraceback(Exception):
    def __str__(self):
        return self.args[0]


def _share(array: np.ndarray, owned: list) -> tuple[_ArraySpec, np.ndarray]:
    """A copy of ``array`` in a new shared-memory block (appended to ``owned``): its spec and a view of it."""
    block = shared_memory.SharedMemory(create=True, size=max(1, array.nbytes))
    owned.append(block)
    view = np.ndarray(array.shape, array.dtype, buffer=block.buf)
    view[...] = array
    return _ArraySpec(block.name, array.shape, array.dtype.str), view


def _attach(spec: _ArraySpec, attached: list) -> np.ndarray:
    """A view of the shared array ``spec`` names (its block appended to ``attached``, to be closed later)."""
    block = shared_memory.SharedMemory(name=spec.name)
    attached.append(block)
    return np.ndarray(spec.shape, spec.dtype, buffer=block.buf)


def run_in_processes(target: Callable[[Job], None], arrays: dict, settings: dict, workers: int, n_blocks: int,
                     on_report: Callable[[object], None], on_wait: Callable[[float], None] | None = None,
                     results_back: tuple = ()) -> tuple[dict, list]:
    """Run ``target(job)`` in ``workers`` processes until all ``n_blocks`` blocks are done; return the arrays.

    target:       a module-level function (the workers import it by name) that takes blocks with
                  ``job.take_block()`` until it returns None and trains on ``job.arrays``.
    arrays:       name -> NumPy array, copied into shared memory once for all workers.
    settings:     plain picklable values for the workers (``job.settings``).
    on_report:    called in this process with every item a worker passes to ``job.report``.
    on_wait:      called in this process about every 0.2 s with the work done so far, and once at the end.
    results_back: names of the arrays to copy out of shared memory and return (names not in ``arrays`` are skipped).
    Returns ``(arrays, peaks)``: name -> array for ``results_back``, and each worker's peak resident memory in MiB
    (:func:`peak_rss_mib`; shared memory it touched included).
    Raises the first exception of any worker (with the worker's traceback as its cause), or KeyboardInterrupt on
    Ctrl-C; either way every worker has stopped and the shared memory is released before it propagates.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # A worker process still importing the user's script, which trains at its top level without a main guard
        # (the flag is the one multiprocessing checks before it refuses, with a long traceback about
        # "bootstrapping" in every worker): end quietly instead; the calling process explains (_died_message).
        raise SystemExit(1)
    context = _context()
    owned: list[shared_memory.SharedMemory] = []
    processes, results, peaks = [], None, []
    stop = context.Event()
    try:
        shared = {key: _share(array, owned) for key, array in arrays.items()}
        specs, views = {key: spec for key, (spec, _) in shared.items()}, {key: view for key, (_, view) in shared.items()}
        progress_spec, progress = _share(np.zeros(workers, dtype=np.float64), owned)
        next_block, results = context.Value("q", 0), context.Queue()
        processes = [context.Process(target=_worker_main, name=f"w2vlib-worker-{i}", daemon=True,
                                     args=(target, specs, settings, i, next_block, n_blocks, progress_spec, stop,
                                           results))
                     for i in range(workers)]
        for process in processes:
            process.start()
        finished, ended_silently = set(), set()
        while len(finished) < workers:
            try:
                message = results.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                # a worker that ended without a word, at the previous look already (its last words would be here
                # by now): killed, or stopped by Python before it started
                lost = [p for i, p in enumerate(processes) if i in ended_silently and i not in finished]
                if lost:
                    raise RuntimeError(_died_message(lost[0])) from None
                ended_silently = {i for i, p in enumerate(processes) if p.exitcode is not None}
                if on_wait is not None:
                    on_wait(float(progress.sum()))
                continue
            if message[0] == "report":
                on_report(message[1])
            elif message[0] == "done":
                finished.add(message[1])
                peaks.append(message[2])
            else:
                _, worker, error, text = message
                error.__cause__ = _RemoteTraceback(f"\n\nin worker process {worker}:\n{text}")
                raise error
        if on_wait is not None:
            on_wait(float(progress.sum()))
        return {key: views[key].copy() for key in results_back if key in views}, peaks
    finally:
        shared = views = progress = None   # no view may outlive the shared memory
        stop.set()
        _wait_for(processes, results)
        for block in owned:
            block.close()
            block.unlink()


def _died_message(process) -> str:
    code = process.exitcode
    message = f"worker process {process.name} ended with exit code {code} before finishing its blocks"
    if code is not None and code < 0:
        return f"{message}: killed by signal {-code} (out of memory?)."
    script = getattr(sys.modules.get("__main__"), "__file__", None)
    if code == 1 and script is not None and getattr(sys.modules["__main__"], "__spec__", None) is None:
        # a script run as `python script.py`: every worker process imports it again before it starts
        return (f"{message}. A worker process starts by importing your script {script!r} again; if the script "
                "trains at its top level, the worker would train too, so Python stops it. Put the code that runs "
                "under `if __name__ == \"__main__\":` (see 'Safe importing of main module' in the multiprocessing "
                "docs), or use workers=1.")
    return f"{message}; its error, if any, is printed above."


def _wait_for(processes: list, results, seconds: float = 30.0) -> None:
    """Wait for the (stopped) workers to end, reading what they still send so none blocks on a full pipe; kill
    any that has not ended after ``seconds``."""
    deadline = time.monotonic() + seconds
    for process in processes:
        while process.pid is not None and process.is_alive() and time.monotonic() < deadline:
            process.join(timeout=0.05)
            try:
                while results is not None:
                    results.get_nowait()
            except (queue.Empty, OSError, EOFError):
                pass
        if process.is_alive():
            process.kill()
            process.join()
