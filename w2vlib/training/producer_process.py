"""One worker's minibatches made in a process of their own, handed over through a ring of shared-memory slots.

With one worker the trainer steps on the minibatches of :func:`w2vlib.training.minibatch_stream.minibatch_stream` in
order, and for a seed they must be the same random draws every time. Made by a producer *thread* in the training
process (:mod:`w2vlib.training.hogwild`), they cost the step its speed in another way: the two threads take turns at
Python's global lock around the step's ~30 NumPy calls, and on wiki that costs as much as making the minibatches
in the step's own thread. So for a long run the trainer starts this producer instead:

* a separate Python process, started with :mod:`subprocess` (not :mod:`multiprocessing`, which would import the
  user's script again and need it to have a main guard), importing only NumPy and the minibatch modules;
* it gets the corpus arrays, the settings and the trainer's random generator once, pickled on its stdin, says
  that it is ready with one byte on its stdout (if it cannot start, the trainer uses a producer thread instead),
  and runs the same :func:`~w2vlib.training.minibatch_stream.minibatch_stream`, so the draws are the trainer's own;
* it writes each minibatch into the next of ``SLOTS`` slots of a ring in shared memory (the rows, the caps and
  a header with n, α, the pass and the progress), and one byte to its stdout: "slot filled";
* the trainer steps on views of the slot, without copying or pickling, and writes one byte to the producer's
  stdin when it is done with it: "slot free".

The ring is a file that has no name (deleted as soon as it is made), mapped into both processes: there is
nothing to clean up however the run ends, and the memory goes when the last view of it does. If the producer
fails, its error and traceback are raised in the training process as a RuntimeError. If the training process
stops (the end, an error, a divergence, Ctrl-C), closing :class:`ProducerProcess` closes the pipes, so the
producer ends too (it is in a session of its own and ignores Ctrl-C); if the training process is killed, the
producer ends at its next read of the closed pipe.
"""
from __future__ import annotations

import mmap
import os
import pickle
import signal
import struct
import subprocess
import sys
import tempfile

import numpy as np

from .minibatch_stream import Minibatch, minibatch_stream
from ..bench.peak_memory import peak_rss_mib

SLOTS = 16                    # minibatches the producer may be ahead of the trainer
MAX_RING_BYTES = 64 * 2**20   # a longer ring (huge batch_size × window) is not worth it: use the producer thread
_READY = b"R"  # the producer's first byte on its stdout: it has read its job and mapped the ring
_HEADER = 5   # per slot, float64: n, α, pass, progress, which caps exist; or −1 (the end) and the producer's peak MiB
# The producer process imports w2vlib's modules one by one, not the package with all it imports (SciPy,
# matplotlib, ...): ~0.15 s (mostly NumPy) instead of ~0.45 s. argv[1] is the folder of the w2vlib package.
_PACKAGE_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the w2vlib folder
_START = ("import sys, types; package = types.ModuleType('w2vlib'); package.__path__ = [sys.argv[1]]; "
          "sys.modules['w2vlib'] = package; from w2vlib.training.producer_process import serve; serve()")


def ring_layout(max_pairs: int, width: int, slots: int = SLOTS) -> tuple[dict, int]:
    """name -> (offset, shape, dtype) of the ring's arrays in its file, and the size of the file in bytes.

    max_pairs: the most (center, outside) pairs a minibatch can have (``batch_size`` × 2m); width: K + 1.
    """
    layout, offset = {}, 0
    for name, shape, dtype in (("header", (slots, _HEADER), np.float64),
                               ("center_rows", (slots, max_pairs), np.int32),
                               ("target_rows", (slots, max_pairs, width), np.int32),
                               ("outside_scale", (slots, max_pairs, width), np.float32),
                               ("center_scale", (slots, max_pairs, 1), np.float32)):
        layout[name] = (offset, shape, np.dtype(dtype))
        offset += int(np.prod(shape)) * np.dtype(dtype).itemsize
    return layout, offset


def _views(ring: mmap.mmap, layout: dict) -> dict:
    """The ring's arrays: views of the mapping, each keeping it mapped for as long as the view exists (the mapping
    is never closed explicitly, so no view can outlive it)."""
    return {name: np.ndarray(shape, dtype, buffer=ring, offset=offset)
            for name, (offset, shape, dtype) in layout.items()}


def _new_ring(size: int) -> tuple[int, mmap.mmap]:
    """A file descriptor of a nameless file of ``size`` bytes (memory only where the system allows) and its
    mapping."""
    if hasattr(os, "memfd_create"):                 # Linux: a file in memory that never had a name
        descriptor = os.memfd_create("w2vlib-minibatches")
    else:
        descriptor, path = tempfile.mkstemp(prefix="w2vlib-minibatches-")
        os.unlink(path)
    os.ftruncate(descriptor, size)
    return descriptor, mmap.mmap(descriptor, size)


def ring_fits(batch_size: int, window: int, n_negatives: int) -> bool:
    """Whether the ring for minibatches of these settings stays under ``MAX_RING_BYTES``."""
    return ring_layout(batch_size * 2 * window, n_negatives + 1)[1] <= MAX_RING_BYTES


class ProducerProcess:
    """The :class:`~w2vlib.training.minibatch_stream.Minibatch` es of ``minibatch_stream(**stream)``, made in a producer
    process; use as ``with ProducerProcess(stream) as batches: for batch in batches: ...``.

    stream: the keyword arguments of :func:`~w2vlib.training.minibatch_stream.minibatch_stream` (``rng`` included; the
            producer continues from its state, and the caller's generator is not advanced).
    A minibatch's arrays are views of its slot: valid until the next one is asked for (the slot is then freed).
    """

    def __init__(self, stream: dict):
        layout, size = ring_layout(stream["batch_size"] * 2 * stream["window"], stream["n_negatives"] + 1)
        self._process, self._ring, self._filled, self._number = None, None, 0, 0
        self.peak_rss_mib: float | None = None    # the producer's peak resident memory, known once the stream ended
        self._errors = tempfile.TemporaryFile()   # the producer's stderr: a file, so it can never block on it
        descriptor = None
        try:
            descriptor, mapping = _new_ring(size)
            self._ring = _views(mapping, layout)
            self._process = subprocess.Popen(
                [sys.executable, "-c", _START, _PACKAGE_FOLDER], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=self._errors, bufsize=0, start_new_session=True,
                pass_fds=(descriptor,))
            job = pickle.dumps({"ring": (descriptor, size), "layout": layout, "stream": stream},
                               protocol=pickle.HIGHEST_PROTOCOL)
            starting = "while starting"
            self._on_pipe(_write_all, self._process.stdin, struct.pack("<Q", len(job)) + job, when=starting)
            if self._on_pipe(self._process.stdout.read, 1, when=starting) != _READY:   # read its job, mapped the ring
                raise RuntimeError(self._failure(starting))
        except BaseException:
            self.close()
            raise
        finally:
            if descriptor is not None:
                os.close(descriptor)              # the mappings stay

    def __enter__(self) -> ProducerProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __iter__(self):
        slot = None
        while True:
            if slot is not None:                       # the step is done with the last slot: it may be refilled
                self._on_pipe(self._process.stdin.write, b"\x01")
            if self._filled == 0:
                signals = self._on_pipe(self._process.stdout.read, SLOTS)
                if not signals:
                    raise RuntimeError(self._failure())
                self._filled += len(signals)
            self._filled -= 1
            slot = self._number % SLOTS
            n, alpha, epoch, progress, caps = self._ring["header"][slot]
            if n < 0:
                self.peak_rss_mib = float(alpha)
                return
            n = int(n)
            yield Minibatch(self._number, int(epoch), float(progress), float(alpha),
                            self._ring["center_rows"][slot, :n], self._ring["target_rows"][slot, :n],
                            (self._ring["outside_scale"][slot, :n] if int(caps) & 1 else None,
                             self._ring["center_scale"][slot, :n] if int(caps) & 2 else None))
            self._number += 1

    def _on_pipe(self, operation, *arguments, when: str = "before the end of training"):
        """``operation(*arguments)`` on a pipe to the producer; a broken pipe means that the producer has ended."""
        try:
            return operation(*arguments)
        except (BrokenPipeError, ConnectionResetError):
            raise RuntimeError(self._failure(when)) from None

    def _failure(self, when: str = "before the end of training") -> str:
        """Why the producer stopped before the end of the stream, with its own error message if it left one."""
        try:
            code = self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self._errors.seek(0)
        text = self._errors.read().decode(errors="replace").strip()
        how = f"was killed by signal {-code}" if code is not None and code < 0 else f"ended with exit code {code}"
        return (f"the process making the minibatches (pid {self._process.pid}) {how} {when}"
                + (f"; its error:\n{text}" if text else " (out of memory?)."))

    def close(self) -> None:
        """Stop the producer (if it still runs); safe to call twice."""
        process, self._process = self._process, None
        if process is not None:
            for pipe in (process.stdin, process.stdout):
                try:
                    pipe.close()          # the producer's next read or write of them fails, and it ends
                except OSError:
                    pass
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._ring = None                 # the ring's memory goes with the last view of it
        self._errors.close()

    @property
    def pid(self) -> int | None:
        """The producer's process id while it runs."""
        return None if self._process is None else self._process.pid


def serve() -> None:
    """The producer process's main: read the job from stdin, fill the ring until the stream ends or the trainer
    closes the pipes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the training process's to handle
    free = os.fdopen(0, "rb", buffering=0)
    filled = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)                                  # anything printed goes to stderr, not into the signals
    try:
        job = pickle.loads(_read_exactly(free, struct.unpack("<Q", _read_exactly(free, 8))[0]))
        descriptor, size = job["ring"]
        ring = _views(mmap.mmap(descriptor, size), job["layout"])
        os.close(descriptor)
        filled.write(_READY)
        credits, number = SLOTS, 0
        for batch in minibatch_stream(**job["stream"]):
            credits = _wait_for_free_slot(free, credits)
            _fill(ring, number % SLOTS, batch)
            filled.write(b"\x01")
            number += 1
        credits = _wait_for_free_slot(free, credits)
        ring["header"][number % SLOTS, :2] = (-1, peak_rss_mib())
        filled.write(b"\x01")
        while free.read(SLOTS):                    # until the trainer has trained on the last slot and closes
            pass
    except (_TrainerGone, BrokenPipeError):
        pass                                       # the trainer stopped early: nothing to report


class _TrainerGone(Exception):
    """The training process closed the pipe of free slots."""


def _write_all(pipe, data: bytes) -> None:
    """Write all of ``data`` to the raw ``pipe`` (one write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[pipe.write(view):]


def _read_exactly(pipe, n: int) -> bytearray:
    data = bytearray(n)
    view, done = memoryview(data), 0
    while done < n:
        got = pipe.readinto(view[done:])
        if not got:
            raise _TrainerGone
        done += got
    return data


def _wait_for_free_slot(free, credits: int) -> int:
    """The number of free slots after taking one, waiting for the trainer to free some if there is none."""
    while credits == 0:
        chunk = free.read(SLOTS)
        if not chunk:
            raise _TrainerGone
        credits += len(chunk)
    return credits - 1


def _fill(ring: dict, slot: int, batch: Minibatch) -> None:
    n = batch.center_rows.shape[0]
    ring["center_rows"][slot, :n] = batch.center_rows
    ring["target_rows"][slot, :n] = batch.target_rows
    outside_scale, center_scale = batch.caps
    if outside_scale is not None:
        ring["outside_scale"][slot, :n] = outside_scale
    if center_scale is not None:
        ring["center_scale"][slot, :n] = center_scale
    ring["header"][slot] = (n, batch.alpha, batch.epoch, batch.progress,
                            (outside_scale is not None) + 2 * (center_scale is not None))
